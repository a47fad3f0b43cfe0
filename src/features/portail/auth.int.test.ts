import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { buildApp } from '../../app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { hacher } from '../../shared/securite/motdepasse.ts';
import { genererCode, pasDeTemps } from './totp.ts';
import { MESSAGE_ECHEC_CONNEXION } from './auth.views.tsx';

let b: Banc;
before(async () => {
  b = await banc();
});
after(async () => {
  await b.fermer();
});

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function compteAvecOtp(pin = '1984') {
  const c = await creerCompte(b.database);
  await b.database.db
    .insertInto('cle_otp')
    .values({ compte_id: c.id, secret_base32: SECRET, statut: 'ACTIVE', pin_hash: await hacher(pin), dernier_pas: 0, emise_le: b.clock.now(), activee_le: b.clock.now() })
    .execute();
  return c;
}

function tentatives(compteId: string) {
  return b.database.db.selectFrom('tentative_connexion').select(['methode', 'resultat', 'adresse']).where('compte_id', '=', compteId).orderBy('id').execute();
}

const echec = (html: string) => html.includes(MESSAGE_ECHEC_CONNEXION.replace(/’/g, '&#8217;')) || html.includes(MESSAGE_ECHEC_CONNEXION);

describe('connexion par mot de passe', () => {
  test('le bon mot de passe ouvre une session et mène à l’accueil', async () => {
    const c = await creerCompte(b.database, { nom: 'Alice Agent' });
    const client = new ClientDeTest(b.app);
    const r = await client.connecter(c.identifiant, c.motDePasse);
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/portail');
    const accueil = await client.get('/portail');
    assert.equal(accueil.statusCode, 200);
    assert.match(accueil.body, /Bienvenue Alice Agent/);
    assert.doesNotMatch(accueil.body, /Dernière connexion/, 'rien à la première connexion');
    assert.equal(accueil.headers['cache-control'], 'no-store');
    assert.deepEqual(await tentatives(c.id), [{ methode: 'MOT_DE_PASSE', resultat: 'SUCCES', adresse: '203.0.113.10' }]);
  });

  test('l’identifiant est reconnu sans tenir compte de la casse ni des espaces', async () => {
    const c = await creerCompte(b.database);
    const r = await new ClientDeTest(b.app).connecter(`  ${c.identifiant.toUpperCase()} `, c.motDePasse);
    assert.equal(r.statusCode, 303);
  });

  test('« Dernière connexion » affiche la connexion précédente, à l’heure de Paris', async () => {
    const c = await creerCompte(b.database);
    b.clock.set('2026-07-14T17:17:00Z'); // 19:17 in Paris (summer time)
    await new ClientDeTest(b.app).connecter(c.identifiant, c.motDePasse);
    b.clock.set('2026-11-30T09:00:00Z');
    const client = new ClientDeTest(b.app);
    await client.connecter(c.identifiant, c.motDePasse);
    const accueil = await client.get('/portail');
    assert.match(accueil.body, /Dernière connexion le 14\/07\/2026 à 19:17/);
  });

  test('identifiant inconnu, mauvais mot de passe et compte sans mot de passe : même message, même statut', async () => {
    const c = await creerCompte(b.database);
    const sansMdp = await creerCompte(b.database);
    await b.database.db.updateTable('compte').set({ mot_de_passe_hash: null }).where('id', '=', sansMdp.id).execute();
    const reponses = [
      await new ClientDeTest(b.app).connecter('personne-inconnue', 'Nimporte-quoi-1!'),
      await new ClientDeTest(b.app).connecter(c.identifiant, 'Mauvais-mot-de-passe-1!'),
      await new ClientDeTest(b.app).connecter(sansMdp.identifiant, 'Nimporte-quoi-1!'),
    ];
    for (const r of reponses) {
      assert.equal(r.statusCode, 401);
      assert.ok(echec(r.body), 'message générique attendu');
      assert.equal(String(r.headers['set-cookie'] ?? '').includes('vivier_session='), false);
    }
    const inconnu = await b.database.db.selectFrom('tentative_connexion').select('resultat').where('identifiant_saisi', '=', 'personne-inconnue').execute();
    assert.deepEqual(inconnu, [{ resultat: 'COMPTE_INCONNU' }]);
  });
});

