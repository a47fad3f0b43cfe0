import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection.ts';
import { codeBaseInjoignable } from '../../db/indisponible.ts';

/** Health: is the database answering? 200 or 503, JSON, never cached. */
export function santeRoutes(app: FastifyInstance, deps: { database: Pick<DatabaseHandle, 'db' | 'kind'> }) {
  app.get('/sante', { config: { acces: 'public' } }, async (_request, reply) => {
    const debut = performance.now();
    try {
      await sql`SELECT 1`.execute(deps.database.db);
      const ms = Math.round((performance.now() - debut) * 10) / 10;
      return reply.header('cache-control', 'no-store').send({ statut: 'ok', base: { type: deps.database.kind, statut: 'ok', latence_ms: ms } });
    } catch (err) {
      // Unreachable (restart, network): a warning like every request answered 503; anything else is an error.
      const code = codeBaseInjoignable(err);
      if (code) reply.log.warn({ err, code, statut: 503 }, 'base de données injoignable');
      else reply.log.error({ err }, 'base de données en erreur');
      return reply.code(503).header('cache-control', 'no-store').send({ statut: 'degrade', base: { type: deps.database.kind, statut: 'injoignable' } });
    }
  });
}
