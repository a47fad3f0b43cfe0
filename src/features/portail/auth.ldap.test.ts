import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { BASE_PERSONNES, demarrerSlapd, PERSONNES, type Slapd } from '../../test/slapd.ts';
import { createAnnuaire } from './annuaire.ts';
import { createAuthService } from './auth.service.ts';
import { MESSAGE_ANNUAIRE_INDISPONIBLE, MESSAGE_ECHEC_CONNEXION } from './auth.views.tsx';

// Sign-in through the app (buildApp + inject) against a real OpenLDAP (slapd) on loopback.
let slapd: Slapd;
let b: Banc;
before(async () => {
  slapd = await demarrerSlapd();
  b = await banc({ annuaire: createAnnuaire(slapd.config()), liensOublies: { identifiant: null, motDePasse: 'https://mdp.ac-test.fr/oubli' } });
});
after(async () => {
  await b?.fermer();
  await slapd?.fermer();
});
beforeEach(async () => {
  await b.database.db.deleteFrom('session').execute();
  await b.database.db.deleteFrom('tentative_connexion').execute();
  await b.database.db.updateTable('compte').set({ echecs_consecutifs: 0, verrouille_jusqu_au: null }).execute();
});

const [jean, helene, paul] = PERSONNES as [(typeof PERSONNES)[0], (typeof PERSONNES)[0], (typeof PERSONNES)[0]];
const contient = (html: string, message: string) => html.includes(message) || html.includes(message.replace(/’/g, '&#8217;'));
const tentatives = (identifiant: string) =>
  b.database.db.selectFrom('tentative_connexion').select(['methode', 'resultat']).where('identifiant_saisi', '=', identifiant).orderBy('id').execute();
const compte = (identifiant: string) =>
  b.database.db.selectFrom('compte').select(['id', 'identifiant', 'nom_affiche', 'email', 'agent_id', 'echecs_consecutifs', 'roles']).where('identifiant', '=', identifiant).executeTakeFirst();

async function compteSansMotDePasse(identifiant: string, email: string | null = null) {
  const c = await creerCompte(b.database, { identifiant, nom: 'Ancien nom' });
  await b.database.db.updateTable('compte').set({ mot_de_passe_hash: null, email }).where('id', '=', c.id).execute();
  return c;
}

