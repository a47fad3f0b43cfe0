import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import { connecter } from '../dossier/dossier.fixtures.ts';
import type { ClientDeTest } from '../../test/client.ts';

/* The administrator manages the unions, their lists and their correspondents; every change is audited in French. */

let b: Banc;
let admin: ClientDeTest;
before(async () => {
  b = await banc();
  admin = (await connecter(b, { roles: ['ADMINISTRATEUR'] })).client;
});
after(async () => {
  await b?.fermer();
});

const idDeLAdresse = (location: unknown) => /\/admin\/syndicats\/(\d+)/.exec(String(location))?.[1] ?? '';

test('un syndicat, ses listes et ses correspondants : créés, modifiés, refusés avec un message sur le champ', async () => {
  await admin.get('/admin/syndicats/nouveau');
  let r = await admin.post('/admin/syndicats/nouveau', { sigle: 'SDEP', nom: 'Syndicat démocratique', ordre: '1', actif: 'on' });
  assert.equal(r.statusCode, 303);
  const id = idDeLAdresse(r.headers.location);
  assert.ok(id);
  // The same acronym, in other letters' case: refused on the field, nothing created.
  r = await admin.post('/admin/syndicats/nouveau', { sigle: 'sdep', nom: 'Autre', ordre: '2', actif: 'on' });
  assert.equal(r.statusCode, 409);
  assert.match(r.body, /Le sigle « sdep » est déjà celui d’un autre syndicat\./);
  r = await admin.post('/admin/syndicats/nouveau', { sigle: '', nom: '', ordre: 'x' });
  assert.equal(r.statusCode, 400);
  assert.match(r.body, /Le sigle est obligatoire\./);

  await admin.get(`/admin/syndicats/${id}/listes/nouvelle`);
  r = await admin.post(`/admin/syndicats/${id}/listes/nouvelle`, { libelle: 'Section académique', description: '', portee: 'ACADEMIQUE', ordre: '1', active: 'on' });
  assert.equal(r.statusCode, 303);
  r = await admin.post(`/admin/syndicats/${id}/listes/nouvelle`, { libelle: 'Section académique', description: '', portee: 'ACADEMIQUE', ordre: '2', active: 'on' });
  assert.equal(r.statusCode, 409);
  assert.match(r.body, /déjà une liste « Section académique » de cette portée/);
  r = await admin.post(`/admin/syndicats/${id}/listes/nouvelle`, { libelle: 'X', portee: 'REGIONALE', ordre: '1' });
  assert.equal(r.statusCode, 400);
  assert.match(r.body, /La portée : choisissez une valeur de la liste\./);
  const liste = await b.database.db.selectFrom('liste_syndicale').select('id').where('syndicat_id', '=', id).executeTakeFirstOrThrow();

  // Closing the list: still there (subscriptions kept), no longer offered.
  r = await admin.post(`/admin/syndicats/${id}/listes/${liste.id}`, { libelle: 'Section académique', description: 'Les nouvelles', portee: 'ACADEMIQUE', ordre: '1' });
  assert.equal(r.statusCode, 303);
  assert.equal((await b.database.db.selectFrom('liste_syndicale').select('active').where('id', '=', liste.id).executeTakeFirstOrThrow()).active, false);

  // A list under another union in the address: 404, whatever the form.
  await admin.get('/admin/syndicats/nouveau');
  const autre = idDeLAdresse((await admin.post('/admin/syndicats/nouveau', { sigle: 'UPE', nom: 'Union', ordre: '2', actif: 'on' })).headers.location);
  assert.equal((await admin.get(`/admin/syndicats/${autre}/listes/${liste.id}`)).statusCode, 404);
  assert.equal((await admin.post(`/admin/syndicats/${autre}/listes/${liste.id}`, { libelle: 'Volée', portee: 'NATIONALE', ordre: '1', active: 'on' })).statusCode, 404);
  assert.equal((await admin.get('/admin/syndicats/999999')).statusCode, 404);
  assert.equal((await admin.get('/admin/syndicats/abc')).statusCode, 400);

  // Correspondents: only an account with the role.
  const agent = await connecter(b, { roles: ['AGENT'] });
  const corr = await connecter(b, { roles: ['CORRESPONDANT_SYNDICAL'], nom: 'Corinne Correspondante' });
  await admin.get(`/admin/syndicats/${id}`);
  r = await admin.post(`/admin/syndicats/${id}/correspondants`, { identifiant: agent.compte.identifiant });
  assert.equal(r.statusCode, 409);
  assert.match(r.body, /n’a pas le rôle Correspondant syndical/);
  r = await admin.post(`/admin/syndicats/${id}/correspondants`, { identifiant: 'personne' });
  assert.match(r.body, /Aucun compte n’a l’identifiant « personne »/);
  r = await admin.post(`/admin/syndicats/${id}/correspondants`, { identifiant: corr.compte.identifiant.toUpperCase() });
  assert.equal(r.statusCode, 303);
  const fiche = await admin.get(`/admin/syndicats/${id}?fait=correspondant-ajoute`);
  assert.match(fiche.body, /Le correspondant a été ajouté\./);
  assert.match(fiche.body, /Corinne Correspondante/);
  assert.match(fiche.body, /Section académique/);
  // The correspondent of a union cannot be removed through another one.
  assert.equal((await admin.post(`/admin/syndicats/${autre}/correspondants/${corr.compte.id}/retirer`)).statusCode, 404);
  assert.equal((await admin.post(`/admin/syndicats/${id}/correspondants/${corr.compte.id}/retirer`)).statusCode, 303);

  const journal = (await admin.get('/admin/journal')).body;
  for (const evenement of ['Syndicat créé', 'Liste d’information syndicale créée', 'Liste d’information syndicale modifiée', 'Correspondant syndical ajouté', 'Correspondant syndical retiré'])
    assert.match(journal, new RegExp(evenement), evenement);
  assert.match(journal, /ouverte aux abonnements : oui → non/);
  assert.match(journal, /portée : Académique/);
});

test('les pages d’administration des syndicats sont réservées à l’administrateur', async () => {
  const { client } = await connecter(b, { roles: ['CORRESPONDANT_SYNDICAL'] });
  assert.equal((await client.get('/admin/syndicats')).statusCode, 403);
});
