import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../test/app.ts';
import { ClientDeTest } from '../test/client.ts';
import { seedDemo } from './seed.ts';
import { seedCampagnesDemo } from './campagnes.ts';
import { AGENT_A_EXAMINER } from './examen.ts';
import { createCampagneService } from '../features/campagnes/campagne.service.ts';
import { calculerTableau } from '../features/evaluation/tableau.service.ts';
import { manquants } from '../features/evaluation/completude.ts';

let b: Banc;
before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
});
after(async () => {
  await b.fermer();
});

test('au premier démarrage, la démonstration a une campagne d’entraînement PE 2019 ouverte à jdupont, une PE 2020 en examen et une PE 2026, chacune avec au moins 20 promouvables', async () => {
  const ids = await seedCampagnesDemo(b.database.db, b.clock);
  assert.equal(ids.length, 3);
  assert.deepEqual(await seedCampagnesDemo(b.database.db, b.clock), [], 'une seconde fois : rien');
  await createCampagneService({ db: b.database.db, clock: b.clock }).appliquerEcheances();
  const campagnes = await b.database.db.selectFrom('campagne').select(['id', 'annee', 'regime', 'statut']).orderBy('annee').execute();
  assert.deepEqual(campagnes.map((c) => [c.annee, c.regime, c.statut]), [[2019, 'A', 'OUVERTE'], [2020, 'A', 'EN_EXAMEN'], [2026, 'C', 'EN_EXAMEN']]);

  const agent = new ClientDeTest(b.app);
  await agent.connecter('jdupont', 'Demo-Agent-2026!');
  const page = await agent.get(`/iprof/candidater/${campagnes[0]!.id}`);
  assert.match(page.body, /Commencer ma candidature/);

  const gestion = new ClientDeTest(b.app);
  await gestion.connecter('gestion1', 'Demo-Gestion-2026!');
  for (const c of campagnes) {
    const tableau = await gestion.get(`/iprof/gestion/campagnes/${c.id}`);
    const promouvables = Number(/<p class="fr-h3 fr-mb-0">(\d+)<\/p>\s*<p class="fr-text--sm">agents promouvables/.exec(tableau.body)?.[1]);
    assert.ok(promouvables >= 20, `campagne ${c.annee} : ${promouvables} promouvables`);
  }
});

test('PE 2020 (régime A) : candidatures déposées avec accusé, toutes déclarées sauf celle de jdupont (une période déclarée et sa pièce) ; appréciations données sauf les siennes ; tableau de plus de 20 lignes', async () => {
  const { db } = b.database;
  const c = await db.selectFrom('campagne').select(['id', 'promotions']).where('annee', '=', 2020).executeTakeFirstOrThrow();
  const cands = await db.selectFrom('candidature').select(['id', 'agent_id', 'statut']).where('campagne_id', '=', c.id).execute();
  assert.ok(cands.length >= 15, `${cands.length} candidatures`);
  assert.deepEqual(cands.filter((x) => x.statut !== 'RECEVABLE').map((x) => [x.agent_id, x.statut]), [[AGENT_A_EXAMINER, 'DEPOSEE']]);
  const accuses = await db.selectFrom('candidature_document').select('candidature_id').where('type', '=', 'ACCUSE_RECEPTION').where('candidature_id', 'in', cands.map((x) => x.id)).execute();
  assert.equal(accuses.length, cands.length, 'un accusé par candidature déposée');
  const piece = await db.selectFrom('candidature_piece as p').innerJoin('candidature_periode as pe', 'pe.id', 'p.periode_id').innerJoin('candidature as ca', 'ca.id', 'pe.candidature_id').select(['ca.agent_id', 'pe.source']).where('ca.campagne_id', '=', c.id).execute();
  assert.deepEqual(piece, [{ agent_id: AGENT_A_EXAMINER, source: 'AGENT' }]);
  // Only jdupont's own inputs are missing (his appreciations come once his candidature is declared).
  const m = await manquants(db, c.id);
  assert.ok(m.bloquants.every((x) => x.agent_id === AGENT_A_EXAMINER), JSON.stringify(m.bloquants));
  const t = await calculerTableau(db, { corps: 'PE', annee: 2020, promotions: c.promotions, simulation: false });
  assert.ok(t.tableau.lignes.length >= 20, `${t.tableau.lignes.length} lignes`);
  assert.ok(t.tableau.lignes.some((l) => l.vivier === 1) && t.tableau.lignes.some((l) => l.vivier === 2));
});

test('PE 2026 (régime C) : avis de l’IEN donnés sauf trois ; tableau de plus de 20 lignes', async () => {
  const { db } = b.database;
  const c = await db.selectFrom('campagne').select('id').where('annee', '=', 2026).executeTakeFirstOrThrow();
  const m = await manquants(db, c.id);
  assert.equal(m.bloquants.length, 3);
  const t = await calculerTableau(db, { corps: 'PE', annee: 2026, promotions: 0, simulation: false, ratio: 0.2 });
  assert.ok(t.tableau.lignes.length >= 20, `${t.tableau.lignes.length} lignes`);
});
