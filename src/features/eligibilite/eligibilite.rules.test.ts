import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Motif } from './motifs.ts';
import { evaluerEligibilite } from './eligibilite.rules.ts';
import { reglesPour } from './regles.ts';
import { anneesRep, dossier, type OptionsDossier } from './test-fabrique.ts';

/** The verdict reduced to the export's facts. */
function verdict(o: OptionsDossier, annee: number) {
  const v = evaluerEligibilite(dossier(o), reglesPour(annee));
  return { promouvable: v.promouvable, vivier1: v.vivier1, vivier2: v.vivier2, annees_vivier1: v.annees_vivier1, motifs: v.motifs };
}

const promouvableV1 = (annees: number) => ({ promouvable: true, vivier1: true, vivier2: false, annees_vivier1: annees, motifs: ['V2_CONDITION_NON_REMPLIE'] as Motif[] });

describe('grade à la date d’observation (31 août N)', () => {
  const cas: Array<[titre: string, carriere: OptionsDossier['carriere'], grade: string | null, motifs: Motif[]]> = [
    ['un agent passé à la hors-classe avant le 31 août est à la hors-classe', [['2015-09-01', 'CN', 11], ['2016-09-01', 'HC', 3]], 'HC 3', ['V1_ANNEES_INSUFFISANTES', 'V2_CONDITION_NON_REMPLIE']],
    ['une promotion à la hors-classe au 1er septembre N ne compte pas pour la campagne N', [['2015-09-01', 'CN', 11], ['2019-09-01', 'HC', 3]], 'CN 11', ['GRADE_NON_HC']],
    ['une promotion à la hors-classe le 31 août N compte pour la campagne N', [['2015-09-01', 'CN', 11], ['2019-08-31', 'HC', 3]], 'HC 3', ['V1_ANNEES_INSUFFISANTES', 'V2_CONDITION_NON_REMPLIE']],
    ['un agent déjà à la classe exceptionnelle n’est pas promouvable', [['2015-09-01', 'HC', 6], ['2018-09-01', 'CE', 1]], 'CE 1', ['DEJA_CLASSE_EXCEPTIONNELLE']],
    ['un agent sans ligne de carrière au 31 août n’est pas à la hors-classe', [['2019-09-01', 'HC', 6]], null, ['GRADE_NON_HC']],
    ['les lignes de carrière sont lues dans l’ordre des dates, pas du fichier', [['2016-09-01', 'HC', 6], ['2010-09-01', 'CN', 11]], 'HC 6', ['V1_ANNEES_INSUFFISANTES']],
  ];
  for (const [titre, carriere, grade, motifs] of cas)
    test(titre, () => {
      const v = evaluerEligibilite(dossier({ carriere }), reglesPour(2019));
      assert.equal(v.grade && `${v.grade.grade} ${v.grade.echelon}`, grade);
      assert.deepEqual(v.motifs, motifs);
    });

  test("la date de l'échelon est la première ligne du séjour, l'entrée à la hors-classe la première ligne de la suite HC", () => {
    const v = evaluerEligibilite(dossier({ carriere: [['2010-09-01', 'CN', 11], ['2013-03-01', 'HC', 1], ['2014-03-01', 'HC', 2], ['2016-09-01', 'HC', 2], ['2017-09-01', 'HC', 3]] }), reglesPour(2019));
    assert.deepEqual(v.grade, { grade: 'HC', echelon: 3, date_echelon: '2017-09-01', date_entree_hc: '2013-03-01', annees_echelon: 2 });
    const w = evaluerEligibilite(dossier({ carriere: [['2014-03-01', 'HC', 2], ['2016-09-01', 'HC', 2]] }), reglesPour(2019));
    assert.equal(w.grade?.date_echelon, '2014-03-01');
  });
});

