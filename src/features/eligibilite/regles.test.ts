import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegleMetierError } from '../../shared/errors.ts';
import { reglesPour } from './regles.ts';

describe('règles par année de campagne', () => {
  const cas: Array<[annee: number, regime: string, T: number | null, partV2: number | null, date: string]> = [
    [2017, 'A', 8, 20, '2017-08-31'],
    [2020, 'A', 8, 20, '2020-08-31'],
    [2021, 'B', 8, 20, '2021-08-31'],
    [2022, 'B', 6, 30, '2022-08-31'],
    [2023, 'B', 6, 30, '2023-08-31'],
    [2024, 'C', null, null, '2024-08-31'],
    [2030, 'C', null, null, '2030-08-31'],
  ];
  for (const [annee, regime, T, partV2, date] of cas)
    test(`la campagne ${annee} relève du régime ${regime}, observée le ${date}`, () => {
      const r = reglesPour(annee);
      assert.equal(r.regime, regime);
      assert.equal(r.vivier1?.anneesRequises ?? null, T);
      assert.equal(r.classement?.partSiegesVivier2 ?? null, partV2);
      assert.equal(r.dateObservation, date);
      assert.equal(r.dateEffet, `${annee}-09-01`);
    });

  test('seul le régime A demande une candidature, seul le régime B ouvre 15 jours de contestation', () => {
    assert.deepEqual([2019, 2022, 2024].map((a) => [reglesPour(a).candidatureRequise, reglesPour(a).delaiContestationJours]), [[true, null], [false, 15], [false, null]]);
  });

  test('il n’y a pas de règle avant la première campagne (2017)', () => {
    assert.throws(
      () => reglesPour(2016),
      (e: unknown) => e instanceof RegleMetierError && e.code === 'CAMPAGNE_SANS_REGLES' && e.message === 'Aucune règle de classe exceptionnelle pour la campagne 2016 (première campagne : 2017).',
    );
    assert.throws(() => reglesPour(2019.5), (e: unknown) => e instanceof RegleMetierError && e.code === 'CAMPAGNE_SANS_REGLES');
  });

  const fonctions: Array<[titre: string, annee: number, present: string[], absent: string[]]> = [
    ['en 2018, STS oui, tutorat et CFC non', 2018, ['ENS_SUP_STS', 'DIRECTEUR_ECOLE'], ['TUTEUR', 'DIR_ADJ_UNSS', 'CFC']],
    ['en 2019, tutorat et direction adjointe UNSS oui, STS non', 2019, ['TUTEUR', 'DIR_ADJ_UNSS'], ['ENS_SUP_STS', 'CFC']],
    ['en 2022, CFC oui', 2022, ['CFC', 'TUTEUR'], ['ENS_SUP_STS', 'ENSEIGNEMENT']],
  ];
  for (const [titre, annee, present, absent] of fonctions)
    test(`fonctions éligibles : ${titre}`, () => {
      const f = reglesPour(annee).vivier1!.fonctionsEligibles as readonly string[];
      for (const p of present) assert.ok(f.includes(p), p);
      for (const a of absent) assert.ok(!f.includes(a), a);
    });

  test('les règles de quotité de l’enseignement supérieur s’appliquent à partir de 2021', () => {
    assert.deepEqual(reglesPour(2020).vivier1!.quotitesFonction, []);
    assert.deepEqual(reglesPour(2021).vivier1!.quotitesFonction.map((q) => q.fonction), ['ENS_SUP_UNIVERSITE', 'ENS_SUP_CPGE']);
  });

  test('les labels CLA et pénitentiaire comptent à partir de 2022', () => {
    assert.deepEqual(reglesPour(2021).vivier1!.labelsQualifiants, ['REP', 'REP_PLUS', 'EP_HISTORIQUE', 'POLITIQUE_VILLE']);
    assert.deepEqual(reglesPour(2022).vivier1!.labelsQualifiants, ['REP', 'REP_PLUS', 'EP_HISTORIQUE', 'POLITIQUE_VILLE', 'CLA', 'PENITENTIAIRE_CEF']);
  });

  test('le congé parental est une position promouvable à partir de 2022', () => {
    assert.deepEqual(reglesPour(2021).positionsPromouvables, ['ACTIVITE', 'DETACHEMENT', 'MAD']);
    assert.deepEqual(reglesPour(2022).positionsPromouvables, ['ACTIVITE', 'DETACHEMENT', 'MAD', 'CONGE_PARENTAL']);
  });

  test('le seuil du vivier 2 des certifiés passe de 6 à 7 en 2021, celui des PE reste 6', () => {
    assert.deepEqual([reglesPour(2020).vivier2!.CERTIFIE.echelon, reglesPour(2021).vivier2!.CERTIFIE.echelon, reglesPour(2021).vivier2!.PE.echelon], [6, 7, 6]);
  });
});
