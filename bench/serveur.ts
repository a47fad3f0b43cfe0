/**
 * The app under test, in a child process of the bench so that the load generator does not share its event loop.
 * Started by processus.ts; configured by BENCH_BACKEND and BENCH_DATABASE_URL or BENCH_DATA_DIR; driven over IPC.
 * BENCH_DEMO=0: a database already filled (the national académie): no demo seed, the baseline reads any account.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { systemClock } from '../src/shared/clock.ts';
import { chronometrerPg, journaliserPg } from './chrono-pg.ts';
import { profileurCpu } from './cpu.ts';
import { profilerAccueil } from './profil.ts';
import type { DuServeur, VersServeur } from './protocole.ts';

function envoyer(m: DuServeur): void {
  process.send!(m);
}

/** The baseline: a bare Fastify route doing one primary-key SELECT through the app's own pool. */
function serveurDeReference(database: DatabaseHandle): FastifyInstance {
  const base = Fastify({ logger: false });
  base.get<{ Params: { id: string } }>('/compte/:id', async (request) => {
    return database.db.selectFrom('compte').select(['id', 'identifiant', 'nom_affiche']).where('id', '=', request.params.id).executeTakeFirstOrThrow();
  });
  return base;
}

/** Three favourites for the demo agent, so that the measured home page shows a filled "Mes favoris". */
async function ajouterFavoris(database: DatabaseHandle, compteId: string): Promise<void> {
  const apps = await database.db
    .selectFrom('application')
    .select('id')
    .where('libelle', 'in', ['I-Prof Enseignant', 'Mon Portail Agent', 'Intranet académique'])
    .orderBy('id')
    .execute();
  await database.db
    .insertInto('favori')
    .values(apps.map((a, i) => ({ compte_id: compteId, application_id: a.id, ordre: i + 1 })))
    .execute();
}

async function adresse(f: FastifyInstance): Promise<string> {
  await f.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(f.server.address() as AddressInfo).port}`;
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(process.env.BENCH_BACKEND === 'postgres' ? { databaseUrl: url, dataDir: 'inutilise' } : { dataDir: process.env.BENCH_DATA_DIR! });
  await migrateToLatest(database.db);
  let compteId: string;
  if (process.env.BENCH_DEMO === '0') {
    compteId = (await database.db.selectFrom('compte').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
  } else {
    await seedDemo(database.db, systemClock);
    compteId = (await database.db.selectFrom('compte').select('id').where('identifiant', '=', 'jdupont').executeTakeFirstOrThrow()).id;
    await ajouterFavoris(database, compteId);
  }

  const app = await buildApp({ database, clock: systemClock, cookieSecure: false, production: false, limiteConnexions: { max: 1_000_000_000, fenetreMs: 60_000 } });
  const base = serveurDeReference(database);
  const urlApp = await adresse(app);
  const urlBase = await adresse(base);

  let cpu: ReturnType<typeof profileurCpu> | null = null;
  let chrono: ReturnType<typeof chronometrerPg> | null = null;
  let journalSql: ReturnType<typeof journaliserPg> | null = null;
  process.on('message', (m: VersServeur) => {
    const traiter = async () => {
      if (m.type === 'profil') envoyer({ type: 'profil', profil: await profilerAccueil({ app, database, jeton: m.jeton, iterations: 200 }) });
      else if (m.type === 'cpu-demarrer') {
        cpu = profileurCpu();
        await cpu.demarrer();
        envoyer({ type: 'cpu-demarre' });
      } else if (m.type === 'cpu-arreter') {
        if (!cpu) throw new Error('profil CPU non démarré');
        envoyer({ type: 'cpu', resume: await cpu.arreter(m.nom) });
        cpu = null;
      } else if (m.type === 'compter') {
        if (chrono) throw new Error('chronométrage SQL déjà en cours');
        const c = chronometrerPg();
        const debut = performance.now();
        const r = await app.inject({ method: 'GET', url: m.url, headers: { cookie: m.cookie } }).finally(() => c.arreter());
        envoyer({ type: 'compte', statut: r.statusCode, octets: r.rawPayload.length, ms: performance.now() - debut, requetes: c.stats() });
      } else if (m.type === 'chrono-demarrer') {
        chrono ??= chronometrerPg();
        chrono.remettreAZero();
        envoyer({ type: 'chrono-demarre' });
      } else if (m.type === 'chrono-arreter') {
        const stats = chrono?.stats() ?? [];
        chrono?.arreter();
        chrono = null;
        envoyer({ type: 'chrono', requetes: stats });
      } else if (m.type === 'journal-demarrer') {
        if (journalSql) throw new Error('journal SQL déjà en cours');
        journalSql = journaliserPg();
        envoyer({ type: 'journal-demarre' });
      } else if (m.type === 'journal-arreter') {
        const instructions = journalSql?.instructions() ?? [];
        journalSql?.arreter();
        journalSql = null;
        envoyer({ type: 'journal', instructions });
      } else if (m.type === 'usage') {
        const u = process.resourceUsage();
        envoyer({ type: 'usage', cpuMicros: u.userCPUTime + u.systemCPUTime, maxRssKio: u.maxRSS });
      } else {
        await app.close();
        await base.close();
        await database.close();
        envoyer({ type: 'arrete' });
        process.disconnect();
      }
    };
    traiter().catch((err: unknown) => envoyer({ type: 'erreur', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  });
  // The bench went away: do not outlive it.
  process.on('disconnect', () => process.exit(0));
  envoyer({ type: 'pret', urlApp, urlBase, compteId });
}

main().catch((err: unknown) => {
  envoyer({ type: 'erreur', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
  process.disconnect();
});
