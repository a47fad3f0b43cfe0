import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { SessionStore } from './session.ts';
import { demarrerFileDeTravail } from '../../db/file-pgboss.ts';

/**
 * The job "purge expired sessions", on pg-boss. An expired session is deleted when its cookie comes back; one never
 * presented again (browser closed, cookie lost) would stay in the table without this sweep.
 *
 * - Idempotent: the job carries no data and means "delete what is expired now"; a second run finds nothing.
 * - Bounded: a run deletes at most `lot × lotsParTour` rows, `lot` per statement (short locks); when it stops at its
 *   bound it enqueues a follow-up run instead of going on.
 * - Once across processes: pg-boss sends a cron job once per slot whatever the number of instances (one of them
 *   takes the cron turn, the job has a singleton key per minute), and the queue's `stately` policy keeps at most one
 *   run waiting and one running. Two runs meeting anyway would skip each other's rows (SKIP LOCKED).
 */
export const FILE_PURGE_SESSIONS = 'purger-sessions';

/** Sizes of a run: enough for a day of logins of a large académie in one run, in statements of a few ms. */
export const PURGE_SESSIONS = { lot: 1_000, lotsParTour: 20, cron: '*/10 * * * *' } as const;

export type PurgeSessions = {
  /** Asks for a run now (at start: catch up on what expired while no server ran). */
  reveiller(): Promise<void>;
  /** Stops polling, lets the running batch finish, stops pg-boss; leaves the pool open. */
  arreter(): Promise<void>;
};

type Journal = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export async function demarrerPurgeSessions(deps: {
  database: Pick<DatabaseHandle, 'pool'>;
  sessions: Pick<SessionStore, 'purgerExpirees'>;
  log: Journal;
  /** How often this instance looks for a run to do (ms). */
  intervalleMs?: number;
  /** Cron of the recurring run; null: none (tests ask for runs themselves). */
  cron?: string | null;
  lot?: number;
  lotsParTour?: number;
}): Promise<PurgeSessions> {
  const { sessions, log } = deps;
  const intervalleMs = deps.intervalleMs ?? 30_000;
  const lot = deps.lot ?? PURGE_SESSIONS.lot;
  const lotsParTour = deps.lotsParTour ?? PURGE_SESSIONS.lotsParTour;

  /** One run: batches until one comes back short (nothing left) or the run's bound is reached. */
  async function purger(arrete: () => boolean): Promise<{ supprimees: number; restantes: boolean }> {
    let supprimees = 0;
    for (let i = 0; i < lotsParTour && !arrete(); i++) {
      const n = await sessions.purgerExpirees(lot);
      supprimees += n;
      if (n < lot) return { supprimees, restantes: false };
    }
    return { supprimees, restantes: true };
  }

  return demarrerFileDeTravail({
    database: deps.database,
    log,
    file: FILE_PURGE_SESSIONS,
    options: { retryLimit: 2, retryDelay: 60, expireInSeconds: 15 * 60 },
    cron: deps.cron === null ? null : (deps.cron ?? PURGE_SESSIONS.cron),
    intervalleMs,
    libelle: 'purge des sessions',
    libelleFile: 'file de la purge des sessions',
    async balayer(b) {
      const bilan = await purger(b.arrete);
      if (bilan.supprimees > 0) log.info(bilan, 'sessions expirées supprimées');
      if (bilan.restantes) await b.relancer();
      return bilan;
    },
  });
}
