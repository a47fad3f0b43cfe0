import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { affiche, outilsDeTest } from './admin.banc-outils.ts';
import { ClientDeTest } from '../../test/client.ts';
import { genererCode } from '../portail/totp.ts';

let b: Banc;
before(async () => {
  b = await banc();
});
after(async () => {
  await b.fermer();
});

const { db, connecte, compte, sessionsDe, audit, nombre } = outilsDeTest(() => b);

/** A complete, valid profile form; tests override fields. */
function profil(sur: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return { nom_affiche: 'Nina Nouvelle', email: '', roles: ['AGENT'], departements: '', etablissements: '', disciplines: '', qualite_evaluateur: '', actif: 'on', ...sur };
}

describe('accès réservé aux administrateurs', () => {
  test('un agent reçoit 403 sur chaque page et chaque action d’administration, sans rien changer', async () => {
    const cible = await creerCompte(b.database);
    const rubrique = await db().selectFrom('rubrique').select('id').orderBy('id').executeTakeFirstOrThrow();
    const application = await db().selectFrom('application').select('id').orderBy('id').executeTakeFirstOrThrow();
    const bandeau = await db().insertInto('bandeau').values({ titre: 'T', message: 'M', niveau: 'info', debut: null, fin: null }).returning('id').executeTakeFirstOrThrow();
    const [c, r, a, ba] = [cible.id, rubrique.id, application.id, bandeau.id];
    const gets = ['/admin', '/admin/comptes', '/admin/comptes/nouveau', `/admin/comptes/${c}`, '/admin/catalogue', `/admin/catalogue/rubriques/${r}`, '/admin/catalogue/applications/nouvelle', `/admin/catalogue/applications/${a}`, '/admin/bandeaux', '/admin/bandeaux/nouveau', `/admin/bandeaux/${ba}`, '/admin/journal'];
    const posts = [
      '/admin/comptes/nouveau',
      ...['modifier', 'mot-de-passe', 'deverrouiller', 'cle-emettre', 'cle-revoquer'].map((x) => `/admin/comptes/${c}/${x}`),
      '/admin/catalogue/rubriques',
      `/admin/catalogue/rubriques/${r}`,
      `/admin/catalogue/rubriques/${r}/supprimer`,
      '/admin/catalogue/applications/nouvelle',
      `/admin/catalogue/applications/${a}`,
      `/admin/catalogue/applications/${a}/supprimer`,
      '/admin/bandeaux/nouveau',
      `/admin/bandeaux/${ba}`,
      `/admin/bandeaux/${ba}/supprimer`,
    ];
    for (const url of gets) assert.ok(b.app.hasRoute({ method: 'GET', url: url.replace(/\/\d+(?=\/|$)/g, '/:id') }), `route GET ${url}`);
    for (const url of posts) assert.ok(b.app.hasRoute({ method: 'POST', url: url.replace(/\/\d+(?=\/|$)/g, '/:id') }), `route POST ${url}`);

    const { client } = await connecte(['AGENT']);
    const avant = await nombre('journal_audit');
    for (const url of gets) assert.equal((await client.get(url)).statusCode, 403, `GET ${url}`);
    const champs = { ...profil({ identifiant: 'intrus', roles: ['ADMINISTRATEUR'], mot_de_passe: 'Un-mot-de-passe-1' }), libelle: 'Intrusion', ordre: '1', titre: 'Intrusion', message: 'x', niveau: 'alert', etat: 'AUCUNE' };
    for (const url of posts) {
      const rep = await client.post(url, champs);
      assert.equal(rep.statusCode, 403, `POST ${url}`);
      assert.ok(affiche(rep.body, 'Vous n’avez pas accès à cette page.') || affiche(rep.body, "Vous n'avez pas accès à cette page."), `message français pour ${url}`);
    }
    assert.equal(await nombre('journal_audit'), avant);
    assert.equal(await db().selectFrom('compte').select('id').where('identifiant', '=', 'intrus').executeTakeFirst(), undefined);
    assert.equal((await db().selectFrom('bandeau').select('id').where('id', '=', ba).executeTakeFirst())?.id, ba);
    assert.deepEqual((await compte(c)).roles, ['AGENT']);
    assert.equal((await db().selectFrom('cle_otp').select('compte_id').where('compte_id', '=', c).executeTakeFirst()), undefined);
  });

  test('sans session, une page d’administration renvoie vers la connexion', async () => {
    const r = await new ClientDeTest(b.app).get('/admin/comptes');
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), /^\/connexion\?retour=%2Fadmin%2Fcomptes/);
  });

  test('un administrateur voit l’index de l’administration', async () => {
    const { client } = await connecte(['ADMINISTRATEUR']);
    const r = await client.get('/admin');
    assert.equal(r.statusCode, 200);
    for (const lien of ['/admin/comptes', '/admin/catalogue', '/admin/bandeaux', '/admin/journal']) assert.ok(r.body.includes(`href="${lien}"`), lien);
  });
});

