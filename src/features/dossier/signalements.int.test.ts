import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { banc, type Banc } from '../../test/app.ts';
import type { ClientDeTest } from '../../test/client.ts';
import { connecter, insererAgent, insererEtablissements } from './dossier.fixtures.ts';

let b: Banc;
before(async () => {
  b = await banc();
  await insererEtablissements(b.database);
});
after(async () => {
  await b.fermer();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), crypto.randomBytes(200)]);

type Fichier = { nom: string; type: string; contenu: Buffer };

/** Posts a multipart form as a browser does, with the client's cookies; `_csrf` from the last page unless null. */
async function posterMultipart(client: ClientDeTest, url: string, champs: Record<string, string>, fichiers: Fichier[], opts: { csrf?: string | null } = {}) {
  const limite = `----vivier${crypto.randomBytes(8).toString('hex')}`;
  const parties: Buffer[] = [];
  const csrf = opts.csrf === undefined ? client.csrf() : opts.csrf;
  const tous = { ...(csrf ? { _csrf: csrf } : {}), ...champs };
  for (const [k, v] of Object.entries(tous)) parties.push(Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of fichiers) {
    parties.push(Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="pieces"; filename="${f.nom}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.contenu, Buffer.from('\r\n'));
  }
  parties.push(Buffer.from(`--${limite}--\r\n`));
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return b.app.inject({ method: 'POST', url, payload: Buffer.concat(parties), headers: { cookie, 'content-type': `multipart/form-data; boundary=${limite}` } });
}

async function compter() {
  const s = await b.database.db.selectFrom('signalement').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const p = await b.database.db.selectFrom('piece_justificative').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { signalements: Number(s.n), pieces: Number(p.n) };
}

async function preparer() {
  const a = await insererAgent(b.database);
  const { client } = await connecter(b, { agentId: a.agentId });
  const { client: gestion } = await connecter(b, { roles: ['GESTIONNAIRE'], perimetre: { corps: ['PE'] }, nom: 'Gaëlle Estion' });
  return { a, client, gestion };
}

async function signalerCarriere(client: ClientDeTest, carriereId: string, fichiers: Fichier[] = [{ nom: 'arrete.pdf', type: 'application/pdf', contenu: PDF }]) {
  const url = `/iprof/dossier/signaler/carriere/${carriereId}`;
  const page = await client.get(url);
  assert.equal(page.statusCode, 200);
  return posterMultipart(client, url, { message: 'Mon échelon 3 date du 1er mars 2019, pas du 1er septembre.' }, fichiers);
}

describe('signaler une erreur puis la faire corriger', () => {
  test('signalement avec un PDF, accepté : ligne corrigée, historique, message à l’agent', async () => {
    const { a, client, gestion } = await preparer();
    const carriereId = a.carriereIds[2]!;
    const r = await signalerCarriere(client, carriereId);
    assert.equal(r.statusCode, 303);
    const [s] = await b.database.db.selectFrom('signalement').selectAll().where('agent_id', '=', a.agentId).execute();
    assert.equal(r.headers.location, `/iprof/dossier/signalements/${s!.id}?fait=signalement-envoye`);
    assert.equal(s!.statut, 'EN_ATTENTE');
    assert.deepEqual(s!.valeur_signalee, { date_effet: '2019-09-01', grade: 'HC', echelon: 3 });
    const [p] = await b.database.db.selectFrom('piece_justificative').selectAll().where('signalement_id', '=', s!.id).execute();
    assert.equal(p!.type_contenu, 'application/pdf');
    assert.equal(p!.taille, PDF.length);
    assert.equal(p!.sha256, crypto.createHash('sha256').update(PDF).digest('hex'));
    assert.ok(Buffer.from(p!.contenu).equals(PDF));
    assert.match((await client.get(r.headers.location as string)).body, /bien été transmis/);

    const file = await gestion.get('/iprof/gestion/signalements');
    assert.match(file.body, new RegExp(a.agentId));
    const detail = await gestion.get(`/iprof/gestion/signalements/${s!.id}`);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Mon échelon 3 date du 1er mars 2019/);
    assert.match(detail.body, /name="date_effet"[^>]*value="2019-09-01"|value="2019-09-01"[^>]*name="date_effet"/, 'formulaire prérempli');

    const doc = await gestion.get(`/iprof/pieces/${p!.id}`);
    assert.equal(doc.statusCode, 200);
    assert.equal(doc.headers['content-type'], 'application/pdf');
    assert.match(String(doc.headers['content-disposition']), /^attachment; filename="arrete\.pdf"/);
    assert.equal(doc.headers['x-content-type-options'], 'nosniff');
    assert.ok(doc.rawPayload.equals(PDF));

    await gestion.get(`/iprof/gestion/signalements/${s!.id}`);
    const refus = await gestion.post(`/iprof/gestion/signalements/${s!.id}/accepter`, { date_effet: '2019-03-01', grade: 'HC', echelon: '99' });
    assert.equal(refus.statusCode, 400);
    assert.match(refus.body, /L’échelon doit être un nombre entier entre 1 et 11/);
    const ok = await gestion.post(`/iprof/gestion/signalements/${s!.id}/accepter`, { date_effet: '2019-03-01', grade: 'HC', echelon: '3' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/iprof/gestion/signalements?fait=signalement-accepte');

    const ligne = await b.database.db.selectFrom('agent_carriere').selectAll().where('id', '=', carriereId).executeTakeFirstOrThrow();
    assert.equal(ligne.date_effet, '2019-03-01');
    const [h] = await b.database.db.selectFrom('correction_dossier').selectAll().where('agent_id', '=', a.agentId).execute();
    assert.deepEqual([h!.avant, h!.apres, h!.par_nom, h!.signalement_id], [{ date_effet: '2019-09-01', grade: 'HC', echelon: 3 }, { date_effet: '2019-03-01', grade: 'HC', echelon: 3 }, 'Gaëlle Estion', s!.id]);
    const apres = await b.database.db.selectFrom('signalement').select(['statut', 'traite_le']).where('id', '=', s!.id).executeTakeFirstOrThrow();
    assert.equal(apres.statut, 'ACCEPTE');

    const boite = await client.get('/iprof/messages');
    assert.match(boite.body, /Votre signalement a été accepté/);
    assert.match(boite.body, /Non lu/);
    const id = /href="\/iprof\/messages\/(\d+)"/.exec(boite.body)![1]!;
    const m = await client.get(`/iprof/messages/${id}`);
    assert.match(m.body, /votre dossier a été corrigé/);
    assert.doesNotMatch((await client.get('/iprof/messages')).body, /Non lu/);
    const onglet = await client.get('/iprof/dossier/signalements');
    assert.match(onglet.body, /Historique des corrections/);
    assert.match(onglet.body, /Gaëlle Estion/);
    assert.match(onglet.body, /Date d’effet : 01\/09\/2019, Grade : Hors-classe, Échelon : 3/);
    assert.match(onglet.body, /Date d’effet : 01\/03\/2019/);

    // Deciding twice is refused.
    await gestion.get('/iprof/gestion/signalements');
    assert.equal((await gestion.post(`/iprof/gestion/signalements/${s!.id}/rejeter`, { motif: 'Trop tard pour cela' })).statusCode, 409);
  });

  test('rejet : le motif est obligatoire, l’agent reçoit le motif', async () => {
    const { a, client, gestion } = await preparer();
    await signalerCarriere(client, a.carriereIds[0]!);
    const [s] = await b.database.db.selectFrom('signalement').select('id').where('agent_id', '=', a.agentId).execute();
    await gestion.get(`/iprof/gestion/signalements/${s!.id}`);
    const vide = await gestion.post(`/iprof/gestion/signalements/${s!.id}/rejeter`, { motif: '  ' });
    assert.equal(vide.statusCode, 400);
    assert.match(vide.body, /Le motif du rejet est obligatoire|au moins 5 caractères/);
    const r = await gestion.post(`/iprof/gestion/signalements/${s!.id}/rejeter`, { motif: 'L’arrêté joint confirme la date enregistrée.' });
    assert.equal(r.statusCode, 303);
    const msg = await b.database.db.selectFrom('message').selectAll().where('agent_id', '=', a.agentId).executeTakeFirstOrThrow();
    assert.equal(msg.sujet, 'Votre signalement a été rejeté');
    assert.match(msg.corps, /Motif : L’arrêté joint confirme la date enregistrée\./);
    const carriere = await b.database.db.selectFrom('agent_carriere').select('date_effet').where('id', '=', a.carriereIds[0]!).executeTakeFirstOrThrow();
    assert.equal(carriere.date_effet, '1993-09-01', 'rien n’est corrigé');
  });

  test('correction d’un champ d’identité et d’une affectation (UAI inconnue refusée)', async () => {
    const { a, client, gestion } = await preparer();
    await client.get('/iprof/dossier/signaler/identite/nom');
    await posterMultipart(client, '/iprof/dossier/signaler/identite/nom', { message: 'Mon nom est mal orthographié : LEFEBVRE.' }, [{ nom: 'cni.png', type: 'image/png', contenu: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) }]);
    await client.get(`/iprof/dossier/signaler/service/${a.serviceIds[0]}`);
    await posterMultipart(client, `/iprof/dossier/signaler/service/${a.serviceIds[0]}`, { message: 'J’étais à mi-temps en 1993-1994.' }, [{ nom: 'arrete.jpg', type: 'image/jpeg', contenu: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]) }]);
    const [nom, service] = await b.database.db.selectFrom('signalement').select(['id', 'cible_type']).where('agent_id', '=', a.agentId).orderBy('id').execute();
    await gestion.get(`/iprof/gestion/signalements/${nom!.id}`);
    assert.equal((await gestion.post(`/iprof/gestion/signalements/${nom!.id}/accepter`, { valeur: 'LEFEBVRE' })).statusCode, 303);
    assert.equal((await b.database.db.selectFrom('agent').select('nom').where('agent_id', '=', a.agentId).executeTakeFirstOrThrow()).nom, 'LEFEBVRE');

    await gestion.get(`/iprof/gestion/signalements/${service!.id}`);
    const champs = { date_debut: '1993-09-01', date_fin: '2009-08-31', fonction: 'ENSEIGNEMENT', part_service: '50', statut: 'TITULAIRE' };
    const inconnue = await gestion.post(`/iprof/gestion/signalements/${service!.id}/accepter`, { ...champs, uai: '0999999Z' });
    assert.equal(inconnue.statusCode, 400);
    assert.match(inconnue.body, /Aucun établissement ne porte cette UAI/);
    assert.equal((await gestion.post(`/iprof/gestion/signalements/${service!.id}/accepter`, { ...champs, uai: '0801500k' })).statusCode, 303);
    const ligne = await b.database.db.selectFrom('agent_service').selectAll().where('id', '=', a.serviceIds[0]!).executeTakeFirstOrThrow();
    assert.deepEqual([ligne.part_service, ligne.uai, ligne.faisant_fonction], [50, '0801500K', false]);
  });
});