describe('connexion par passcode OTP', () => {
  test('PIN suivi du code de la clé ouvre une session', async () => {
    const c = await compteAvecOtp();
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const r = await client.post('/connexion', { identifiant: c.identifiant, passcode: `1984${genererCode(SECRET, b.clock.now())}` });
    assert.equal(r.statusCode, 303);
    assert.deepEqual((await tentatives(c.id)).map((t) => [t.methode, t.resultat]), [['OTP', 'SUCCES']]);
  });

  test('un code déjà utilisé est refusé, même dans une autre session', async () => {
    const c = await compteAvecOtp();
    const passcode = `1984${genererCode(SECRET, b.clock.now())}`;
    const premier = new ClientDeTest(b.app);
    await premier.get('/connexion');
    assert.equal((await premier.post('/connexion', { identifiant: c.identifiant, passcode })).statusCode, 303);
    const second = new ClientDeTest(b.app);
    await second.get('/connexion');
    const r = await second.post('/connexion', { identifiant: c.identifiant, passcode });
    assert.equal(r.statusCode, 401);
    assert.ok(echec(r.body));
    assert.equal((await tentatives(c.id)).at(-1)?.resultat, 'CODE_DEJA_UTILISE');
  });

  test('le code du pas précédent est accepté une fois, pas un code plus ancien que le dernier utilisé', async () => {
    const c = await compteAvecOtp();
    const maintenant = b.clock.now();
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const precedent = `1984${genererCode(SECRET, new Date(maintenant.getTime() - 30_000))}`;
    assert.equal((await client.post('/connexion', { identifiant: c.identifiant, passcode: precedent })).statusCode, 303);
    const cle = await b.database.db.selectFrom('cle_otp').select('dernier_pas').where('compte_id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(Number(cle.dernier_pas), pasDeTemps(maintenant) - 1);
  });

  test('mauvais PIN ou code faux : même message générique', async () => {
    const c = await compteAvecOtp();
    const code = genererCode(SECRET, b.clock.now());
    for (const passcode of [`0000${code}`, '1984000000']) {
      const client = new ClientDeTest(b.app);
      await client.get('/connexion');
      const r = await client.post('/connexion', { identifiant: c.identifiant, passcode });
      assert.equal(r.statusCode, 401);
      assert.ok(echec(r.body));
    }
  });

  test('un compte sans clé active ne se connecte pas par passcode', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const r = await client.post('/connexion', { identifiant: c.identifiant, passcode: `1984${genererCode(SECRET, b.clock.now())}` });
    assert.equal(r.statusCode, 401);
  });
});

describe('verrouillage progressif', () => {
  test('après 5 échecs, même le bon mot de passe est refusé jusqu’à la fin du délai ; puis accepté', async () => {
    const c = await creerCompte(b.database);
    for (let i = 0; i < 5; i++) assert.equal((await new ClientDeTest(b.app).connecter(c.identifiant, 'Faux-mot-de-passe-1!')).statusCode, 401);
    const bloque = await new ClientDeTest(b.app).connecter(c.identifiant, c.motDePasse);
    assert.equal(bloque.statusCode, 401, 'verrouillé : même statut');
    assert.ok(echec(bloque.body), 'verrouillé : même message');
    assert.equal((await tentatives(c.id)).at(-1)?.resultat, 'COMPTE_VERROUILLE');
    b.clock.advance(60_000);
    assert.equal((await new ClientDeTest(b.app).connecter(c.identifiant, c.motDePasse)).statusCode, 303);
    const compte = await b.database.db.selectFrom('compte').select(['echecs_consecutifs', 'verrouille_jusqu_au']).where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.deepEqual(compte, { echecs_consecutifs: 0, verrouille_jusqu_au: null });
  });

  test('le verrou est commun aux deux méthodes', async () => {
    const c = await compteAvecOtp();
    for (let i = 0; i < 5; i++) await new ClientDeTest(b.app).connecter(c.identifiant, 'Faux-mot-de-passe-1!');
    b.clock.advance(30_000);
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const r = await client.post('/connexion', { identifiant: c.identifiant, passcode: `1984${genererCode(SECRET, b.clock.now())}` });
    assert.equal(r.statusCode, 401);
    b.clock.advance(60_000);
  });

  test('après 10 échecs le compte est verrouillé une heure', async () => {
    const c = await creerCompte(b.database);
    for (let i = 0; i < 10; i++) {
      await new ClientDeTest(b.app).connecter(c.identifiant, 'Faux-mot-de-passe-1!');
      b.clock.advance(20 * 60_000); // past each progressive delay
    }
    const compte = await b.database.db.selectFrom('compte').select(['echecs_consecutifs', 'verrouille_jusqu_au', 'dernier_echec_le']).where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(compte.echecs_consecutifs, 10);
    assert.equal(compte.verrouille_jusqu_au!.getTime() - compte.dernier_echec_le!.getTime(), 60 * 60_000);
    b.clock.advance(30 * 60_000 - 20 * 60_000);
    assert.equal((await new ClientDeTest(b.app).connecter(c.identifiant, c.motDePasse)).statusCode, 401);
    b.clock.advance(31 * 60_000);
    assert.equal((await new ClientDeTest(b.app).connecter(c.identifiant, c.motDePasse)).statusCode, 303);
  });
});

