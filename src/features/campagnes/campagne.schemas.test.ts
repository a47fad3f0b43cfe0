import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nouvelleCampagne } from './campagne.schemas.ts';

const messagesAnnee = (annee: string) => {
  const r = nouvelleCampagne.safeParse({ corps: 'PE', annee, ouverture: '2026-12-01T09:00:00+01:00', fermeture: '2026-12-15T17:00:00+01:00', promotions: '3' });
  return r.success ? [] : r.error.issues.filter((i) => i.path[0] === 'annee').map((i) => i.message);
};

test('une année vide est dite manquante, pas antérieure à la première campagne', () => {
  assert.deepEqual(messagesAnnee(''), ['L’année de la campagne est obligatoire.']);
  assert.deepEqual(messagesAnnee('2016'), ['Première campagne : 2017.']);
  assert.deepEqual(messagesAnnee('2019'), []);
});
