import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection.ts';
import { codeBaseInjoignable } from '../../db/indisponible.ts';
import { migrations } from '../../db/migrations/index.ts';

/** What the server tells the health routes: whether it is stopping (SIGTERM received, draining its requests). */
export type EtatServeur = { arretEnCours: boolean };

/**
 * Health, for a load balancer or an orchestrator (JSON, never cached):
 * - `/sante/vivant` (liveness): the process answers; 200 as long as it runs, even while it drains before stopping;
 * - `/sante/pret` (readiness): send it traffic — the database answers, every migration of this version is applied,
 *   and the process is not stopping; 503 otherwise, with the reason;
 * - `/sante`: the same as `/sante/pret` (what the earlier versions answered: the database check).
 */
export function santeRoutes(app: FastifyInstance, deps: { database: Pick<DatabaseHandle, 'db' | 'kind'>; etat?: EtatServeur }) {
  const attendues = Object.keys(migrations);
  // Once seen applied, this version's migrations stay applied (a newer version only adds some): read until then.
  let migrationsAppliquees = false;

  app.get('/sante/vivant', { config: { acces: 'public' } }, async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ statut: 'vivant', pid: process.pid, arret_en_cours: deps.etat?.arretEnCours ?? false });
  });

  const pret = async (reply: FastifyReply) => {
    const arret = deps.etat?.arretEnCours ?? false;
    const debut = performance.now();
    try {
      await sql`SELECT 1`.execute(deps.database.db);
      const ms = Math.round((performance.now() - debut) * 10) / 10;
      if (!migrationsAppliquees) {
        const { rows } = await sql<{ name: string }>`SELECT name FROM vivier_migration`.execute(deps.database.db);
        const faites = new Set(rows.map((r) => r.name));
        migrationsAppliquees = attendues.every((m) => faites.has(m));
      }
      const manquantes = migrationsAppliquees ? 0 : attendues.length;
      const base = { type: deps.database.kind, statut: 'ok', latence_ms: ms };
      const migrationsEtat = { statut: migrationsAppliquees ? 'ok' : 'en_attente', attendues: attendues.length };
      if (arret || !migrationsAppliquees) {
        reply.log.info({ arret, manquantes }, 'pas prêt');
        return reply.code(503).header('cache-control', 'no-store').send({ statut: arret ? 'arret_en_cours' : 'migrations_en_attente', base, migrations: migrationsEtat, arret_en_cours: arret });
      }
      return reply.header('cache-control', 'no-store').send({ statut: 'ok', base, migrations: migrationsEtat, arret_en_cours: false });
    } catch (err) {
      // Unreachable (restart, network): a warning like every request answered 503; anything else is an error.
      const code = codeBaseInjoignable(err);
      if (code) reply.log.warn({ err, code, statut: 503 }, 'base de données injoignable');
      else reply.log.error({ err }, 'base de données en erreur');
      return reply.code(503).header('cache-control', 'no-store').send({ statut: 'degrade', base: { type: deps.database.kind, statut: 'injoignable' }, arret_en_cours: arret });
    }
  };
  app.get('/sante/pret', { config: { acces: 'public' } }, async (_request, reply) => pret(reply));
  app.get('/sante', { config: { acces: 'public' } }, async (_request, reply) => pret(reply));
}
