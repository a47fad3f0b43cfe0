import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { entetesSecurite } from '../../shared/http/entetes.ts';

let b: Banc;
before(async () => {
  b = await banc();
});
after(async () => {
  await b.fermer();
});

async function idApplication(libelle: string): Promise<string> {
  const r = await b.database.db.selectFrom('application').select('id').where('libelle', '=', libelle).executeTakeFirstOrThrow();
  return r.id;
}

async function agentConnecte() {
  const c = await creerCompte(b.database, { roles: ['AGENT'] });
  const client = new ClientDeTest(b.app);
  await client.connecter(c.identifiant, c.motDePasse);
  await client.get('/portail');
  return { c, client };
}

function favoris(compteId: string) {
  return b.database.db.selectFrom('favori').innerJoin('application', 'application.id', 'favori.application_id').select(['application.libelle', 'favori.ordre']).where('compte_id', '=', compteId).orderBy('ordre').execute();
}

describe('accueil du portail', () => {
  test('les rubriques du catalogue et I-Prof Enseignant sous Gestion des personnels', async () => {
    const { client } = await agentConnecte();
    const r = await client.get('/portail');
    assert.equal(r.statusCode, 200);
    for (const texte of ['Accédez à vos applications', 'Scolarité du 1er degré', 'Gestion des personnels', 'Support et Assistance', 'I-Prof Assistant Carrière', 'I-Prof Enseignant', 'Gérer mes favoris', 'Déconnexion']) {
      assert.ok(r.body.includes(texte), `« ${texte} » attendu`);
    }
    assert.match(r.body, /href="\/iprof"/);
    // The user menu (header tools) leads to the OTP key page.
    assert.match(r.body, /<a class="fr-btn fr-icon-lock-line" href="\/portail\/securite">Ma sécurité<\/a>/);
  });

  test('une application n’apparaît qu’aux rôles qu’elle nomme', async () => {
    const { client } = await agentConnecte();
    const r = await client.get('/portail');
    assert.ok(!r.body.includes('OSCAR - Saisie'), 'OSCAR est réservé aux personnels');
    const g = await creerCompte(b.database, { roles: ['GESTIONNAIRE'] });
    const cg = new ClientDeTest(b.app);
    await cg.connecter(g.identifiant, g.motDePasse);
    assert.ok((await cg.get('/portail')).body.includes('OSCAR - Saisie'));
  });

  test('les bandeaux en cours s’affichent sous « Informations importantes », pas ceux qui sont finis ou inactifs', async () => {
    const maintenant = b.clock.now();
    await b.database.db
      .insertInto('bandeau')
      .values([
        { titre: 'Maintenance jeudi', message: 'Interruption de 12 h à 14 h.', niveau: 'warning', debut: new Date(maintenant.getTime() - 1000), fin: null },
        { titre: 'Ancien message', message: 'Fini.', niveau: 'info', debut: null, fin: new Date(maintenant.getTime() - 1) },
        { titre: 'Brouillon', message: 'Inactif.', niveau: 'info', debut: null, fin: null, actif: false },
      ])
      .execute();
    const { client } = await agentConnecte();
    const r = await client.get('/portail');
    assert.match(r.body, /Informations importantes/);
    assert.match(r.body, /Maintenance jeudi/);
    assert.doesNotMatch(r.body, /Ancien message|Brouillon/);
  });

  test('un texte d’application contenant du HTML est échappé', async () => {
    const rub = await b.database.db.selectFrom('rubrique').select('id').executeTakeFirstOrThrow();
    await b.database.db.insertInto('application').values({ rubrique_id: rub.id, groupe: '<b>G</b>', libelle: '<script>alert(1)</script>', url: 'https://x.example.invalid/', roles: ['AGENT'] }).execute();
    const { client } = await agentConnecte();
    const r = await client.get('/portail');
    assert.ok(!r.body.includes('<script>alert(1)</script>'));
    assert.ok(r.body.includes('&lt;script>alert(1)&lt;/script>') || r.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });
});

describe('favoris', () => {
  test('ajouter, réordonner puis retirer des favoris ; ils restent d’une session à l’autre', async () => {
    const { c, client } = await agentConnecte();
    const iprof = await idApplication('I-Prof Enseignant');
    const dt = await idApplication('Déplacements Temporaires');
    let r = await client.post('/portail/favoris/ajouter', { application_id: iprof, retour: '/portail' });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/portail?fait=favori-ajoute');
    await client.get('/portail/favoris');
    await client.post('/portail/favoris/ajouter', { application_id: dt, retour: '/portail/favoris' });
    assert.deepEqual(await favoris(c.id), [
      { libelle: 'I-Prof Enseignant', ordre: 1 },
      { libelle: 'Déplacements Temporaires', ordre: 2 },
    ]);
    // The same add twice (double click) keeps one favourite.
    await client.post('/portail/favoris/ajouter', { application_id: dt });
    assert.equal((await favoris(c.id)).length, 2);

    await client.get('/portail/favoris');
    r = await client.post(`/portail/favoris/${dt}/deplacer`, { sens: 'haut' });
    assert.equal(r.headers.location, '/portail/favoris?fait=favori-deplace');
    assert.deepEqual((await favoris(c.id)).map((f) => f.libelle), ['Déplacements Temporaires', 'I-Prof Enseignant']);

    const autre = new ClientDeTest(b.app);
    await autre.connecter(c.identifiant, c.motDePasse);
    const page = await autre.get('/portail');
    const section = page.body.slice(page.body.indexOf('id="titre-favoris"'), page.body.indexOf('id="titre-applications"'));
    assert.ok(section.indexOf('Déplacements Temporaires') < section.indexOf('I-Prof Enseignant'), 'favoris dans l’ordre choisi');

    r = await autre.post(`/portail/favoris/${iprof}/retirer`, { retour: '/portail' });
    assert.equal(r.statusCode, 303);
    assert.deepEqual((await favoris(c.id)).map((f) => f.libelle), ['Déplacements Temporaires']);
  });

  test('une application invisible pour le rôle ne peut pas devenir un favori', async () => {
    const { c, client } = await agentConnecte();
    const oscar = await idApplication('OSCAR - Saisie de l’offre de formation');
    const r = await client.post('/portail/favoris/ajouter', { application_id: oscar });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(await favoris(c.id), []);
  });

  const invalides: Array<[string, string, Record<string, string | string[]>, number]> = [
    ['identifiant non numérique', '/portail/favoris/ajouter', { application_id: 'abc' }, 400],
    ['identifiant de 10 ko', '/portail/favoris/ajouter', { application_id: '9'.repeat(10_000) }, 400],
    ['identifiant en double', '/portail/favoris/ajouter', { application_id: ['1', '2'] }, 400],
    ['sens inconnu', '/portail/favoris/1/deplacer', { sens: 'gauche' }, 400],
    ['application inexistante', '/portail/favoris/999999/retirer', {}, 404],
    ['identifiant d’URL invalide', '/portail/favoris/x%00y/retirer', {}, 400],
  ];
  for (const [titre, url, champs, statut] of invalides) {
    test(`${titre} : ${statut}, message en français, rien ne change`, async () => {
      const { c, client } = await agentConnecte();
      const r = await client.post(url, champs);
      assert.equal(r.statusCode, statut);
      assert.match(r.body, /<html lang="fr"/);
      assert.deepEqual(await favoris(c.id), []);
    });
  }
});

describe('pages et accès', () => {
  test('une page protégée demande la connexion, en retenant l’adresse demandée', async () => {
    const r = await new ClientDeTest(b.app).get('/iprof');
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/connexion?retour=%2Fiprof&raison=session');
  });

  test('I-Prof Enseignant s’ouvre pour un agent connecté', async () => {
    const { client } = await agentConnecte();
    const r = await client.get('/iprof');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<h1>I-Prof Enseignant<\/h1>/);
  });

  test('une adresse inconnue donne une page 404 en français', async () => {
    const r = await new ClientDeTest(b.app).get('/nulle-part');
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /Page non trouvée/);
  });

  test('les en-têtes de sécurité sont posés', async () => {
    const r = await new ClientDeTest(b.app).get('/connexion');
    assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
    assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(String(r.headers['set-cookie']), /HttpOnly; SameSite=Lax/);
    assert.equal(r.headers['strict-transport-security'], undefined, 'HSTS seulement en production (HTTPS)');
    for (const url of ['/nexiste-pas', '/dsfr/dsfr.min.css']) {
      const autre = await new ClientDeTest(b.app).get(url);
      for (const [nom, valeur] of Object.entries(entetesSecurite({ production: false }))) assert.equal(autre.headers[nom], valeur, `${url} : ${nom}`);
    }
    assert.match(entetesSecurite({ production: true })['strict-transport-security']!, /max-age=31536000; includeSubDomains/);
  });

  test('une page vue connecté n’est pas gardée en cache ; les fichiers du DSFR le sont', async () => {
    const { client } = await agentConnecte();
    assert.equal((await client.get('/portail')).headers['cache-control'], 'no-store');
    assert.match(String((await client.get('/dsfr/dsfr.min.css')).headers['cache-control']), /max-age=86400/);
  });

  test('l’état de santé rend compte de la base', async () => {
    const r = await b.app.inject({ method: 'GET', url: '/sante' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().base.statut, 'ok');
  });
});
