import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import { affiche, outilsDeTest } from './admin.banc-outils.ts';

let b: Banc;
before(async () => {
  b = await banc();
});
after(async () => {
  await b.fermer();
});

const { db, connecte, audit, nombre } = outilsDeTest(() => b);
const rubriqueNommee = (libelle: string) => db().selectFrom('rubrique').selectAll().where('libelle', '=', libelle).executeTakeFirst();

describe('rubriques', () => {
  test('créer, renommer et réordonner une rubrique ; un libellé déjà pris est refusé', async () => {
    const { client, id: adminId } = await connecte(['ADMINISTRATEUR'], '/admin/catalogue');
    const r = await client.post('/admin/catalogue/rubriques', { libelle: 'Vie scolaire', ordre: '42' });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/admin/catalogue?fait=rubrique-creee');
    const creee = await rubriqueNommee('Vie scolaire');
    assert.equal(creee?.ordre, 42);

    const doublon = await client.post('/admin/catalogue/rubriques', { libelle: 'VIE SCOLAIRE', ordre: '1' });
    assert.equal(doublon.statusCode, 400);
    assert.ok(affiche(doublon.body, 'Une rubrique porte déjà ce libellé'));

    await client.get(`/admin/catalogue/rubriques/${creee!.id}`);
    const renommee = await client.post(`/admin/catalogue/rubriques/${creee!.id}`, { libelle: 'Vie de l’élève', ordre: '3' });
    assert.equal(renommee.statusCode, 303);
    assert.deepEqual(await rubriqueNommee('Vie de l’élève'), { id: creee!.id, libelle: 'Vie de l’élève', ordre: 3 });
    const journal = await audit(`rubrique:${creee!.id}`);
    assert.deepEqual(journal.map((j) => [j.action, j.acteur_compte_id]), [['RUBRIQUE_CREEE', adminId], ['RUBRIQUE_MODIFIEE', adminId]]);
  });

  test('une rubrique qui contient des applications ne peut pas être supprimée ; vide, elle peut l’être', async () => {
    const { client } = await connecte(['ADMINISTRATEUR'], '/admin/catalogue');
    const pleine = (await rubriqueNommee('Gestion des personnels'))!;
    const refus = await client.post(`/admin/catalogue/rubriques/${pleine.id}/supprimer`);
    assert.equal(refus.statusCode, 409);
    assert.ok(affiche(refus.body, 'La rubrique « Gestion des personnels » contient encore 9 applications'));
    assert.ok(await rubriqueNommee('Gestion des personnels'));
    assert.deepEqual(await audit(`rubrique:${pleine.id}`), []);

    await client.post('/admin/catalogue/rubriques', { libelle: 'Éphémère', ordre: '99' });
    const vide = (await rubriqueNommee('Éphémère'))!;
    const page = await client.get(`/admin/catalogue/rubriques/${vide.id}`);
    assert.ok(page.body.includes('Supprimer la rubrique'));
    const r = await client.post(`/admin/catalogue/rubriques/${vide.id}/supprimer`);
    assert.equal(r.statusCode, 303);
    assert.equal(await rubriqueNommee('Éphémère'), undefined);
    assert.deepEqual((await audit(`rubrique:${vide.id}`)).map((j) => j.action), ['RUBRIQUE_CREEE', 'RUBRIQUE_SUPPRIMEE']);
  });

  test('saisies invalides d’une rubrique : 400 en français, rien ne change', async () => {
    const { client } = await connecte(['ADMINISTRATEUR'], '/admin/catalogue');
    const avant = [await nombre('rubrique'), await nombre('journal_audit')];
    const cas: Array<[Record<string, string | string[]>, string]> = [
      [{}, 'Le libellé est obligatoire.'],
      [{ libelle: 'x'.repeat(10_240), ordre: '1' }, 'Le libellé ne doit pas dépasser 100 caractères.'],
      [{ libelle: 'A\u0000B', ordre: '1' }, 'Le libellé contient des caractères non autorisés.'],
      [{ libelle: 'Bien', ordre: 'deux' }, 'L’ordre doit être un nombre entier.'],
      [{ libelle: 'Bien', ordre: '100000' }, 'L’ordre doit être compris entre 0 et 9999.'],
      [{ libelle: ['a', 'b'], ordre: '1' }, 'Le libellé : valeur invalide.'],
    ];
    for (const [champs, message] of cas) {
      const r = await client.post('/admin/catalogue/rubriques', champs);
      assert.equal(r.statusCode, 400, JSON.stringify(champs).slice(0, 50));
      assert.ok(affiche(r.body, message), message);
      assert.ok(r.body.includes('fr-input-group--error'));
    }
    const personnels = (await rubriqueNommee('Gestion des personnels'))!;
    const renommage = await client.post(`/admin/catalogue/rubriques/${personnels.id}`, { libelle: '', ordre: '1' });
    assert.equal(renommage.statusCode, 400);
    assert.deepEqual([await nombre('rubrique'), await nombre('journal_audit')], avant);
    assert.equal((await rubriqueNommee('Gestion des personnels'))?.ordre, personnels.ordre);
  });
});