describe('pièces refusées : rien n’est enregistré', () => {
  const cas: Array<[string, Fichier[], RegExp]> = [
    ['un exécutable renommé en .pdf', [{ nom: 'arrete.pdf', type: 'application/pdf', contenu: EXE }], /« arrete\.pdf » n’est ni un PDF, ni une image JPEG ou PNG/],
    ['un fichier de 11 Mo', [{ nom: 'gros.pdf', type: 'application/pdf', contenu: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]) }], /« gros\.pdf » dépasse la taille maximale de 10 Mio/],
    ['un fichier vide', [{ nom: 'vide.pdf', type: 'application/pdf', contenu: Buffer.alloc(0) }], /« vide\.pdf » est vide/],
    ['un bon PDF avec un mauvais fichier', [{ nom: 'ok.pdf', type: 'application/pdf', contenu: PDF }, { nom: 'virus.png', type: 'image/png', contenu: EXE }], /« virus\.png » n’est ni un PDF/],
    ['aucune pièce', [], /Joignez au moins une pièce justificative/],
  ];
  for (const [titre, fichiers, message] of cas) {
    test(titre, async () => {
      const { a, client } = await preparer();
      const avant = await compter();
      const r = await signalerCarriere(client, a.carriereIds[1]!, fichiers);
      assert.equal(r.statusCode, 400);
      assert.match(r.body, message);
      assert.match(r.body, /Mon échelon 3 date du 1er mars 2019/, 'le message saisi est réaffiché');
      assert.deepEqual(await compter(), avant);
    });
  }

  test('un message trop court est refusé', async () => {
    const { a, client } = await preparer();
    await client.get(`/iprof/dossier/signaler/position/${a.positionId}`);
    const r = await posterMultipart(client, `/iprof/dossier/signaler/position/${a.positionId}`, { message: 'court' }, [{ nom: 'a.pdf', type: 'application/pdf', contenu: PDF }]);
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /Le message doit contenir au moins 10 caractères/);
  });

  test('multipart sans jeton CSRF ou avec un faux jeton : 403, rien d’enregistré', async () => {
    const { a, client } = await preparer();
    await client.get(`/iprof/dossier/signaler/carriere/${a.carriereIds[0]}`);
    const avant = await compter();
    const sans = await posterMultipart(client, `/iprof/dossier/signaler/carriere/${a.carriereIds[0]}`, { message: 'Un message assez long.' }, [{ nom: 'a.pdf', type: 'application/pdf', contenu: PDF }], { csrf: null });
    assert.equal(sans.statusCode, 403);
    assert.match(sans.body, /rien n’a été modifié/);
    const faux = await posterMultipart(client, `/iprof/dossier/signaler/carriere/${a.carriereIds[0]}`, { message: 'Un message assez long.' }, [{ nom: 'a.pdf', type: 'application/pdf', contenu: PDF }], { csrf: 'x'.repeat(43) });
    assert.equal(faux.statusCode, 403);
    assert.deepEqual(await compter(), avant);
  });
});