describe('position à la date d’observation, selon la campagne', () => {
  const cas: Array<[titre: string, positions: OptionsDossier['positions'], annee: number, motifs: Motif[]]> = [
    ['sans ligne de position, l’agent est en activité', [], 2019, []],
    ['en détachement, l’agent est promouvable', [['2018-01-01', null, 'DETACHEMENT']], 2019, []],
    ['mis à disposition, l’agent est promouvable', [['2018-01-01', '2020-08-31', 'MAD']], 2019, []],
    ['en disponibilité, l’agent n’est pas promouvable', [['2018-01-01', null, 'DISPONIBILITE']], 2019, ['POSITION_DISPONIBILITE']],
    ['en congé parental en 2021, l’agent n’est pas promouvable', [['2021-01-01', null, 'CONGE_PARENTAL']], 2021, ['POSITION_CONGE_PARENTAL']],
    ['en congé parental à partir de 2022, l’agent est promouvable', [['2021-01-01', null, 'CONGE_PARENTAL']], 2022, []],
    ['en congé de longue durée, l’agent n’est pas promouvable', [['2018-01-01', null, 'CONGE_LONGUE_DUREE']], 2019, ['POSITION_CONGE_LONGUE_DUREE']],
    ['une disponibilité finie le 30 août laisse l’agent en activité le 31', [['2018-01-01', '2019-08-30', 'DISPONIBILITE']], 2019, []],
    ['une disponibilité finie le 31 août couvre la date d’observation', [['2018-01-01', '2019-08-31', 'DISPONIBILITE']], 2019, ['POSITION_DISPONIBILITE']],
    ['une disponibilité commençant le 1er septembre ne couvre pas la date d’observation', [['2019-09-01', null, 'DISPONIBILITE']], 2019, []],
    [
      'de deux lignes couvrant le 31 août, la plus récente l’emporte',
      [['2010-09-01', null, 'DISPONIBILITE'], ['2019-01-01', '2019-12-31', 'ACTIVITE']],
      2019,
      [],
    ],
  ];
  for (const [titre, positions, annee, motifs] of cas)
    test(titre, () => {
      const v = evaluerEligibilite(dossier({ carriere: [['2010-09-01', 'HC', 6]], positions }), reglesPour(annee));
      assert.deepEqual(v.motifs.filter((m) => m.startsWith('POSITION_')), motifs);
      assert.equal(v.promouvable, motifs.length === 0);
    });

  test('un agent hors hors-classe et en disponibilité a les deux motifs', () => {
    assert.deepEqual(verdict({ carriere: [['2010-09-01', 'CN', 9]], positions: [['2018-01-01', null, 'DISPONIBILITE']] }, 2019).motifs, ['GRADE_NON_HC', 'POSITION_DISPONIBILITE']);
  });
});

describe('vivier 1 : échelon et nombre d’années', () => {
  const cas: Array<[titre: string, o: OptionsDossier, annee: number, attendu: ReturnType<typeof verdict>]> = [
    ['8 années qualifiantes suffisent en 2019 (T = 8)', { services: anneesRep(8, 2018) }, 2019, promouvableV1(8)],
    ['7 années qualifiantes ne suffisent pas en 2019', { services: anneesRep(7, 2018) }, 2019, { promouvable: false, vivier1: false, vivier2: false, annees_vivier1: 7, motifs: ['V1_ANNEES_INSUFFISANTES', 'V2_CONDITION_NON_REMPLIE'] }],
    ['8 années qualifiantes suffisent encore en 2021', { services: anneesRep(8, 2020) }, 2021, promouvableV1(8)],
    ['7 années ne suffisent pas en 2021', { services: anneesRep(7, 2020) }, 2021, { promouvable: false, vivier1: false, vivier2: false, annees_vivier1: 7, motifs: ['V1_ANNEES_INSUFFISANTES', 'V2_CONDITION_NON_REMPLIE'] }],
    ['6 années qualifiantes suffisent à partir de 2022 (T = 6)', { services: anneesRep(6, 2021) }, 2022, promouvableV1(6)],
    ['5 années ne suffisent pas en 2023', { services: anneesRep(5, 2022) }, 2023, { promouvable: false, vivier1: false, vivier2: false, annees_vivier1: 5, motifs: ['V1_ANNEES_INSUFFISANTES', 'V2_CONDITION_NON_REMPLIE'] }],
    ['le nombre d’années n’est pas plafonné', { services: anneesRep(20, 2018) }, 2019, promouvableV1(20)],
    ['l’année scolaire en cours au 31 août N+1 ne compte pas', { services: anneesRep(8, 2019) }, 2019, { promouvable: false, vivier1: false, vivier2: false, annees_vivier1: 7, motifs: ['V1_ANNEES_INSUFFISANTES', 'V2_CONDITION_NON_REMPLIE'] }],
    ['un PE à l’échelon 2 de la hors-classe n’est pas du vivier 1', { carriere: [['2015-09-01', 'HC', 2]], services: anneesRep(8, 2018) }, 2019, { promouvable: false, vivier1: false, vivier2: false, annees_vivier1: 8, motifs: ['V1_ECHELON_INSUFFISANT', 'V2_CONDITION_NON_REMPLIE'] }],
    ['un agrégé à l’échelon 2 de la hors-classe est du vivier 1', { corps: 'AGREGE', carriere: [['2015-09-01', 'HC', 2]], services: anneesRep(8, 2018) }, 2019, promouvableV1(8)],
    ['les années sont comptées même hors hors-classe', { carriere: [['2010-09-01', 'CN', 9]], services: anneesRep(9, 2018) }, 2019, { promouvable: false, vivier1: false, vivier2: false, annees_vivier1: 9, motifs: ['GRADE_NON_HC'] }],
    ['les années comptent depuis la première au dossier, sans borne basse', { services: anneesRep(8, 1990) }, 2019, promouvableV1(8)],
    ['un agent sans service n’a aucune année', { services: [] }, 2019, { promouvable: false, vivier1: false, vivier2: false, annees_vivier1: 0, motifs: ['V1_ANNEES_INSUFFISANTES', 'V2_CONDITION_NON_REMPLIE'] }],
  ];
  for (const [titre, o, annee, attendu] of cas) test(titre, () => assert.deepEqual(verdict(o, annee), attendu));
});

