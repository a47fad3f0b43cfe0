import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { anneeScolaire, labelsDeLaPeriode, situationAu, type LigneCarriere } from './dossier.rules.ts';

const c = (date_effet: string, grade: string, echelon: number, id = date_effet): LigneCarriere => ({ id, date_effet, grade, echelon });
const carrieres = [c('1992-09-01', 'CN', 1), c('2013-09-01', 'CN', 11), c('2016-09-01', 'HC', 1), c('2018-09-01', 'HC', 2), c('2019-03-01', 'HC', 2), c('2021-09-01', 'HC', 3)];

describe('situation administrative à une date', () => {
  test('le grade date de la première ligne de la suite hors-classe, l’échelon du début du séjour', () => {
    assert.deepEqual(situationAu(carrieres, [], '2020-01-01'), { grade: 'HC', dateGrade: '2016-09-01', echelon: 2, dateEchelon: '2018-09-01', position: 'ACTIVITE', datePosition: null });
  });
  test('une promotion future n’est pas encore la situation', () => {
    assert.equal(situationAu(carrieres, [], '2021-08-31').echelon, 2);
    assert.equal(situationAu(carrieres, [], '2021-09-01').echelon, 3);
  });
  test('sans ligne de carrière, ni grade ni échelon', () => assert.equal(situationAu([], [], '2020-01-01').grade, null));
  test('sans position couvrant le jour, l’agent est en activité', () => {
    assert.equal(situationAu(carrieres, [{ id: '1', date_debut: '2004-09-01', date_fin: '2005-08-31', position: 'DISPONIBILITE' }], '2020-01-01').position, 'ACTIVITE');
  });
  test('la position couvrant le jour la plus récente l’emporte', () => {
    const positions = [
      { id: '1', date_debut: '2018-09-01', date_fin: null, position: 'DETACHEMENT' },
      { id: '2', date_debut: '2019-09-01', date_fin: '2020-08-31', position: 'CONGE_PARENTAL' },
    ];
    assert.deepEqual([situationAu([], positions, '2020-01-01').position, situationAu([], positions, '2020-01-01').datePosition], ['CONGE_PARENTAL', '2019-09-01']);
  });
});

describe('années scolaires', () => {
  test('le 1er septembre ouvre l’année', () => assert.equal(anneeScolaire('2019-09-01'), 2019));
  test('le 31 août ferme l’année précédente', () => assert.equal(anneeScolaire('2019-08-31'), 2018));
});

describe('labels d’éducation prioritaire d’une affectation', () => {
  const labels = new Map<number, string[]>([
    [1999, ['REP']],
    [2000, ['REP']],
    [2001, ['REP']],
    [2003, ['REP_PLUS']],
    [2004, ['POLITIQUE_VILLE', 'REP_PLUS']],
  ]);
  test('les années consécutives au même label sont regroupées, une année sans label coupe la suite', () => {
    assert.deepEqual(labelsDeLaPeriode({ date_debut: '1993-09-01', date_fin: '2009-08-31' }, labels, '2026-11-30'), [
      { de: 1999, a: 2001, labels: ['REP'] },
      { de: 2003, a: 2003, labels: ['REP_PLUS'] },
      { de: 2004, a: 2004, labels: ['POLITIQUE_VILLE', 'REP_PLUS'] },
    ]);
  });
  test('seules les années couvertes par l’affectation comptent', () => {
    assert.deepEqual(labelsDeLaPeriode({ date_debut: '2000-09-01', date_fin: '2001-08-31' }, labels, '2026-11-30'), [{ de: 2000, a: 2000, labels: ['REP'] }]);
  });
  test('une affectation en cours va jusqu’à l’année du jour', () => {
    assert.deepEqual(labelsDeLaPeriode({ date_debut: '2004-01-05', date_fin: null }, labels, '2005-01-01'), [
      { de: 2003, a: 2003, labels: ['REP_PLUS'] },
      { de: 2004, a: 2004, labels: ['POLITIQUE_VILLE', 'REP_PLUS'] },
    ]);
  });
});
