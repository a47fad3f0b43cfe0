import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { seedDemo } from '../../demo/seed.ts';
import { createCampagneService } from './campagne.service.ts';
import { createDocumentsService } from './documents.service.ts';

let b: Banc;
let gestion: ClientDeTest;
let agent: ClientDeTest;
let campagneId: string;

before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
  b.clock.set('2026-11-30T09:00:00Z');
  gestion = new ClientDeTest(b.app);
  await gestion.connecter('gestion1', 'Demo-Gestion-2026!');
  agent = new ClientDeTest(b.app);
  await agent.connecter('jdupont', 'Demo-Agent-2026!');
});
after(async () => {
  await b.fermer();
});

/** Moves the clock (days at a time: sessions expire) and logs both users in again. */
async function aLHeure(instant: string) {
  b.clock.set(instant);
  await agent.connecter('jdupont', 'Demo-Agent-2026!');
  await gestion.connecter('gestion1', 'Demo-Gestion-2026!');
}

function echeances() {
  const documents = createDocumentsService({ db: b.database.db, clock: b.clock });
  return createCampagneService({ db: b.database.db, clock: b.clock, apresCloture: (id) => documents.emettreAccuses(id) }).appliquerEcheances();
}

describe('campagne créée par le gestionnaire', () => {
  test('saisies invalides : 400, messages en français, aucune campagne', async () => {
    await gestion.get('/iprof/gestion/campagnes');
    const r = await gestion.post('/iprof/gestion/campagnes', { corps: 'XX', annee: '20x9', ouverture: '2026-13-01T08:00', fermeture: '', promotions: '-3' });
    assert.equal(r.statusCode, 400);
    for (const m of [/Le corps doit être l’un de/, /La fermeture est obligatoire/, /Date et heure attendues/, /ne peut pas être négatif|L’année doit être un nombre/]) assert.match(r.body, m);
    assert.equal((await b.database.db.selectFrom('campagne').select('id').execute()).length, 0);
  });

  test('une campagne PE 2019 ouvrant le 1er décembre à 9 h (Paris) et fermant le 15 à 17 h', async () => {
    await gestion.get('/iprof/gestion/campagnes');
    const r = await gestion.post('/iprof/gestion/campagnes', { corps: 'PE', annee: '2019', ouverture: '2026-12-01T09:00', fermeture: '2026-12-15T17:00', promotions: '20' });
    assert.equal(r.statusCode, 303, r.body.slice(0, 500));
    campagneId = /\/(\d+)\?/.exec(String(r.headers.location))![1]!;
    const c = await b.database.db.selectFrom('campagne').select(['ouverture', 'fermeture', 'statut']).where('id', '=', campagneId).executeTakeFirstOrThrow();
    assert.equal(c.ouverture.toISOString(), '2026-12-01T08:00:00.000Z');
    assert.equal(c.fermeture.toISOString(), '2026-12-15T16:00:00.000Z');
    const tableau = await gestion.get(`/iprof/gestion/campagnes/${campagneId}`);
    assert.equal(tableau.statusCode, 200);
    assert.match(tableau.body, /agents promouvables/);
    const encore = await gestion.post('/iprof/gestion/campagnes', { corps: 'PE', annee: '2019', ouverture: '2026-12-01T09:00', fermeture: '2026-12-15T17:00', promotions: '20' });
    assert.equal(encore.statusCode, 409);
    assert.match(encore.body, /existe déjà/);
  });

  test('les dates s’écrivent comme le message le demande (JJ/MM/AAAA HH:MM) ou comme le champ du navigateur les envoie', async () => {
    await gestion.get('/iprof/gestion/campagnes');
    const mal = await gestion.post('/iprof/gestion/campagnes', { corps: 'CPE', annee: '2020', ouverture: '2027-13-01T09:00', fermeture: '1/12/27', promotions: '3' });
    assert.equal(mal.statusCode, 400);
    assert.equal((mal.body.match(/Date et heure attendues au format JJ\/MM\/AAAA HH:MM/g) ?? []).length >= 2, true, 'les deux champs disent le format attendu');
    const r = await gestion.post('/iprof/gestion/campagnes', { corps: 'CPE', annee: '2020', ouverture: '01/12/2027 09:00', fermeture: '2027-12-15T17:00', promotions: '3' });
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    const c = await b.database.db.selectFrom('campagne').select(['ouverture', 'fermeture']).where('corps', '=', 'CPE').executeTakeFirstOrThrow();
    assert.deepEqual([c.ouverture.toISOString(), c.fermeture.toISOString()], ['2027-12-01T08:00:00.000Z', '2027-12-15T16:00:00.000Z']);
  });

  test('un agent n’accède pas aux pages de gestion', async () => {
    assert.equal((await agent.get('/iprof/gestion/campagnes')).statusCode, 403);
  });
});

