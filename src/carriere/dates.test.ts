import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lireAnneeScolaire, lireDate } from './dates.ts';

describe('dates des fichiers RH', () => {
  const cas: Array<[texte: string, attendu: string | null]> = [
    ['2019-08-31', '2019-08-31'],
    ['31/08/2019', '2019-08-31'],
    ['2020-02-29', '2020-02-29'],
    ['29/02/2020', '2020-02-29'],
    ['2019-02-29', null],
    ['29/02/2019', null],
    ['1900-02-29', null],
    ['2000-02-29', '2000-02-29'],
    ['2019-04-31', null],
    ['2019-13-01', null],
    ['2019-00-10', null],
    ['00/01/2019', null],
    ['1/9/2019', null],
    ['2019-9-1', null],
    ['2019/09/01', null],
    ['', null],
    [' 2019-09-01', null],
  ];
  for (const [texte, attendu] of cas) test(`« ${texte} » se lit ${attendu ?? 'comme une date invalide'}`, () => assert.equal(lireDate(texte), attendu));
});

describe('années scolaires', () => {
  const cas: Array<[texte: string, attendu: number | null]> = [
    ['2015-2016', 2015],
    ['2015-2017', null],
    ['2016-2015', null],
    ['2015/2016', null],
    ['15-16', null],
  ];
  for (const [texte, attendu] of cas) test(`« ${texte} » se lit ${attendu ?? 'comme invalide'}`, () => assert.equal(lireAnneeScolaire(texte), attendu));
});
