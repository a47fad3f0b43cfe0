import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCatalogueCache } from './catalogue.cache.ts';
import type { Database } from '../../db/connection.ts';

/** A fake query builder counting loads: the cache's own logic is what is under test here. */
function fausseBase() {
  let chargements = 0;
  const requete = { select: () => requete, orderBy: () => requete, where: () => requete, execute: async () => (chargements++, []) };
  return { db: { selectFrom: () => requete } as unknown as Database, chargements: () => chargements / 3 };
}

test('le catalogue est relu après la durée de vie, pas avant', async () => {
  const f = fausseBase();
  let t = 0;
  const cache = createCatalogueCache({ db: f.db, ttlMs: 1000, maintenant: () => t });
  await cache.lire();
  t = 999;
  await cache.lire();
  assert.equal(f.chargements(), 1);
  t = 1000;
  await cache.lire();
  assert.equal(f.chargements(), 2);
});

test('une modification par l’administration le fait relire aussitôt', async () => {
  const f = fausseBase();
  const cache = createCatalogueCache({ db: f.db, ttlMs: 60_000, maintenant: () => 0 });
  await cache.lire();
  cache.invalider();
  await cache.lire();
  assert.equal(f.chargements(), 2);
});

test('des lectures simultanées partagent un seul chargement', async () => {
  const f = fausseBase();
  const cache = createCatalogueCache({ db: f.db, ttlMs: 60_000, maintenant: () => 0 });
  await Promise.all([cache.lire(), cache.lire(), cache.lire()]);
  assert.equal(f.chargements(), 1);
});

test('un chargement en échec n’est pas gardé', async () => {
  let echoue = true;
  const requete = { select: () => requete, orderBy: () => requete, where: () => requete, execute: async () => (echoue ? Promise.reject(new Error('base indisponible')) : []) };
  const cache = createCatalogueCache({ db: { selectFrom: () => requete } as unknown as Database, ttlMs: 60_000, maintenant: () => 0 });
  await assert.rejects(cache.lire());
  echoue = false;
  assert.deepEqual(await cache.lire(), { rubriques: [], applications: [], bandeaux: [] });
});
