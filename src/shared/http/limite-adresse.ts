import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';

type Etat = { current: number; ttl: number };
type Rappel = (err: Error | null, res?: Etat) => void;

/** Rows of windows ended this long ago are deleted (no limit of Vivier has a longer window). */
const GARDER_MS = 3600_000;
/** Every this many counts in a process, the ended windows are deleted (1000 rows at most a time). */
const PURGE_TOUS_LES = 500;

/**
 * The store of @fastify/rate-limit in the database: a limit counts the requests of every process of a deployment
 * (several processes, several machines) in one window per key, not one window per process. One statement a count,
 * atomic (INSERT … ON CONFLICT DO UPDATE on the key): a window that has ended starts again at 1. The window is
 * fixed, as in the plugin's own memory store; its instants are the processes' clocks. An unreachable database
 * fails the count, and the request gets the 503 "réessayez" page like any other.
 */
export function storeLimiteEnBase(db: Database) {
  let comptes = 0;
  return class StoreLimiteEnBase {
    incr(cle: string, rappel: Rappel, fenetreMs: number): void {
      const maintenant = Date.now();
      const debut = new Date(maintenant);
      const expire = new Date(maintenant - fenetreMs);
      sql<{ compte: number; debut: Date }>`
        INSERT INTO limite_adresse AS l (cle, debut, compte) VALUES (${cle}, ${debut}, 1)
        ON CONFLICT (cle) DO UPDATE SET
          compte = CASE WHEN l.debut <= ${expire} THEN 1 ELSE l.compte + 1 END,
          debut = CASE WHEN l.debut <= ${expire} THEN ${debut} ELSE l.debut END
        RETURNING compte, debut`
        .execute(db)
        .then(async (r) => {
          const ligne = r.rows[0]!;
          rappel(null, { current: ligne.compte, ttl: Math.max(0, ligne.debut.getTime() + fenetreMs - maintenant) });
          if (++comptes % PURGE_TOUS_LES === 0) await purger(db, new Date(maintenant - GARDER_MS));
        })
        .catch((err: Error) => rappel(err));
    }

    read(cle: string, rappel: Rappel, fenetreMs: number): void {
      const maintenant = Date.now();
      db.selectFrom('limite_adresse')
        .select(['compte', 'debut'])
        .where('cle', '=', cle)
        .executeTakeFirst()
        .then((l) => {
          if (!l || l.debut.getTime() + fenetreMs <= maintenant) rappel(null, { current: 0, ttl: 0 });
          else rappel(null, { current: l.compte, ttl: l.debut.getTime() + fenetreMs - maintenant });
        })
        .catch((err: Error) => rappel(err));
    }

    child(): StoreLimiteEnBase {
      return new StoreLimiteEnBase();
    }
  };
}

/** Deletes windows ended before `avant` (a purge failing is no reason to fail the request that counted). */
async function purger(db: Database, avant: Date): Promise<void> {
  try {
    await sql`DELETE FROM limite_adresse WHERE cle IN (SELECT cle FROM limite_adresse WHERE debut < ${avant} LIMIT 1000)`.execute(db);
  } catch {
    // the next purge will do it
  }
}
