import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';

let b: Banc;
before(async () => {
  b = await banc();
});
after(async () => {
  await b.fermer();
});

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

async function connexion(identifiant: string, motDePasse: string, adresse = '203.0.113.10', ua?: string) {
  const client = new ClientDeTest(b.app);
  client.adresse = adresse;
  await client.get('/connexion', ua ? { 'user-agent': ua } : {});
  const r = await client.post('/connexion', { identifiant, mot_de_passe: motDePasse }, ua ? { headers: { 'user-agent': ua } } : {});
  assert.equal(r.statusCode, 303);
  return client;
}

function numeros(html: string): string[] {
  return [...html.matchAll(/action="\/portail\/sessions\/(\d+)\/terminer"/g)].map((m) => m[1]!);
}

function audit(action: string, compteId: string) {
  return b.database.db.selectFrom('journal_audit').select(['acteur_compte_id', 'details']).where('action', '=', action).where('cible', '=', `compte:${compteId}`).execute();
}

describe('Mes sessions', () => {
  test('chaque session active : navigateur, adresse, début, dernière activité ; celle-ci en tête, sans bouton', async () => {
    const c = await creerCompte(b.database);
    const ici = await connexion(c.identifiant, c.motDePasse);
    b.clock.advance(60_000);
    await connexion(c.identifiant, c.motDePasse, '198.51.100.7', FIREFOX);
    try {
      const page = await ici.get('/portail/sessions');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Mes sessions<\/h1>/);
      assert.match(page.body, /<td>Navigateur inconnu <span class="fr-badge[^"]*">Ce navigateur<\/span><\/td><td>203\.0\.113\.10<\/td>/);
      assert.match(page.body, /<td>Firefox 133 sur Linux<\/td><td>198\.51\.100\.7<\/td><td>le 30\/11\/2026 à 10:01<\/td>/);
      assert.equal(numeros(page.body).length, 1, 'un seul bouton « Terminer » : celui de l’autre session');
      assert.match(page.body, /Se déconnecter de toutes les autres sessions/);
    } finally {
      b.clock.set('2026-11-30T09:00:00Z');
    }
  });

  test('terminer une autre session la ferme ; la sienne se termine par « Déconnexion » (409)', async () => {
    const c = await creerCompte(b.database);
    const ici = await connexion(c.identifiant, c.motDePasse);
    const la = await connexion(c.identifiant, c.motDePasse, '198.51.100.8');
    const page = await ici.get('/portail/sessions');
    const [numero] = numeros(page.body);
    const r = await ici.post(`/portail/sessions/${numero}/terminer`);
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/portail/sessions?fait=session-terminee');
    assert.match((await ici.get(r.headers.location as string)).body, /La session a été terminée/);
    assert.equal((await la.get('/portail')).statusCode, 303, 'l’autre navigateur doit se reconnecter');
    assert.equal((await ici.get('/portail')).statusCode, 200);
    assert.deepEqual((await audit('SESSION_TERMINEE', c.id)).map((a) => a.details), [{ session: numero, adresse: '203.0.113.10' }]);

    const courante = await b.database.db.selectFrom('session').select('numero').where('compte_id', '=', c.id).executeTakeFirstOrThrow();
    await ici.get('/portail/sessions');
    const soi = await ici.post(`/portail/sessions/${courante.numero}/terminer`);
    assert.equal(soi.statusCode, 409);
    assert.match(soi.body, /utilisez « Déconnexion »/);
    assert.equal((await ici.get('/portail')).statusCode, 200);
  });

  test('la session d’un autre compte est introuvable (404) et reste ouverte ; sans jeton CSRF, rien n’est fait', async () => {
    const a = await creerCompte(b.database);
    const autre = await creerCompte(b.database);
    const ici = await connexion(a.identifiant, a.motDePasse);
    const victime = await connexion(autre.identifiant, autre.motDePasse);
    const sa = await b.database.db.selectFrom('session').select('numero').where('compte_id', '=', autre.id).executeTakeFirstOrThrow();
    await ici.get('/portail/sessions');
    assert.equal((await ici.post(`/portail/sessions/${sa.numero}/terminer`)).statusCode, 404);
    assert.equal((await ici.post('/portail/sessions/99999999999/terminer')).statusCode, 404);
    assert.equal((await ici.post('/portail/sessions/abc/terminer')).statusCode, 404);
    assert.equal((await victime.get('/portail')).statusCode, 200);
    const sansJeton = await ici.post('/portail/sessions/terminer-autres', {}, { csrf: null });
    assert.equal(sansJeton.statusCode, 403);
  });

  test('« Se déconnecter de toutes les autres sessions » garde seulement celle-ci', async () => {
    const c = await creerCompte(b.database);
    const autres = [await connexion(c.identifiant, c.motDePasse), await connexion(c.identifiant, c.motDePasse)];
    const ici = await connexion(c.identifiant, c.motDePasse);
    await ici.get('/portail/sessions');
    const r = await ici.post('/portail/sessions/terminer-autres');
    assert.equal(r.headers.location, '/portail/sessions?fait=autres-terminees');
    for (const x of autres) assert.equal((await x.get('/portail')).statusCode, 303);
    const page = await ici.get('/portail/sessions');
    assert.match(page.body, /Vous n’avez pas d’autre session ouverte/);
    assert.deepEqual((await audit('SESSIONS_AUTRES_TERMINEES', c.id)).map((a) => a.details), [{ nombre: 2, adresse: '203.0.113.10' }]);
  });

  test('une session expirée (30 min d’inactivité) n’est plus listée', async () => {
    const c = await creerCompte(b.database);
    await connexion(c.identifiant, c.motDePasse);
    b.clock.advance(31 * 60_000);
    try {
      const ici = await connexion(c.identifiant, c.motDePasse);
      assert.deepEqual(numeros((await ici.get('/portail/sessions')).body), []);
    } finally {
      b.clock.set('2026-11-30T09:00:00Z');
    }
  });
});

