import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegleMetierError } from '../../shared/errors.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { avisRequis, listesExaminees, numeroAvis, quotaExcellent, verifierQuota } from './appreciation.rules.ts';
import { estBloquant, libelleManquant, manquantsDe, messageBlocage, type Manquant } from './completude.rules.ts';

const A = reglesPour(2019);
const B = reglesPour(2022);
const C = reglesPour(2026);

describe('quota d’Excellent par vivier (15 % des candidats recevables du vivier 1, 20 % des promouvables du vivier 2)', () => {
  const cas: Array<[string, { 1: number; 2: number }, { 1: number; 2: number }]> = [
    ['aucune liste : aucun Excellent', { 1: 0, 2: 0 }, { 1: 0, 2: 0 }],
    ['6 candidats et 4 promouvables : 15 % de 6 = 0,9 arrondi à 0 ; 20 % de 4 = 0,8 arrondi à 0', { 1: 6, 2: 4 }, { 1: 0, 2: 0 }],
    ['7 candidats : 15 % de 7 = 1,05 → 1 ; 5 promouvables : 20 % de 5 = 1', { 1: 7, 2: 5 }, { 1: 1, 2: 1 }],
    ['20 candidats : 3 ; 10 promouvables : 2', { 1: 20, 2: 10 }, { 1: 3, 2: 2 }],
    ['100 et 99 : 15 et 19 (arrondi inférieur)', { 1: 100, 2: 99 }, { 1: 15, 2: 19 }],
  ];
  for (const [titre, effectifs, attendu] of cas) test(titre, () => assert.deepEqual(quotaExcellent(A, effectifs), attendu));

  test('le quota vient du jeu de règles : un régime C n’en a pas', () => {
    assert.throws(() => quotaExcellent(C, { 1: 10, 2: 10 }), /ne recueille pas d’appréciations/);
  });

  const bornes: Array<[string, 'EXCELLENT' | 'SATISFAISANT', number, number, boolean]> = [
    ['un Excellent sous le quota (1 utilisé sur 2) passe', 'EXCELLENT', 1, 2, true],
    ['un Excellent au quota (2 utilisés sur 2) est refusé', 'EXCELLENT', 2, 2, false],
    ['un Excellent avec un quota nul est refusé', 'EXCELLENT', 0, 0, false],
    ['une autre appréciation passe même au-delà du quota', 'SATISFAISANT', 5, 2, true],
  ];
  for (const [titre, appreciation, utilises, max, passe] of bornes) {
    test(titre, () => {
      if (passe) verifierQuota(1, appreciation, utilises, max, 15);
      else assert.throws(() => verifierQuota(1, appreciation, utilises, max, 15), (e: Error) => /Quota atteint/.test(e.message) && /Rien n’a été enregistré/.test(e.message));
    });
  }
});

describe('listes examinées (comme le tableau les forme)', () => {
  const v = (vivier1: boolean, vivier2: boolean) => ({ promouvable: vivier1 || vivier2, vivier1, vivier2 });
  const cas: Array<[string, ReturnType<typeof reglesPour>, ReturnType<typeof v>, boolean, number[]]> = [
    ['régime A : vivier 1 avec candidature recevable', A, v(true, false), true, [1]],
    ['régime A : vivier 1 sans candidature recevable, rien', A, v(true, false), false, []],
    ['régime A : vivier 2 sans candidature', A, v(false, true), false, [2]],
    ['régime A : les deux viviers, candidat recevable, deux listes', A, v(true, true), true, [1, 2]],
    ['régime B : vivier 1 sans candidature', B, v(true, false), false, [1]],
    ['régime C : aucune liste', C, v(false, false), false, []],
  ];
  for (const [titre, regles, verdict, recevable, attendu] of cas) test(titre, () => assert.deepEqual(listesExaminees(regles, verdict, recevable), attendu));
});

describe('quel avis donne quel évaluateur (régime C)', () => {
  const cas: Array<[string, 'PE' | 'CERTIFIE', 'CHEF_ETABLISSEMENT' | 'INSPECTEUR' | null, 1 | 2 | null]> = [
    ['PE : l’IEN donne l’avis n° 1, le seul', 'PE', 'INSPECTEUR', 1],
    ['PE : un chef d’établissement n’en donne pas', 'PE', 'CHEF_ETABLISSEMENT', null],
    ['certifié : le chef d’établissement donne l’avis n° 1', 'CERTIFIE', 'CHEF_ETABLISSEMENT', 1],
    ['certifié : l’inspecteur de la discipline donne l’avis n° 2', 'CERTIFIE', 'INSPECTEUR', 2],
    ['sans qualité d’évaluateur : aucun avis', 'CERTIFIE', null, null],
  ];
  for (const [titre, corps, qualite, attendu] of cas) {
    test(titre, () => {
      const r = numeroAvis(C, corps, qualite);
      assert.equal(r.ok ? r.numero : null, attendu);
    });
  }
  test('un avis pour PE, deux dans le second degré', () => {
    assert.equal(avisRequis(C, 'PE'), 1);
    assert.equal(avisRequis(C, 'AGREGE'), 2);
  });
});

