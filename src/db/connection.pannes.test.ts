import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { buildApp } from '../app.ts';
import { openDatabase, type DatabaseHandle } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { systemClock } from '../shared/clock.ts';
import { creerClusterPg, type ClusterPg } from '../test/cluster-pg.ts';
import { ClientDeTest } from '../test/client.ts';
import { creerCompte } from '../test/app.ts';
import { seedCatalogue } from '../demo/seed.ts';
import { urls } from '../shared/urls.ts';
import { demarrerTravauxCampagnes } from '../features/campagnes/travaux.ts';
import { createCampagneService } from '../features/campagnes/campagne.service.ts';
import { demarrerEnvoiCourriels, type EnvoiCourriels } from '../features/notifications/courriels.jobs.ts';
import { createEnvoiService } from '../features/notifications/envoi.service.ts';
import type { MessageSortant, Messager } from '../features/notifications/smtp.ts';
import { ecrireCourriel } from '../features/notifications/test-courriels.ts';

/**
 * PostgreSQL restarts, or drops a connection, under a running Vivier: the process stays up, the requests of
 * the outage get the French 503 page, and everything serves again as soon as the database is back, without a
 * restart of the app. On a private cluster (src/test/cluster-pg.ts), never the shared server.
 */

let cluster: ClusterPg;
let database: DatabaseHandle;
let app: FastifyInstance;
let adresse: string;
let cookie: string;
let nomAffiche: string;
const exceptions: unknown[] = [];
const surException = (err: unknown) => void exceptions.push(err);
const journal: Array<{ level: number; msg: string; code?: string }> = [];
const log = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (journal.push(JSON.parse(String(c))), cb()) }));
const compte = { pendant: 0, apres: 0, statuts: new Map<number, number>() };

// The test's own route: a transaction that pauses between two queries, holding its checked-out connection.
let pauseTransaction: { pid: (pid: number) => void; reprise: Promise<void> } | null = null;

type Reponse = { statut: number; corps: string; reessayer: string | null };

async function obtenir(url: string, entetes: Record<string, string> = {}): Promise<Reponse> {
  // A request that hangs is a failure too: the pool's connection timeout bounds every wait.
  const r = await fetch(`${adresse}${url}`, { headers: { cookie, ...entetes }, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const corps = await r.text();
  compte.statuts.set(r.status, (compte.statuts.get(r.status) ?? 0) + 1);
  return { statut: r.status, corps, reessayer: r.headers.get('retry-after') };
}

/** The portal page of the logged-in agent: the session (read by the onRequest hook), then the catalogue. */
async function portail(): Promise<Reponse> {
  return obtenir(urls.portail());
}

function assertPageIndisponible(r: Reponse, contexte: string) {
  assert.equal(r.statut, 503, `${contexte} : ${r.statut} ${r.corps.slice(0, 300)}`);
  assert.equal(r.reessayer, '5', `${contexte} : Retry-After`);
  assert.match(r.corps, /<h1>Service indisponible<\/h1>/, contexte);
  assert.match(r.corps, /Le service est momentanément indisponible\. Réessayez dans un instant\./, contexte);
  compte.pendant++;
}

async function assertServiceRepris(contexte: string, n = 3) {
  for (let i = 0; i < n; i++) {
    const r = await portail();
    assert.equal(r.statut, 200, `${contexte} : ${r.statut} ${r.corps.slice(0, 300)}`);
    assert.match(r.corps, new RegExp(`Bienvenue ${nomAffiche}`), contexte);
    compte.apres++;
  }
}

/** Several pages at once, so that the pool holds several idle connections when the server goes away. */
async function remplirLePool() {
  const rs = await Promise.all(Array.from({ length: 4 }, () => portail()));
  assert.deepEqual(
    rs.map((r) => r.statut),
    [200, 200, 200, 200],
  );
  assert.ok(database.pool.idleCount >= 2, `connexions inactives dans le pool : ${database.pool.idleCount}`);
}

async function administrer<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: cluster.url() });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

