import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp, CACHE_CATALOGUE_MS } from '../../app.ts';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { lancerServeur, NavigateurHttp, type ServeurLance } from '../../test/serveur.ts';

/**
 * The portal's catalogue cache with the server's setting (catalogue.cache.ts): the process where an administrator
 * changes the catalogue shows the change on the next page; another process on the same database shows it once its
 * copy is older than CACHE_CATALOGUE_MS, and not before. On PostgreSQL the other process is the real server started
 * as a child process; PGlite can be opened by one process only (STACK.md), so there it is a second instance of the
 * application, with its own cache, in this process.
 */

let b: Banc;
let admin: ClientDeTest;
let agent: ClientDeTest;
let agentCompte: { identifiant: string; motDePasse: string };

before(async () => {
  // The clock starts now: on PostgreSQL the real server of the second test purges sessions expired by the real clock.
  b = await banc({ cacheCatalogueMs: CACHE_CATALOGUE_MS, debut: new Date().toISOString() });
  admin = await connecte(['ADMINISTRATEUR']);
  agentCompte = await creerCompte(b.database, { roles: ['AGENT'] });
  agent = new ClientDeTest(b.app);
  assert.equal((await agent.connecter(agentCompte.identifiant, agentCompte.motDePasse)).statusCode, 303);
});
after(async () => {
  await b.fermer();
});

async function connecte(roles: ['ADMINISTRATEUR']) {
  const c = await creerCompte(b.database, { roles });
  const client = new ClientDeTest(b.app);
  assert.equal((await client.connecter(c.identifiant, c.motDePasse)).statusCode, 303);
  return client;
}

/** The rubric headings of a home page, in order. */
const rubriques = (html: string) => [...html.matchAll(/<h3 class="fr-h5">([^<]*)<\/h3>/g)].map((m) => m[1]!);

async function idRubrique(libelle: string): Promise<string> {
  return (await b.database.db.selectFrom('rubrique').select('id').where('libelle', '=', libelle).executeTakeFirstOrThrow()).id;
}

/** Renames a rubric through the administration page of this process, as an administrator does. */
async function renommerParLAdministration(ancien: string, nouveau: string): Promise<void> {
  const id = await idRubrique(ancien);
  const ordre = (await b.database.db.selectFrom('rubrique').select('ordre').where('id', '=', id).executeTakeFirstOrThrow()).ordre;
  assert.equal((await admin.get(`/admin/catalogue/rubriques/${id}`)).statusCode, 200);
  const r = await admin.post(`/admin/catalogue/rubriques/${id}`, { libelle: nouveau, ordre: String(ordre) });
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
}

describe('cache du catalogue du portail, durée du serveur', () => {
  test('dans le processus de l’administrateur, sa modification paraît à la page suivante ; une écriture hors de l’administration attend le rechargement', async () => {
    const avant = rubriques((await agent.get('/portail')).body);
    assert.ok(avant.includes('Gestion des personnels') && avant.includes('Examens et concours'), avant.join(' | '));

    // Written behind the cache's back: the cache, on, still serves the catalogue it loaded.
    await b.database.db.updateTable('rubrique').set({ libelle: 'Concours et examens' }).where('id', '=', await idRubrique('Examens et concours')).execute();
    assert.deepEqual(rubriques((await agent.get('/portail')).body), avant, 'le cache est bien en service');

    await renommerParLAdministration('Gestion des personnels', 'Ressources humaines');
    // The administration dropped the cache: the next page reloads everything, the direct write too.
    const apres = rubriques((await agent.get('/portail')).body);
    assert.deepEqual(apres, avant.map((r) => (r === 'Gestion des personnels' ? 'Ressources humaines' : r === 'Examens et concours' ? 'Concours et examens' : r)));
  });

  test('dans un autre processus sur la même base, elle paraît au plus tard après la durée du cache, et pas avant', async () => {
    const autre = b.database.kind === 'postgres' ? await lancerServeur(b.database.pool.options.connectionString!) : await autreInstance();
    try {
      const lecteur = new NavigateurHttp(autre.url);
      // Only this test's requests reach the other process, and it reads the catalogue only for them: its copy is
      // loaded between t0 and t1 and, as long as it shows the old name, not reloaded (a reload would show the new one).
      const t0 = performance.now();
      await lecteur.connecter(agentCompte.identifiant, agentCompte.motDePasse);
      const avant = rubriques((await lecteur.get('/portail')).corps);
      const t1 = performance.now();
      assert.ok(avant.includes('Formation et Ressources'), avant.join(' | '));

      await renommerParLAdministration('Formation et Ressources', 'Formation continue');
      const attendu = avant.map((r) => (r === 'Formation et Ressources' ? 'Formation continue' : r));
      assert.deepEqual(rubriques((await agent.get('/portail')).body), attendu, 'le processus de l’administrateur la montre aussitôt');
      const garde = rubriques((await lecteur.get('/portail')).corps);
      assert.ok(performance.now() < t0 + CACHE_CATALOGUE_MS, 'machine trop lente : la durée du cache est écoulée avant la vérification');
      assert.deepEqual(garde, avant, 'l’autre processus garde sa copie');

      let vue: { envoi: number; recu: number } | null = null;
      let dernierAncienEnvoi = t1;
      while (vue === null && performance.now() < t1 + CACHE_CATALOGUE_MS + 30_000) {
        await new Promise((ok) => setTimeout(ok, 200));
        const envoi = performance.now();
        const page = rubriques((await lecteur.get('/portail')).corps);
        if (page.includes('Formation continue')) {
          assert.deepEqual(page, attendu);
          vue = { envoi, recu: performance.now() };
        } else {
          assert.deepEqual(page, avant);
          dernierAncienEnvoi = envoi;
        }
      }
      assert.ok(vue !== null, `l’autre processus ne montre pas la modification ${Math.round(performance.now() - t1)} ms après avoir chargé le catalogue`);
      // Not before: the page that shows it was served once the copy (loaded after t0) was CACHE_CATALOGUE_MS old.
      assert.ok(vue.recu >= t0 + CACHE_CATALOGUE_MS, `montrée ${Math.round(vue.recu - t0)} ms après le premier appel, avant la fin de la durée du cache`);
      // Not later: a page asked for once the copy (loaded before t1) was CACHE_CATALOGUE_MS old must show it.
      assert.ok(dernierAncienEnvoi < t1 + CACHE_CATALOGUE_MS, `ancien nom servi à une page demandée ${Math.round(dernierAncienEnvoi - t1)} ms après le chargement`);
    } finally {
      await autre.arreter();
    }
  });
});

/** PGlite: a second instance of the application on the same database, listening on the loopback like a server. */
async function autreInstance(): Promise<ServeurLance> {
  const app = await buildApp({ database: b.database, clock: b.clock, cookieSecure: false, production: false, cacheCatalogueMs: CACHE_CATALOGUE_MS });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, arreter: () => app.close() };
}