describe('périmètre des signalements et des pièces', () => {
  test('hors périmètre : absent de la file, page et pièce introuvables ; un autre agent ne lit pas la pièce', async () => {
    const { a, client } = await preparer();
    await signalerCarriere(client, a.carriereIds[0]!);
    const [s] = await b.database.db.selectFrom('signalement').select('id').where('agent_id', '=', a.agentId).execute();
    const [p] = await b.database.db.selectFrom('piece_justificative').select('id').where('signalement_id', '=', s!.id).execute();
    const { client: autreGestion } = await connecter(b, { roles: ['GESTIONNAIRE'], perimetre: { corps: ['CERTIFIE'] } });
    assert.doesNotMatch((await autreGestion.get('/iprof/gestion/signalements')).body, new RegExp(a.agentId));
    assert.equal((await autreGestion.get(`/iprof/gestion/signalements/${s!.id}`)).statusCode, 404);
    assert.equal((await autreGestion.get(`/iprof/pieces/${p!.id}`)).statusCode, 404);
    await autreGestion.get('/iprof/gestion/signalements');
    assert.equal((await autreGestion.post(`/iprof/gestion/signalements/${s!.id}/rejeter`, { motif: 'Pas mon périmètre' })).statusCode, 404);
    const { client: evaluateur } = await connecter(b, { roles: ['EVALUATEUR'] });
    assert.equal((await evaluateur.get(`/iprof/gestion/signalements/${s!.id}`)).statusCode, 403);
    const autre = await insererAgent(b.database);
    const { client: autreAgent } = await connecter(b, { agentId: autre.agentId });
    assert.equal((await autreAgent.get(`/iprof/pieces/${p!.id}`)).statusCode, 404);
    assert.equal((await autreAgent.get(`/iprof/dossier/signalements/${s!.id}`)).statusCode, 404);
    assert.equal((await autreAgent.get(`/iprof/dossier/signaler/carriere/${a.carriereIds[0]}`)).statusCode, 404, 'on ne signale que son propre dossier');
    assert.equal((await client.get(`/iprof/pieces/${p!.id}`)).statusCode, 200, 'l’agent relit sa pièce');
  });
});

