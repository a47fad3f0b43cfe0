/**
 * Accusés de réception of a closed campaign, in a child process of the national bench (bench/national.ts):
 *  BENCH_MODE=nu        the baseline of bench/accuses.ts: bare pdfkit writing the accusé's text with the same embedded
 *                       Marianne font, on BENCH_THREADS threads (default 2), BENCH_N documents;
 *  BENCH_MODE=pipeline  the real pipeline: createDocumentsService({ db, clock, pool: creerPoolAccuses({ taille }) })
 *                       .emettreAccuses(BENCH_CAMPAGNE) on BENCH_DATABASE_URL, the main thread's CPU sampled and every SQL
 *                       statement timed; stopped after BENCH_MAX_S seconds (what was issued by then is counted).
 * Answers one message `{ type: 'resultat' }` over IPC.
 */
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.ts';
import { createDocumentsService } from '../src/features/campagnes/documents.service.ts';
import { creerPoolAccuses } from '../src/features/documents/lot.ts';
import { systemClock } from '../src/shared/clock.ts';
import { threadsNus } from './accuses.ts';
import { chronometrerPg, type StatRequete } from './chrono-pg.ts';
import { profileurCpu, type ResumeCpu } from './cpu.ts';

export type ResultatNu = { docs: number; ms: number; cpuMs: number; demarrageMs: number };
export type ResultatPipeline = {
  emis: number;
  aEmettre: number;
  termine: boolean;
  ms: number;
  demarragePoolMs: number;
  /** CPU of the whole process (main thread and the pool's threads). */
  cpuMs: number;
  maxRssKio: number;
  requetes: StatRequete[];
  cpu: ResumeCpu | null;
};

async function nu(): Promise<ResultatNu> {
  const n = Number(process.env.BENCH_N ?? 500);
  const threads = Number(process.env.BENCH_THREADS ?? 2);
  const t0 = performance.now();
  const nus = await threadsNus(threads);
  const demarrageMs = performance.now() - t0;
  try {
    const cpu = process.cpuUsage();
    const debut = performance.now();
    await nus.lot(0, n);
    const ms = performance.now() - debut;
    const c = process.cpuUsage(cpu);
    return { docs: n, ms, cpuMs: (c.user + c.system) / 1000, demarrageMs };
  } finally {
    await nus.arreter();
  }
}

async function pipeline(): Promise<ResultatPipeline> {
  const campagneId = process.env.BENCH_CAMPAGNE!;
  const maxMs = Number(process.env.BENCH_MAX_S ?? 240) * 1000;
  const taille = Number(process.env.BENCH_THREADS ?? 2);
  const database = await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL!, dataDir: 'inutilise' });
  const compterEmis = async () =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM candidature_document d JOIN candidature c ON c.id = d.candidature_id
          WHERE c.campagne_id = ${campagneId}::bigint AND d.type = 'ACCUSE_RECEPTION'`.execute(database.db)
      ).rows[0]!.n,
    );
  const aEmettre = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM candidature WHERE campagne_id = ${campagneId}::bigint AND statut = 'DEPOSEE'`.execute(database.db)).rows[0]!.n,
  );
  const dejaEmis = await compterEmis();
  const chrono = chronometrerPg();
  const cpu = process.env.BENCH_PROFIL_CPU === '0' ? null : profileurCpu(1000);
  await cpu?.demarrer();
  const cpuAvant = process.cpuUsage();
  const t0 = performance.now();
  // The pool's start (threads, tsx, fonts) is part of the pipeline: timed within it.
  const pool = creerPoolAccuses({ taille });
  const demarragePoolMs = performance.now() - t0;
  const documents = createDocumentsService({ db: database.db, clock: systemClock, pool });
  let minuterie: NodeJS.Timeout | undefined;
  const termine = await Promise.race([
    documents.emettreAccuses(campagneId).then(() => true),
    new Promise<false>((ok) => (minuterie = setTimeout(() => ok(false), maxMs))),
  ]);
  clearTimeout(minuterie);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(cpuAvant);
  const resume = cpu ? await cpu.arreter('accuses') : null;
  chrono.arreter();
  const requetes = chrono.stats();
  const emis = (await compterEmis()) - dejaEmis;
  const resultat: ResultatPipeline = { emis, aEmettre, termine, ms, demarragePoolMs, cpuMs: (c.user + c.system) / 1000, maxRssKio: process.resourceUsage().maxRSS, requetes, cpu: resume };
  if (termine) {
    await pool.fermer();
    await database.close();
  }
  return resultat;
}

const mode = process.env.BENCH_MODE;
(mode === 'nu' ? nu() : pipeline()).then(
  // After a time-out, rendering and transactions are still under way: leave without waiting for them.
  (r) => process.send!({ type: 'resultat', resultat: r }, () => process.exit(0)),
  (err: unknown) => process.send!({ type: 'erreur', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
);