async function attendre<T>(quoi: string, f: () => Promise<T | null | undefined | false>, delaiMs = 10_000): Promise<T> {
  const fin = Date.now() + delaiMs;
  for (;;) {
    const v = await f().catch(() => null);
    if (v) return v;
    if (Date.now() > fin) throw new Error(`délai dépassé : ${quoi}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

before(async () => {
  process.on('uncaughtException', surException);
  cluster = await creerClusterPg();
  database = await openDatabase({ databaseUrl: cluster.url(), dataDir: 'inutilise', poolSize: 4, delaiConnexionMs: 2_000, journal: log });
  await migrateToLatest(database.db);
  await seedCatalogue(database.db, { avecExternes: false });
  app = await buildApp({ database, clock: systemClock, cookieSecure: false, production: false, journal: log, cacheCatalogueMs: 0 });
  app.get('/test/transaction-en-pause', { config: { acces: 'public' } }, async () => {
    await database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
      pauseTransaction!.pid(rows[0]!.pid);
      await pauseTransaction!.reprise;
      await sql`SELECT 1`.execute(trx);
    });
    return 'fini';
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  adresse = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const c = await creerCompte(database, { nom: 'Agnès Panne' });
  nomAffiche = 'Agnès Panne';
  const client = new ClientDeTest(app);
  assert.equal((await client.connecter(c.identifiant, c.motDePasse)).statusCode, 303);
  cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  await assertServiceRepris('avant toute panne', 1);
  compte.apres = 0;
});

after(async () => {
  process.off('uncaughtException', surException);
  try {
    await app?.close();
    await database?.close();
  } finally {
    await cluster?.supprimer();
  }
  const perdues = journal.filter((l) => l.msg === 'base de données : connexion perdue, retirée du pool').length;
  const statuts = [...compte.statuts].sort(([a], [b]) => a - b).map(([s, n]) => `${s} × ${n}`).join(', ');
  console.log(`503 pendant les pannes : ${compte.pendant}, 200 après reprise : ${compte.apres}, connexions perdues signalées : ${perdues} ; toutes les réponses : ${statuts}`);
});

describe('PostgreSQL redémarre ou coupe une connexion sous un Vivier en marche', () => {
  for (const mode of ['fast', 'immediate'] as const) {
    test(`arrêt « ${mode} » avec des connexions inactives dans le pool : le processus reste debout, 503 pendant la coupure, 200 dès le retour de la base`, async () => {
      await remplirLePool();
      await cluster.arreter(mode);
      await pause(200); // the idle connections' errors arrive now: unheard, one of them ends the process
      for (let i = 0; i < 4; i++) assertPageIndisponible(await portail(), `pendant l’arrêt ${mode}`);
      const json = await obtenir(urls.portail(), { accept: 'application/json' });
      assert.equal(json.statut, 503);
      assert.equal(JSON.parse(json.corps).code, 'SERVICE_INDISPONIBLE');
      compte.pendant++;
      assert.equal((await obtenir(urls.sante())).statut, 503, '/sante pendant l’arrêt');
      await cluster.demarrer();
      await assertServiceRepris(`après l’arrêt ${mode}`);
      assert.equal((await obtenir(urls.sante())).statut, 200, '/sante après reprise');
      assert.deepEqual(exceptions, []);
    });

    test(`redémarrage « ${mode} » pendant que des pages sont demandées : chaque réponse est 200 ou 503, jamais 500 ni attente sans fin`, async () => {
      await remplirLePool();
      let fini = false;
      const vues: Reponse[] = [];
      const charge = Promise.all(
        Array.from({ length: 2 }, async () => {
          while (!fini) {
            vues.push(await portail());
            await pause(20);
          }
        }),
      );
      await pause(100);
      await cluster.redemarrer(mode);
      await pause(100);
      fini = true;
      await charge;
      const statuts = vues.map((r) => r.statut);
      assert.deepEqual(statuts.filter((s) => s !== 200 && s !== 503), [], `statuts vus : ${statuts.join(' ')}`);
      for (const r of vues.filter((v) => v.statut === 503)) assertPageIndisponible(r, `pendant le redémarrage ${mode}`);
      await assertServiceRepris(`après le redémarrage ${mode}`);
      assert.deepEqual(exceptions, []);
    });
  }

  test('connexion tuée (pg_terminate_backend) pendant que la session est lue au début de la requête : 503, puis reprise', async () => {
    // The session table is locked by another connection: the page's session read waits, its connection checked out.
    const verrou = new pg.Client({ connectionString: cluster.url() });
    await verrou.connect();
    try {
      await verrou.query('BEGIN');
      await verrou.query('LOCK TABLE session IN ACCESS EXCLUSIVE MODE');
      const page = portail();
      const pid = await attendre('la lecture de session en attente du verrou', async () => {
        const { rows } = await verrou.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
        return rows[0]?.pid;
      });
      await administrer((c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
      assertPageIndisponible(await page, 'connexion tuée pendant la lecture de la session');
      await verrou.query('ROLLBACK');
    } finally {
      await verrou.end();
    }
    await assertServiceRepris('après la connexion tuée');
    assert.deepEqual(exceptions, []);
  });

  test('connexion tuée entre deux requêtes d’une transaction (client pris, aucune requête en cours) : 503, puis reprise', async () => {
    let reprendre!: () => void;
    const pid = new Promise<number>((ok) => (pauseTransaction = { pid: ok, reprise: new Promise<void>((r) => (reprendre = r)) }));
    const reponse = obtenir('/test/transaction-en-pause');
    await administrer(async (c) => c.query('SELECT pg_terminate_backend($1)', [await pid]));
    await pause(200); // the checked-out client's error arrives while no query of it runs: unheard, it ends the process
    reprendre();
    const r = await reponse;
    assert.equal(r.statut, 503, r.corps.slice(0, 300));
    assert.equal(r.reessayer, '5');
    compte.pendant++;
    await assertServiceRepris('après la transaction coupée');
    assert.deepEqual(exceptions, []);
  });

  test('les travaux de fond reprennent : l’échéancier ouvre une campagne échue pendant la coupure, pg-boss termine le balayage coupé puis envoie les suivants', async () => {
    const envoyes: string[] = [];
    let bloquer = true;
    let debloquer: () => void = () => {};
    let envoiEnCours: () => void = () => {};
    const enCours = new Promise<void>((ok) => (envoiEnCours = ok));
    const messager: Messager = {
      secrets: [],
      fermer() {},
      async envoyer(m: MessageSortant) {
        if (bloquer) {
          bloquer = false;
          envoiEnCours();
          await new Promise<void>((ok) => (debloquer = ok));
        }
        envoyes.push(m.sujet);
      },
    };
    const envoi = createEnvoiService({ db: database.db, clock: systemClock, messager, expediteur: 'Vivier <ne-pas-repondre@vivier.invalid>' });
    const courriels: EnvoiCourriels = await demarrerEnvoiCourriels({ database, envoi, log, intervalleMs: 200, cron: '* * * * *' });
    const campagnes = createCampagneService({ db: database.db, clock: systemClock });
    const ouverture = new Date(Date.now() + 1_500);
    const campagneId = await campagnes.creer({ corps: 'PE', annee: 2027, ouverture, fermeture: new Date(Date.now() + 3_600_000), promotions: 1, ratio: 0.1 }, null);
    // Started now, the scheduler sleeps until the opening, which falls during the outage below.
    const travaux = demarrerTravauxCampagnes({ db: database.db, clock: systemClock, log });
    try {
      // A sweep is sending its e-mail when the database goes away: the sent row cannot be recorded, nor the job.
      await ecrireCourriel(database.db, { sujet: 'Coupé en plein envoi' });
      await courriels.reveiller();
      await enCours;
      await cluster.arreter('fast');
      debloquer();
      await pause(Math.max(0, ouverture.getTime() - Date.now()) + 1_500); // the opening is due while the database is down
      await cluster.demarrer();
      const reprise = Date.now();

      // A 2027 campaign is in regime C: opening it starts its examination (campagne.machine.ts).
      const statut = await attendre('ouverture de la campagne après la reprise', async () => {
        const c = await database.db.selectFrom('campagne').select('statut').where('id', '=', campagneId).executeTakeFirst();
        return c && c.statut !== 'PREPARATION' ? c.statut : null;
      }, 30_000);
      assert.equal(statut, 'EN_EXAMEN');
      const ouverteApresMs = Date.now() - reprise;
      // Tries are at most 4 s apart while the base is away (echeancier.ts): the opening follows its return within seconds.
      assert.ok(ouverteApresMs < 12_000, `campagne ouverte ${ouverteApresMs} ms après le retour de la base`);

      await ecrireCourriel(database.db, { sujet: 'Après la reprise' });
      await attendre('le réveil de la file après la reprise', async () => (await courriels.reveiller(), true));
      await attendre('l’envoi du courriel écrit après la reprise', async () => envoyes.includes('Après la reprise'));
      console.log(`campagne ouverte ${ouverteApresMs} ms après le retour de la base ; courriels envoyés : ${envoyes.join(' | ')}`);
    } finally {
      await travaux.arreter();
      await courriels.arreter();
    }
    assert.deepEqual(exceptions, []);
  });

  test('rien n’a été journalisé en erreur : chaque panne est un avertissement avec son code', () => {
    assert.deepEqual(
      journal.filter((l) => l.level >= 50).map((l) => `${l.msg} ${l.code ?? ''}`),
      [],
    );
    const avertis = journal.filter((l) => l.msg === 'base de données injoignable');
    assert.ok(avertis.length >= compte.pendant, `${avertis.length} avertissements pour ${compte.pendant} réponses 503`);
    assert.ok(avertis.every((l) => l.level === 40 && typeof l.code === 'string' && l.code.length > 0));
  });
});