describe('jeton CSRF', () => {
  test('un formulaire sans jeton ou avec un faux jeton est refusé (403) et rien ne change', async () => {
    const { client } = await connecte(['ADMINISTRATEUR'], '/admin/comptes/nouveau');
    const verrouille = await creerCompte(b.database);
    await db().updateTable('compte').set({ echecs_consecutifs: 10, verrouille_jusqu_au: new Date(b.clock.now().getTime() + 3_600_000) }).where('id', '=', verrouille.id).execute();
    const avant = await nombre('journal_audit');
    for (const csrf of [null, 'x'.repeat(43), '']) {
      const r = await client.post('/admin/comptes/nouveau', profil({ identifiant: 'sanscsrf', mot_de_passe: 'Un-mot-de-passe-1' }), { csrf });
      assert.equal(r.statusCode, 403);
      assert.ok(affiche(r.body, 'rien n’a été modifié') || affiche(r.body, "rien n'a été modifié"));
      assert.equal((await client.post(`/admin/comptes/${verrouille.id}/deverrouiller`, {}, { csrf })).statusCode, 403);
    }
    assert.equal(await db().selectFrom('compte').select('id').where('identifiant', '=', 'sanscsrf').executeTakeFirst(), undefined);
    assert.equal((await compte(verrouille.id)).echecs_consecutifs, 10);
    assert.equal(await nombre('journal_audit'), avant);
  });

  test('chaque formulaire d’une page d’administration porte le jeton de la session', async () => {
    const { client, id } = await connecte(['ADMINISTRATEUR']);
    for (const url of ['/admin/comptes/nouveau', `/admin/comptes/${id}`, '/admin/catalogue', '/admin/catalogue/applications/nouvelle', '/admin/bandeaux/nouveau']) {
      const page = (await client.get(url)).body;
      const formulaires = page.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
      assert.ok(formulaires.length > 0, url);
      for (const f of formulaires) assert.ok(f.includes(`name="_csrf" value="${client.csrf()}"`), `${url} : ${f.slice(0, 80)}`);
    }
  });
});