describe('administration : terminer toutes les sessions d’un compte', () => {
  test('l’administrateur voit le nombre de sessions et les termine toutes, journalisé', async () => {
    const admin = await creerCompte(b.database, { roles: ['ADMINISTRATEUR'] });
    const c = await creerCompte(b.database);
    const s1 = await connexion(c.identifiant, c.motDePasse);
    const s2 = await connexion(c.identifiant, c.motDePasse);
    const a = await connexion(admin.identifiant, admin.motDePasse);
    const page = await a.get(`/admin/comptes/${c.id}`);
    assert.match(page.body, /2 sessions ouvertes\./);
    const r = await a.post(`/admin/comptes/${c.id}/terminer-sessions`);
    assert.equal(r.headers.location, `/admin/comptes/${c.id}?fait=sessions-terminees`);
    assert.match((await a.get(r.headers.location as string)).body, /Aucune session ouverte\./);
    for (const x of [s1, s2]) assert.equal((await x.get('/portail')).statusCode, 303);
    assert.deepEqual(await audit('SESSIONS_COMPTE_TERMINEES', c.id), [{ acteur_compte_id: admin.id, details: { nombre: 2 } }]);
    assert.equal((await a.post('/admin/comptes/99999999/terminer-sessions')).statusCode, 404);
  });

  test('un agent ne peut pas terminer les sessions d’un autre compte (403)', async () => {
    const c = await creerCompte(b.database);
    const agent = await connexion(c.identifiant, c.motDePasse);
    await agent.get('/portail');
    assert.equal((await agent.post(`/admin/comptes/${c.id}/terminer-sessions`)).statusCode, 403);
  });
});

describe('accueil : tentatives échouées depuis la dernière connexion', () => {
  test('deux échecs puis la connexion : « 2 tentatives … ont échoué » ; un seul : au singulier ; aucun : rien', async () => {
    const c = await creerCompte(b.database);
    await connexion(c.identifiant, c.motDePasse);
    b.clock.advance(60_000);
    const essai = new ClientDeTest(b.app);
    for (let i = 0; i < 2; i++) {
      await essai.get('/connexion');
      assert.equal((await essai.post('/connexion', { identifiant: c.identifiant, mot_de_passe: 'faux' })).statusCode, 401);
    }
    b.clock.advance(60_000);
    try {
      const ici = await connexion(c.identifiant, c.motDePasse);
      const accueil = await ici.get('/portail');
      assert.match(accueil.body, /Dernière connexion le 30\/11\/2026 à 10:00<br\/><strong>2 tentatives de connexion ont échoué depuis votre dernière connexion\.<\/strong>/);

      b.clock.advance(1_000);
      await essai.get('/connexion');
      await essai.post('/connexion', { identifiant: c.identifiant, mot_de_passe: 'faux' });
      b.clock.advance(1_000);
      const un = await (await connexion(c.identifiant, c.motDePasse)).get('/portail');
      assert.match(un.body, /<strong>1 tentative de connexion a échoué depuis votre dernière connexion\.<\/strong>/);

      const aucun = await (await connexion(c.identifiant, c.motDePasse)).get('/portail');
      assert.match(aucun.body, /Dernière connexion le/);
      assert.doesNotMatch(aucun.body, /tentative/);
    } finally {
      b.clock.set('2026-11-30T09:00:00Z');
    }
  });
});