describe('le parcours de candidature de jdupont', () => {
  test('avant l’ouverture, la campagne n’est pas proposée', async () => {
    const r = await agent.get('/iprof/candidater');
    assert.match(r.body, /Aucune campagne n’est ouverte pour votre corps/);
    // …but it is announced, with its dates.
    assert.match(r.body, /Prochaine campagne/);
    assert.match(r.body, /professeurs des écoles — campagne 2019 : dépôt des candidatures du 01\/12\/2026 à 09:00 au 15\/12\/2026 à 17:00/);
    assert.equal((await agent.get(`/iprof/candidater/${campagneId}`)).statusCode, 404);
  });

  test('commencer, compléter, afficher la fiche, valider, annuler, valider de nouveau', async () => {
    await aLHeure('2026-12-01T08:00:00Z');
    await echeances();
    await aLHeure('2026-12-02T09:30:00Z');
    let r = await agent.get(`/iprof/candidater/${campagneId}`);
    assert.match(r.body, /Commencer ma candidature/);
    r = await agent.post(`/iprof/candidater/${campagneId}/commencer`);
    assert.equal(r.statusCode, 303);
    r = await agent.get(String(r.headers.location));
    assert.match(r.body, /Directeur d|directeur d/);
    assert.match(r.body, /Ajouter une période/);

    const mauvais = await agent.post(`/iprof/candidater/${campagneId}/periodes`, { du: '2005-02-30', au: '2004-01-01', nature: 'FONCTION', fonction: 'INCONNUE', etablissement: '', commentaire: 'x'.repeat(10_000) });
    assert.equal(mauvais.statusCode, 400);
    for (const m of [/cette date n’existe pas/, /Choisissez une fonction de la liste/, /L’établissement ou le service est obligatoire/, /ne doit pas dépasser 1000 caractères/]) assert.match(mauvais.body, m);

    await agent.get(`/iprof/candidater/${campagneId}`);
    r = await agent.post(`/iprof/candidater/${campagneId}/periodes`, { du: '2006-09-01', au: '2007-08-31', nature: 'FONCTION', fonction: 'MAITRE_FORMATEUR', etablissement: 'Circonscription d’Abbeville', commentaire: '' });
    assert.equal(r.statusCode, 303);
    // A period with its pièce justificative (multipart), then refused uploads that store nothing.
    await agent.get(`/iprof/candidater/${campagneId}`);
    const periode = { du: '2007-09-01', au: '2008-08-31', nature: 'FONCTION', fonction: 'CONSEILLER_PEDAGOGIQUE', etablissement: 'Circonscription d’Amiens 2', commentaire: 'Arrêté joint' };
    const pdfJoint = Buffer.from('%PDF-1.4\n% arrêté de nomination\n');
    r = await agent.postMultipart(`/iprof/candidater/${campagneId}/periodes`, periode, [{ champ: 'pieces', nom: 'arrêté.pdf', contenu: pdfJoint, type: 'application/pdf' }]);
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    r = await agent.get(`/iprof/candidater/${campagneId}`);
    const lien = /href="(\/iprof\/candidater\/\d+\/pieces\/\d+)"/.exec(r.body)?.[1];
    assert.ok(lien, 'lien vers la pièce');
    const telechargee = await agent.get(lien!);
    assert.equal(telechargee.headers['content-type'], 'application/pdf');
    assert.equal(Buffer.compare(telechargee.rawPayload, pdfJoint), 0);
    const avant = (await b.database.db.selectFrom('candidature_periode').select('id').execute()).length;
    const exe = await agent.postMultipart(`/iprof/candidater/${campagneId}/periodes`, periode, [{ champ: 'pieces', nom: 'scan.pdf', contenu: Buffer.from('MZ\x90\x00 programme'), type: 'application/pdf' }]);
    assert.equal(exe.statusCode, 400);
    assert.match(exe.body, /PDF, JPEG ou PNG/);
    const sansJeton = await agent.postMultipart(`/iprof/candidater/${campagneId}/periodes`, periode, [{ champ: 'pieces', nom: 'a.pdf', contenu: pdfJoint }], { csrf: null });
    assert.equal(sansJeton.statusCode, 403);
    assert.equal((await b.database.db.selectFrom('candidature_periode').select('id').execute()).length, avant, 'rien de stocké');

    r = await agent.get(`/iprof/candidater/${campagneId}/fiche`);
    assert.match(r.body, /Fiche de candidature/);
    assert.match(r.body, /Circonscription d’Abbeville|Circonscription d&#8217;Abbeville/);
    const pdf = await agent.get(`/iprof/candidater/${campagneId}/fiche.pdf`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

    r = await agent.post(`/iprof/candidater/${campagneId}/valider`);
    assert.equal(r.headers.location, `/iprof/candidater/${campagneId}?fait=validee`);
    r = await agent.get(String(r.headers.location));
    assert.match(r.body, /Votre demande de candidature a bien été enregistrée le 02\/12\/2026 à 10:30/);
    assert.match(r.body, /A la date de fermeture de dépôt des candidatures vous recevrez un accusé de réception de votre demande/);
    // Back then resubmit (double click): nothing more.
    r = await agent.post(`/iprof/candidater/${campagneId}/valider`);
    assert.equal(r.headers.location, `/iprof/candidater/${campagneId}?fait=deja-validee`);

    // "Annuler" asks first: the candidature page links to a confirmation page (its DSFR modal holds the same form),
    // and cancels nothing by itself.
    r = await agent.get(`/iprof/candidater/${campagneId}`);
    assert.match(r.body, new RegExp(`<a class="fr-btn fr-btn--secondary" href="/iprof/candidater/${campagneId}/annuler" data-modale="modale-annuler-candidature">`));
    assert.doesNotMatch(r.body, new RegExp(`<form method="post" action="/iprof/candidater/${campagneId}/annuler" class="vivier-form-inline"`));
    const question = await agent.get(`/iprof/candidater/${campagneId}/annuler`);
    assert.equal(question.statusCode, 200);
    assert.match(question.body, /<h1>Annuler votre candidature \?<\/h1>/);
    assert.match(question.body, new RegExp(`<form method="post" action="/iprof/candidater/${campagneId}/annuler"><input type="hidden" name="_csrf"`));
    assert.match(question.body, /Non, garder ma candidature/);
    assert.match((await agent.get(`/iprof/candidater/${campagneId}`)).body, /Votre demande de candidature a bien été enregistrée/);
    r = await agent.post(`/iprof/candidater/${campagneId}/annuler`);
    assert.equal(r.headers.location, `/iprof/candidater/${campagneId}?fait=annulee`);
    r = await agent.get(String(r.headers.location));
    assert.equal(r.body.match(/Votre candidature est annulée/g)?.length, 1, 'l’annulation est dite une fois');
    // Nothing left to cancel: the question leads back to the candidature.
    assert.equal((await agent.get(`/iprof/candidater/${campagneId}/annuler`)).headers.location, `/iprof/candidater/${campagneId}`);
    await agent.get(`/iprof/candidater/${campagneId}/fiche`);
    r = await agent.post(`/iprof/candidater/${campagneId}/valider`);
    assert.equal(r.headers.location, `/iprof/candidater/${campagneId}?fait=validee`);
  });

  test('après la fermeture, plus rien n’est accepté ; à la clôture, l’accusé est émis et se télécharge à l’identique', async () => {
    await aLHeure('2026-12-15T16:00:00Z');
    await agent.get(`/iprof/candidater/${campagneId}`);
    const refus = await agent.post(`/iprof/candidater/${campagneId}/annuler`);
    assert.equal(refus.statusCode, 409);
    assert.match(refus.body, /clos depuis le 15\/12\/2026 à 17:00/);
    await aLHeure('2026-12-15T16:00:30Z');
    await echeances();
    const page = await agent.get(`/iprof/candidater/${campagneId}`);
    assert.match(page.body, /Candidature déposée/);
    assert.doesNotMatch(page.body, /Ajoutez celles qui y manquent/, 'après la clôture, plus d’invitation à ajouter des périodes');
    assert.match(page.body, /Télécharger l’accusé de réception/);
    // Periods by date, each with its pièce; the history in the order of the transitions.
    const abbeville = page.body.indexOf('Circonscription d’Abbeville');
    const amiens = page.body.indexOf('Circonscription d’Amiens 2');
    assert.ok(abbeville > 0 && amiens > abbeville, 'périodes dans l’ordre des dates');
    assert.match(page.body.slice(amiens), /arrêté\.pdf/);
    const historique = page.body.slice(page.body.indexOf('id="titre-historique"'));
    const etapes = [...historique.matchAll(/(En préparation \(non validée\)|Enregistrée \(validée\)|Annulée|Déposée)/g)].map((m) => m[1]);
    assert.deepEqual(etapes, ['En préparation (non validée)', 'Enregistrée (validée)', 'Annulée', 'Enregistrée (validée)', 'Déposée']);
    const a1 = await agent.get(`/iprof/candidater/${campagneId}/accuse.pdf`);
    const a2 = await agent.get(`/iprof/candidater/${campagneId}/accuse.pdf`);
    assert.equal(a1.statusCode, 200);
    assert.equal(Buffer.compare(a1.rawPayload, a2.rawPayload), 0);
    // The I-Prof hub announces the unread messages (the opening notice and the accusé).
    const hub = await agent.get('/iprof');
    const nonLus = Number(/(\d+) messages? non lus?/.exec(hub.body)?.[1]);
    const attendu = await b.database.db.selectFrom('message').select((eb) => eb.fn.countAll<string>().as('n')).where('agent_id', '=', 'DEMO0001').where('lu_le', 'is', null).executeTakeFirstOrThrow();
    assert.equal(nonLus, Number(attendu.n));
    assert.ok(nonLus >= 2);
    // From the mailbox: the message links to the same archived PDF; nobody else can fetch it.
    const msg = await b.database.db.selectFrom('message').select(['id', 'document_id']).where('agent_id', '=', 'DEMO0001').where('document_type', '=', 'ACCUSE_RECEPTION').executeTakeFirstOrThrow();
    const page2 = await agent.get(`/iprof/messages/${msg.id}`);
    assert.match(page2.body, new RegExp(`href="/iprof/documents/${msg.document_id}"`));
    const parLien = await agent.get(`/iprof/documents/${msg.document_id}`);
    assert.equal(Buffer.compare(parLien.rawPayload, a1.rawPayload), 0);
    const autre = new ClientDeTest(b.app);
    await autre.connecter('mmartin', 'Demo-Agent-2026!');
    assert.equal((await autre.get(`/iprof/documents/${msg.document_id}`)).statusCode, 404);
    const tableau = await gestion.get(`/iprof/gestion/campagnes/${campagneId}`);
    assert.match(tableau.body, /<svg/);
    assert.match(tableau.body, /déposée/);
  });

  test('identifiants invalides : 404 en français', async () => {
    for (const url of ['/iprof/candidater/abc', '/iprof/candidater/999999', '/iprof/candidater/1%00/fiche']) {
      const r = await agent.get(url);
      assert.equal(r.statusCode, 404, url);
    }
    // A change posted to a campaign that does not exist (or is not theirs) is refused the same way, inside the
    // transaction that would have locked it.
    await agent.get(`/iprof/candidater/${campagneId}`);
    for (const url of ['/iprof/candidater/999999/valider', '/iprof/candidater/999999/annuler', '/iprof/candidater/999999/commencer']) {
      const r = await agent.post(url);
      assert.equal(r.statusCode, 404, url);
      assert.match(r.body, /Cette campagne n’existe pas ou ne vous concerne pas/);
    }
  });
});
