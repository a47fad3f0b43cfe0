import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { AuthentificateurLogiciel } from '../../test/authentificateur.ts';

// inject() requests name the host "localhost:80": outside production, the relying party is the address the browser used.
const ORIGINE = 'http://localhost';

let b: Banc;
before(async () => {
  b = await banc();
});
after(async () => {
  await b.fermer();
});

async function connecte(opts: Parameters<typeof creerCompte>[1] = {}) {
  const c = await creerCompte(b.database, opts);
  const client = new ClientDeTest(b.app);
  const r = await client.connecter(c.identifiant, c.motDePasse);
  assert.equal(r.statusCode, 303);
  return { c, client };
}

/** Registers a passkey from "Ma sécurité" as the page's script does: options (JSON), ceremony, form post. */
async function enregistrer(client: ClientDeTest, auth: AuthentificateurLogiciel, nom = 'Téléphone') {
  await client.get('/portail/securite');
  const o = await client.postJson('/portail/securite/cles-acces/options', { nom });
  assert.equal(o.statusCode, 200, o.body);
  const { reponse } = auth.creer(o.json());
  return client.post('/portail/securite/cles-acces', { nom, reponse: JSON.stringify(reponse) });
}

async function connexionParCle(auth: AuthentificateurLogiciel, opts: Parameters<AuthentificateurLogiciel['signer']>[1] = {}) {
  const client = new ClientDeTest(b.app);
  await client.get('/connexion');
  const o = await client.postJson('/connexion/cle-acces/options');
  assert.equal(o.statusCode, 200, o.body);
  const reponse = auth.signer(o.json(), opts);
  const r = await client.post('/connexion/cle-acces', { reponse: JSON.stringify(reponse) });
  return { client, r };
}

function audit(action: string, compteId: string) {
  return b.database.db.selectFrom('journal_audit').select(['action', 'details']).where('action', '=', action).where('cible', '=', `compte:${compteId}`).execute();
}

function tentatives(compteId: string) {
  return b.database.db.selectFrom('tentative_connexion').select(['methode', 'resultat']).where('compte_id', '=', compteId).orderBy('id').execute();
}

