import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { EnvoiService } from './envoi.service.ts';
import { demarrerFileDeTravail } from '../../db/file-pgboss.ts';

/**
 * The job "send the outbox", a sweep on pg-boss (`src/db/file-pgboss.ts`): it means "send the due rows"; a cron
 * sweep each minute picks up the retries whose time came and rows whose writer enqueued nothing.
 */
export const FILE_COURRIELS = 'envoyer-courriels';

export type EnvoiCourriels = {
  /** Asks for a sweep (after a commit that queued e-mails); a no-op when one is already waiting. */
  reveiller(): Promise<void>;
  /** Stops polling, lets the running sweep finish its current e-mail, stops pg-boss; leaves the pool open. */
  arreter(): Promise<void>;
};

type Journal = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export async function demarrerEnvoiCourriels(deps: {
  database: Pick<DatabaseHandle, 'pool'>;
  envoi: EnvoiService;
  log: Journal;
  /** How often this instance looks for a sweep job when not woken (ms). */
  intervalleMs?: number;
  /** Cron of the recurring sweep; null: none (tests drive sweeps themselves). */
  cron?: string | null;
}): Promise<EnvoiCourriels> {
  const { envoi } = deps;
  return demarrerFileDeTravail({
    database: deps.database,
    log: deps.log,
    file: FILE_COURRIELS,
    options: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 },
    cron: deps.cron === null ? null : (deps.cron ?? '* * * * *'),
    intervalleMs: deps.intervalleMs ?? 2000,
    libelle: 'envoi des courriels',
    libelleFile: 'file des courriels',
    async balayer(b) {
      const bilan = await envoi.envoyerEnAttente({ arrete: b.arrete });
      if (bilan.restants) await b.relancer();
      // The SMTP server unreachable: the next sweep in a few seconds (its rows spent no attempt), not at the next cron.
      if (bilan.serveurInjoignable) await b.relancer(Math.ceil(envoi.politique.reessaiServeurMs / 1000));
      return bilan;
    },
  });
}
