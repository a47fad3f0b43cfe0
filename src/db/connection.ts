import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';
import { classeClientPrepare } from './preparees.ts';
import { codeBaseInjoignable, DossierLectureSeuleError, estEchecLectureSeule } from './indisponible.ts';

export type Database = Kysely<DB>;

export type DatabaseHandle = {
  db: Database;
  pool: pg.Pool;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
};

const DATE_OID = 1082;

/** Keep DATE columns as 'YYYY-MM-DD' strings on both backends (pg would build a local-midnight Date). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** The embedded database's folder cannot be used (locked by another process, read-only, full): said in French, exit 1. */
export class DataDirError extends Error {}
export class DataDirLockedError extends DataDirError {}

/**
 * A system error on the data folder, in words an operator acts upon; null for anything else. Nothing was written: the
 * lock file is the first write, and PGlite writes nothing it cannot finish (its own errors come back as SQL errors).
 */
export function erreurDossierDonnees(err: unknown, dataDir: string): DataDirError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? (/\b(EROFS|EACCES|EPERM|ENOSPC|EDQUOT)\b/.exec(String((err as Error | null)?.message ?? ''))?.[1]);
  const dossier = path.resolve(dataDir);
  switch (code) {
    case 'EROFS':
      return new DataDirError(`Le dossier de données ${dossier} est en lecture seule (EROFS : système de fichiers monté en lecture seule). Vivier n’y a rien écrit : remontez-le en lecture-écriture, puis relancez.`);
    case 'EACCES':
    case 'EPERM':
      return new DataDirError(`Le dossier de données ${dossier} n’est pas accessible en écriture pour l’utilisateur du serveur (${code}). Vivier n’y a rien écrit : donnez-lui les droits d’écriture (propriétaire, chmod), puis relancez.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new DataDirError(`Le disque du dossier de données ${dossier} est plein (${code}). Les données déjà enregistrées ne sont pas touchées : libérez de l’espace, puis relancez.`);
    default:
      return null;
  }
}

/** Where the pool reports the connections it lost (the server's pino logger; the console for the CLI). */
export type JournalBase = { warn(obj: object, msg: string): void };

const journalConsole: JournalBase = {
  warn: (obj, msg) => console.warn(`${msg} (${(obj as { code?: string }).code ?? 'sans code'})`),
};

/**
 * How long a request may wait for a PostgreSQL connection (a new one, or a free one of the pool) before it
 * is answered "réessayez dans un instant" (503): a server that does not answer must not hold requests forever.
 */
export const DELAI_CONNEXION_MS = 5_000;

/**
 * One code path for both backends: a pg.Pool handed to Kysely's PostgresDialect.
 * PGlite is reached through its own node-postgres adapter (one connection: see STACK.md). On both, parameterised
 * queries run as named prepared statements (preparees.ts).
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  journal?: JournalBase;
  /** PostgreSQL only (PGlite's one session is never "down"; its requests wait for the running transaction). */
  delaiConnexionMs?: number;
}): Promise<DatabaseHandle> {
  const journal = options.journal ?? journalConsole;
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.delaiConnexionMs ?? DELAI_CONNEXION_MS,
      types,
      Client: classeClientPrepare(),
    });
    surveillerConnexions(pool, journal);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, pool, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const memory = options.dataDir.startsWith('memory://');
  let release: () => void;
  try {
    release = memory ? () => {} : lockDataDir(options.dataDir);
  } catch (err) {
    throw erreurDossierDonnees(err, options.dataDir) ?? err;
  }
  try {
    const pglite = memory ? await PGlite.create() : await PGlite.create(path.resolve(options.dataDir, 'pglite')).catch((err: unknown) => Promise.reject(erreurDossierDonnees(err, options.dataDir) ?? err));
    const pgConfig = createPgConfig(pglite);
    const garde: GardePglite = { condamnee: null, dossier: path.resolve(options.dataDir) };
    // The one connection is kept for the life of the process (no idle timeout): PGlite is a single session, and its
    // prepared statements (preparees.ts) stay known to the client that prepared them.
    const pool = new pg.Pool({ connection: pgConfig.connection, max: 1, idleTimeoutMillis: 0, types, Client: classeClientGarde(classeClientPrepare(), garde) } as pg.PoolConfig);
    surveillerConnexions(pool, journal);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      pool,
      kind: 'pglite',
      async close() {
        await db.destroy();
        if (garde.condamnee) {
          // Closing would send PGlite a statement (a checkpoint) it would never answer: the process exits without it,
          // and the lock (unremovable on a read-only folder) is a stale one for the next start.
          try {
            release();
          } catch {
            // read-only folder
          }
          return;
        }
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

type GardePglite = { condamnee: DossierLectureSeuleError | null; dossier: string };

/**
 * PGlite's client, condemned for good once PGlite reports that its folder cannot be written (DossierLectureSeuleError,
 * indisponible.ts): that error comes back as a DossierLectureSeuleError, and no statement is sent to PGlite afterwards
 * (not even the transaction's ROLLBACK), since it would never return. Both forms of `query` are watched: promises
 * (Kysely) and callbacks (pg-pool's `pool.query`, used by pg-boss).
 */
function classeClientGarde(Base: ReturnType<typeof classeClientPrepare>, garde: GardePglite) {
  const condamner = (err: unknown): unknown => {
    if (!estEchecLectureSeule(err)) return err;
    garde.condamnee ??= new DossierLectureSeuleError(garde.dossier, { cause: err });
    return new DossierLectureSeuleError(garde.dossier, { cause: err });
  };
  return class ClientGarde extends Base {
    override query(...args: unknown[]): never {
      const rappel = typeof args.at(-1) === 'function' ? (args.at(-1) as (err: unknown, r?: unknown) => void) : null;
      if (garde.condamnee) {
        const err = new DossierLectureSeuleError(garde.dossier, { cause: garde.condamnee.cause });
        if (rappel) {
          process.nextTick(() => rappel(err));
          return undefined as never;
        }
        return Promise.reject(err) as never;
      }
      if (rappel) return super.query(...args.slice(0, -1), (err: unknown, r?: unknown) => rappel(err ? condamner(err) : err, r));
      const r = super.query(...args) as unknown;
      if (r && typeof (r as Promise<unknown>).then === 'function') {
        return (r as Promise<unknown>).then(undefined, (err: unknown) => Promise.reject(condamner(err))) as never;
      }
      return r as never;
    }
  };
}

/**
 * A connection that dies (PostgreSQL restarted, pg_terminate_backend, network cut) makes its pg.Client emit
 * 'error' — twice on a restart: the server's 57P01, then "Connection terminated unexpectedly". An 'error'
 * nobody listens to ends the Node process, so every client gets a listener for its whole life:
 * - idle in the pool, pg-pool removes it and re-emits the error on the pool (listened to here as well);
 * - checked out, the running query fails (the request answers 503, shared/http/plumbing.ts) and pg-pool
 *   discards the client when it is released, since it is no longer queryable.
 * The next query opens a fresh connection, which prepares its statements again (preparees.ts: pg keeps the
 * prepared names per connection). One warning per lost connection, with the code.
 */
function surveillerConnexions(pool: pg.Pool, journal: JournalBase): void {
  const signales = new WeakSet<object>();
  const signaler = (client: object | undefined, err: Error) => {
    if (client) {
      if (signales.has(client)) return;
      signales.add(client);
    }
    journal.warn({ code: codeBaseInjoignable(err) ?? (err as { code?: string }).code ?? null, err }, 'base de données : connexion perdue, retirée du pool');
  };
  pool.on('connect', (client) => client.on('error', (err) => signaler(client, err)));
  pool.on('error', (err, client) => signaler(client, err));
}

/** Only one process may open a PGlite folder: a lock file with the owner's pid guards it. */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'vivier.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockPath, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(
          `Le dossier de données ${path.resolve(dataDir)} est déjà ouvert par le processus ${owner} (serveur en cours ?). ` +
            'Arrêtez-le avant de lancer cette commande, ou utilisez DATABASE_URL avec PostgreSQL.',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale lock left by a crashed process
    }
  }
  throw new DataDirLockedError(`Impossible de verrouiller ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
