import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { EnvoiService } from './envoi.service.ts';

/**
 * The job "send the outbox", on pg-boss. A job carries no data: it means "sweep the due rows", so enqueuing
 * it is idempotent. The queue's `stately` policy keeps at most one sweep waiting and one running across every
 * instance; a cron sweep each minute picks up the retries whose time came and rows whose writer enqueued
 * nothing. pg-boss runs on the app's own pool (on PGlite, its single connection: STACK.md).
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
  const { database, envoi, log } = deps;
  const intervalleMs = deps.intervalleMs ?? 2000;
  const boss = new PgBoss({
    db: { executeSql: (texte: string, valeurs: unknown[]) => database.pool.query(texte, valeurs) },
    schedule: deps.cron !== null,
  });
  boss.on('error', (err) => log.error({ err }, 'pg-boss : erreur'));
  await boss.start();
  await boss.createQueue(FILE_COURRIELS, { name: FILE_COURRIELS, policy: 'stately', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 });
  if (deps.cron !== null) await boss.schedule(FILE_COURRIELS, deps.cron ?? '* * * * *', {}, { tz: 'Europe/Paris' });

  let arrete = false;
  let reveil: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((ok) => {
      const t = setTimeout(() => ((reveil = null), ok()), ms);
      reveil = () => (clearTimeout(t), (reveil = null), ok());
    });

  /*
   * Our own fetch loop rather than boss.work(): work() completes jobs without awaiting and offWork() does not
   * wait for its loop, so a pool closed right after stop() could still get a query. Here stop awaits the loop.
   */
  async function tour(): Promise<boolean> {
    const [job] = await boss.fetch<object>(FILE_COURRIELS);
    if (!job) return false;
    try {
      const bilan = await envoi.envoyerEnAttente({ arrete: () => arrete });
      if (bilan.restants && !arrete) await boss.send(FILE_COURRIELS, {});
      await boss.complete(FILE_COURRIELS, job.id, bilan);
    } catch (err) {
      log.error({ err }, 'envoi des courriels en erreur');
      await boss.fail(FILE_COURRIELS, job.id, { message: err instanceof Error ? err.message : String(err) });
    }
    return true;
  }

  const boucle = (async () => {
    while (!arrete) {
      let travail = false;
      try {
        travail = await tour();
      } catch (err) {
        log.error({ err }, 'file des courriels illisible');
      }
      if (!travail && !arrete) await pause(intervalleMs);
    }
  })();

  const service: EnvoiCourriels = {
    async reveiller() {
      if (arrete) return;
      await boss.send(FILE_COURRIELS, {});
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
  await service.reveiller(); // catch up on what was queued while no sender ran
  return service;
}
