import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import { connecter } from '../dossier/dossier.fixtures.ts';
import type { ClientDeTest } from '../../test/client.ts';

/*
 * Élections professionnelles (issue 14): the agent's opt-in subscriptions, historised; the correspondent's export of
 * their own union's lists only, checked on the server (list against its union, union against the account), audited.
 */

let b: Banc;
const ids = { sdep: '', upe: '', sdepNat: '', sdepAca: '', sdepFermee: '', upeAca: '', upeNat: '' };

async function creerListe(syndicatId: string, portee: 'NATIONALE' | 'ACADEMIQUE', libelle: string, active = true) {
  const r = await b.database.db.insertInto('liste_syndicale').values({ syndicat_id: syndicatId, portee, libelle, description: null, active }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

before(async () => {
  b = await banc();
  const { db } = b.database;
  ids.sdep = (await db.insertInto('syndicat').values({ sigle: 'SDEP', nom: 'Syndicat démocratique', ordre: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  ids.upe = (await db.insertInto('syndicat').values({ sigle: 'UPE', nom: 'Union des personnels', ordre: 2 }).returning('id').executeTakeFirstOrThrow()).id;
  ids.sdepNat = await creerListe(ids.sdep, 'NATIONALE', 'Lettre nationale');
  ids.sdepAca = await creerListe(ids.sdep, 'ACADEMIQUE', 'Section académique');
  ids.sdepFermee = await creerListe(ids.sdep, 'ACADEMIQUE', 'Ancienne liste', false);
  ids.upeAca = await creerListe(ids.upe, 'ACADEMIQUE', 'Informations académiques');
  ids.upeNat = await creerListe(ids.upe, 'NATIONALE', 'Actualités nationales');
});
after(async () => {
  await b?.fermer();
});

async function abonnementsDe(compteId: string): Promise<string[]> {
  const r = await b.database.db.selectFrom('abonnement_syndical').select('liste_id').where('compte_id', '=', compteId).orderBy('liste_id').execute();
  return r.map((x) => x.liste_id);
}
async function historiqueDe(compteId: string) {
  return b.database.db.selectFrom('abonnement_syndical_historique').select(['liste_id', 'action']).where('compte_id', '=', compteId).orderBy('id').execute();
}

describe('L’agent choisit ses listes d’information syndicale', () => {
  test('la page académique propose, syndicat par syndicat, les seules listes ouvertes de sa portée, rien de coché d’office', async () => {
    const { client } = await connecter(b, { roles: ['AGENT'] });
    const r = await client.get('/portail/abonnements/academiques');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<h1>Gérer ses abonnements : infos syndicales académiques<\/h1>/);
    assert.match(r.body, /SDEP — Syndicat démocratique[\s\S]*Section académique[\s\S]*UPE — Union des personnels[\s\S]*Informations académiques/);
    assert.doesNotMatch(r.body, /Lettre nationale|Ancienne liste/);
    assert.doesNotMatch(r.body, /checked/);
    assert.equal((await client.get('/portail/abonnements/nationales')).statusCode, 200);
    assert.equal((await client.get('/portail/abonnements/regionales')).statusCode, 404);
  });

  test('s’abonner, renvoyer le même choix, se désabonner : seuls les vrais changements sont écrits et gardés dans l’historique', async () => {
    const { client, compte } = await connecter(b, { roles: ['AGENT'] });
    await client.get('/portail/abonnements/academiques');
    let r = await client.post('/portail/abonnements/academiques', { listes: [ids.sdepAca, ids.upeAca] });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/portail/abonnements/academiques?fait=enregistre');
    assert.deepEqual(await abonnementsDe(compte.id), [ids.sdepAca, ids.upeAca].sort());
    // The same form again (a double click, Back then submit): nothing changes, nothing is added to the history.
    r = await client.post('/portail/abonnements/academiques', { listes: [ids.sdepAca, ids.upeAca] });
    assert.equal(r.headers.location, '/portail/abonnements/academiques?fait=inchange');
    assert.equal((await historiqueDe(compte.id)).length, 2);
    // The national page's form leaves the académique lists alone.
    await client.get('/portail/abonnements/nationales');
    r = await client.post('/portail/abonnements/nationales', { listes: ids.sdepNat });
    assert.deepEqual(await abonnementsDe(compte.id), [ids.sdepNat, ids.sdepAca, ids.upeAca].sort());
    // Unticking one list of the page unsubscribes from it only.
    await client.get('/portail/abonnements/academiques');
    r = await client.post('/portail/abonnements/academiques', { listes: ids.upeAca });
    assert.deepEqual(await abonnementsDe(compte.id), [ids.sdepNat, ids.upeAca].sort());
    assert.deepEqual(
      (await historiqueDe(compte.id)).map((h) => `${h.action} ${h.liste_id}`),
      [`ABONNEMENT ${ids.sdepAca}`, `ABONNEMENT ${ids.upeAca}`, `ABONNEMENT ${ids.sdepNat}`, `DESABONNEMENT ${ids.sdepAca}`],
    );
    const page = await client.get('/portail/abonnements/academiques?fait=enregistre');
    assert.match(page.body, /Vos abonnements ont été enregistrés\./);
    assert.match(page.body, new RegExp(`id="liste-${ids.upeAca}" name="listes" value="${ids.upeAca}" checked`));
    assert.doesNotMatch(page.body, new RegExp(`id="liste-${ids.sdepAca}"[^>]*checked`));
    // The history of the page: the académique changes only, newest first.
    const historique = /Historique de mes abonnements[\s\S]*<\/table>/.exec(page.body)?.[0] ?? '';
    assert.match(historique, /Désabonnement[\s\S]*Abonnement[\s\S]*Abonnement/);
    assert.doesNotMatch(historique, /Lettre nationale/);
  });

  test('une liste d’une autre portée, fermée ou inconnue est refusée sans rien changer ; sans jeton CSRF rien ne change', async () => {
    const { client, compte } = await connecter(b, { roles: ['AGENT'] });
    await client.get('/portail/abonnements/academiques');
    for (const liste of [ids.sdepNat, ids.sdepFermee, '999999', 'abc']) {
      const r = await client.post('/portail/abonnements/academiques', { listes: [ids.upeAca, liste] });
      assert.equal(r.statusCode, 400, liste);
      assert.match(r.body, /rechargez la page/);
    }
    const r = await client.post('/portail/abonnements/academiques', { listes: ids.upeAca }, { csrf: null });
    assert.equal(r.statusCode, 403);
    assert.deepEqual(await abonnementsDe(compte.id), []);
    assert.deepEqual(await historiqueDe(compte.id), []);
  });

  test('deux onglets qui enregistrent en même temps : un état cohérent, chaque changement réel une fois dans l’historique', async () => {
    const { client, compte } = await connecter(b, { roles: ['AGENT'] });
    await client.get('/portail/abonnements/nationales');
    const rs = await Promise.all([1, 2, 3, 4].map(() => client.post('/portail/abonnements/nationales', { listes: [ids.sdepNat, ids.upeNat] })));
    assert.deepEqual(rs.map((r) => r.statusCode), [303, 303, 303, 303]);
    assert.deepEqual(await abonnementsDe(compte.id), [ids.sdepNat, ids.upeNat].sort());
    assert.equal((await historiqueDe(compte.id)).length, 2);
  });
});

describe('Le correspondant exporte les abonnés des listes de son seul syndicat', () => {
  let correspondant: ClientDeTest;
  let correspondantId = '';
  before(async () => {
    const c = await connecter(b, { roles: ['CORRESPONDANT_SYNDICAL'], nom: 'Corinne Correspondante' });
    correspondant = c.client;
    correspondantId = c.compte.id;
    await b.database.db.insertInto('correspondant_syndical').values({ syndicat_id: ids.sdep, compte_id: c.compte.id, depuis_le: new Date() }).execute();
  });

  test('le CSV des abonnés actuels, comptes actifs seulement, formules neutralisées ; l’export est au journal d’audit', async () => {
    const { db } = b.database;
    const a = await connecter(b, { roles: ['AGENT'], nom: '=HYPERLINK("x")' });
    await db.updateTable('compte').set({ email: 'formule@ac-demo.invalid' }).where('id', '=', a.compte.id).execute();
    const inactif = await connecter(b, { roles: ['AGENT'], nom: 'Compte fermé' });
    const parti = await connecter(b, { roles: ['AGENT'], nom: 'Parti depuis' });
    for (const c of [a, inactif, parti]) {
      await c.client.get('/portail/abonnements/academiques');
      await c.client.post('/portail/abonnements/academiques', { listes: ids.sdepAca });
    }
    await parti.client.post('/portail/abonnements/academiques', {});
    await db.updateTable('compte').set({ actif: false }).where('id', '=', inactif.compte.id).execute();

    const page = await correspondant.get('/portail/correspondant');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /SDEP — Syndicat démocratique/);
    assert.doesNotMatch(page.body, /UPE/);
    const r = await correspondant.post(`/portail/correspondant/syndicats/${ids.sdep}/listes/${ids.sdepAca}/export`);
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    assert.match(String(r.headers['content-disposition']), /^attachment; filename="abonnes-sdep-section-academique-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lignes = r.body.trimEnd().split('\n');
    assert.equal(lignes[0], 'nom;adresse_electronique;abonne_depuis');
    assert.deepEqual(lignes.slice(1).map((l) => l.split(';').slice(0, 2).join(';')), [`"'=HYPERLINK(""x"")";formule@ac-demo.invalid`]);
    const audit = await db.selectFrom('journal_audit').select(['action', 'cible', 'details', 'acteur_compte_id']).where('action', '=', 'EXPORT_ABONNES_SYNDICAUX').execute();
    assert.deepEqual(audit, [{ action: 'EXPORT_ABONNES_SYNDICAUX', cible: `liste_syndicale:${ids.sdepAca}`, details: { syndicat: 'SDEP', liste: 'Section académique', abonnes: 1 }, acteur_compte_id: correspondantId }]);
    const admin = (await connecter(b, { roles: ['ADMINISTRATEUR'] })).client;
    const journal = await admin.get('/admin/journal');
    assert.match(journal.body, /Export des abonnés d’une liste syndicale/);
    assert.match(journal.body, /Liste syndicale n° \d+/);
    assert.match(journal.body, /syndicat : SDEP/);
    assert.match(journal.body, /abonnés : 1/);
  });

  test('une liste d’un autre syndicat, ou sous le mauvais syndicat dans l’adresse : le même 404, rien au journal', async () => {
    const { db } = b.database;
    const avant = (await db.selectFrom('journal_audit').select('id').execute()).length;
    await correspondant.get('/portail/correspondant');
    const autre = await correspondant.post(`/portail/correspondant/syndicats/${ids.upe}/listes/${ids.upeAca}/export`);
    assert.equal(autre.statusCode, 404);
    assert.match(autre.body, /n’existe pas ou n’est pas celle d’un syndicat dont vous êtes correspondant/);
    // UPE's list under SDEP (a syndicat the account does belong to): the list is checked against its parent.
    const melange = await correspondant.post(`/portail/correspondant/syndicats/${ids.sdep}/listes/${ids.upeAca}/export`);
    assert.equal(melange.statusCode, 404);
    assert.equal(melange.body.replace(/name="_csrf" value="[^"]*"/, ''), autre.body.replace(/name="_csrf" value="[^"]*"/, ''));
    assert.equal((await correspondant.post(`/portail/correspondant/syndicats/${ids.sdep}/listes/abc/export`)).statusCode, 404);
    assert.equal((await correspondant.post(`/portail/correspondant/syndicats/${ids.sdep}/listes/${ids.sdepAca}/export`, {}, { csrf: null })).statusCode, 403);
    assert.equal((await db.selectFrom('journal_audit').select('id').execute()).length, avant);
  });

  test('un agent, un gestionnaire ou un administrateur n’exportent pas (le rôle est exigé)', async () => {
    for (const roles of [['AGENT'], ['GESTIONNAIRE'], ['ADMINISTRATEUR']] as const) {
      const { client } = await connecter(b, { roles: [...roles] });
      await client.get('/portail');
      assert.equal((await client.get('/portail/correspondant')).statusCode, 403, roles[0]);
      assert.equal((await client.post(`/portail/correspondant/syndicats/${ids.sdep}/listes/${ids.sdepAca}/export`)).statusCode, 403, roles[0]);
    }
  });
});
