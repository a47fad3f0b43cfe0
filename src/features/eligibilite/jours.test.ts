import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { anneesPleines, dateFrancaise, isoJour, jourCivil, jourIso } from './jours.ts';

describe('numéros de jour', () => {
  test('le 1er janvier 1970 est le jour 0, le 31 décembre 1969 le jour -1', () => {
    assert.equal(jourCivil(1970, 1, 1), 0);
    assert.equal(jourIso('1969-12-31'), -1);
  });

  test('chaque jour de 1900 à 2100 fait l’aller-retour et suit le précédent', () => {
    const debut = jourIso('1900-01-01');
    const fin = jourIso('2100-12-31');
    const date = new Date(Date.UTC(1900, 0, 1));
    for (let j = debut; j <= fin; j++) {
      const iso = date.toISOString().slice(0, 10);
      assert.equal(isoJour(j), iso);
      assert.equal(jourIso(iso), j);
      date.setUTCDate(date.getUTCDate() + 1);
    }
  });

  test('la date s’écrit JJ/MM/AAAA en français', () => assert.equal(dateFrancaise('2012-03-01'), '01/03/2012'));
});

describe('années pleines, règle de l’anniversaire', () => {
  const cas: Array<[debut: string, reference: string, annees: number]> = [
    ['2017-09-01', '2020-09-01', 3],
    ['2017-09-02', '2020-09-01', 2],
    ['2017-08-31', '2020-09-01', 3],
    ['2020-09-01', '2020-09-01', 0],
    ['2020-09-02', '2020-09-01', 0],
    ['2016-02-29', '2020-09-01', 4],
  ];
  for (const [debut, reference, annees] of cas) test(`du ${debut} au ${reference} : ${annees} année(s) pleine(s)`, () => assert.equal(anneesPleines(debut, reference), annees));
});