describe('session', () => {
  test('l’identifiant de session change à la connexion et l’ancien est refusé', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.connecter(c.identifiant, c.motDePasse);
    const premier = client.cookies.get('vivier_session')!;
    await client.get('/portail'); // a logged-in user posts the login form again (another tab): new session id
    assert.equal((await client.post('/connexion', { identifiant: c.identifiant, mot_de_passe: c.motDePasse })).statusCode, 303);
    const second = client.cookies.get('vivier_session')!;
    assert.notEqual(premier, second);
    const vieux = new ClientDeTest(b.app);
    vieux.cookies.set('vivier_session', premier);
    const r = await vieux.get('/portail');
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), /^\/connexion\?retour=%2Fportail/);
  });

  test('le jeton de session n’est pas stocké en clair', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.connecter(c.identifiant, c.motDePasse);
    const jeton = client.cookies.get('vivier_session')!;
    const lignes = await b.database.db.selectFrom('session').select('id').where('compte_id', '=', c.id).execute();
    assert.equal(lignes.length, 1);
    assert.notEqual(lignes[0]!.id, jeton);
  });

  test('la déconnexion supprime la session côté serveur', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.connecter(c.identifiant, c.motDePasse);
    const jeton = client.cookies.get('vivier_session')!;
    await client.get('/portail');
    b.clock.advance(5 * 60_000);
    const r = await client.post('/deconnexion');
    assert.equal(r.statusCode, 303);
    assert.equal((await b.database.db.selectFrom('session').select('id').where('compte_id', '=', c.id).execute()).length, 0);
    const journal = await b.database.db.selectFrom('tentative_connexion').select(['le', 'identifiant_saisi', 'methode', 'resultat', 'adresse']).where('compte_id', '=', c.id).orderBy('id').execute();
    assert.deepEqual(
      journal.map((t) => [t.le.getTime() - b.clock.now().getTime(), t.identifiant_saisi, t.methode, t.resultat, t.adresse]),
      [
        [-5 * 60_000, c.identifiant, 'MOT_DE_PASSE', 'SUCCES', '203.0.113.10'],
        [0, c.identifiant, null, 'DECONNEXION', '203.0.113.10'],
      ],
      'la déconnexion est inscrite au journal de connexion',
    );
    const rejoue = new ClientDeTest(b.app);
    rejoue.cookies.set('vivier_session', jeton);
    assert.equal((await rejoue.get('/portail')).statusCode, 303);
  });

  test('30 minutes d’inactivité ferment la session ; se reconnecter ramène sur la page demandée', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.connecter(c.identifiant, c.motDePasse);
    assert.equal((await client.get('/portail/favoris')).statusCode, 200);
    b.clock.advance(30 * 60_000);
    const r = await client.get('/portail/favoris');
    assert.equal(r.statusCode, 303);
    const connexion = await client.get(String(r.headers.location));
    assert.match(connexion.body, /Votre session a expiré/);
    const apres = await client.post('/connexion', { identifiant: c.identifiant, mot_de_passe: c.motDePasse, retour: '/portail/favoris' });
    assert.equal(apres.headers.location, '/portail/favoris');
  });

  test('un formulaire envoyé après expiration renvoie vers la connexion puis vers la page d’origine', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.connecter(c.identifiant, c.motDePasse);
    await client.get('/portail/favoris');
    b.clock.advance(31 * 60_000);
    const r = await client.post('/portail/favoris/ajouter', { application_id: '1' }, { headers: { referer: 'http://localhost:80/portail/favoris', host: 'localhost:80' } });
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), /^\/connexion\?retour=%2Fportail%2Ffavoris/);
  });

  test('le retour après connexion n’accepte que les chemins du site', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const r = await client.post('/connexion', { identifiant: c.identifiant, mot_de_passe: c.motDePasse, retour: '//evil.example/' });
    assert.equal(r.headers.location, '/portail');
  });
});

