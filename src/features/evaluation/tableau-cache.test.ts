import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCacheTableaux } from './tableau-cache.ts';

/** A computation the test resolves or rejects itself, counting the calls. */
function calculs() {
  const enCours: Array<{ resoudre(v: string): void; rejeter(e: Error): void }> = [];
  return {
    enCours,
    calculer: () =>
      new Promise<string>((resoudre, rejeter) => {
        enCours.push({ resoudre, rejeter });
      }),
  };
}
const tour = () => new Promise((r) => setImmediate(r));

test('une clé est calculée une fois, partagée par les lecteurs simultanés ; un échec n’est pas gardé', async () => {
  let t = 0;
  const cache = createCacheTableaux({ ttlMs: 1000, maintenant: () => t });
  const c = calculs();
  const a = cache.obtenir('k', c.calculer);
  const b = cache.obtenir('k', c.calculer);
  assert.equal(c.enCours.length, 1);
  c.enCours[0]!.resoudre('v1');
  assert.deepEqual(await Promise.all([a, b]), ['v1', 'v1']);
  const e = cache.obtenir('e', c.calculer);
  c.enCours[1]!.rejeter(new Error('base indisponible'));
  await assert.rejects(e, /base indisponible/);
  await tour();
  const e2 = cache.obtenir('e', c.calculer);
  assert.equal(c.enCours.length, 3, 'calculé de nouveau après l’échec');
  c.enCours[2]!.resoudre('ok');
  assert.equal(await e2, 'ok');
});

test('passé ttlMs, la valeur gardée est servie pendant qu’une nouvelle est calculée en arrière-plan, puis la remplace', async () => {
  let t = 0;
  const cache = createCacheTableaux({ ttlMs: 1000, maintenant: () => t });
  const c = calculs();
  const premiere = cache.obtenir('k', c.calculer);
  c.enCours[0]!.resoudre('v1');
  assert.equal(await premiere, 'v1');
  t = 1000;
  assert.equal(await cache.obtenir('k', c.calculer), 'v1', 'pas d’attente : l’ancienne valeur');
  assert.equal(c.enCours.length, 1 + 1, 'un renouvellement lancé');
  assert.equal(await cache.obtenir('k', c.calculer), 'v1');
  assert.equal(c.enCours.length, 2, 'un seul renouvellement à la fois');
  c.enCours[1]!.resoudre('v2');
  await tour();
  assert.equal(await cache.obtenir('k', c.calculer), 'v2');
  assert.equal(c.enCours.length, 2, 'la nouvelle valeur est fraîche');
});

test('un renouvellement en échec garde l’ancienne valeur et réessaie après ttlMs ; vider fait attendre un nouveau calcul', async () => {
  let t = 0;
  const cache = createCacheTableaux({ ttlMs: 1000, maintenant: () => t });
  const c = calculs();
  const p = cache.obtenir('k', c.calculer);
  c.enCours[0]!.resoudre('v1');
  await p;
  t = 1000;
  await cache.obtenir('k', c.calculer);
  c.enCours[1]!.rejeter(new Error('échec'));
  await tour();
  assert.equal(await cache.obtenir('k', c.calculer), 'v1');
  assert.equal(c.enCours.length, 2, 'pas de nouvel essai avant ttlMs');
  t = 2000;
  await cache.obtenir('k', c.calculer);
  assert.equal(c.enCours.length, 3, 'nouvel essai');

  cache.vider();
  let servi = false;
  const apresVidage = cache.obtenir('k', c.calculer).then((v) => ((servi = true), v));
  await tour();
  assert.equal(servi, false, 'après vider, le lecteur attend le nouveau calcul');
  c.enCours[3]!.resoudre('v3');
  assert.equal(await apresVidage, 'v3');
  c.enCours[2]!.resoudre('tardif');
  await tour();
  assert.equal(await cache.obtenir('k', c.calculer), 'v3', 'un renouvellement d’avant le vidage ne remplace rien');
});

test('au plus max entrées : la moins récemment lue s’en va', async () => {
  const cache = createCacheTableaux({ max: 2 });
  let n = 0;
  const calculer = async () => ++n;
  await cache.obtenir('a', calculer);
  await cache.obtenir('b', calculer);
  await cache.obtenir('a', calculer);
  await cache.obtenir('c', calculer);
  assert.equal(await cache.obtenir('a', calculer), 1);
  assert.equal(await cache.obtenir('b', calculer), 4, 'b, la moins récemment lue, a été recalculée');
});