describe('comptes', () => {
  test('créer un compte puis se connecter avec', async () => {
    const { client, id: adminId } = await connecte(['ADMINISTRATEUR'], '/admin/comptes/nouveau');
    const r = await client.post(
      '/admin/comptes/nouveau',
      profil({ identifiant: 'NNouvelle2', email: 'nina.nouvelle@ac-exemple.fr', roles: ['AGENT', 'EVALUATEUR'], corps: ['PE', 'CPE'], departements: '080, 002', etablissements: '0801234a', mot_de_passe: 'Un-mot-de-passe-1' }),
    );
    assert.equal(r.statusCode, 303);
    const cree = await db().selectFrom('compte').selectAll().where('identifiant', '=', 'nnouvelle2').executeTakeFirstOrThrow();
    assert.equal(r.headers.location, `/admin/comptes/${cree.id}?fait=compte-cree`);
    assert.deepEqual(cree.roles, ['AGENT', 'EVALUATEUR']);
    assert.deepEqual(cree.perimetre, { corps: ['PE', 'CPE'], departements: ['080', '002'], etablissements: ['0801234A'] });
    assert.equal(cree.email, 'nina.nouvelle@ac-exemple.fr');
    assert.equal(cree.actif, true);
    const page = await client.get(String(r.headers.location));
    assert.ok(affiche(page.body, 'Le compte a été créé.'));
    assert.ok(page.body.includes('080, 002'));

    const journal = await audit(`compte:${cree.id}`);
    assert.deepEqual(journal.map((j) => [j.action, j.acteur_compte_id]), [['COMPTE_CREE', adminId]]);
    assert.doesNotMatch(JSON.stringify(journal), /Un-mot-de-passe-1/);

    const nina = new ClientDeTest(b.app);
    const connexion = await nina.connecter('nnouvelle2', 'Un-mot-de-passe-1');
    assert.equal(connexion.statusCode, 303);
    assert.match((await nina.get('/portail')).body, /Bienvenue Nina Nouvelle/);

    await client.get('/admin/comptes/nouveau');
    const doublon = await client.post('/admin/comptes/nouveau', profil({ identifiant: 'nnouvelle2' }));
    assert.equal(doublon.statusCode, 400);
    assert.ok(affiche(doublon.body, 'Cet identifiant est déjà utilisé par un autre compte'));
    assert.ok(doublon.body.includes('fr-input-group--error'));
  });

  test('la liste cherche par identifiant ou par nom, sans tenir compte de la casse, et pagine', async () => {
    for (let i = 0; i < 27; i++) await creerCompte(b.database, { identifiant: `zpage${String(i).padStart(2, '0')}`, nom: `Zoé Pagination ${i}` });
    await creerCompte(b.database, { identifiant: 'qsolitaire', nom: 'Quentin DURAND_100%' });
    const { client } = await connecte(['ADMINISTRATEUR']);
    const parNom = await client.get('/admin/comptes?q=durand_100%25');
    assert.equal(parNom.statusCode, 200);
    assert.ok(parNom.body.includes('qsolitaire'));
    assert.ok(!parNom.body.includes('zpage00'));
    const jokers = await client.get('/admin/comptes?q=%25');
    assert.ok(jokers.body.includes('qsolitaire') && !jokers.body.includes('zpage00'), 'le % saisi est cherché tel quel');
    const page1 = await client.get('/admin/comptes?q=ZPAGE');
    assert.ok(page1.body.includes('27 comptes'));
    assert.ok(page1.body.includes('zpage00') && page1.body.includes('zpage24') && !page1.body.includes('zpage25'));
    assert.ok(page1.body.includes('href="/admin/comptes?q=ZPAGE&amp;page=2"'));
    const page2 = await client.get('/admin/comptes?q=ZPAGE&page=2');
    assert.ok(page2.body.includes('zpage25') && page2.body.includes('zpage26') && !page2.body.includes('zpage24'));
  });

  test('10 mots de passe faux verrouillent le compte ; l’administrateur le déverrouille et la connexion refonctionne', async () => {
    const u = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    for (let i = 0; i < 10; i++) {
      assert.equal((await client.connecter(u.identifiant, 'Mauvais-mot-de-passe-1')).statusCode, 401);
      b.clock.advance(17 * 60_000); // past the growing delay, so that every failure counts
    }
    const verrouille = await compte(u.id);
    assert.equal(verrouille.echecs_consecutifs, 10);
    assert.ok(verrouille.verrouille_jusqu_au && verrouille.verrouille_jusqu_au > b.clock.now());
    assert.equal((await client.connecter(u.identifiant, u.motDePasse)).statusCode, 401, 'verrouillé même avec le bon mot de passe');

    const { client: admin, id: adminId } = await connecte(['ADMINISTRATEUR'], `/admin/comptes/${u.id}`);
    assert.ok(affiche(admin.dernierePage, 'Verrouillé jusqu’au'));
    assert.ok(admin.dernierePage.includes('10 échecs consécutifs'));
    assert.ok(affiche(admin.dernierePage, 'Mot de passe erroné'), 'les tentatives sont listées');
    const r = await admin.post(`/admin/comptes/${u.id}/deverrouiller`);
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, `/admin/comptes/${u.id}?fait=compte-deverrouille`);
    const libre = await compte(u.id);
    assert.equal(libre.echecs_consecutifs, 0);
    assert.equal(libre.verrouille_jusqu_au, null);
    const journal = await audit(`compte:${u.id}`);
    assert.deepEqual(journal.map((j) => [j.action, j.acteur_compte_id]), [['COMPTE_DEVERROUILLE', adminId]]);
    assert.equal((journal[0]!.details as { echecs: number }).echecs, 10);
    assert.equal((await client.connecter(u.identifiant, u.motDePasse)).statusCode, 303);
  });

  test('définir un mot de passe ferme les sessions du compte ; un mot de passe faible est refusé', async () => {
    const u = await connecte(['AGENT']);
    const { client: admin } = await connecte(['ADMINISTRATEUR'], `/admin/comptes/${u.id}`);
    const faible = await admin.post(`/admin/comptes/${u.id}/mot-de-passe`, { mot_de_passe: 'court' });
    assert.equal(faible.statusCode, 400);
    assert.ok(affiche(faible.body, 'Le mot de passe doit contenir au moins 12 caractères.'));
    assert.equal(await sessionsDe(u.id), 1);
    const r = await admin.post(`/admin/comptes/${u.id}/mot-de-passe`, { mot_de_passe: 'Nouveau-secret-2026' });
    assert.equal(r.statusCode, 303);
    assert.equal(await sessionsDe(u.id), 0);
    assert.equal((await u.client.get('/portail')).statusCode, 303, 'l’ancienne session est fermée');
    assert.equal((await new ClientDeTest(b.app).connecter(u.identifiant, u.motDePasse)).statusCode, 401);
    assert.equal((await new ClientDeTest(b.app).connecter(u.identifiant, 'Nouveau-secret-2026')).statusCode, 303);
    const journal = await audit(`compte:${u.id}`);
    assert.deepEqual(journal.map((j) => j.action), ['MOT_DE_PASSE_DEFINI']);
    assert.doesNotMatch(JSON.stringify(journal), /Nouveau-secret/);
  });

  test('changer les rôles ferme la session ouverte du titulaire ; changer le nom seul ne la ferme pas', async () => {
    const u = await connecte(['AGENT']);
    const { client: admin, id: adminId } = await connecte(['ADMINISTRATEUR'], `/admin/comptes/${u.id}`);
    const nom = await admin.post(`/admin/comptes/${u.id}/modifier`, profil({ nom_affiche: 'Nom Changé' }));
    assert.equal(nom.statusCode, 303);
    assert.equal(nom.headers.location, `/admin/comptes/${u.id}?fait=compte-modifie`);
    assert.equal((await u.client.get('/portail')).statusCode, 200);

    const r = await admin.post(`/admin/comptes/${u.id}/modifier`, profil({ nom_affiche: 'Nom Changé', roles: ['AGENT', 'GESTIONNAIRE'], corps: 'PLP' }));
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, `/admin/comptes/${u.id}?fait=compte-modifie-sessions`);
    const apres = await compte(u.id);
    assert.deepEqual(apres.roles, ['AGENT', 'GESTIONNAIRE']);
    assert.deepEqual(apres.perimetre, { corps: ['PLP'] });
    assert.equal(await sessionsDe(u.id), 0);
    const revenu = await u.client.get('/portail');
    assert.equal(revenu.statusCode, 303);
    assert.match(String(revenu.headers.location), /^\/connexion/);
    const journal = await audit(`compte:${u.id}`);
    assert.deepEqual(journal.map((j) => [j.action, j.acteur_compte_id]), [['COMPTE_MODIFIE', adminId], ['COMPTE_MODIFIE', adminId]]);
    assert.deepEqual((journal[1]!.details as { apres: { roles: string[] } }).apres.roles, ['AGENT', 'GESTIONNAIRE']);
  });

  test('désactiver un compte ferme ses sessions et refuse la connexion', async () => {
    const u = await connecte(['AGENT']);
    const { client: admin } = await connecte(['ADMINISTRATEUR'], `/admin/comptes/${u.id}`);
    const { actif: _, ...sansActif } = profil();
    assert.equal((await admin.post(`/admin/comptes/${u.id}/modifier`, sansActif)).statusCode, 303);
    assert.equal((await compte(u.id)).actif, false);
    assert.equal(await sessionsDe(u.id), 0);
    assert.equal((await new ClientDeTest(b.app).connecter(u.identifiant, u.motDePasse)).statusCode, 401);
  });

  test('un administrateur ne peut ni retirer son propre rôle Administrateur ni se désactiver', async () => {
    const moi = await connecte(['ADMINISTRATEUR']);
    await moi.client.get(`/admin/comptes/${moi.id}`);
    const retrait = await moi.client.post(`/admin/comptes/${moi.id}/modifier`, profil({ roles: ['AGENT'] }));
    assert.equal(retrait.statusCode, 400);
    assert.ok(affiche(retrait.body, 'Vous ne pouvez pas retirer votre propre rôle Administrateur.'));
    const { actif: _, ...sansActif } = profil({ roles: ['ADMINISTRATEUR'] });
    const desactivation = await moi.client.post(`/admin/comptes/${moi.id}/modifier`, sansActif);
    assert.equal(desactivation.statusCode, 400);
    assert.ok(affiche(desactivation.body, 'Vous ne pouvez pas désactiver votre propre compte.'));
    const intact = await compte(moi.id);
    assert.deepEqual([intact.roles, intact.actif], [['ADMINISTRATEUR'], true]);
    assert.deepEqual(await audit(`compte:${moi.id}`), []);
    // Adding a role to oneself is allowed, and keeps the administrator's own session open.
    const ajout = await moi.client.post(`/admin/comptes/${moi.id}/modifier`, profil({ roles: ['ADMINISTRATEUR', 'AGENT'] }));
    assert.equal(ajout.statusCode, 303);
    assert.equal((await moi.client.get('/admin')).statusCode, 200);
  });
});