describe('CSRF', () => {
  test('une connexion sans jeton CSRF est refusée (403) et n’ouvre aucune session', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const r = await client.post('/connexion', { identifiant: c.identifiant, mot_de_passe: c.motDePasse }, { csrf: null });
    assert.equal(r.statusCode, 403);
    assert.match(r.body, /rien n’a été modifié/);
    assert.equal((await b.database.db.selectFrom('session').select('id').where('compte_id', '=', c.id).execute()).length, 0);
  });

  test('un jeton anonyme qui ne correspond pas au cookie est refusé', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const r = await client.post('/connexion', { identifiant: c.identifiant, mot_de_passe: c.motDePasse }, { csrf: 'x'.repeat(43) });
    assert.equal(r.statusCode, 403);
  });

  test('une action connectée sans le jeton de la session est refusée et ne change rien', async () => {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.connecter(c.identifiant, c.motDePasse);
    await client.get('/portail');
    const r = await client.post('/portail/favoris/ajouter', { application_id: '1' }, { csrf: 'mauvais' });
    assert.equal(r.statusCode, 403);
    assert.equal((await b.database.db.selectFrom('favori').select('application_id').where('compte_id', '=', c.id).execute()).length, 0);
    const d = await client.post('/deconnexion', {}, { csrf: null });
    assert.equal(d.statusCode, 403);
    assert.equal((await b.database.db.selectFrom('session').select('id').where('compte_id', '=', c.id).execute()).length, 1);
  });
});

describe('saisies invalides sur le formulaire de connexion', () => {
  const cas: Array<[string, Record<string, string | string[]>, RegExp]> = [
    ['formulaire vide', {}, /L’identifiant est obligatoire/],
    ['identifiant sans secret', { identifiant: 'jdupont' }, /Saisissez votre mot de passe, ou votre passcode OTP/],
    ['les deux secrets', { identifiant: 'jdupont', mot_de_passe: 'x', passcode: '1984123456' }, /pas les deux/],
    ['passcode trop court', { identifiant: 'jdupont', passcode: '1984' }, /10 chiffres/],
    ['identifiant de 10 ko', { identifiant: 'a'.repeat(10_000), mot_de_passe: 'x' }, /ne doit pas dépasser 100 caractères/],
    ['mot de passe de 10 ko', { identifiant: 'jdupont', mot_de_passe: 'a'.repeat(10_000) }, /ne doit pas dépasser 200 caractères/],
    ['caractères de contrôle', { identifiant: 'jd\u0000upont', mot_de_passe: 'x' }, /caractères non autorisés/],
    ['champ envoyé deux fois', { identifiant: ['a', 'b'], mot_de_passe: 'x' }, /valeur invalide/],
  ];
  for (const [titre, champs, message] of cas) {
    test(`${titre} : message en français, statut 400, pas de session`, async () => {
      const client = new ClientDeTest(b.app);
      await client.get('/connexion');
      const r = await client.post('/connexion', champs);
      assert.equal(r.statusCode, 400);
      assert.match(r.body, message);
      assert.match(r.body, /fr-input-group--error|fr-alert--error/);
      assert.equal(client.cookies.has('vivier_session'), false);
    });
  }

  test('un corps JSON mal formé donne une page d’erreur en français, pas une 500', async () => {
    const r = await b.app.inject({ method: 'POST', url: '/connexion', payload: '{"identifiant":', headers: { 'content-type': 'application/json' } });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /La requête envoyée est invalide\. Rechargez la page et recommencez : rien n’a été modifié\./);
  });
});