describe('Ma sécurité : enregistrer une clé d’accès', () => {
  test('options, cérémonie, puis la clé est listée sous son nom et inscrite au journal d’audit', async () => {
    const { c, client } = await connecte();
    const page = await client.get('/portail/securite');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Ma sécurité<\/h1>/);
    assert.match(page.body, /Vous n’avez encore enregistré aucune clé d’accès/);
    assert.match(page.body, /src="\/webauthn\/navigateur\.js"/);

    await client.get('/portail/securite');
    const o = await client.postJson('/portail/securite/cles-acces/options', { nom: 'Téléphone' });
    const options = o.json();
    assert.equal(options.rp.id, 'localhost');
    assert.equal(options.user.name, c.identifiant);
    assert.equal(options.authenticatorSelection.residentKey, 'required');
    assert.notEqual(options.user.id, Buffer.from(c.id).toString('base64url'), 'la poignée n’est pas l’id du compte');
    const auth = new AuthentificateurLogiciel(ORIGINE);
    const { reponse } = auth.creer(options);
    const r = await client.post('/portail/securite/cles-acces', { nom: '  Téléphone   pro ', reponse: JSON.stringify(reponse) });
    assert.equal(r.statusCode, 303, r.body);
    assert.equal(r.headers.location, '/portail/securite?fait=cle-enregistree');
    const apres = await client.get(r.headers.location as string);
    assert.match(apres.body, /Votre clé d’accès est enregistrée/);
    assert.match(apres.body, /<td>Téléphone pro<\/td>/);
    assert.deepEqual((await audit('CLE_ACCES_ENREGISTREE', c.id)).map((a) => a.details), [{ nom: 'Téléphone pro' }]);

    // The same answer again: the challenge has been used.
    const rejoue = await client.post('/portail/securite/cles-acces', { nom: 'Encore', reponse: JSON.stringify(reponse) });
    assert.equal(rejoue.statusCode, 400);
    assert.match(rejoue.body, /La demande d’enregistrement a expiré : recommencez/);
    const { n } = await b.database.db.selectFrom('cle_acces').select((eb) => eb.fn.countAll<string>().as('n')).where('compte_id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(Number(n), 1);

    // The next options exclude the passkey already registered.
    const o2 = await client.postJson('/portail/securite/cles-acces/options', { nom: 'Autre' });
    assert.deepEqual(
      o2.json().excludeCredentials.map((x: { id: string }) => x.id),
      [reponse.id],
    );
  });

  test('sans jeton CSRF, les options sont refusées (403) et aucun défi n’est posé', async () => {
    const { c, client } = await connecte();
    const r = await client.postJson('/portail/securite/cles-acces/options', { nom: 'X' }, { csrf: null });
    assert.equal(r.statusCode, 403);
    const defis = await b.database.db.selectFrom('defi_webauthn').select('lien').where('compte_id', '=', c.id).execute();
    assert.equal(defis.length, 0);
  });

  test('un nom vide est refusé avant la cérémonie (400, message en français)', async () => {
    const { client } = await connecte();
    await client.get('/portail/securite');
    const r = await client.postJson('/portail/securite/cles-acces/options', { nom: '   ' });
    assert.equal(r.statusCode, 400);
    assert.match(r.json().erreur, /Donnez un nom à cette clé d’accès/);
  });

  test('un défi expiré (plus de 5 minutes) est refusé', async () => {
    const { client } = await connecte();
    await client.get('/portail/securite');
    const o = await client.postJson('/portail/securite/cles-acces/options', { nom: 'Lent' });
    const { reponse } = new AuthentificateurLogiciel(ORIGINE).creer(o.json());
    b.clock.advance(5 * 60_000 + 1);
    try {
      const r = await client.post('/portail/securite/cles-acces', { nom: 'Lent', reponse: JSON.stringify(reponse) });
      assert.equal(r.statusCode, 400);
      assert.match(r.body, /a expiré/);
    } finally {
      b.clock.set('2026-11-30T09:00:00Z');
    }
  });

  test('le défi est lié à la session : une autre session du même compte ne peut pas y répondre', async () => {
    const { c, client } = await connecte();
    const autre = new ClientDeTest(b.app);
    await autre.connecter(c.identifiant, c.motDePasse);
    await client.get('/portail/securite');
    const o = await client.postJson('/portail/securite/cles-acces/options', { nom: 'A' });
    const { reponse } = new AuthentificateurLogiciel(ORIGINE).creer(o.json());
    await autre.get('/portail/securite');
    const r = await autre.post('/portail/securite/cles-acces', { nom: 'A', reponse: JSON.stringify(reponse) });
    assert.equal(r.statusCode, 400);
  });

  test('une réponse venue d’une autre origine, ou illisible, est refusée', async () => {
    const { client } = await connecte();
    const r1 = await enregistrer(client, new AuthentificateurLogiciel('http://phishing.example'));
    assert.equal(r1.statusCode, 400);
    assert.match(r1.body, /n’a pas pu être vérifié/);
    await client.get('/portail/securite');
    await client.postJson('/portail/securite/cles-acces/options', { nom: 'X' });
    const r2 = await client.post('/portail/securite/cles-acces', { nom: 'X', reponse: '{"id":' });
    assert.equal(r2.statusCode, 400);
    assert.match(r2.body, /illisible/);
  });

  test('renommer puis supprimer, journalisés ; la clé d’un autre compte est introuvable (404)', async () => {
    const { c, client } = await connecte();
    assert.equal((await enregistrer(client, new AuthentificateurLogiciel(ORIGINE), 'Clé USB')).statusCode, 303);
    const { id } = await b.database.db.selectFrom('cle_acces').select('id').where('compte_id', '=', c.id).executeTakeFirstOrThrow();

    const { client: intrus } = await connecte();
    await intrus.get('/portail/securite');
    assert.equal((await intrus.post(`/portail/securite/cles-acces/${id}/renommer`, { [`nom-${id}`]: 'Volée' })).statusCode, 404);
    assert.equal((await intrus.post(`/portail/securite/cles-acces/${id}/supprimer`)).statusCode, 404);

    await client.get('/portail/securite');
    const vide = await client.post(`/portail/securite/cles-acces/${id}/renommer`, { [`nom-${id}`]: ' ' });
    assert.equal(vide.statusCode, 400);
    assert.match(vide.body, /Donnez un nom/);
    const r = await client.post(`/portail/securite/cles-acces/${id}/renommer`, { [`nom-${id}`]: 'Clé bleue' });
    assert.equal(r.headers.location, '/portail/securite?fait=cle-renommee');
    assert.match((await client.get('/portail/securite')).body, /<td>Clé bleue<\/td>/);
    const s = await client.post(`/portail/securite/cles-acces/${id}/supprimer`);
    assert.equal(s.headers.location, '/portail/securite?fait=cle-supprimee');
    assert.match((await client.get('/portail/securite')).body, /aucune clé d’accès/);
    assert.deepEqual((await audit('CLE_ACCES_RENOMMEE', c.id)).map((a) => a.details), [{ avant: 'Clé USB', apres: 'Clé bleue' }]);
    assert.deepEqual((await audit('CLE_ACCES_SUPPRIMEE', c.id)).map((a) => a.details), [{ nom: 'Clé bleue' }]);
  });
});

