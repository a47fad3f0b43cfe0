import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from './connection.ts';
import { codeBaseInjoignable } from './indisponible.ts';
import { executeurSql } from './executer-sql.ts';

/**
 * A background sweep on pg-boss, as the server runs its jobs (the outbox's e-mails, the purge of expired sessions).
 * A job carries no data: it means "do the sweep now", so enqueuing it is idempotent. The queue's `stately` policy
 * keeps at most one sweep waiting and one running across every instance; a cron job (one per slot whatever the
 * number of instances) catches what no writer asked for. pg-boss runs on the app's own pool (on PGlite, its single
 * connection: STACK.md).
 *
 * Our own fetch loop rather than boss.work(): work() completes jobs without awaiting and offWork() does not wait for
 * its loop, so a pool closed right after stop() could still get a query. Here stopping awaits the loop.
 */
export type FileDeTravail = {
  /** Asks for a sweep now; a no-op when one is already waiting. */
  reveiller(): Promise<void>;
  /** Stops polling, lets the running sweep finish (it is told to stop early), stops pg-boss; leaves the pool open. */
  arreter(): Promise<void>;
};

type Journal = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export type Balayage = {
  /** True once the file is being stopped: a long sweep ends at its next step. */
  arrete(): boolean;
  /** Enqueues another sweep (now, or after `apresSecondes`): what this one left for later. */
  relancer(apresSecondes?: number): Promise<void>;
};

/**
 * pg-boss 10's `create_queue` inserts the queue's row, then creates its partition and attaches it to `pgboss.job` (a
 * foreign key to `pgboss.queue`) in one transaction: two processes creating their queues at once on a new database
 * deadlock (40P01; one start out of two with two processes, `file-pgboss.int.test.ts`), and PostgreSQL aborts one of
 * them. Creating is idempotent — once the other has committed, the queue is there and nothing is done —: the aborted
 * one tries again, after a short random pause.
 */
async function creerFile(boss: PgBoss, nom: string, options: PgBoss.Queue): Promise<void> {
  for (let essai = 1; ; essai++) {
    try {
      await boss.createQueue(nom, options);
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== '40P01' || essai >= 10) throw err;
      await new Promise((ok) => setTimeout(ok, 20 * essai + Math.random() * 50));
    }
  }
}

export async function demarrerFileDeTravail<B extends object>(deps: {
  database: Pick<DatabaseHandle, 'pool'>;
  log: Journal;
  file: string;
  /** The queue's options (its policy is always `stately`). */
  options: Omit<PgBoss.Queue, 'name' | 'policy'>;
  /** Cron of the recurring sweep (Europe/Paris); null: none (tests drive sweeps themselves). */
  cron: string | null;
  /** How often this instance looks for a sweep job when not woken (ms). */
  intervalleMs: number;
  /** What the journal calls this work, e.g. « envoi des courriels ». */
  libelle: string;
  /** What the journal calls its queue, e.g. « file des courriels ». */
  libelleFile: string;
  /** One sweep; its result is recorded as the job's output. */
  balayer(b: Balayage): Promise<B>;
}): Promise<FileDeTravail> {
  const { log, file } = deps;
  const boss = new PgBoss({
    db: { executeSql: executeurSql(deps.database.pool) },
    schedule: deps.cron !== null,
  });
  // A database restarting is a warning with its code, retried at the next tour; anything else is an error.
  const signaler = (err: unknown, message: string) => {
    const code = codeBaseInjoignable(err);
    if (code) log.warn({ err, code }, `${message} : base de données injoignable, nouvel essai au prochain tour`);
    else log.error({ err }, message);
  };
  // pg-boss v10 reports the failures of its timers (maintenance, state monitor, cron, clock skew) and of its
  // workers' fetch loops on 'error' and keeps them running: unheard, that event would end the process.
  boss.on('error', (err) => signaler(err, 'pg-boss : erreur'));
  await boss.start();
  try {
    await creerFile(boss, file, { name: file, policy: 'stately', ...deps.options });
    if (deps.cron !== null) await boss.schedule(file, deps.cron, {}, { tz: 'Europe/Paris' });
  } catch (err) {
    // Its timers would otherwise keep running on a pool that the failed start is about to close.
    await boss.stop({ graceful: false, wait: true, close: false, timeout: 1000 }).catch(() => {});
    throw err;
  }

  let arrete = false;
  let reveil: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((ok) => {
      const t = setTimeout(() => ((reveil = null), ok()), ms);
      reveil = () => (clearTimeout(t), (reveil = null), ok());
    });

  /*
   * The outcome of the last job, kept until pg-boss has recorded it. If the database went away in between, the
   * job would otherwise stay "active" until its expiry, and the queue's stately policy (one active job) would
   * refuse every sweep until then: it is recorded first thing at the next tour instead.
   */
  let issueEnSuspens: { id: string; bilan: object } | { id: string; erreur: string } | null = null;

  async function enregistrerIssue(): Promise<void> {
    const issue = issueEnSuspens;
    if (!issue) return;
    if ('erreur' in issue) await boss.fail(file, issue.id, { message: issue.erreur });
    else await boss.complete(file, issue.id, issue.bilan);
    issueEnSuspens = null;
  }

  const balayage: Balayage = {
    arrete: () => arrete,
    async relancer(apresSecondes) {
      if (arrete) return;
      await boss.send(file, {}, apresSecondes ? { startAfter: apresSecondes } : {});
    },
  };

  async function tour(): Promise<boolean> {
    await enregistrerIssue();
    const [job] = await boss.fetch<object>(file);
    if (!job) return false;
    try {
      issueEnSuspens = { id: job.id, bilan: await deps.balayer(balayage) };
    } catch (err) {
      signaler(err, `${deps.libelle} en erreur`);
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
        signaler(err, `${deps.libelleFile} illisible`);
      }
      if (!travail && !arrete) await pause(deps.intervalleMs);
    }
  })();

  const service: FileDeTravail = {
    async reveiller() {
      if (arrete) return;
      await boss.send(file, {});
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
  await service.reveiller(); // catch up on what was queued (or fell due) while no instance ran
  return service;
}