describe('périmètre d’évaluateur : disciplines et qualité', () => {
  test('l’administrateur donne à un inspecteur ses disciplines et sa qualité ; le journal garde avant et après', async () => {
    await db()
      .insertInto('agent')
      .values(['LETTRES MODERNES', 'MATHEMATIQUES'].map((d, i) => ({ agent_id: `DISC${i}`, identifiant: `disc${i}`, civilite: 'Mme', nom: 'D', prenom: 'P', date_naissance: '1970-01-01', email: '', corps: 'CERTIFIE', discipline: d, date_entree_corps: '1995-09-01', import_id: null })))
      .execute();
    const u = await creerCompte(b.database, { roles: ['EVALUATEUR'] });
    const { client: admin, id: adminId } = await connecte(['ADMINISTRATEUR'], `/admin/comptes/${u.id}`);
    const page = await admin.get(`/admin/comptes/${u.id}`);
    assert.ok(affiche(page.body, 'Qualité d’évaluateur (rôle Évaluateur)'));
    assert.ok(affiche(page.body, 'Inspecteur ou inspectrice (IEN, IA-IPR)'));
    assert.match(page.body, /name="disciplines"/);

    const r = await admin.post(`/admin/comptes/${u.id}/modifier`, profil({ roles: ['EVALUATEUR'], corps: 'CERTIFIE', disciplines: 'lettres modernes\nMATHEMATIQUES', qualite_evaluateur: 'INSPECTEUR' }));
    assert.equal(r.statusCode, 303, r.body.slice(0, 500));
    const apres = await compte(u.id);
    assert.deepEqual(apres.perimetre, { corps: ['CERTIFIE'], disciplines: ['LETTRES MODERNES', 'MATHEMATIQUES'] }, 'écrites comme dans les données RH');
    assert.equal(apres.qualite_evaluateur, 'INSPECTEUR');
    const journal = await audit(`compte:${u.id}`);
    assert.deepEqual(journal.map((j) => [j.action, j.acteur_compte_id]), [['COMPTE_MODIFIE', adminId]]);
    const details = journal[0]!.details as { avant: Record<string, unknown>; apres: Record<string, unknown> };
    assert.deepEqual([details.avant.qualiteEvaluateur, details.apres.qualiteEvaluateur], [null, 'INSPECTEUR']);
    assert.deepEqual(details.apres.perimetre, { corps: ['CERTIFIE'], disciplines: ['LETTRES MODERNES', 'MATHEMATIQUES'] });
    const relue = await admin.get(`/admin/comptes/${u.id}`);
    assert.match(relue.body, /LETTRES MODERNES\nMATHEMATIQUES<\/textarea>/);
    assert.match(relue.body, /<option value="INSPECTEUR" selected/);

    // Creating an account with them goes through the same checks.
    const cree = await admin.post('/admin/comptes/nouveau', profil({ identifiant: 'chefetab1', roles: ['EVALUATEUR'], qualite_evaluateur: 'CHEF_ETABLISSEMENT', etablissements: '0801234A' }));
    assert.equal(cree.statusCode, 303);
    const chef = await db().selectFrom('compte').select(['perimetre', 'qualite_evaluateur']).where('identifiant', '=', 'chefetab1').executeTakeFirstOrThrow();
    assert.deepEqual(chef, { perimetre: { etablissements: ['0801234A'] }, qualite_evaluateur: 'CHEF_ETABLISSEMENT' });
  });

  test('discipline inconnue, qualité sans le rôle Évaluateur ou hors liste : 400 en français, rien d’écrit', async () => {
    const u = await creerCompte(b.database, { roles: ['GESTIONNAIRE'] });
    const { client: admin } = await connecte(['ADMINISTRATEUR'], `/admin/comptes/${u.id}`);
    const avant = await compte(u.id);
    const journal = await nombre('journal_audit');
    const cas: Array<[string, Record<string, string | string[]>, string, string]> = [
      ['discipline qu’aucun agent n’enseigne', { roles: ['EVALUATEUR'], disciplines: 'MATHEMATIQUE' }, 'disciplines', 'Disciplines : « MATHEMATIQUE » n’est la discipline d’aucun agent des données RH.'],
      ['nom de discipline illisible', { roles: ['EVALUATEUR'], disciplines: '<b>' }, 'disciplines', 'Disciplines : « <b> » n’est pas un nom de discipline valide'],
      ['qualité sans le rôle Évaluateur', { roles: ['GESTIONNAIRE'], qualite_evaluateur: 'INSPECTEUR' }, 'qualite_evaluateur', 'La qualité d’évaluateur ne s’applique qu’à un compte ayant le rôle Évaluateur'],
      ['qualité hors de la liste', { roles: ['EVALUATEUR'], qualite_evaluateur: 'RECTEUR' }, 'qualite_evaluateur', 'Qualité d’évaluateur : choisissez une valeur de la liste.'],
    ];
    for (const [titre, champs, champ, message] of cas) {
      await admin.get(`/admin/comptes/${u.id}`);
      const r = await admin.post(`/admin/comptes/${u.id}/modifier`, profil(champs));
      assert.equal(r.statusCode, 400, titre);
      assert.ok(affiche(r.body, message.replace('<b>', '&lt;b>')), `${titre} : ${message}`);
      assert.match(r.body, new RegExp(`id="champ-${champ}"`), `${titre} : champ en erreur`);
    }
    assert.deepEqual(await compte(u.id), avant);
    assert.equal(await nombre('journal_audit'), journal);
  });
});