describe('limite par adresse', () => {
  test('au-delà de la limite, les tentatives d’une même adresse reçoivent 429 sans être vérifiées ; le premier refus de la fenêtre est journalisé', async () => {
    const petit = await banc({ limiteConnexions: { max: 3, fenetreMs: 60_000 } });
    try {
      const c = await creerCompte(petit.database);
      const client = new ClientDeTest(petit.app);
      client.adresse = '198.51.100.7';
      await client.get('/connexion');
      const statuts: number[] = [];
      for (let i = 0; i < 3; i++) statuts.push((await client.post('/connexion', { identifiant: c.identifiant, mot_de_passe: 'Faux-mot-de-passe-1!' })).statusCode);
      const refus = await client.post('/connexion', { identifiant: ` ${c.identifiant.toUpperCase()}`, mot_de_passe: c.motDePasse });
      statuts.push(refus.statusCode);
      for (let i = 0; i < 2; i++) statuts.push((await client.post('/connexion', { identifiant: 'autre-compte', passcode: '1984123456' })).statusCode);
      assert.deepEqual(statuts, [401, 401, 401, 429, 429, 429]);
      assert.match(refus.body, /Trop de tentatives de connexion depuis votre adresse : patientez \d+ s avant de réessayer/);
      assert.match(String(refus.headers['retry-after']), /^\d+$/);
      assert.equal(client.cookies.has('vivier_session'), false, 'le bon mot de passe n’a pas été vérifié');

      const journal = await petit.database.db.selectFrom('tentative_connexion').select(['identifiant_saisi', 'compte_id', 'methode', 'resultat', 'adresse']).orderBy('id').execute();
      const faux = { identifiant_saisi: c.identifiant, compte_id: c.id, methode: 'MOT_DE_PASSE', resultat: 'MOT_DE_PASSE_FAUX', adresse: '198.51.100.7' };
      assert.deepEqual(journal, [faux, faux, faux, { ...faux, resultat: 'LIMITE_ADRESSE' }], 'un refus inscrit par adresse et par fenêtre, sous le compte nommé');
      const compte = await petit.database.db.selectFrom('compte').select('echecs_consecutifs').where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(compte.echecs_consecutifs, 3, 'un refus par la limite ne compte pas comme un échec du compte');

      const autre = new ClientDeTest(petit.app);
      autre.adresse = '198.51.100.8';
      await autre.get('/connexion');
      assert.equal((await autre.post('/connexion', { identifiant: 'x', mot_de_passe: 'y' })).statusCode, 401);
    } finally {
      await petit.fermer();
    }
  });
  test('deux processus sur la même base comptent la même fenêtre (compteur en base) ; une fenêtre finie repart de zéro', async () => {
    const petit = await banc({ limiteConnexions: { max: 3, fenetreMs: 3_000 } });
    // A second instance of the application on the same database: its own memory, like another process.
    const autreApp = await buildApp({ database: petit.database, clock: petit.clock, cookieSecure: false, production: false, limiteConnexions: { max: 3, fenetreMs: 3_000 } });
    try {
      const clients = [new ClientDeTest(petit.app), new ClientDeTest(autreApp)];
      for (const c of clients) {
        c.adresse = '198.51.100.9';
        await c.get('/connexion');
      }
      const essai = async (i: number) => (await clients[i % 2]!.post('/connexion', { identifiant: 'personne', mot_de_passe: 'Faux-mot-de-passe-1!' })).statusCode;
      const statuts: number[] = [];
      const debut = Date.now();
      for (let i = 0; i < 5; i++) statuts.push(await essai(i));
      assert.ok(Date.now() - debut < 2_800, 'les cinq essais tiennent dans la fenêtre');
      // Per process, each would have seen 3 posts at most (2 and 3): never 429.
      assert.deepEqual(statuts, [401, 401, 401, 429, 429]);
      const ligne = await petit.database.db.selectFrom('limite_adresse').select(['cle', 'compte']).execute();
      assert.deepEqual(ligne, [{ cle: '198.51.100.9', compte: 5 }]);
      // The window began when the first post was counted (its row says when), not when the loop started.
      const { debut: fenetre } = await petit.database.db.selectFrom('limite_adresse').select('debut').executeTakeFirstOrThrow();
      await new Promise((ok) => setTimeout(ok, Math.max(0, fenetre.getTime() + 3_100 - Date.now())));
      await clients[1]!.get('/connexion'); // the 429 page carries no form: the token comes from the login page
      assert.equal(await essai(1), 401, 'fenêtre finie : le compte repart de zéro');
      assert.deepEqual(await petit.database.db.selectFrom('limite_adresse').select('compte').execute(), [{ compte: 1 }]);
    } finally {
      await autreApp.close();
      await petit.fermer();
    }
  });
});

describe('identifiant ou mot de passe oublié', () => {
  test('sans service de l’académie configuré, les deux liens mènent à la page qui dit à qui s’adresser', async () => {
    const client = new ClientDeTest(b.app);
    const page = (await client.get('/connexion')).body;
    assert.match(page, /href="\/connexion\/aide#identifiant"[^>]*>\s*Identifiant oublié \?/);
    assert.match(page, /href="\/connexion\/aide#mot-de-passe"[^>]*>\s*Mot de passe oublié \?/);
    const aide = await client.get('/connexion/aide');
    assert.equal(aide.statusCode, 200);
    assert.match(aide.body, /id="mot-de-passe"/);
    assert.match(aide.body, /assistance informatique de votre académie/);
  });
});