describe('connexion par l’annuaire de l’académie', () => {
  test('bon mot de passe de l’annuaire : session ouverte, nom et courriel rafraîchis depuis l’annuaire', async () => {
    await compteSansMotDePasse(jean.uid);
    const client = new ClientDeTest(b.app);
    const r = await client.connecter(jean.uid, jean.motDePasse);
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/portail');
    assert.match((await client.get('/portail')).body, /Bienvenue Jean Dupont/);
    const c = await compte(jean.uid);
    assert.equal(c?.nom_affiche, 'Jean Dupont');
    assert.equal(c?.email, jean.courriel);
    assert.deepEqual(await tentatives(jean.uid), [{ methode: 'MOT_DE_PASSE', resultat: 'SUCCES' }]);
  });

  test('première connexion d’un compte connu par son courriel : le compte prend l’identifiant de l’annuaire, garde son DN, et le journal le dit', async () => {
    const ancien = await compteSansMotDePasse('h.martin.import', helene.courriel.toUpperCase());
    const r = await new ClientDeTest(b.app).connecter(helene.uid, helene.motDePasse);
    assert.equal(r.statusCode, 303);
    const c = await compte(helene.uid);
    assert.equal(c?.id, ancien.id);
    assert.equal(c?.nom_affiche, 'Hélène Martin');
    const dn = `uid=${helene.uid},${BASE_PERSONNES}`;
    const lu = await b.database.db.selectFrom('compte').select('dn_annuaire').where('id', '=', ancien.id).executeTakeFirstOrThrow();
    assert.equal(lu.dn_annuaire, dn);
    const journal = await b.database.db.selectFrom('journal_audit').select(['action', 'cible', 'details']).where('action', '=', 'COMPTE_RELIE_ANNUAIRE').execute();
    assert.deepEqual(journal, [{ action: 'COMPTE_RELIE_ANNUAIRE', cible: `compte:${ancien.id}`, details: { lienPar: 'courriel', dn, identifiant: helene.uid, identifiantAvant: 'h.martin.import' } }]);
    // The next sign-in finds the account by its identifiant: nothing more in the journal.
    await new ClientDeTest(b.app).connecter(helene.uid, helene.motDePasse);
    assert.equal((await b.database.db.selectFrom('journal_audit').select('id').where('action', '=', 'COMPTE_RELIE_ANNUAIRE').execute()).length, 1);
  });

  test('première connexion d’un agent de l’import RH sans compte : compte AGENT créé et rattaché à l’agent (par identifiant), avec le courriel du dossier, qui fait foi', async () => {
    await b.database.db
      .insertInto('agent')
      .values({
        agent_id: 'LDAP0001',
        identifiant: paul.uid,
        civilite: 'M.',
        nom: 'LAMBERT',
        prenom: 'Paul',
        date_naissance: '1975-02-03',
        email: 'ancien.courriel@ac-test.fr',
        corps: 'CERTIFIE',
        discipline: 'LETTRES MODERNES',
        date_entree_corps: '2000-09-01',
        import_id: null,
      })
      .execute();
    const r = await new ClientDeTest(b.app).connecter(paul.uid, paul.motDePasse);
    assert.equal(r.statusCode, 303);
    const c = await compte(paul.uid);
    assert.equal(c?.agent_id, 'LDAP0001');
    assert.deepEqual(c?.roles, ['AGENT']);
    // The HR dossier is authoritative for the e-mail of an agent's account: the directory's does not replace it.
    assert.equal(c?.email, 'ancien.courriel@ac-test.fr');
    // Linked by identifiant: the DN is kept, nothing is journaled.
    const lu = await b.database.db.selectFrom('compte').select('dn_annuaire').where('identifiant', '=', paul.uid).executeTakeFirstOrThrow();
    assert.equal(lu.dn_annuaire, `uid=${paul.uid},${BASE_PERSONNES}`);
  });

  test('mauvais mot de passe, inconnu de l’annuaire, identifiants d’injection : même refus générique, sans session', async () => {
    await compteSansMotDePasse(jean.uid).catch(() => {});
    const essais: Array<[string, string, string]> = [
      [jean.uid, 'Mauvais-mot-de-passe-1!', 'MOT_DE_PASSE_FAUX_ANNUAIRE'],
      ['personne', 'Nimporte-quoi-1!', 'INCONNU_ANNUAIRE'],
      ['*', jean.motDePasse, 'INCONNU_ANNUAIRE'],
      [')(uid=*', jean.motDePasse, 'INCONNU_ANNUAIRE'],
    ];
    for (const [identifiant, motDePasse, resultat] of essais) {
      const r = await new ClientDeTest(b.app).connecter(identifiant, motDePasse);
      assert.equal(r.statusCode, 401, identifiant);
      assert.ok(contient(r.body, MESSAGE_ECHEC_CONNEXION), identifiant);
      assert.equal(String(r.headers['set-cookie'] ?? '').includes('vivier_session='), false);
      assert.deepEqual(await tentatives(identifiant), [{ methode: 'MOT_DE_PASSE', resultat }], identifiant);
    }
  });

  test('le verrouillage s’applique comme aux mots de passe locaux : après 5 échecs, même le bon mot de passe attend', async () => {
    await compteSansMotDePasse(jean.uid).catch(() => {});
    for (let i = 0; i < 5; i++) assert.equal((await new ClientDeTest(b.app).connecter(jean.uid, `Faux-${i}`)).statusCode, 401);
    assert.equal((await compte(jean.uid))?.echecs_consecutifs, 5);
    const r = await new ClientDeTest(b.app).connecter(jean.uid, jean.motDePasse);
    assert.equal(r.statusCode, 401);
    assert.equal((await tentatives(jean.uid)).at(-1)?.resultat, 'COMPTE_VERROUILLE');
  });

  test('un mot de passe vide est refusé avant tout bind (service) et par le formulaire (400)', async () => {
    const auth = createAuthService({ db: b.database.db, clock: b.clock, annuaire: createAnnuaire(slapd.config({ url: 'ldap://127.0.0.1:1' })) });
    // The directory there is unreachable: "vide" and not "indisponible" proves nothing was sent.
    assert.deepEqual(await auth.authentifier({ methode: 'MOT_DE_PASSE', identifiant: jean.uid, motDePasse: '' }, { adresse: '203.0.113.9' }), { ok: false, motif: 'MOT_DE_PASSE_VIDE' });
    const r = await new ClientDeTest(b.app).connecter(jean.uid, '');
    assert.equal(r.statusCode, 400);
  });

  test('un compte local (mot de passe dans Vivier) se connecte toujours localement, pas par l’annuaire', async () => {
    const admin = await creerCompte(b.database, { roles: ['ADMINISTRATEUR'], motDePasse: 'Secours-Admin-1!' });
    assert.equal((await new ClientDeTest(b.app).connecter(admin.identifiant, 'Secours-Admin-1!')).statusCode, 303);
  });

  test('liens « oublié » : le service de l’académie s’il est configuré, sinon la page d’aide de Vivier', async () => {
    const page = (await new ClientDeTest(b.app).get('/connexion')).body;
    assert.match(page, /href="https:\/\/mdp\.ac-test\.fr\/oubli"[^>]*>\s*Mot de passe oublié/);
    assert.match(page, /href="\/connexion\/aide#identifiant"[^>]*>\s*Identifiant oublié/);
  });
});

describe('annuaire arrêté en cours de test', () => {
  test('« service momentanément indisponible » (503, jamais 500), rien compté ; l’administrateur local se connecte encore ; retour à la normale au redémarrage', async () => {
    await compteSansMotDePasse(jean.uid).catch(() => {});
    const admin = await creerCompte(b.database, { roles: ['ADMINISTRATEUR'], motDePasse: 'Secours-Admin-1!' });
    await slapd.arreter();
    try {
      const r = await new ClientDeTest(b.app).connecter(jean.uid, jean.motDePasse);
      assert.equal(r.statusCode, 503);
      assert.ok(contient(r.body, MESSAGE_ANNUAIRE_INDISPONIBLE));
      assert.ok(!contient(r.body, MESSAGE_ECHEC_CONNEXION));
      assert.deepEqual(await tentatives(jean.uid), [{ methode: 'MOT_DE_PASSE', resultat: 'ANNUAIRE_INDISPONIBLE' }]);
      assert.equal((await compte(jean.uid))?.echecs_consecutifs, 0);
      assert.equal((await new ClientDeTest(b.app).connecter(admin.identifiant, 'Secours-Admin-1!')).statusCode, 303);
    } finally {
      await slapd.demarrer();
    }
    assert.equal((await new ClientDeTest(b.app).connecter(jean.uid, jean.motDePasse)).statusCode, 303);
  });
});
