import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { SessionStore } from './session.ts';
import { executeurSql } from '../../db/executer-sql.ts';

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
  const { database, sessions, log } = deps;
  const intervalleMs = deps.intervalleMs ?? 30_000;
  const lot = deps.lot ?? PURGE_SESSIONS.lot;
  const lotsParTour = deps.lotsParTour ?? PURGE_SESSIONS.lotsParTour;
  const boss = new PgBoss({
    db: { executeSql: executeurSql(database.pool) },
    schedule: deps.cron !== null,
  });
  boss.on('error', (err) => log.error({ err }, 'pg-boss : erreur'));
  await boss.start();
  await boss.createQueue(FILE_PURGE_SESSIONS, { name: FILE_PURGE_SESSIONS, policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: 15 * 60 });
  if (deps.cron !== null) await boss.schedule(FILE_PURGE_SESSIONS, deps.cron ?? PURGE_SESSIONS.cron, {}, { tz: 'Europe/Paris' });

  let arrete = false;
  let reveil: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((ok) => {
      const t = setTimeout(() => ((reveil = null), ok()), ms);
      reveil = () => (clearTimeout(t), (reveil = null), ok());
    });

  /** One run: batches until one comes back short (nothing left) or the run's bound is reached. */
  async function purger(): Promise<{ supprimees: number; restantes: boolean }> {
    let supprimees = 0;
    for (let i = 0; i < lotsParTour && !arrete; i++) {
      const n = await sessions.purgerExpirees(lot);
      supprimees += n;
      if (n < lot) return { supprimees, restantes: false };
    }
    return { supprimees, restantes: true };
  }

  // Our own fetch loop, as for the e-mails (courriels.jobs.ts): stopping awaits the run in progress.
  async function tour(): Promise<boolean> {
    const [job] = await boss.fetch<object>(FILE_PURGE_SESSIONS);
    if (!job) return false;
    try {
      const bilan = await purger();
      if (bilan.supprimees > 0) log.info(bilan, 'sessions expirées supprimées');
      if (bilan.restantes && !arrete) await boss.send(FILE_PURGE_SESSIONS, {});
      await boss.complete(FILE_PURGE_SESSIONS, job.id, bilan);
    } catch (err) {
      log.error({ err }, 'purge des sessions en erreur');
      await boss.fail(FILE_PURGE_SESSIONS, job.id, { message: err instanceof Error ? err.message : String(err) });
    }
    return true;
  }

  const boucle = (async () => {
    while (!arrete) {
      let travail = false;
      try {
        travail = await tour();
      } catch (err) {
        log.error({ err }, 'file de la purge des sessions illisible');
      }
      if (!travail && !arrete) await pause(intervalleMs);
    }
  })();

  const service: PurgeSessions = {
    async reveiller() {
      if (arrete) return;
      await boss.send(FILE_PURGE_SESSIONS, {});
      reveil?.();
    },
    async arreter() {
      if (arrete) return boucle;
      arrete = true;
      reveil?.();
      await boucle;
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 5000 });
    },
  };
  await service.reveiller();
  return service;
}