describe('connexion par clé d’accès seule', () => {
  test('la page de connexion la propose ; la clé seule ouvre une session, compteur avancé, tentative inscrite', async () => {
    const { c, client } = await connecte();
    const auth = new AuthentificateurLogiciel(ORIGINE);
    await enregistrer(client, auth);
    const page = await new ClientDeTest(b.app).get('/connexion');
    assert.match(page.body, /Se connecter avec une clé d’accès/);

    const o = await new ClientDeTest(b.app).postJson('/connexion/cle-acces/options', {}, { csrf: null });
    assert.equal(o.statusCode, 403, 'options sans jeton CSRF refusées');

    const { client: nouveau, r } = await connexionParCle(auth);
    assert.equal(r.statusCode, 303, r.body);
    assert.equal(r.headers.location, '/portail');
    assert.equal((await nouveau.get('/portail')).statusCode, 200);
    const cle = await b.database.db.selectFrom('cle_acces').select(['compteur', 'utilisee_le']).where('compte_id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(cle.compteur, '1');
    assert.ok(cle.utilisee_le);
    assert.deepEqual((await tentatives(c.id)).at(-1), { methode: 'CLE_ACCES', resultat: 'SUCCES' });
  });

  test('un compteur de signature qui ne monte pas est refusé, inscrit au journal de connexion et d’audit', async () => {
    const { c, client } = await connecte();
    const auth = new AuthentificateurLogiciel(ORIGINE);
    await enregistrer(client, auth);
    assert.equal((await connexionParCle(auth, { compteur: 7 })).r.headers.location, '/portail');
    const { r } = await connexionParCle(auth, { compteur: 7 });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/connexion?raison=cle-acces');
    const refus = await new ClientDeTest(b.app).get(r.headers.location as string);
    assert.match(refus.body, /Cette clé d’accès n’a pas permis de vous connecter/);
    assert.deepEqual((await tentatives(c.id)).at(-1), { methode: 'CLE_ACCES', resultat: 'COMPTEUR_INVALIDE' });
    assert.equal((await audit('CLE_ACCES_COMPTEUR_INVALIDE', c.id)).length, 1);
    assert.equal((await connexionParCle(auth, { compteur: 8 })).r.headers.location, '/portail', 'la clé repart quand le compteur monte');
  });

  test('le défi de connexion ne sert qu’une fois', async () => {
    const { client } = await connecte();
    const auth = new AuthentificateurLogiciel(ORIGINE);
    await enregistrer(client, auth);
    const navigateur = new ClientDeTest(b.app);
    await navigateur.get('/connexion');
    const o = await navigateur.postJson('/connexion/cle-acces/options');
    const reponse = JSON.stringify(auth.signer(o.json()));
    const lien = navigateur.cookies.get('vivier_webauthn')!;
    assert.equal((await navigateur.post('/connexion/cle-acces', { reponse })).headers.location, '/portail');
    assert.equal(navigateur.cookies.get('vivier_webauthn'), undefined, 'le cookie du défi est effacé');
    // The same answer again, from a browser that kept the challenge's cookie.
    const copie = new ClientDeTest(b.app);
    await copie.get('/connexion');
    copie.cookies.set('vivier_webauthn', lien);
    const deux = await copie.post('/connexion/cle-acces', { reponse });
    assert.equal(deux.headers.location, '/connexion?raison=cle-expiree');
  });

  test('une clé inconnue, une mauvaise origine, une poignée d’un autre compte ou un compte désactivé : refusés', async () => {
    const { c, client } = await connecte();
    const auth = new AuthentificateurLogiciel(ORIGINE);
    await enregistrer(client, auth);

    const inconnue = new AuthentificateurLogiciel(ORIGINE);
    inconnue.creer({ challenge: 'x', rp: { id: 'localhost' }, user: { id: 'AAAA' } });
    assert.equal((await connexionParCle(inconnue)).r.headers.location, '/connexion?raison=cle-acces');
    assert.equal((await connexionParCle(auth, { origine: 'http://phishing.example' })).r.headers.location, '/connexion?raison=cle-acces');
    assert.equal((await connexionParCle(auth, { poignee: Buffer.from('autre') })).r.headers.location, '/connexion?raison=cle-acces');
    assert.equal((await connexionParCle(auth, { uv: false })).r.headers.location, '/connexion?raison=cle-acces', 'vérification de l’utilisateur exigée');
    await b.database.db.updateTable('compte').set({ actif: false }).where('id', '=', c.id).execute();
    assert.equal((await connexionParCle(auth)).r.headers.location, '/connexion?raison=cle-acces');
    const resultats = (await tentatives(c.id)).map((t) => t.resultat).slice(-4);
    assert.deepEqual(resultats, ['CLE_ACCES_REFUSEE', 'CLE_ACCES_REFUSEE', 'CLE_ACCES_REFUSEE', 'COMPTE_INACTIF']);
  });
});

describe('clé d’accès exigée après le mot de passe (second facteur)', () => {
  test('mot de passe juste : pas de session avant la clé ; la clé du compte l’ouvre et ramène à la page demandée', async () => {
    const { c, client } = await connecte();
    const auth = new AuthentificateurLogiciel(ORIGINE);
    await client.get('/portail/securite');
    const sans = await client.post('/portail/securite/cle-exigee', { exigee: 'oui' });
    assert.equal(sans.statusCode, 409, 'refusé sans clé enregistrée');
    await enregistrer(client, auth);
    await client.get('/portail/securite');
    assert.equal((await client.post('/portail/securite/cle-exigee', { exigee: 'oui' })).headers.location, '/portail/securite?fait=cle-exigee');
    assert.equal((await audit('CLE_ACCES_EXIGEE', c.id)).length, 1);

    const navigateur = new ClientDeTest(b.app);
    await navigateur.get('/connexion?retour=%2Fportail%2Ffavoris');
    const r = await navigateur.post('/connexion', { identifiant: c.identifiant, mot_de_passe: c.motDePasse, retour: '/portail/favoris' });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/connexion/second-facteur');
    assert.equal((await navigateur.get('/portail')).statusCode, 303, 'aucune session ouverte par le seul mot de passe');
    const page = await navigateur.get('/connexion/second-facteur');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Confirmez avec votre clé d’accès/);
    const o = await navigateur.postJson('/connexion/second-facteur/options');
    const options = o.json();
    assert.deepEqual(
      options.allowCredentials.map((x: { id: string }) => x.id),
      [auth.identifiants[0]!.id.toString('base64url')],
    );
    const fin = await navigateur.post('/connexion/second-facteur', { reponse: JSON.stringify(auth.signer(options, { uv: false })) });
    assert.equal(fin.statusCode, 303, fin.body);
    assert.equal(fin.headers.location, '/portail/favoris');
    assert.equal((await navigateur.get('/portail')).statusCode, 200);
    assert.deepEqual((await tentatives(c.id)).slice(-2), [
      { methode: 'MOT_DE_PASSE', resultat: 'PREMIER_FACTEUR' },
      { methode: 'CLE_ACCES', resultat: 'SUCCES' },
    ]);
  });

  test('la clé d’un autre compte ne complète pas la connexion, et l’attente est consommée', async () => {
    const { c, client } = await connecte();
    const auth = new AuthentificateurLogiciel(ORIGINE);
    await enregistrer(client, auth);
    await client.get('/portail/securite');
    await client.post('/portail/securite/cle-exigee', { exigee: 'oui' });
    const { client: autreClient } = await connecte();
    const autre = new AuthentificateurLogiciel(ORIGINE);
    await enregistrer(autreClient, autre);

    const navigateur = new ClientDeTest(b.app);
    await navigateur.get('/connexion');
    await navigateur.post('/connexion', { identifiant: c.identifiant, mot_de_passe: c.motDePasse });
    await navigateur.get('/connexion/second-facteur');
    const o = await navigateur.postJson('/connexion/second-facteur/options');
    const r = await navigateur.post('/connexion/second-facteur', { reponse: JSON.stringify(autre.signer(o.json())) });
    assert.equal(r.statusCode, 401);
    assert.equal((await navigateur.get('/portail')).statusCode, 303);
    assert.equal((await navigateur.get('/connexion/second-facteur')).headers.location, '/connexion', 'l’attente a servi');
    assert.equal((await navigateur.postJson('/connexion/second-facteur/options')).statusCode, 409);
  });

  test('sans attente en cours, la page du second facteur renvoie à la connexion', async () => {
    const r = await new ClientDeTest(b.app).get('/connexion/second-facteur');
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/connexion');
  });
});
