import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { demarrerFournisseurOidc, navigateurFournisseur, PERSONNES_OIDC, type FournisseurDeTest } from '../../test/oidc.ts';
import { insererCompte } from '../admin/comptes.repository.ts';
import { createFournisseurOidc } from './proconnect.ts';
import { MESSAGES_PROCONNECT } from './proconnect.views.tsx';
import { idSession } from '../../shared/http/session.ts';

// ProConnect through a real OpenID Connect provider (oidc-provider on loopback, configured as ProConnect: signed
// userinfo, its claims, strict parameters, no PKCE), the real app through inject.
const VIVIER = 'http://vivier.test';
let fournisseur: FournisseurDeTest;
let b: Banc;
before(async () => {
  fournisseur = await demarrerFournisseurOidc({ urlPublique: VIVIER });
  b = await banc({ fournisseurOidc: createFournisseurOidc(fournisseur.config(VIVIER)), debut: new Date().toISOString() });
});
after(async () => {
  await b?.fermer();
  await fournisseur?.fermer();
});

const camille = PERSONNES_OIDC[0]!;
const jean = PERSONNES_OIDC[1]!;
const html = (s: string) => s.replace(/’/g, '&#8217;').replace(/«/g, '&#171;').replace(/»/g, '&#187;');
const contient = (page: string, texte: string) => page.includes(texte) || page.includes(html(texte));

