import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../test/app.ts';
import { ClientDeTest } from '../test/client.ts';
import { seedDemo } from './seed.ts';
import { seedCampagnesDemo } from './campagnes.ts';
import { createCampagneService } from '../features/campagnes/campagne.service.ts';

let b: Banc;
before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
});
after(async () => {
  await b.fermer();
});

test('au premier démarrage, la démonstration a une campagne d’entraînement PE 2019 ouverte à jdupont et une campagne PE 2026, chacune avec au moins 20 promouvables', async () => {
  const ids = await seedCampagnesDemo(b.database.db, b.clock);
  assert.equal(ids.length, 2);
  assert.deepEqual(await seedCampagnesDemo(b.database.db, b.clock), [], 'une seconde fois : rien');
  await createCampagneService({ db: b.database.db, clock: b.clock }).appliquerEcheances();
  const campagnes = await b.database.db.selectFrom('campagne').select(['id', 'annee', 'regime', 'statut']).orderBy('annee').execute();
  assert.deepEqual(campagnes.map((c) => [c.annee, c.regime]), [[2019, 'A'], [2026, 'C']]);
  assert.equal(campagnes[0]!.statut, 'OUVERTE');

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