describe('vivier 2', () => {
  const cas: Array<[titre: string, o: OptionsDossier, annee: number, vivier2: boolean]> = [
    ['un PE à l’échelon 6 de la hors-classe est du vivier 2', { carriere: [['2019-08-01', 'HC', 6]] }, 2019, true],
    ['un PE à l’échelon 5 de la hors-classe n’en est pas', { carriere: [['2015-08-01', 'HC', 5]] }, 2019, false],
    ['un PE à l’échelon 7 de la hors-classe en est', { carriere: [['2015-08-01', 'HC', 7]] }, 2022, true],
    ['un PsyEN à l’échelon 6 en est en 2022', { corps: 'PSYEN', carriere: [['2015-08-01', 'HC', 6]] }, 2022, true],
    ['un certifié à l’échelon 6 en est en 2020', { corps: 'CERTIFIE', carriere: [['2015-08-01', 'HC', 6]] }, 2020, true],
    ['un certifié à l’échelon 6 n’en est plus en 2021', { corps: 'CERTIFIE', carriere: [['2015-08-01', 'HC', 6]] }, 2021, false],
    ['un certifié à l’échelon 7 en est en 2021', { corps: 'CERTIFIE', carriere: [['2015-08-01', 'HC', 7]] }, 2021, true],
    ['un CPE à l’échelon 6 n’en est plus en 2023', { corps: 'CPE', carriere: [['2015-08-01', 'HC', 6]] }, 2023, false],
    ['un agrégé à l’échelon 4 depuis le 1er septembre 2017 a 3 années pleines en 2020', { corps: 'AGREGE', carriere: [['2017-09-01', 'HC', 4]] }, 2020, true],
    ['un agrégé à l’échelon 4 depuis le 2 septembre 2017 n’a que 2 années pleines en 2020', { corps: 'AGREGE', carriere: [['2017-09-02', 'HC', 4]] }, 2020, false],
    ['un agrégé à l’échelon 5 n’est pas du vivier 2 (échelon 4 exactement)', { corps: 'AGREGE', carriere: [['2010-09-01', 'HC', 5]] }, 2020, false],
    ['un agrégé à l’échelon 3 n’en est pas', { corps: 'AGREGE', carriere: [['2010-09-01', 'HC', 3]] }, 2020, false],
    // From 2021 too, agrégés need exactly the 4th échelon (and 3 full years in it).
    ['un agrégé à l’échelon 4 depuis 3 années pleines en est en 2022', { corps: 'AGREGE', carriere: [['2019-09-01', 'HC', 4]] }, 2022, true],
    ['un agrégé à l’échelon 5 n’en est pas en 2022', { corps: 'AGREGE', carriere: [['2010-09-01', 'HC', 5]] }, 2022, false],
    ['un agrégé à l’échelon 4 depuis 2 années pleines n’en est pas en 2023', { corps: 'AGREGE', carriere: [['2021-09-02', 'HC', 4]] }, 2023, false],
  ];
  for (const [titre, o, annee, vivier2] of cas) test(titre, () => assert.equal(verdict(o, annee).vivier2, vivier2));

  test('un agent peut être dans les deux viviers', () => {
    assert.deepEqual(verdict({ carriere: [['2015-09-01', 'HC', 6]], services: anneesRep(8, 2018) }, 2019), { promouvable: true, vivier1: true, vivier2: true, annees_vivier1: 8, motifs: [] });
  });
});

describe('régime C (2024 et après)', () => {
  const cas: Array<[titre: string, o: OptionsDossier, promouvable: boolean, motifs: Motif[]]> = [
    ['un certifié à l’échelon 5 de la hors-classe est promouvable', { corps: 'CERTIFIE', carriere: [['2020-09-01', 'HC', 5]] }, true, []],
    ['un certifié à l’échelon 4 ne l’est pas', { corps: 'CERTIFIE', carriere: [['2020-09-01', 'HC', 4]] }, false, ['ECHELON_INSUFFISANT']],
    ['un agrégé à l’échelon 4 l’est', { corps: 'AGREGE', carriere: [['2020-09-01', 'HC', 4]] }, true, []],
    ['un agrégé à l’échelon 3 ne l’est pas', { corps: 'AGREGE', carriere: [['2020-09-01', 'HC', 3]] }, false, ['ECHELON_INSUFFISANT']],
    ['un agent en congé parental l’est', { carriere: [['2020-09-01', 'HC', 6]], positions: [['2024-01-01', null, 'CONGE_PARENTAL']] }, true, []],
    ['un agent à la classe exceptionnelle ne l’est pas', { carriere: [['2020-09-01', 'CE', 1]] }, false, ['DEJA_CLASSE_EXCEPTIONNELLE']],
  ];
  for (const [titre, o, promouvable, motifs] of cas)
    test(titre, () => assert.deepEqual(verdict({ services: anneesRep(10, 2023), ...o }, 2024), { promouvable, vivier1: false, vivier2: false, annees_vivier1: null, motifs }));
});