describe('complétude : ce qui manque avant d’arrêter le tableau', () => {
  test('appréciations finales et avis manquants bloquent, le texte de l’évaluateur non', () => {
    const m = manquantsDe(
      [
        { agent_id: 'X1', listes: [1, 2], avisRequis: 0 },
        { agent_id: 'X2', listes: [], avisRequis: 2 },
        { agent_id: 'X3', listes: [], avisRequis: 1 },
      ],
      { appreciations: new Set(['X1:2']), avis: new Set(['X2:1', 'X3:1']), textes: new Set() },
    );
    assert.deepEqual(m, [
      { agent_id: 'X1', objet: 'APPRECIATION_AUTORITE', vivier: 1 },
      { agent_id: 'X1', objet: 'APPRECIATION_EVALUATEUR' },
      { agent_id: 'X2', objet: 'AVIS', numero: 2 },
    ]);
    assert.equal(messageBlocage(0, true), null);
    assert.match(messageBlocage(1, true)!, /1 avis manque/);
    assert.match(messageBlocage(3, false)!, /3 appréciations finales manquent/);
  });
});

describe('complétude : libellés et refus en français', () => {
  const cas: Array<[Manquant, string, boolean]> = [
    [{ agent_id: 'X', objet: 'APPRECIATION_AUTORITE', vivier: 2 }, 'appréciation finale de l’autorité (vivier 2)', true],
    [{ agent_id: 'X', objet: 'AVIS', numero: 1 }, 'avis n° 1 (chef d’établissement ou IEN)', true],
    [{ agent_id: 'X', objet: 'AVIS', numero: 2 }, 'avis n° 2 (inspecteur de la discipline)', true],
    [{ agent_id: 'X', objet: 'APPRECIATION_EVALUATEUR' }, 'appréciation de l’évaluateur', false],
  ];
  for (const [m, libelle, bloquant] of cas) {
    test(`${libelle} : ${bloquant ? 'bloque' : 'ne bloque pas'} l’arrêté`, () => {
      assert.equal(libelleManquant(m), libelle);
      assert.equal(estBloquant(m), bloquant);
    });
  }
  const messages: Array<[number, boolean, string]> = [
    [1, true, 'Le tableau ne peut pas être arrêté : 1 avis manque. La page de suivi de la campagne dit lesquels.'],
    [2, true, 'Le tableau ne peut pas être arrêté : 2 avis manquent. La page de suivi de la campagne dit lesquels.'],
    [1, false, 'Le tableau ne peut pas être arrêté : 1 appréciation finale manque. La page de suivi de la campagne dit lesquels.'],
    [2, false, 'Le tableau ne peut pas être arrêté : 2 appréciations finales manquent. La page de suivi de la campagne dit lesquels.'],
  ];
  for (const [n, regimeC, attendu] of messages) test(`${n} manquant(s), régime ${regimeC ? 'C' : 'A/B'}`, () => assert.equal(messageBlocage(n, regimeC), attendu));
});

describe('quota et avis : messages de refus', () => {
  const quota: Array<[number, number, string]> = [
    [1, 1, 'Quota atteint : 1 appréciation « Excellent » sur 1 possible au vivier 2 (20 % de la liste). '],
    [2, 2, 'Quota atteint : 2 appréciations « Excellent » sur 2 possibles au vivier 2 (20 % de la liste). '],
  ];
  for (const [utilises, max, debut] of quota) {
    test(`${utilises} Excellent utilisé(s) sur ${max} : le refus le dit au singulier ou au pluriel`, () => {
      assert.throws(
        () => verifierQuota(2, 'EXCELLENT', utilises, max, 20),
        (e: unknown) => e instanceof RegleMetierError && e.code === 'QUOTA_EXCELLENT_ATTEINT' && e.message === `${debut}Rien n’a été enregistré : retirez d’abord un « Excellent » à un autre agent de ce vivier.`,
      );
    });
  }
  test('un régime A ou B ne recueille pas d’avis', () => {
    assert.throws(() => avisRequis(B, 'PE'), (e: unknown) => e instanceof RegleMetierError && e.code === 'REGIME_SANS_AVIS' && e.message === 'La campagne 2022 (régime B) ne recueille pas d’avis.');
  });
  test('un régime C ne recueille pas d’appréciations : code et message', () => {
    assert.throws(() => quotaExcellent(C, { 1: 1, 2: 1 }), (e: unknown) => e instanceof RegleMetierError && e.code === 'REGIME_SANS_APPRECIATION' && e.message === 'La campagne 2026 (régime C) ne recueille pas d’appréciations.');
  });
  test('les refus d’avis disent pourquoi', () => {
    const sansQualite = numeroAvis(C, 'CERTIFIE', null);
    assert.ok(!sansQualite.ok && /n’a pas de qualité d’évaluateur/.test(sansQualite.raison), 'sans qualité');
    const chefPourPe = numeroAvis(C, 'PE', 'CHEF_ETABLISSEMENT');
    assert.ok(!chefPourPe.ok && /le seul avis est celui de l’inspecteur \(IEN\)/.test(chefPourPe.raison), 'chef pour PE');
  });
});