describe('applications', () => {
  function application(sur: Record<string, string | string[]> = {}): Record<string, string | string[]> {
    return { rubrique_id: '', groupe: 'Tests', libelle: 'Outil de test', description: '', url: 'https://outil.example.invalid/', roles: ['AGENT'], ordre: '5', actif: 'on', ...sur };
  }

  test('ajouter une application visible des agents, la restreindre aux gestionnaires, puis la supprimer', async () => {
    const { client: admin, id: adminId } = await connecte(['ADMINISTRATEUR'], '/admin/catalogue/applications/nouvelle');
    const { client: agent } = await connecte(['AGENT']);
    const rubrique = (await rubriqueNommee('Intranet, Référentiels et Outils'))!;
    const r = await admin.post('/admin/catalogue/applications/nouvelle', application({ rubrique_id: rubrique.id, libelle: 'Annuaire académique' }));
    assert.equal(r.statusCode, 303);
    const app = await db().selectFrom('application').selectAll().where('libelle', '=', 'Annuaire académique').executeTakeFirstOrThrow();
    assert.deepEqual([app.rubrique_id, app.url, app.interne, app.roles, app.ordre, app.actif, app.description], [rubrique.id, 'https://outil.example.invalid/', false, ['AGENT'], 5, true, null]);
    assert.ok((await agent.get('/portail')).body.includes('Annuaire académique'));

    await admin.get(`/admin/catalogue/applications/${app.id}`);
    const modif = await admin.post(`/admin/catalogue/applications/${app.id}`, application({ rubrique_id: rubrique.id, libelle: 'Annuaire académique', url: '/iprof', interne: 'on', roles: ['GESTIONNAIRE'] }));
    assert.equal(modif.statusCode, 303);
    const apres = await db().selectFrom('application').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow();
    assert.deepEqual([apres.url, apres.interne, apres.roles], ['/iprof', true, ['GESTIONNAIRE']]);
    assert.ok(!(await agent.get('/portail')).body.includes('Annuaire académique'), 'les agents ne la voient plus');

    const suppr = await admin.post(`/admin/catalogue/applications/${app.id}/supprimer`);
    assert.equal(suppr.statusCode, 303);
    assert.equal(await db().selectFrom('application').select('id').where('id', '=', app.id).executeTakeFirst(), undefined);
    const journal = await audit(`application:${app.id}`);
    assert.deepEqual(journal.map((j) => [j.action, j.acteur_compte_id]), [['APPLICATION_CREEE', adminId], ['APPLICATION_MODIFIEE', adminId], ['APPLICATION_SUPPRIMEE', adminId]]);
  });

  test('saisies invalides d’une application : 400 en français, rien ne change', async () => {
    const { client } = await connecte(['ADMINISTRATEUR'], '/admin/catalogue/applications/nouvelle');
    const rubrique = (await rubriqueNommee('Support et Assistance'))!;
    const existante = await db().selectFrom('application').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const avant = [await nombre('application'), await nombre('journal_audit')];
    const cas: Array<[Record<string, string | string[]>, string]> = [
      [{}, 'La rubrique : choisissez une valeur de la liste.'],
      [application({ rubrique_id: '999999999' }), 'La rubrique : choisissez une valeur de la liste.'],
      [application({ rubrique_id: 'abc' }), 'La rubrique : choisissez une valeur de la liste.'],
      [application({ rubrique_id: rubrique.id, url: 'javascript:alert(1)' }), 'L’adresse doit commencer par https://'],
      [application({ rubrique_id: rubrique.id, url: '//evil.example/' }), 'Un chemin interne commence par un seul « / »'],
      [application({ rubrique_id: rubrique.id, url: 'http://exemple.fr/' }), 'L’adresse doit commencer par https://'],
      [application({ rubrique_id: rubrique.id, roles: ['AGENT', 'PIRATE'] }), 'Rôles : valeur inconnue.'],
      [application({ rubrique_id: rubrique.id, roles: [] }), 'Cochez au moins un rôle qui voit l’application.'],
      [application({ rubrique_id: rubrique.id, description: 'x'.repeat(10_240) }), 'La description ne doit pas dépasser 500 caractères.'],
      [application({ rubrique_id: rubrique.id, groupe: 'a\u001bb' }), 'Le groupe contient des caractères non autorisés.'],
      [application({ rubrique_id: rubrique.id, interne: ['on', 'on'] }), 'Application interne : valeur invalide.'],
      [application({ rubrique_id: rubrique.id, ordre: '-1' }), 'L’ordre doit être compris entre 0 et 9999.'],
    ];
    for (const [champs, message] of cas) {
      const r = await client.post('/admin/catalogue/applications/nouvelle', champs);
      assert.equal(r.statusCode, 400, message);
      assert.ok(affiche(r.body, message), message);
      const modif = await client.post(`/admin/catalogue/applications/${existante.id}`, champs);
      assert.equal(modif.statusCode, 400, `modification : ${message}`);
    }
    assert.equal((await client.post('/admin/catalogue/applications/999999999', application({ rubrique_id: rubrique.id }))).statusCode, 404);
    assert.equal((await client.post('/admin/catalogue/applications/999999999/supprimer')).statusCode, 404);
    assert.equal((await client.post('/admin/catalogue/rubriques/999999999/supprimer')).statusCode, 404);
    assert.deepEqual([await nombre('application'), await nombre('journal_audit')], avant);
    assert.deepEqual(await db().selectFrom('application').selectAll().where('id', '=', existante.id).executeTakeFirstOrThrow(), existante);
  });
});