describe('clé de sécurité (OTP)', () => {
  test('émettre une clé, l’activer, se connecter par passcode, puis la révoquer', async () => {
    const u = await creerCompte(b.database);
    const { client: admin, id: adminId } = await connecte(['ADMINISTRATEUR'], `/admin/comptes/${u.id}`);
    assert.ok(admin.dernierePage.includes('Aucune clé de sécurité.'));
    const etat = /name="etat" value="([^"]+)"/.exec(admin.dernierePage)?.[1];
    assert.equal(etat, 'AUCUNE');

    const emise = await admin.post(`/admin/comptes/${u.id}/cle-emettre`, { etat: etat! });
    assert.equal(emise.statusCode, 200);
    assert.equal(emise.headers['cache-control'], 'no-store');
    assert.match(emise.body, /<div class="vivier-qr[^"]*"><svg/);
    const secret = /class="vivier-secret">([A-Z2-7]{32})</.exec(emise.body)?.[1];
    assert.ok(secret, 'le secret base32 est affiché');
    assert.ok(emise.body.includes(`otpauth://totp/`) && emise.body.includes(`secret=${secret}`));
    assert.match(emise.body, /<a href="\/portail\/cle-otp">« Ma clé de sécurité \(OTP\) »<\/a>/, 'la page dit où le titulaire active sa clé');
    const cle = await db().selectFrom('cle_otp').selectAll().where('compte_id', '=', u.id).executeTakeFirstOrThrow();
    assert.deepEqual([cle.statut, cle.secret_base32], ['EMISE', secret]);

    // Neither a GET nor a resubmitted form shows the secret again.
    const renvoi = await admin.post(`/admin/comptes/${u.id}/cle-emettre`, { etat: etat! });
    assert.equal(renvoi.statusCode, 303);
    assert.equal(renvoi.headers.location, `/admin/comptes/${u.id}?fait=cle-deja-emise`);
    assert.ok(!renvoi.body.includes(secret));
    const detail = await admin.get(String(renvoi.headers.location));
    assert.ok(!detail.body.includes(secret));
    assert.ok(affiche(detail.body, 'aucun secret n’a été émis ni affiché'));
    assert.ok(detail.body.includes('pas encore activée'));
    assert.equal((await db().selectFrom('cle_otp').select('secret_base32').where('compte_id', '=', u.id).executeTakeFirstOrThrow()).secret_base32, secret);

    const titulaire = new ClientDeTest(b.app);
    await titulaire.connecter(u.identifiant, u.motDePasse);
    await titulaire.get('/portail/cle-otp');
    const activation = await titulaire.post('/portail/cle-otp', { code: genererCode(secret, b.clock.now()), pin: '4321', pin_confirmation: '4321' });
    assert.equal(activation.statusCode, 303);
    assert.equal((await db().selectFrom('cle_otp').select('statut').where('compte_id', '=', u.id).executeTakeFirstOrThrow()).statut, 'ACTIVE');

    b.clock.advance(30_000); // a code is accepted once: the next one belongs to the next step
    const parPasscode = new ClientDeTest(b.app);
    await parPasscode.get('/connexion');
    const ok = await parPasscode.post('/connexion', { identifiant: u.identifiant, passcode: `4321${genererCode(secret, b.clock.now())}` });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/portail');
    assert.ok((await admin.get(`/admin/comptes/${u.id}`)).body.includes('Clé active'));

    const revocation = await admin.post(`/admin/comptes/${u.id}/cle-revoquer`);
    assert.equal(revocation.statusCode, 303);
    assert.equal(await db().selectFrom('cle_otp').select('compte_id').where('compte_id', '=', u.id).executeTakeFirst(), undefined);
    b.clock.advance(30_000);
    const refuse = new ClientDeTest(b.app);
    await refuse.get('/connexion');
    assert.equal((await refuse.post('/connexion', { identifiant: u.identifiant, passcode: `4321${genererCode(secret, b.clock.now())}` })).statusCode, 401);

    const journal = await audit(`compte:${u.id}`);
    assert.deepEqual(journal.map((j) => j.action), ['CLE_OTP_EMISE', 'CLE_OTP_ACTIVEE', 'CLE_OTP_REVOQUEE']);
    assert.deepEqual([journal[0]!.acteur_compte_id, journal[2]!.acteur_compte_id], [adminId, adminId]);
    assert.doesNotMatch(JSON.stringify(journal), new RegExp(secret));
  });

  test('réinitialiser une clé remplace le secret ; révoquer sans clé est refusé en français', async () => {
    const u = await creerCompte(b.database);
    const { client: admin } = await connecte(['ADMINISTRATEUR'], `/admin/comptes/${u.id}`);
    const premiere = await admin.post(`/admin/comptes/${u.id}/cle-emettre`, { etat: 'AUCUNE' });
    const s1 = /class="vivier-secret">([A-Z2-7]+)</.exec(premiere.body)?.[1];
    const page = await admin.get(`/admin/comptes/${u.id}`);
    assert.ok(page.body.includes('Réinitialiser la clé'));
    const etat = /name="etat" value="([^"]+)"/.exec(page.body)![1]!;
    assert.match(etat, /^EMISE-\d+$/);
    const seconde = await admin.post(`/admin/comptes/${u.id}/cle-emettre`, { etat });
    const s2 = /class="vivier-secret">([A-Z2-7]+)</.exec(seconde.body)?.[1];
    assert.ok(s1 && s2 && s1 !== s2);
    assert.equal((await db().selectFrom('cle_otp').select('secret_base32').where('compte_id', '=', u.id).executeTakeFirstOrThrow()).secret_base32, s2);

    await admin.post(`/admin/comptes/${u.id}/cle-revoquer`);
    const encore = await admin.post(`/admin/comptes/${u.id}/cle-revoquer`);
    assert.equal(encore.statusCode, 409);
    assert.ok(affiche(encore.body, 'Ce compte n’a pas de clé de sécurité.'));
  });
});

