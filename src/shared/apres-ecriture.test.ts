import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apresEcriture } from './apres-ecriture.ts';

test('seules les écritures déclenchent le rappel, même en échec', async () => {
  let rappels = 0;
  const s = apresEcriture(
    {
      lister: async () => [1],
      creerX: async () => 'id',
      supprimerX: async () => {
        throw new Error('refus');
      },
    },
    () => rappels++,
  );
  assert.deepEqual(await s.lister(), [1]);
  assert.equal(rappels, 0);
  assert.equal(await s.creerX(), 'id');
  await assert.rejects(s.supprimerX());
  assert.equal(rappels, 2);
});