describe('bandeaux d’information', () => {
  function bandeau(sur: Record<string, string | string[]> = {}): Record<string, string | string[]> {
    return { titre: 'Maintenance', message: 'Le portail sera indisponible samedi.', niveau: 'warning', debut: '', fin: '', actif: 'on', ...sur };
  }

  test('un bandeau saisi à l’heure de Paris s’affiche sur l’accueil pendant sa période, puis est modifié et supprimé', async () => {
    const { client: admin, id: adminId } = await connecte(['ADMINISTRATEUR'], '/admin/bandeaux/nouveau');
    const { client: agent } = await connecte(['AGENT']);
    b.clock.set('2026-11-30T09:00:00Z'); // 10:00 in Paris
    const r = await admin.post('/admin/bandeaux/nouveau', bandeau({ titre: 'Campagne ouverte', debut: '2026-11-30T09:30', fin: '2026-12-24T18:00' }));
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/admin/bandeaux?fait=bandeau-cree');
    const cree = await db().selectFrom('bandeau').selectAll().where('titre', '=', 'Campagne ouverte').executeTakeFirstOrThrow();
    assert.equal(cree.debut?.toISOString(), '2026-11-30T08:30:00.000Z');
    assert.equal(cree.fin?.toISOString(), '2026-12-24T17:00:00.000Z');
    assert.equal(cree.niveau, 'warning');
    const accueil = (await agent.get('/portail')).body;
    assert.ok(accueil.includes('Informations importantes') && accueil.includes('Campagne ouverte'));
    const liste = await admin.get('/admin/bandeaux?fait=bandeau-cree');
    assert.ok(affiche(liste.body, 'Le bandeau a été créé.') && liste.body.includes('Avertissement') && liste.body.includes('Affiché'));
    assert.ok(liste.body.includes('Du 30/11/2026 à 09:30 au 24/12/2026 à 18:00'));

    const edition = await admin.get(`/admin/bandeaux/${cree.id}`);
    assert.ok(edition.body.includes('value="2026-11-30T09:30"') && edition.body.includes('value="2026-12-24T18:00"'), 'les dates reviennent à l’heure de Paris');
    const modif = await admin.post(`/admin/bandeaux/${cree.id}`, bandeau({ titre: 'Campagne ouverte', niveau: 'alert', debut: '2026-12-01T08:00', fin: '' }));
    assert.equal(modif.statusCode, 303);
    const apres = await db().selectFrom('bandeau').selectAll().where('id', '=', cree.id).executeTakeFirstOrThrow();
    assert.deepEqual([apres.niveau, apres.debut?.toISOString(), apres.fin], ['alert', '2026-12-01T07:00:00.000Z', null]);
    assert.ok(!(await agent.get('/portail')).body.includes('Campagne ouverte'), 'pas encore commencé');
    b.clock.set('2026-12-01T07:00:00Z'); // the next day: both sessions have expired, new ones are opened
    assert.ok((await connecte(['AGENT'])).client.dernierePage.includes('Campagne ouverte'), 'commencé');

    const { client: admin2, id: admin2Id } = await connecte(['ADMINISTRATEUR'], '/admin/bandeaux');
    assert.equal((await admin2.post(`/admin/bandeaux/${cree.id}/supprimer`)).statusCode, 303);
    assert.equal(await db().selectFrom('bandeau').select('id').where('id', '=', cree.id).executeTakeFirst(), undefined);
    const journal = await audit(`bandeau:${cree.id}`);
    assert.deepEqual(journal.map((j) => [j.action, j.acteur_compte_id]), [['BANDEAU_CREE', adminId], ['BANDEAU_MODIFIE', adminId], ['BANDEAU_SUPPRIME', admin2Id]]);
    assert.equal((journal[0]!.details as { debut: string }).debut, '2026-11-30T08:30:00.000Z');
  });

  test('saisies invalides d’un bandeau : 400 en français, rien ne change', async () => {
    const { client } = await connecte(['ADMINISTRATEUR'], '/admin/bandeaux/nouveau');
    const existant = await db().insertInto('bandeau').values({ titre: 'Témoin', message: 'Inchangé', niveau: 'info', debut: null, fin: null }).returning('id').executeTakeFirstOrThrow();
    const avant = [await nombre('bandeau'), await nombre('journal_audit')];
    const cas: Array<[Record<string, string | string[]>, string]> = [
      [{}, 'Le titre est obligatoire.'],
      [bandeau({ fin: '2026-12-01T10:00', debut: '2026-12-01T10:00' }), 'La fin doit être postérieure au début.'],
      [bandeau({ fin: '2026-12-01T09:00', debut: '2026-12-01T10:00' }), 'La fin doit être postérieure au début.'],
      [bandeau({ debut: '2027-03-28T02:30' }), 'Le début : cette heure n’existe pas à Paris ce jour-là'],
      [bandeau({ fin: '2026-02-30T10:00' }), 'La fin : saisissez une date et une heure valides'],
      [bandeau({ niveau: 'critique' }), 'Le niveau : choisissez une valeur de la liste.'],
      [bandeau({ niveau: ['info', 'alert'] }), 'Le niveau : choisissez une valeur de la liste.'],
      [bandeau({ message: 'x'.repeat(10_240) }), 'Le message ne doit pas dépasser 2000 caractères.'],
      [bandeau({ titre: 'Titre\u0008' }), 'Le titre contient des caractères non autorisés.'],
      [bandeau({ actif: 'oui' }), 'Bandeau actif : valeur invalide.'],
    ];
    for (const [champs, message] of cas) {
      const r = await client.post('/admin/bandeaux/nouveau', champs);
      assert.equal(r.statusCode, 400, message);
      assert.ok(affiche(r.body, message), message);
      assert.ok(r.body.includes('fr-alert--error'));
      assert.equal((await client.post(`/admin/bandeaux/${existant.id}`, champs)).statusCode, 400, `modification : ${message}`);
    }
    assert.equal((await client.post('/admin/bandeaux/999999999', bandeau())).statusCode, 404);
    assert.equal((await client.post('/admin/bandeaux/abc/supprimer')).statusCode, 400);
    assert.deepEqual([await nombre('bandeau'), await nombre('journal_audit')], avant);
    assert.equal((await db().selectFrom('bandeau').select('message').where('id', '=', existant.id).executeTakeFirstOrThrow()).message, 'Inchangé');
  });
});