describe('adresses mal formées : une page 404 en français, jamais une erreur de la base', () => {
  for (const cible of ['carriere', 'position', 'service']) {
    for (const id of ['nom', '1e3', '-1', '12345678901234567890']) {
      test(`GET et POST /iprof/dossier/signaler/${cible}/${id}`, async () => {
        const { client } = await preparer();
        const avant = await compter();
        const url = `/iprof/dossier/signaler/${cible}/${id}`;
        const page = await client.get(url);
        assert.equal(page.statusCode, 404);
        assert.match(page.body, /L’élément à signaler n’existe pas dans votre dossier/);
        await client.get('/iprof/dossier');
        const envoi = await posterMultipart(client, url, { message: 'Un message assez long pour être accepté.' }, [{ nom: 'a.pdf', type: 'application/pdf', contenu: PDF }]);
        assert.equal(envoi.statusCode, 404);
        assert.deepEqual(await compter(), avant, 'rien n’est enregistré');
      });
    }
  }

  test('un champ d’identité inconnu est introuvable, un champ connu s’affiche', async () => {
    const { client } = await preparer();
    assert.equal((await client.get('/iprof/dossier/signaler/identite/mot_de_passe')).statusCode, 404);
    assert.equal((await client.get('/iprof/dossier/signaler/identite/constructor')).statusCode, 404);
    assert.equal((await client.get('/iprof/dossier/signaler/identite/nom')).statusCode, 200);
  });

  test('identifiants non numériques des pages de gestion et des pièces : 404', async () => {
    const { gestion } = await preparer();
    for (const url of ['/iprof/gestion/signalements/abc', '/iprof/gestion/signalements/1.5', '/iprof/pieces/nom', '/iprof/dossier/signalements/x']) {
      const r = await gestion.get(url);
      assert.equal(r.statusCode, 404, url);
      assert.match(r.body, /n'existe pas|n’existe pas/);
    }
    await gestion.get('/iprof/gestion/signalements');
    assert.equal((await gestion.post('/iprof/gestion/signalements/abc/rejeter', { motif: 'Un motif suffisant.' })).statusCode, 404);
  });

  test('un caractère nul dans l’adresse ou le formulaire : 400 en français, rien n’est écrit', async () => {
    const { a, client, gestion } = await preparer();
    const r = await gestion.get('/iprof/gestion/signalements?statut=%00');
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /caractère non autorisé/);
    const avant = await compter();
    await client.get(`/iprof/dossier/signaler/carriere/${a.carriereIds[0]}`);
    const envoi = await posterMultipart(client, `/iprof/dossier/signaler/carriere/${a.carriereIds[0]}`, { message: 'Mon échelon\u0000 est faux, voyez l’arrêté.' }, [{ nom: 'a.pdf', type: 'application/pdf', contenu: PDF }]);
    assert.equal(envoi.statusCode, 400);
    assert.match(envoi.body, /caractères non autorisés/);
    assert.deepEqual(await compter(), avant);
  });
});