describe('saisies invalides', () => {
  test('le formulaire de création refuse chaque saisie invalide (400, message en français) sans rien créer', async () => {
    const { client } = await connecte(['ADMINISTRATEUR'], '/admin/comptes/nouveau');
    const avant = [await nombre('compte'), await nombre('journal_audit')];
    const cas: Array<[string, Record<string, string | string[]>, string]> = [
      ['formulaire vide', {}, 'L’identifiant est obligatoire.'],
      ['nom de 10 ko', profil({ identifiant: 'dix.ko', nom_affiche: 'x'.repeat(10_240) }), 'Le nom affiché ne doit pas dépasser 100 caractères.'],
      ['caractère de contrôle', profil({ identifiant: 'controle', nom_affiche: 'Nina\u0007' }), 'Le nom affiché contient des caractères non autorisés.'],
      ['champ envoyé deux fois', profil({ identifiant: ['deux', 'fois'] }), 'L’identifiant : valeur invalide.'],
      ['rôle inconnu', profil({ identifiant: 'role.inconnu', roles: ['AGENT', 'SUPERADMIN'] }), 'Rôles : valeur inconnue.'],
      ['aucun rôle', profil({ identifiant: 'sans.role', roles: [] }), 'Cochez au moins un rôle.'],
      ['corps inconnu', profil({ identifiant: 'corps.inconnu', corps: 'PROF' }), 'Corps : valeur inconnue.'],
      ['identifiant avec espace', profil({ identifiant: 'jean dupont' }), 'L’identifiant comporte de 2 à 50 caractères'],
      ['département invalide', profil({ identifiant: 'dep.invalide', departements: '80, 002' }), 'Départements : « 80 » n’est pas un code valide'],
      ['UAI invalide', profil({ identifiant: 'uai.invalide', etablissements: '080123' }), 'Établissements : « 080123 » n’est pas un code valide'],
      ['courriel invalide', profil({ identifiant: 'mail.invalide', email: 'pas-un-courriel' }), 'L’adresse électronique n’est pas valide'],
      ['mot de passe faible', profil({ identifiant: 'mdp.faible', mot_de_passe: 'motdepasse' }), 'Le mot de passe doit contenir au moins 12 caractères.'],
    ];
    for (const [titre, champs, message] of cas) {
      const r = await client.post('/admin/comptes/nouveau', champs);
      assert.equal(r.statusCode, 400, titre);
      assert.ok(affiche(r.body, message), `${titre} : « ${message} »`);
      assert.ok(r.body.includes('fr-alert--error') && /fr-(input-group|fieldset)--error/.test(r.body), `${titre} : erreurs DSFR`);
      assert.ok(!r.body.includes('motdepasse'), `${titre} : le mot de passe n’est jamais réaffiché`);
    }
    assert.deepEqual([await nombre('compte'), await nombre('journal_audit')], avant);
  });

  test('identifiants d’URL invalides ou inexistants, cases et pages invalides : 400 ou 404 en français, jamais 500', async () => {
    const u = await creerCompte(b.database, { nom: 'Témoin Intact' });
    const { client } = await connecte(['ADMINISTRATEUR']);
    const avant = await nombre('journal_audit');
    const gets: Array<[string, number]> = [
      ['/admin/comptes/abc', 400],
      ['/admin/comptes/-1', 400],
      ['/admin/comptes/1e5', 400],
      ['/admin/comptes/12345678901234567890', 400],
      ['/admin/comptes/999999999', 404],
      ['/admin/catalogue/rubriques/x', 400],
      ['/admin/catalogue/rubriques/999999999', 404],
      ['/admin/catalogue/applications/999999999', 404],
      ['/admin/bandeaux/%00', 400],
      ['/admin/bandeaux/999999999', 404],
      ['/admin/journal?page=abc', 400],
      ['/admin/journal?page=1&page=2', 400],
      [`/admin/comptes?q=${'x'.repeat(200)}`, 400],
      ['/admin/comptes?q=a&q=b', 400],
      ['/admin/comptes?page=-3', 400],
    ];
    for (const [url, statut] of gets) {
      const r = await client.get(url);
      assert.equal(r.statusCode, statut, url);
      assert.ok(/invalide|n’existe pas|n&#8217;existe pas|ne doit pas dépasser|valeur invalide/.test(r.body), `${url} : message français`);
    }
    const posts: Array<[string, Record<string, string | string[]>, number]> = [
      ['/admin/comptes/abc/modifier', profil(), 400],
      ['/admin/comptes/999999999/modifier', profil(), 404],
      ['/admin/comptes/999999999/modifier', {}, 404],
      ['/admin/comptes/999999999/deverrouiller', {}, 404],
      ['/admin/comptes/999999999/mot-de-passe', { mot_de_passe: 'Un-mot-de-passe-1' }, 404],
      ['/admin/comptes/999999999/cle-emettre', { etat: 'AUCUNE' }, 404],
      ['/admin/comptes/999999999/cle-revoquer', {}, 404],
      [`/admin/comptes/${u.id}/modifier`, profil({ actif: ['on', 'on'] }), 400],
      [`/admin/comptes/${u.id}/modifier`, profil({ nom_affiche: ['a', 'b'] }), 400],
      [`/admin/comptes/${u.id}/modifier`, profil({ roles: 'ROOT' }), 400],
      [`/admin/comptes/${u.id}/mot-de-passe`, { mot_de_passe: ['Un-mot-de-passe-1', 'Un-mot-de-passe-2'] }, 400],
      [`/admin/comptes/${u.id}/mot-de-passe`, { mot_de_passe: `Aa1!${'x'.repeat(10_240)}` }, 400],
    ];
    for (const [url, champs, statut] of posts) {
      const r = await client.post(url, champs);
      assert.equal(r.statusCode, statut, `POST ${url} ${JSON.stringify(champs).slice(0, 60)}`);
    }
    const intact = await compte(u.id);
    assert.deepEqual([intact.nom_affiche, intact.roles, intact.actif], ['Témoin Intact', ['AGENT'], true]);
    assert.equal(await nombre('journal_audit'), avant);
  });
});

describe('l’adresse électronique d’un compte d’agent', () => {
  test('celle du dossier RH, qui fait foi : montrée sans champ, le formulaire ne la change pas', async () => {
    const admin = (await connecte(['ADMINISTRATEUR'])).client;
    const cible = await creerCompte(b.database, { nom: 'Agent Courriel' });
    await db()
      .insertInto('agent')
      .values({ agent_id: 'COUR0001', identifiant: cible.identifiant, civilite: 'Mme', nom: 'COURRIEL', prenom: 'Agathe', date_naissance: '1970-01-01', email: 'agathe.courriel@ac-exemple.fr', corps: 'PE', discipline: '', date_entree_corps: '1995-09-01', import_id: null })
      .execute();
    await db().updateTable('compte').set({ agent_id: 'COUR0001', email: 'agathe.courriel@ac-exemple.fr' }).where('id', '=', cible.id).execute();
    const page = await admin.get(`/admin/comptes/${cible.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Celle du dossier RH de l’agent COUR0001, qui fait foi/);
    assert.doesNotMatch(page.body, /name="email"/);
    const r = await admin.post(`/admin/comptes/${cible.id}/modifier`, profil({ nom_affiche: 'Agathe Courriel', email: 'detournee@exemple.invalid' }));
    assert.equal(r.statusCode, 303);
    const c = await db().selectFrom('compte').select(['email', 'nom_affiche']).where('id', '=', cible.id).executeTakeFirstOrThrow();
    assert.deepEqual(c, { email: 'agathe.courriel@ac-exemple.fr', nom_affiche: 'Agathe Courriel' });
  });
});