describe('journal d’audit', () => {
  test('les actions apparaissent de la plus récente à la plus ancienne, avec l’identifiant de leur auteur, et se paginent', async () => {
    const { client, identifiant } = await connecte(['ADMINISTRATEUR'], '/admin/catalogue');
    for (let i = 0; i < 55; i++) {
      b.clock.advance(1000);
      assert.equal((await client.post('/admin/catalogue/rubriques', { libelle: `Journal ${String(i).padStart(2, '0')}`, ordre: '1' })).statusCode, 303);
    }
    const page1 = await client.get('/admin/journal');
    assert.equal(page1.statusCode, 200);
    // The event is shown in French (journal.libelles.ts), never as its code.
    assert.ok(page1.body.includes(identifiant) && page1.body.includes('Rubrique du catalogue créée') && !page1.body.includes('RUBRIQUE_CREEE'));
    assert.ok(page1.body.indexOf('Journal 54') < page1.body.indexOf('Journal 53'), 'la plus récente d’abord');
    assert.ok(!page1.body.includes('Journal 04'), '50 lignes par page');
    assert.ok(page1.body.includes('href="/admin/journal?page=2"'));
    const page2 = await client.get('/admin/journal?page=2');
    assert.ok(page2.body.includes('Journal 04'));
    assert.equal((await client.get('/admin/journal?page=999')).statusCode, 200, 'une page trop loin montre la dernière');
  });
});
