import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LigneAppreciation } from '../../carriere/enregistrements.ts';
import type { Appreciation } from '../../carriere/vocabulaire.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { classerViviers, type Entree } from './classement.rules.ts';
import { plafonnerExcellent } from './simulation.rules.ts';

/** A hors-classe PE agent judged eligible: échelon and years in it make the barème, the corps date breaks ties. */
function entree(agent_id: string, o: { v1?: boolean; v2?: boolean; echelon?: number; corpsLe?: string } = {}): Entree {
  const v1 = o.v1 ?? true;
  const v2 = o.v2 ?? false;
  return {
    agent: { agent_id, identifiant: agent_id.toLowerCase(), civilite: 'Mme', nom: `NOM${agent_id}`, prenom: 'P', date_naissance: '1970-01-01', email: '', corps: 'PE', discipline: '', date_entree_corps: o.corpsLe ?? '1995-09-01' },
    verdict: {
      agent_id,
      corps: 'PE',
      annee: 2019,
      regime: 'A',
      date_observation: '2019-08-31',
      grade: { grade: 'HC', echelon: o.echelon ?? 3, date_echelon: '2017-09-01', date_entree_hc: '2015-09-01', annees_echelon: 2 },
      position: 'ACTIVITE',
      promouvable: v1 || v2,
      vivier1: v1,
      vivier2: v2,
      annees_vivier1: v1 ? 8 : 0,
      motifs: [],
      annees: [],
    },
  };
}
const appr = (agent_id: string, vivier: 1 | 2, appreciation: Appreciation): LigneAppreciation => ({ agent_id, vivier, appreciation });
const regles = reglesPour(2019);

describe('quota « Excellent » simulé', () => {
  // Ten vivier-1 candidates; A (échelon 6) > B (échelon 5) > C (échelon 4, corps 1990) > D (échelon 4, corps 1995) by barème then seniority.
  const entrees = [entree('A', { echelon: 6 }), entree('B', { echelon: 5 }), entree('C', { echelon: 4, corpsLe: '1990-09-01' }), entree('D', { echelon: 4 }), ...'EFGHIJ'.split('').map((x) => entree(x))];
  const appreciations = [appr('A', 1, 'EXCELLENT'), appr('B', 1, 'EXCELLENT'), appr('C', 1, 'EXCELLENT'), appr('D', 1, 'EXCELLENT'), ...'EFGHIJ'.split('').map((x) => appr(x, 1, 'SATISFAISANT'))];

  test('20 % de 10 candidats : les deux « Excellent » les mieux placés restent, les deux autres comptent « Très satisfaisant »', () => {
    const r = plafonnerExcellent(entrees, appreciations, regles, 'SIMULATION', { 1: 20 });
    assert.deepEqual(r.quotas, [{ vivier: 1, part: 20, effectif: 10, max: 2, donnes: 4, ramenes: ['C', 'D'] }]);
    assert.deepEqual(
      r.appreciations.filter((a) => a.appreciation !== 'SATISFAISANT'),
      [appr('A', 1, 'EXCELLENT'), appr('B', 1, 'EXCELLENT'), appr('C', 1, 'TRES_SATISFAISANT'), appr('D', 1, 'TRES_SATISFAISANT')],
    );
    // The simulated table ranks with them: C and D lose 50 points each.
    const t = classerViviers(entrees, r.appreciations, regles, 10, 'SIMULATION');
    assert.equal(t.lignes.find((l) => l.agent_id === 'C')!.appreciation, 'TRES_SATISFAISANT');
  });

  test('les données enregistrées ne sont pas modifiées (copie)', () => {
    const avant = JSON.stringify(appreciations);
    plafonnerExcellent(entrees, appreciations, regles, 'SIMULATION', { 1: 0 });
    assert.equal(JSON.stringify(appreciations), avant);
  });

  test('un quota plus large que les « Excellent » donnés ne change rien', () => {
    const r = plafonnerExcellent(entrees, appreciations, regles, 'SIMULATION', { 1: 100 });
    assert.deepEqual(r.appreciations, appreciations);
    assert.deepEqual(r.quotas[0]!.ramenes, []);
  });

  test('0 % : aucun « Excellent » ; un vivier sans quota simulé garde les siens', () => {
    const deux = [...entrees, entree('K', { v1: false, v2: true, echelon: 6 })];
    const apprs = [...appreciations, appr('K', 2, 'EXCELLENT')];
    const r = plafonnerExcellent(deux, apprs, regles, 'SIMULATION', { 1: 0 });
    assert.deepEqual(r.quotas.map((q) => [q.vivier, q.max, q.ramenes.length]), [[1, 0, 4]]);
    assert.equal(r.appreciations.find((a) => a.agent_id === 'K')!.appreciation, 'EXCELLENT');
  });

  test('régime A : la liste du vivier 1 est celle des candidats recevables (base du quota)', () => {
    const r = plafonnerExcellent(entrees, appreciations, regles, new Set(['A', 'C', 'E', 'F', 'G']), { 1: 20 });
    // 5 candidates → 1 EXCELLENT at most; A and C are theirs, C loses it. B and D are not candidates: untouched.
    assert.deepEqual(r.quotas, [{ vivier: 1, part: 20, effectif: 5, max: 1, donnes: 2, ramenes: ['C'] }]);
  });

  test('un régime sans appréciations (C) est refusé', () => {
    assert.throws(() => plafonnerExcellent(entrees, appreciations, reglesPour(2026), undefined, { 1: 10 }), /ne recueille pas d’appréciations/);
  });
});
