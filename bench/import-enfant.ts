/**
 * The HR import of a folder through the real importer (createImportService(...).importer(sourceDossier(dir))), in a
 * child process of the bench so that its peak RSS and CPU are its own. Configured by BENCH_DATABASE_URL,
 * BENCH_DOSSIER and BENCH_PROFIL_CPU=1 (samples the CPU every millisecond); answers one `ResultatImport` over IPC.
 *
 * Where the time goes: every SQL statement is timed from the driver's call to its result (chrono-pg.ts). The importer
 * stages a batch while it reads the next one, so the staging inserts overlap the reading phase (their total is shown
 * apart); the merge is the transaction's statements.
 */
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createImportService, type Progression } from '../src/features/import/import.service.ts';
import { sourceDossier } from '../src/features/import/import.source.ts';
import { systemClock } from '../src/shared/clock.ts';
import { chronometrerPg, type StatRequete } from './chrono-pg.ts';
import { profileurCpu, type ResumeCpu } from './cpu.ts';

export type PhaseFichier = { fichier: string; debutMs: number; finMs: number; lignes: number; octets: number };

export type ResultatImport = {
  ok: boolean;
  erreurs: string[];
  compteurs: Record<string, number>;
  dureeMs: number;
  cpuMs: { user: number; system: number };
  maxRssKio: number;
  /** Peaks sampled every 250 ms: the JS heap in use and the memory outside it (Buffers). */
  picMemoire: { heapUsedMio: number; heapTotalMio: number; externeMio: number; rssMio: number };
  fichiers: PhaseFichier[];
  requetes: StatRequete[];
  cpu: ResumeCpu | null;
};

async function principal(): Promise<ResultatImport> {
  const database = await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL!, dataDir: 'inutilise' });
  try {
    await migrateToLatest(database.db);
    const source = sourceDossier(process.env.BENCH_DOSSIER!);
    const tailles = new Map(source.fichiers.map((f) => [f.nom, f.taille]));
    const chrono = chronometrerPg();
    const pic = { heapUsedMio: 0, heapTotalMio: 0, externeMio: 0, rssMio: 0 };
    const echantillonner = () => {
      const m = process.memoryUsage();
      pic.heapUsedMio = Math.max(pic.heapUsedMio, m.heapUsed / 2 ** 20);
      pic.heapTotalMio = Math.max(pic.heapTotalMio, m.heapTotal / 2 ** 20);
      pic.externeMio = Math.max(pic.externeMio, (m.external + m.arrayBuffers) / 2 ** 20);
      pic.rssMio = Math.max(pic.rssMio, m.rss / 2 ** 20);
    };
    const minuterie = setInterval(echantillonner, 250);
    const cpu = process.env.BENCH_PROFIL_CPU === '1' ? profileurCpu(1000) : null;
    await cpu?.demarrer();
    const fichiers = new Map<string, PhaseFichier>();
    const cpuAvant = process.cpuUsage();
    const t0 = performance.now();
    const progression = (p: Progression) => {
      const t = performance.now() - t0;
      let f = fichiers.get(p.fichier);
      if (!f) fichiers.set(p.fichier, (f = { fichier: p.fichier, debutMs: t, finMs: t, lignes: 0, octets: tailles.get(p.fichier) ?? 0 }));
      f.finMs = t;
      f.lignes = p.lignes;
    };
    // The first progress report of a file comes after its first batch: its start is the end of the previous file.
    const rapport = await createImportService({ db: database.db, clock: systemClock }).importer(source, { lanceParCompteId: null, progression });
    const dureeMs = performance.now() - t0;
    const cpuMs = process.cpuUsage(cpuAvant);
    clearInterval(minuterie);
    echantillonner();
    const resumeCpu = cpu ? await cpu.arreter('import') : null;
    chrono.arreter();
    const liste = [...fichiers.values()];
    liste.forEach((f, i) => (f.debutMs = i === 0 ? 0 : liste[i - 1]!.finMs));
    return {
      ok: rapport.ok,
      erreurs: rapport.ok ? [] : rapport.erreurs.slice(0, 10).map((e) => `${e.fichier}:${e.ligne ?? ''} ${e.message}`),
      compteurs: rapport.ok ? rapport.compteurs : {},
      dureeMs,
      cpuMs: { user: cpuMs.user / 1000, system: cpuMs.system / 1000 },
      maxRssKio: process.resourceUsage().maxRSS,
      picMemoire: pic,
      fichiers: liste,
      requetes: chrono.stats(),
      cpu: resumeCpu,
    };
  } finally {
    await database.close();
  }
}

principal().then(
  (r) => process.send!({ type: 'resultat', resultat: r }, () => process.disconnect()),
  (err: unknown) => process.send!({ type: 'erreur', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.disconnect()),
);
