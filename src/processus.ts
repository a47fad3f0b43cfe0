import cluster, { type Worker } from 'node:cluster';
import type { FastifyBaseLogger } from 'fastify';

/** A process that dies within this time of its start counts as a crash at start: the next restart waits longer. */
const VIE_MINIMALE_MS = 30_000;
const RELANCE_MIN_MS = 1_000;
const RELANCE_MAX_MS = 30_000;

/**
 * The primary of `VIVIER_PROCESSUS=N` (node cluster): starts N processes that each run the whole server on the same
 * PostgreSQL and share the listening port (the primary hands out the connections in turn), restarts one that dies
 * (kill -9, out of memory) after a delay that doubles while they die at start, and on SIGTERM or SIGINT asks each to
 * stop gracefully (it drains its requests) and exits once they all have. The primary itself serves nothing and holds
 * no connection to the database.
 */
export function demarrerProcessus(o: { nombre: number; journal: FastifyBaseLogger; delaiArretMs: number }): void {
  const { journal } = o;
  let arret = false;
  let relance = RELANCE_MIN_MS;
  const nes = new Map<number, number>();

  const lancer = () => {
    const w = cluster.fork();
    nes.set(w.id, Date.now());
    w.on('exit', (code, signal) => surSortie(w, code, signal));
  };

  const surSortie = (w: Worker, code: number | null, signal: string | null) => {
    const vecuMs = Date.now() - (nes.get(w.id) ?? Date.now());
    nes.delete(w.id);
    if (arret) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        journal.info('tous les processus sont arrêtés');
        process.exit(0);
      }
      return;
    }
    relance = vecuMs >= VIE_MINIMALE_MS ? RELANCE_MIN_MS : Math.min(RELANCE_MAX_MS, relance * 2);
    journal.error({ pid: w.process.pid, code, signal, vecuMs, relanceDansMs: relance }, 'un processus de Vivier s’est arrêté de lui-même : relancé');
    setTimeout(() => {
      if (!arret) lancer();
    }, relance).unref();
  };

  for (let i = 0; i < o.nombre; i++) lancer();

  const arreter = (signal: string) => {
    if (arret) return;
    arret = true;
    const vivants = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    journal.info({ signal, processus: vivants.length }, 'arrêt : chaque processus termine ses requêtes en cours');
    if (vivants.length === 0) process.exit(0);
    // SIGINT from a terminal reaches the whole group already; SIGTERM (systemd, Docker) only the primary: passed on.
    for (const w of vivants) w.process.kill('SIGTERM');
    setTimeout(() => {
      journal.error({ delaiMs: o.delaiArretMs }, 'arrêt : des processus tournaient encore après le délai, arrêtés de force');
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, o.delaiArretMs).unref();
  };
  process.on('SIGINT', () => arreter('SIGINT'));
  process.on('SIGTERM', () => arreter('SIGTERM'));
}
