import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PoolAccuses } from '../documents/lot.ts';
import { createCampagneService, type SurPublication } from './campagne.service.ts';
import { createDocumentsService } from './documents.service.ts';
import { demarrerEcheancier } from './echeancier.ts';

/**
 * The campaigns' background work, as the server runs it: openings, closings and publications at their instants, the
 * accusés de réception of each closing then the start of its examination, and whatever a stop cut short (caught up at
 * every tour).
 */
export function demarrerTravauxCampagnes(deps: {
  db: Database;
  clock: Clock;
  log: FastifyBaseLogger;
  pool?: PoolAccuses;
  /** After the accusés of a closing are committed (e.g. wake the e-mail sender). */
  apresAccuses?: () => Promise<unknown>;
  /** The table's part of a publication, in its transaction (campagne.service.ts, SurPublication). */
  surPublication?: SurPublication;
}): { arreter(): Promise<void> } {
  const documents = createDocumentsService({ db: deps.db, clock: deps.clock, ...(deps.pool ? { pool: deps.pool } : {}) });
  const campagnes = createCampagneService({
    db: deps.db,
    clock: deps.clock,
    ...(deps.surPublication ? { surPublication: deps.surPublication } : {}),
    apresCloture: async (id) => {
      await documents.emettreAccuses(id);
      await deps.apresAccuses?.();
    },
  });
  return demarrerEcheancier({
    campagnes,
    log: deps.log,
    rattraper: async () => {
      let n = 0;
      for (const c of await campagnes.lister()) if (c.statut === 'CLOSE') n += await documents.emettreAccuses(c.id);
      return n;
    },
  });
}
