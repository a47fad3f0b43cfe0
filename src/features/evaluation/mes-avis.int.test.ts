import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { seedDemo } from '../../demo/seed.ts';

/**
 * « Mes avis » through HTTP, on the demo académie: the gestionnaire sets the date from which agents read the avis of a
 * regime C campaign (PE 2026) and the appreciations of a regime A one (PE 2020); jdupont reads his own, never before
 * that date (to the millisecond), never another agent's; without a date, only with the published table.
 */
let b: Banc;
let campagneC: string;
let campagneA: string;
const VISIBLES = new Date('2026-12-15T08:00:00Z'); // 15/12/2026 09:00, Paris

before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
  const { db } = b.database;
  const campagne = async (annee: number, regime: 'A' | 'C') =>
    (
      await db
        .insertInto('campagne')
        .values({ corps: 'PE', annee, regime, ouverture: '2026-11-02T08:00:00Z', fermeture: '2026-11-20T16:00:00Z', promotions: 2, parametres: regime === 'C' ? '{"ratio":0.2}' : '{}', statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: '2026-11-01T08:00:00Z' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  campagneC = await campagne(2026, 'C');
  campagneA = await campagne(2020, 'A');
  const le = b.clock.now();
  await db
    .insertInto('avis_campagne')
    .values([
      { campagne_id: campagneC, agent_id: 'DEMO0001', numero: 1, avis: 'TRES_FAVORABLE', texte: 'Direction d’école exemplaire.', par_compte_id: null, le },
      { campagne_id: campagneC, agent_id: 'DEMO0003', numero: 1, avis: 'DEFAVORABLE', texte: 'Avis d’une autre personne.', par_compte_id: null, le },
    ])
    .execute();
  await db.insertInto('appreciation_evaluateur').values({ campagne_id: campagneA, agent_id: 'DEMO0001', texte: 'Maître formateur reconnu.', par_compte_id: null, le }).execute();
  await db.insertInto('appreciation_autorite').values({ campagne_id: campagneA, agent_id: 'DEMO0001', vivier: 1, appreciation: 'TRES_SATISFAISANT', par_compte_id: null, le }).execute();
});
after(async () => {
  await b.fermer();
});

async function client(identifiant: string, motDePasse: string) {
  const c = new ClientDeTest(b.app);
  assert.equal((await c.connecter(identifiant, motDePasse)).statusCode, 303);
  return c;
}

test('le gestionnaire fixe la date (heure de Paris), auditée ; une saisie invalide est refusée en français et rien ne change', async () => {
  const g = await client('gestion1', 'Demo-Gestion-2026!');
  await g.get(`/iprof/gestion/campagnes/${campagneC}`);
  const mauvais = await g.post(`/iprof/gestion/campagnes/${campagneC}/avis-visibles`, { avis_visibles: 'bientôt' });
  assert.equal(mauvais.statusCode, 400);
  assert.match(mauvais.body, /Date et heure attendues au format JJ\/MM\/AAAA HH:MM/);
  const r = await g.post(`/iprof/gestion/campagnes/${campagneC}/avis-visibles`, { avis_visibles: '2026-12-15T09:00' });
  assert.equal(r.statusCode, 303);
  const c = await b.database.db.selectFrom('campagne').select('avis_visibles_le').where('id', '=', campagneC).executeTakeFirstOrThrow();
  assert.equal(c.avis_visibles_le?.toISOString(), VISIBLES.toISOString());
  assert.match((await g.get(`/iprof/gestion/campagnes/${campagneC}`)).body, /à partir du 15\/12\/2026 à 09:00/);
  const audit = await b.database.db.selectFrom('journal_audit').select('action').where('cible', '=', `campagne:${campagneC}`).execute();
  assert.deepEqual(audit.map((a) => a.action), ['AVIS_VISIBLES_FIXES']);
  // The évaluateur and the agent may not set it.
  const ien = await client('ien1', 'Demo-Eval-2026!');
  await ien.get('/iprof');
  assert.equal((await ien.post(`/iprof/gestion/campagnes/${campagneC}/avis-visibles`, { avis_visibles: '2026-12-01T09:00' })).statusCode, 403);
});

test('l’agent ne lit ses avis qu’à partir de la date, à la milliseconde, et jamais ceux d’un autre', async () => {
  b.clock.set(new Date(VISIBLES.getTime() - 1));
  const j = await client('jdupont', 'Demo-Agent-2026!');
  const avant = await j.get('/iprof/avis');
  assert.equal(avant.statusCode, 200);
  assert.doesNotMatch(avant.body, /Très favorable|Direction d’école exemplaire/);
  assert.match(avant.body, /Ils vous seront communiqués ici à partir du 15\/12\/2026/);
  b.clock.set(VISIBLES);
  const a = await j.get('/iprof/avis');
  assert.equal(a.statusCode, 200);
  assert.match(a.body, /Très favorable/);
  assert.match(a.body, /Direction d’école exemplaire\./);
  assert.match(a.body, /avis de l’IEN/);
  assert.doesNotMatch(a.body, /Défavorable|Avis d’une autre personne/);
});

test('sans date fixée, les appréciations ne sont lues qu’avec le tableau publié', async () => {
  b.clock.set('2027-06-01T08:45:00Z');
  const j = await client('jdupont', 'Demo-Agent-2026!');
  const avant = await j.get('/iprof/avis');
  assert.equal(avant.statusCode, 200);
  assert.doesNotMatch(avant.body, /Maître formateur reconnu|Très satisfaisant/);
  assert.match(avant.body, /au plus tard avec la publication du tableau/);
  const publiee = new Date('2027-06-01T09:00:00Z');
  await b.database.db.updateTable('campagne').set({ statut: 'PUBLIEE', publiee_le: publiee }).where('id', '=', campagneA).execute();
  b.clock.set(new Date(publiee.getTime() - 1));
  const juste = await j.get('/iprof/avis');
  assert.equal(juste.statusCode, 200);
  assert.doesNotMatch(juste.body, /Maître formateur reconnu/);
  b.clock.set(publiee);
  const apres = await j.get('/iprof/avis');
  assert.equal(apres.statusCode, 200);
  assert.match(apres.body, /Maître formateur reconnu\./);
  assert.match(apres.body, /Très satisfaisant/);
  // Once published, the date can no longer be changed.
  const g = await client('gestion1', 'Demo-Gestion-2026!');
  await g.get(`/iprof/gestion/campagnes/${campagneA}`);
  assert.equal((await g.post(`/iprof/gestion/campagnes/${campagneA}/avis-visibles`, { avis_visibles: '2027-07-01T09:00' })).statusCode, 409);
});
