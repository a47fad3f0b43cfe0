import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { EnvoiService } from './envoi.service.ts';
import { codeBaseInjoignable } from '../../db/indisponible.ts';
import { executeurSql } from '../../db/executer-sql.ts';

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
    db: { executeSql: executeurSql(database.pool) },
    schedule: deps.cron !== null,
  });
  // pg-boss v10 reports the failures of its timers (maintenance, state monitor, cron, clock skew) and of its
  // workers' fetch loops on 'error' and keeps them running: unheard, that event would end the process.
  const signaler = (err: unknown, message: string) => {
    const code = codeBaseInjoignable(err);
    if (code) log.warn({ err, code }, `${message} : base de données injoignable, nouvel essai au prochain tour`);
    else log.error({ err }, message);
  };
  boss.on('error', (err) => signaler(err, 'pg-boss : erreur'));
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
   * The outcome of the last job, kept until pg-boss has recorded it. If the database went away in between, the
   * job would otherwise stay "active" until its expiry (15 min), and the queue's stately policy (one active
   * job) would refuse every sweep until then: it is recorded first thing at the next tour instead.
   */
  let issueEnSuspens: { id: string; bilan: object } | { id: string; erreur: string } | null = null;

  async function enregistrerIssue(): Promise<void> {
    const issue = issueEnSuspens;
    if (!issue) return;
    if ('erreur' in issue) await boss.fail(FILE_COURRIELS, issue.id, { message: issue.erreur });
    else await boss.complete(FILE_COURRIELS, issue.id, issue.bilan);
    issueEnSuspens = null;
  }

  /*
   * Our own fetch loop rather than boss.work(): work() completes jobs without awaiting and offWork() does not
   * wait for its loop, so a pool closed right after stop() could still get a query. Here stop awaits the loop.
   */
  async function tour(): Promise<boolean> {
    await enregistrerIssue();
    const [job] = await boss.fetch<object>(FILE_COURRIELS);
    if (!job) return false;
    try {
      const bilan = await envoi.envoyerEnAttente({ arrete: () => arrete });
      if (bilan.restants && !arrete) await boss.send(FILE_COURRIELS, {});
      // The SMTP server unreachable: the next sweep in a few seconds (its rows spent no attempt), not at the next cron.
      if (bilan.serveurInjoignable && !arrete) await boss.send(FILE_COURRIELS, {}, { startAfter: Math.ceil(envoi.politique.reessaiServeurMs / 1000) });
      issueEnSuspens = { id: job.id, bilan };
    } catch (err) {
      signaler(err, 'envoi des courriels en erreur');
      issueEnSuspens = { id: job.id, erreur: err instanceof Error ? err.message : String(err) };
    }
    await enregistrerIssue();
    return true;
  }

  const boucle = (async () => {
    while (!arrete) {
      let travail = false;
      try {
        travail = await tour();
      } catch (err) {
        signaler(err, 'file des courriels illisible');
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
