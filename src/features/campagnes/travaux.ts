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
  /**
   * After a step that queued e-mails is committed (opening notices, the accusés of a closing, the publication's
   * results): wakes the e-mail sender, so that they leave now rather than at its next minute.
   */
  apresCourriels?: () => Promise<unknown>;
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
      await deps.apresCourriels?.();
    },
  });
  // The sender's cron sweeps each minute anyway: a wake that fails is only a delay.
  const reveiller = async () => {
    await deps.apresCourriels?.().catch((err: unknown) => deps.log.warn({ err }, 'envoi des courriels non réveillé : il passera à sa minute'));
  };
  const avecReveil: typeof campagnes = {
    ...campagnes,
    async appliquerEcheances() {
      const faits = await campagnes.appliquerEcheances();
      if (faits.some((f) => f.evenement === 'OUVRIR' || f.evenement === 'PUBLIER')) await reveiller();
      return faits;
    },
  };
  return demarrerEcheancier({
    campagnes: avecReveil,
    log: deps.log,
    rattraper: async () => {
      let n = 0;
      for (const c of await campagnes.lister()) if (c.statut === 'CLOSE') n += await documents.emettreAccuses(c.id);
      // This process's share of a closing's accusés (another one closed it and woke the sender before they existed).
      if (n > 0) await reveiller();
      return n;
    },
  });
}
