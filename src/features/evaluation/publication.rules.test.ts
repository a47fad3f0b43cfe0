import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dateLimiteRecours, dateLongue, recoursDansLeDelai, resultatAgent, texteResultat } from './publication.rules.ts';

describe('date limite du recours : deux mois après la publication (jour de Paris)', () => {
  for (const [publie, limite, titre] of [
    ['2027-06-15T07:00:00Z', '2027-08-15', 'le même quantième deux mois plus tard'],
    ['2026-12-31T10:00:00Z', '2027-02-28', 'un mois plus court : son dernier jour'],
    ['2027-12-30T10:00:00Z', '2028-02-29', 'année bissextile'],
    ['2027-06-30T22:30:00Z', '2027-09-01', 'le soir du 30 juin en UTC est le 1er juillet à Paris'],
    ['2027-11-15T10:00:00Z', '2028-01-15', 'passage d’année'],
  ] as const) {
    test(`${titre} : publié ${publie} → ${limite}`, () => assert.equal(dateLimiteRecours(new Date(publie)), limite));
  }
  test('le dernier jour compte en entier, heure de Paris', () => {
    const publie = new Date('2027-06-15T07:00:00Z');
    assert.equal(recoursDansLeDelai(publie, new Date('2027-08-15T21:59:59Z')), true);
    assert.equal(recoursDansLeDelai(publie, new Date('2027-08-15T22:00:00Z')), false);
  });
  test('une date longue en français', () => {
    assert.equal(dateLongue('2027-09-01'), '1er septembre 2027');
    assert.equal(dateLongue('2027-08-15'), '15 août 2027');
  });
});

describe('résultat d’un agent', () => {
  const derniers = new Map([[1, 162], [2, 140]]);
  test('promu sur la liste du vivier 2 après le vivier 1 : promu, avec la date d’effet', () => {
    const r = resultatAgent([{ liste: 1, rang: 30, vivier: 1, bareme: 150, palier: null, promu: false }, { liste: 2, rang: 2, vivier: 2, bareme: 150, palier: null, promu: true }], derniers, '2027-09-01');
    assert.equal(r.kind, 'PROMU');
    assert.equal(texteResultat(r), 'Vous êtes promu(e) à la classe exceptionnelle, avec effet au 1er septembre 2027.');
  });
  test('non promu : son rang, son barème et le dernier barème promu de chaque liste', () => {
    const r = resultatAgent([{ liste: 1, rang: 30, vivier: 1, bareme: 150, palier: null, promu: false }], derniers, '2027-09-01');
    assert.equal(texteResultat(r), 'Vous n’êtes pas promu(e) cette année. Votre classement au tableau : vivier 1 : rang 30, barème 150, dernier barème promu 162.');
  });
  test('régime C : rang et palier', () => {
    const r = resultatAgent([{ liste: 0, rang: 14, vivier: null, bareme: null, palier: 2, promu: false }], new Map(), '2027-09-01');
    assert.equal(texteResultat(r), 'Vous n’êtes pas promu(e) cette année. Votre classement au tableau : rang 14, palier 2.');
  });
  test('absent du tableau', () => assert.equal(resultatAgent([], derniers, '2027-09-01').kind, 'ABSENT'));
});
