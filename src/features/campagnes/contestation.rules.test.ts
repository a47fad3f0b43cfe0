import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contestationPossible, finContestation } from './contestation.rules.ts';
import { reglesPour } from '../eligibilite/regles.ts';

const ouverture = new Date('2022-03-01T08:00:00Z');
const delai = reglesPour(2022).delaiContestationJours;

test('le délai de contestation du régime B vient des règles de la campagne (15 jours)', () => {
  assert.equal(delai, 15);
  assert.equal(reglesPour(2019).delaiContestationJours, null);
});

const cas: Array<[string, string, string, boolean]> = [
  ['avant l’ouverture : non', 'OUVERTE', '2022-03-01T07:59:59.999Z', false],
  ['à l’ouverture : oui', 'OUVERTE', '2022-03-01T08:00:00.000Z', true],
  ['le 15e jour, 1 ms avant la fin : oui', 'OUVERTE', '2022-03-16T07:59:59.999Z', true],
  ['au bout de 15 jours : non', 'OUVERTE', '2022-03-16T08:00:00.000Z', false],
  ['campagne en préparation : non', 'PREPARATION', '2022-03-02T08:00:00Z', false],
];
for (const [titre, statut, instant, attendu] of cas) {
  test(titre, () => assert.equal(contestationPossible({ ouverture, statut }, delai, new Date(instant)), attendu));
}

test('fin de la contestation', () => assert.equal(finContestation(ouverture, 15).toISOString(), '2022-03-16T08:00:00.000Z'));