/** The button clicked: Vivier's redirection to the provider, and the state cookie it set. */
async function commencer(client: ClientDeTest, retour?: string) {
  const page = await client.get(retour ? `/connexion?retour=${encodeURIComponent(retour)}` : '/connexion');
  assert.match(page.body, /S’identifier avec|S&#8217;identifier avec/);
  const r = await client.post('/connexion/proconnect', retour ? { retour } : {});
  assert.equal(r.statusCode, 303, r.body);
  const url = new URL(r.headers.location as string);
  assert.equal(url.origin, fournisseur.issuer);
  return url;
}

/** The whole way: button, provider's sign-in page, callback. Returns the callback's answer. */
async function parcours(client: ClientDeTest, courriel: string, nav = navigateurFournisseur(fournisseur.issuer)) {
  const auth = await commencer(client);
  const retour = await nav.seConnecter(auth.href, courriel);
  assert.equal(retour.origin + retour.pathname, `${VIVIER}/connexion/proconnect/retour`);
  return { reponse: await client.get(retour.pathname + retour.search), retour, nav };
}

function tentatives(methode: 'PROCONNECT' | 'MOT_DE_PASSE' = 'PROCONNECT') {
  return b.database.db.selectFrom('tentative_connexion').select(['resultat', 'identifiant_saisi', 'compte_id']).where('methode', '=', methode).orderBy('id').execute();
}

describe('ProConnect : la demande envoyée au fournisseur', () => {
  test('state et nonce aléatoires d’au moins 32 caractères, pas de PKCE, rien que les paramètres de ProConnect', async () => {
    const client = new ClientDeTest(b.app);
    const url = await commencer(client);
    const p = url.searchParams;
    assert.deepEqual([...p.keys()].sort(), ['client_id', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state']);
    assert.ok(p.get('state')!.length >= 32 && p.get('nonce')!.length >= 32);
    assert.notEqual(p.get('state'), p.get('nonce'));
    assert.equal(p.get('redirect_uri'), `${VIVIER}/connexion/proconnect/retour`);
    assert.equal(p.get('scope'), 'openid email given_name usual_name uid siret idp_id');
    assert.equal(client.cookies.get('vivier_oidc'), p.get('state'), 'le state est aussi dans un cookie du navigateur');
    // Stored by its digest only, with the nonce.
    const ligne = await b.database.db.selectFrom('demande_oidc').selectAll().where('id', '=', idSession(p.get('state')!)).executeTakeFirstOrThrow();
    assert.equal(ligne.nonce, p.get('nonce'));
    assert.equal(ligne.verificateur, null);
  });

  test('sans jeton CSRF, le bouton ne lance rien', async () => {
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const r = await client.post('/connexion/proconnect', {}, { csrf: null });
    assert.equal(r.statusCode, 403);
  });
});

describe('ProConnect : connexion', () => {
  test('courriel inconnu : page de confirmation, puis liaison par les identifiants Vivier ; la fois suivante, ProConnect suffit', async () => {
    const c = await creerCompte(b.database, { nom: 'Camille Roux' });
    const client = new ClientDeTest(b.app);
    const { reponse, nav } = await parcours(client, camille.email);
    assert.equal(reponse.statusCode, 303);
    assert.equal(reponse.headers.location, '/connexion/proconnect/confirmation');
    const page = await client.get('/connexion/proconnect/confirmation');
    assert.equal(page.statusCode, 200);
    assert.ok(contient(page.body, camille.email));
    assert.ok(contient(page.body, 'Camille ROUX'));
    // A wrong password: refused like a login, counted on the account.
    const faux = await client.post('/connexion/proconnect/confirmation', { identifiant: c.identifiant, mot_de_passe: 'faux' });
    assert.equal(faux.statusCode, 401);
    const ok = await client.post('/connexion/proconnect/confirmation', { identifiant: c.identifiant, mot_de_passe: c.motDePasse });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/portail');
    assert.match((await client.get('/portail')).body, /Bienvenue Camille Roux/);
    const lien = await b.database.db.selectFrom('identite_oidc').selectAll().where('compte_id', '=', c.id).executeTakeFirstOrThrow();
    assert.deepEqual([lien.sub, lien.idp_id, lien.emetteur, lien.courriel], [camille.sub, camille.idp_id, fournisseur.issuer, camille.email]);
    const audit = await b.database.db.selectFrom('journal_audit').select(['action', 'details']).where('acteur_compte_id', '=', c.id).execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.details.par]),
      [['PROCONNECT_LIAISON', 'confirmation']],
    );

    // Next time: the provider's single sign-on, and the link: a session at once.
    const client2 = new ClientDeTest(b.app);
    const { reponse: r2 } = await parcours(client2, camille.email, nav);
    assert.equal(r2.statusCode, 303);
    assert.equal(r2.headers.location, '/portail');
    assert.match((await client2.get('/portail')).body, /Bienvenue Camille Roux/);
  });

  test('courriel connu d’un compte sans mot de passe local : liaison directe, session neuve (l’ancienne du navigateur supprimée)', async () => {
    const id = await insererCompte(b.database.db, { identifiant: 'jdupont3', nomAffiche: 'DUPONT Jean', email: 'Jean.Dupont@ac-test.fr', motDePasseHash: null, roles: ['AGENT'], perimetre: {}, le: new Date() });
    const client = new ClientDeTest(b.app);
    client.cookies.set('vivier_session', 'ancien-jeton-de-session');
    const { reponse } = await parcours(client, jean.email);
    assert.equal(reponse.statusCode, 303);
    assert.equal(reponse.headers.location, '/portail');
    assert.notEqual(client.cookies.get('vivier_session'), 'ancien-jeton-de-session');
    assert.equal(client.cookies.has('vivier_oidc'), false, 'le cookie du state est effacé');
    const sessions = await b.database.db.selectFrom('session').innerJoin('session_oidc', 'session_oidc.session_id', 'session.id').select(['session.compte_id', 'session_oidc.id_token']).where('session.compte_id', '=', id).execute();
    assert.equal(sessions.length, 1);
    assert.match(sessions[0]!.id_token, /^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    const t = (await tentatives()).filter((x) => x.compte_id === id);
    assert.deepEqual(t.map((x) => x.resultat), ['SUCCES']);
  });

  test('state rejoué : refusé, message clair, aucune session', async () => {
    const client = new ClientDeTest(b.app);
    const { reponse, retour } = await parcours(client, camille.email);
    assert.equal(reponse.statusCode, 303);
    const rejeu = await client.get(retour.pathname + retour.search);
    assert.equal(rejeu.statusCode, 303);
    assert.equal(rejeu.headers.location, '/connexion?proconnect=refuse');
    // (This browser's first callback opened a session: the sign-in page would send it to the portal.)
    const page = await new ClientDeTest(b.app).get('/connexion?proconnect=refuse');
    assert.ok(contient(page.body, MESSAGES_PROCONNECT.refuse.texte));
    // Replayed from another browser (without the state's cookie): refused too.
    const autre = new ClientDeTest(b.app);
    assert.equal((await autre.get(retour.pathname + retour.search)).headers.location, '/connexion?proconnect=refuse');
  });

  test('mauvais nonce : l’ID token est refusé', async () => {
    const client = new ClientDeTest(b.app);
    const auth = await commencer(client);
    await b.database.db.updateTable('demande_oidc').set({ nonce: 'x'.repeat(43) }).where('id', '=', idSession(auth.searchParams.get('state')!)).execute();
    const retour = await navigateurFournisseur(fournisseur.issuer).seConnecter(auth.href, camille.email);
    const r = await client.get(retour.pathname + retour.search);
    assert.equal(r.headers.location, '/connexion?proconnect=refuse');
    assert.equal(client.cookies.has('vivier_session'), false);
  });

  test('code expiré : refusé (le fournisseur ne l’échange plus)', async () => {
    const client = new ClientDeTest(b.app);
    const auth = await commencer(client);
    fournisseur.dureeCodeS = 1;
    try {
      const retour = await navigateurFournisseur(fournisseur.issuer).seConnecter(auth.href, camille.email);
      await new Promise((ok) => setTimeout(ok, 2100));
      const r = await client.get(retour.pathname + retour.search);
      assert.equal(r.headers.location, '/connexion?proconnect=refuse');
    } finally {
      fournisseur.dureeCodeS = 30;
    }
  });

  test('compte verrouillé : identité reconnue, accès refusé avec son message', async () => {
    const id = await insererCompte(b.database.db, { identifiant: 'verrou1', nomAffiche: 'Verrou', email: null, motDePasseHash: null, roles: ['AGENT'], perimetre: {}, le: new Date() });
    const autre = { ...camille };
    await b.database.db.deleteFrom('identite_oidc').where('sub', '=', autre.sub).execute();
    await b.database.db.insertInto('identite_oidc').values({ emetteur: fournisseur.issuer, idp_id: autre.idp_id, sub: autre.sub, compte_id: id, courriel: autre.email, liee_le: new Date(), derniere_connexion_le: null }).execute();
    await b.database.db.updateTable('compte').set({ verrouille_jusqu_au: new Date(Date.now() + 3_600_000) }).where('id', '=', id).execute();
    const { reponse } = await parcours(new ClientDeTest(b.app), camille.email);
    assert.equal(reponse.headers.location, '/connexion?proconnect=compte');
    const t = await b.database.db.selectFrom('tentative_connexion').select('resultat').where('compte_id', '=', id).execute();
    assert.deepEqual(t.map((x) => x.resultat), ['COMPTE_VERROUILLE']);
  });

  test('fournisseur arrêté : « ProConnect indisponible », jamais une erreur 500 ; les comptes locaux marchent toujours', async () => {
    const client = new ClientDeTest(b.app);
    const auth = await commencer(client);
    const retour = await navigateurFournisseur(fournisseur.issuer).seConnecter(auth.href, camille.email);
    await fournisseur.arreter();
    try {
      const r = await client.get(retour.pathname + retour.search);
      assert.equal(r.headers.location, '/connexion?proconnect=indisponible');
      assert.ok(contient((await client.get('/connexion?proconnect=indisponible')).body, MESSAGES_PROCONNECT.indisponible.texte));
      // The button itself (discovery done again after a failure).
      await client.get('/connexion');
      const bouton = await client.post('/connexion/proconnect', {});
      assert.equal(bouton.statusCode, 503);
      assert.ok(contient(bouton.body, MESSAGES_PROCONNECT.indisponible.texte));
      const c = await creerCompte(b.database);
      assert.equal((await new ClientDeTest(b.app).connecter(c.identifiant, c.motDePasse)).statusCode, 303);
    } finally {
      await fournisseur.demarrer();
    }
    assert.ok((await tentatives()).some((t) => t.resultat === 'PROCONNECT_INDISPONIBLE'));
  });
});

describe('ProConnect : déconnexion', () => {
  test('la déconnexion ferme la session Vivier puis celle du fournisseur (id_token_hint, state, post_logout_redirect_uri), state vérifié au retour', async () => {
    const client = new ClientDeTest(b.app);
    const { reponse, nav } = await parcours(client, jean.email);
    assert.equal(reponse.headers.location, '/portail');
    await client.get('/portail');
    const r = await client.post('/deconnexion');
    assert.equal(r.statusCode, 303);
    const fin = new URL(r.headers.location as string);
    assert.equal(fin.origin, fournisseur.issuer);
    assert.deepEqual([...fin.searchParams.keys()].sort(), ['id_token_hint', 'post_logout_redirect_uri', 'state']);
    assert.ok(fin.searchParams.get('state')!.length >= 32);
    assert.equal((await client.get('/portail')).statusCode, 303, 'la session Vivier est fermée avant même le retour');
    const retour = await nav.seDeconnecter(fin.href);
    assert.equal(retour.origin + retour.pathname, `${VIVIER}/deconnexion/proconnect/retour`);
    assert.equal(retour.searchParams.get('state'), fin.searchParams.get('state'));
    assert.equal(nav.aUneSession(), false, 'la session du fournisseur est fermée');
    const arrivee = await client.get(retour.pathname + retour.search);
    assert.equal(arrivee.headers.location, '/connexion?raison=deconnexion');
    // Replayed: the state was used.
    assert.equal((await client.get(retour.pathname + retour.search)).headers.location, '/connexion?raison=deconnexion-non-verifiee');
    assert.deepEqual(fournisseur.refus, [], 'le fournisseur strict n’a rien refusé');
  });
});
