import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegleMetierError } from '../../shared/errors.ts';
import type { LigneAppreciation, LigneAvis } from '../../carriere/enregistrements.ts';
import type { Appreciation, Avis, Corps } from '../../carriere/vocabulaire.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { bareme } from './bareme.rules.ts';
import { classerRegimeC, classerViviers, echelonMinimumClasse, promotionsRegimeC, type Entree } from './classement.rules.ts';
import { exporterTableau } from './tableau.ts';

type O = {
  corps?: Corps;
  v1?: boolean;
  v2?: boolean;
  echelon?: number;
  annees?: number;
  corpsLe?: string;
  hcLe?: string;
  echelonLe?: string;
  neLe?: string;
  nom?: string;
};

/** An agent already judged eligible, with the dates the order reads. */
function entree(agent_id: string, o: O = {}): Entree {
  const corps = o.corps ?? 'PE';
  const v1 = o.v1 ?? true;
  const v2 = o.v2 ?? false;
  return {
    agent: { agent_id, identifiant: agent_id.toLowerCase(), civilite: 'Mme', nom: o.nom ?? `NOM${agent_id}`, prenom: 'Prénom', date_naissance: o.neLe ?? '1970-01-01', email: '', corps, discipline: '', date_entree_corps: o.corpsLe ?? '1995-09-01' },
    verdict: {
      agent_id,
      corps,
      annee: 2019,
      regime: 'A',
      date_observation: '2019-08-31',
      grade: { grade: 'HC', echelon: o.echelon ?? 3, date_echelon: o.echelonLe ?? '2017-09-01', date_entree_hc: o.hcLe ?? '2015-09-01', annees_echelon: o.annees ?? 2 },
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
const resume = (t: ReturnType<typeof classerViviers>) => t.lignes.map((l) => `${l.vivier ?? ''}:${l.rang}:${l.agent_id}:${l.bareme ?? ''}:${l.promu ? 1 : 0}`);

describe('barème = points d’appréciation + points d’ancienneté', () => {
  const r = reglesPour(2019).classement!;
  const cas: Array<[titre: string, corps: Corps, echelon: number, annees: number, appreciation: Appreciation, points: number]> = [
    ['HC 3 depuis 0 an, satisfaisant', 'PE', 3, 0, 'SATISFAISANT', 40 + 3],
    ['HC 3 depuis 5 ans : ancienneté plafonnée à 2 ans', 'PE', 3, 5, 'INSATISFAISANT', 3 + 6],
    ['HC 4 depuis 1 an', 'CERTIFIE', 4, 1, 'TRES_SATISFAISANT', 90 + 12 + 3],
    ['HC 5 depuis 9 ans : plafond de 3 ans', 'PE', 5, 9, 'INSATISFAISANT', 21 + 9],
    ['HC 6 depuis 10 ans : plafond de 5 ans', 'PE', 6, 10, 'EXCELLENT', 140 + 33 + 15],
    ['HC 7 : 48 points quelle que soit l’ancienneté', 'PE', 7, 0, 'INSATISFAISANT', 48],
    ['agrégé HC 2 : ligne de l’échelon 3', 'AGREGE', 2, 2, 'INSATISFAISANT', 3 + 6],
    ['agrégé HC 3 : ligne de l’échelon 4', 'AGREGE', 3, 1, 'INSATISFAISANT', 12 + 3],
    ['agrégé HC 4 depuis 9 ans : ligne de l’échelon 5 plafonnée à 9 ans', 'AGREGE', 4, 9, 'INSATISFAISANT', 21 + 27],
    ['agrégé HC 4 depuis 12 ans : toujours 48', 'AGREGE', 4, 12, 'SATISFAISANT', 40 + 48],
  ];
  for (const [titre, corps, echelon, annees, appreciation, points] of cas) test(titre, () => assert.equal(bareme(appreciation, corps, { echelon, annees_echelon: annees }, r), points));

  test('un échelon sans ligne de barème est une erreur', () => {
    assert.throws(
      () => bareme('EXCELLENT', 'AGREGE', { echelon: 5, annees_echelon: 0 }, r),
      (e: unknown) => e instanceof RegleMetierError && e.code === 'BAREME_SANS_LIGNE' && e.message === "Le barème n'a pas de ligne d'ancienneté pour l'échelon 5 de la hors-classe (AGREGE).",
    );
  });
});

describe('sièges des deux viviers', () => {
  const cas: Array<[annee: number, p: number, v1: number, v2: number]> = [
    [2019, 7, 6, 1],
    [2019, 4, 4, 0],
    [2021, 10, 8, 2],
    [2022, 7, 5, 2],
    [2023, 20, 14, 6],
  ];
  for (const [annee, p, v1, v2] of cas)
    test(`en ${annee}, ${p} promotions donnent ${v1} sièges au vivier 1 et ${v2} au vivier 2`, () => {
      assert.deepEqual(classerViviers([], [], reglesPour(annee), p, 'SIMULATION').sieges, { vivier1: v1, vivier2: v2 });
    });
});

describe('classement par viviers (régimes A et B)', () => {
  const r2019 = reglesPour(2019);
  const r2022 = reglesPour(2022);

  test('la liste est rangée par barème décroissant', () => {
    const t = classerViviers([entree('A1'), entree('A2'), entree('A3')], [appr('A1', 1, 'SATISFAISANT'), appr('A2', 1, 'EXCELLENT'), appr('A3', 1, 'TRES_SATISFAISANT')], r2019, 2, 'SIMULATION');
    assert.deepEqual(resume(t), ['1:1:A2:149:1', '1:2:A3:99:1', '1:3:A1:49:0']);
  });

  const departages: Array<[titre: string, premier: O, second: O]> = [
    ['à barème égal, la plus ancienne entrée dans le corps passe devant', { corpsLe: '1990-09-01' }, { corpsLe: '1991-09-01' }],
    ['puis la plus ancienne entrée à la hors-classe', { hcLe: '2014-09-01' }, { hcLe: '2015-09-01' }],
    ['puis la plus ancienne date d’échelon (à ancienneté retenue égale)', { echelonLe: '2016-09-01' }, { echelonLe: '2016-10-01' }],
    ['puis la date de naissance la plus ancienne', { neLe: '1965-01-01' }, { neLe: '1965-01-02' }],
  ];
  for (const [titre, premier, second] of departages)
    test(titre, () => {
      const t = classerViviers([entree('A1', second), entree('A2', premier)], [appr('A1', 1, 'EXCELLENT'), appr('A2', 1, 'EXCELLENT')], r2019, 1, 'SIMULATION');
      assert.deepEqual(t.lignes.map((l) => l.agent_id), ['A2', 'A1']);
    });

  test('une date d’entrée à la hors-classe inconnue passe après une date connue, dans un ordre d’entrée ou l’autre', () => {
    const sansDate = (id: string) => {
      const e = entree(id);
      return { ...e, verdict: { ...e.verdict, grade: { ...e.verdict.grade!, date_entree_hc: null } } };
    };
    const appreciations = [appr('A1', 1, 'EXCELLENT'), appr('A2', 1, 'EXCELLENT')];
    assert.deepEqual(classerViviers([sansDate('A1'), entree('A2')], appreciations, r2019, 1, 'SIMULATION').lignes.map((l) => l.agent_id), ['A2', 'A1']);
    assert.deepEqual(classerViviers([entree('A2'), sansDate('A1')], appreciations, r2019, 1, 'SIMULATION').lignes.map((l) => l.agent_id), ['A2', 'A1']);
  });

  test('en dernier, agent_id est comparé comme du texte : A10 avant A9', () => {
    const t = classerViviers([entree('A9'), entree('A10')], [appr('A9', 1, 'EXCELLENT'), appr('A10', 1, 'EXCELLENT')], r2019, 1, 'SIMULATION');
    assert.deepEqual(t.lignes.map((l) => l.agent_id), ['A10', 'A9']);
  });

  test('un agent INSATISFAISANT garde son rang mais ne prend pas de siège : le suivant le prend', () => {
    const t = classerViviers([entree('A1', { echelon: 7 }), entree('A2', { annees: 0 }), entree('A3', { annees: 0 })], [appr('A1', 1, 'INSATISFAISANT'), appr('A2', 1, 'SATISFAISANT'), appr('A3', 1, 'SATISFAISANT')], r2019, 1, 'SIMULATION');
    assert.deepEqual(resume(t), ['1:1:A1:48:0', '1:2:A2:43:1', '1:3:A3:43:0']);
  });

  test('les sièges du vivier 1 non utilisés sont perdus', () => {
    const t = classerViviers([entree('A1'), entree('B1', { v1: false, v2: true, echelon: 6 }), entree('B2', { v1: false, v2: true, echelon: 6 })], [appr('A1', 1, 'SATISFAISANT'), appr('B1', 2, 'SATISFAISANT'), appr('B2', 2, 'SATISFAISANT')], r2019, 5, 'SIMULATION');
    assert.deepEqual(resume(t), ['1:1:A1:49:1', '2:1:B1:79:1', '2:2:B2:79:0']);
  });

  test('un agent des deux viviers promu au vivier 1 ne figure pas dans la liste du vivier 2', () => {
    const t = classerViviers([entree('A1', { v2: true, echelon: 6 }), entree('B1', { v1: false, v2: true, echelon: 6 })], [appr('A1', 1, 'EXCELLENT'), appr('B1', 2, 'SATISFAISANT')], r2022, 4, 'SIMULATION');
    assert.deepEqual(resume(t), ['1:1:A1:179:1', '2:1:B1:79:1']);
  });

  test('un agent des deux viviers non promu au vivier 1 figure dans les deux listes, avec l’appréciation de chacune', () => {
    // 4 promotions in 2022: 3 seats in vivier 1, taken by the three A0x, and 1 in vivier 2.
    const premiers = ['A0a', 'A0b', 'A0c'];
    const entrees = [...premiers.map((id) => entree(id, { echelon: 7 })), entree('A1', { v2: true, echelon: 6 }), entree('B1', { v1: false, v2: true, echelon: 6 })];
    const appreciations = [...premiers.map((id) => appr(id, 1, 'EXCELLENT')), appr('A1', 1, 'SATISFAISANT'), appr('A1', 2, 'EXCELLENT'), appr('B1', 2, 'SATISFAISANT')];
    const t = classerViviers(entrees, appreciations, r2022, 4, 'SIMULATION');
    assert.deepEqual(resume(t), ['1:1:A0a:188:1', '1:2:A0b:188:1', '1:3:A0c:188:1', '1:4:A1:79:0', '2:1:A1:179:1', '2:2:B1:79:0']);
  });

  test('classer un agent sans appréciation est une erreur qui nomme les agents', () => {
    assert.throws(
      () => classerViviers([entree('A1'), entree('A2'), entree('A3')], [appr('A2', 1, 'EXCELLENT'), appr('A1', 2, 'EXCELLENT')], r2019, 1, 'SIMULATION'),
      (e: unknown) => e instanceof RegleMetierError && e.code === 'APPRECIATION_MANQUANTE' && e.message.includes('A1, A3'),
    );
  });

  test('en régime A, seuls les candidats recevables sont classés au vivier 1, les autres restent examinés au vivier 2', () => {
    const entrees = [entree('A1'), entree('A2', { v2: true, echelon: 6 }), entree('A3')];
    const appreciations = [appr('A1', 1, 'SATISFAISANT'), appr('A2', 1, 'EXCELLENT'), appr('A2', 2, 'EXCELLENT'), appr('A3', 1, 'EXCELLENT')];
    assert.deepEqual(resume(classerViviers(entrees, appreciations, r2019, 5, new Set(['A1']))), ['1:1:A1:49:1', '2:1:A2:179:1']);
  });

  test('en régime A, classer sans candidatures ni simulation est une erreur', () => {
    assert.throws(
      () => classerViviers([], [], r2019, 5),
      (e: unknown) => e instanceof RegleMetierError && e.code === 'CANDIDATURES_REQUISES' && e.message === 'Le classement de la campagne 2019 demande les candidatures recevables (ou le mode simulation).',
    );
  });

  test('en régime B, il n’y a pas de candidature : tout le vivier 1 est classé', () => {
    const t = classerViviers([entree('A1'), entree('A2')], [appr('A1', 1, 'SATISFAISANT'), appr('A2', 1, 'SATISFAISANT')], r2022, 1);
    assert.equal(t.lignes.length, 2);
  });

  test('une campagne du régime C ne se classe pas par viviers', () => {
    assert.throws(
      () => classerViviers([], [], reglesPour(2024), 5),
      (e: unknown) => e instanceof RegleMetierError && e.code === 'REGIME_SANS_VIVIERS' && e.message === 'La campagne 2024 (régime C) ne se classe pas par viviers.',
    );
  });

  test('une campagne des régimes A et B ne se classe pas par paliers d’avis', () => {
    assert.throws(
      () => classerRegimeC([], [], reglesPour(2022), 5),
      (e: unknown) => e instanceof RegleMetierError && e.code === 'REGIME_AVEC_VIVIERS' && e.message === 'La campagne 2022 (régime B) se classe par viviers.',
    );
  });
});

describe('régime C : paliers d’avis puis ancienneté', () => {
  const r2024 = reglesPour(2024);
  const avis = (agent_id: string, avis_1: Avis, avis_2: Avis | null = null): LigneAvis => ({ agent_id, avis_1, avis_2 });
  const cas: Array<[titre: string, corps: Corps, a: LigneAvis | null, palier: number | null]> = [
    ['un PE très favorable est au palier 1', 'PE', avis('X', 'TRES_FAVORABLE'), 1],
    ['un PE favorable est au palier 2', 'PE', avis('X', 'FAVORABLE'), 2],
    ['un PE défavorable n’est pas classé', 'PE', avis('X', 'DEFAVORABLE'), null],
    ['un PE ne lit que son premier avis', 'PE', avis('X', 'TRES_FAVORABLE', 'DEFAVORABLE'), 1],
    ['un certifié TF + TF est au palier 1', 'CERTIFIE', avis('X', 'TRES_FAVORABLE', 'TRES_FAVORABLE'), 1],
    ['un certifié TF + F est au palier 2', 'CERTIFIE', avis('X', 'TRES_FAVORABLE', 'FAVORABLE'), 2],
    ['un certifié F + TF est au palier 2, dans un ordre ou l’autre', 'CERTIFIE', avis('X', 'FAVORABLE', 'TRES_FAVORABLE'), 2],
    ['un certifié F + F n’est pas classé', 'CERTIFIE', avis('X', 'FAVORABLE', 'FAVORABLE'), null],
    ['un certifié avec un avis défavorable n’est pas classé', 'CERTIFIE', avis('X', 'TRES_FAVORABLE', 'DEFAVORABLE'), null],
    ['un certifié sans second avis n’est pas classé', 'CERTIFIE', avis('X', 'TRES_FAVORABLE'), null],
    ['un PsyEN a deux avis', 'PSYEN', avis('X', 'TRES_FAVORABLE'), null],
    ['un agent sans ligne d’avis n’est pas classé', 'CERTIFIE', null, null],
  ];
  for (const [titre, corps, a, palier] of cas)
    test(titre, () => {
      const t = classerRegimeC([entree('X', { corps, v1: false, v2: false })].map((e) => ({ ...e, verdict: { ...e.verdict, promouvable: true } })), a ? [a] : [], r2024, 1);
      assert.deepEqual(t.lignes.map((l) => l.palier), palier === null ? [] : [palier]);
    });

  test('palier 1 puis palier 2, rangés par entrée dans le corps, à la hors-classe, échelon décroissant ; les P premiers sont promus', () => {
    const promouvable = (id: string, o: O) => {
      const e = entree(id, { corps: 'PE', ...o });
      return { ...e, verdict: { ...e.verdict, promouvable: true } };
    };
    const entrees = [
      promouvable('P1', { corpsLe: '1990-09-01' }),
      promouvable('P2', { corpsLe: '1989-09-01' }),
      promouvable('P3', { corpsLe: '1989-09-01', echelon: 6 }),
      promouvable('P4', { corpsLe: '1980-09-01' }),
      { ...entree('P5', { v1: false, v2: false }), verdict: { ...entree('P5').verdict, promouvable: false } },
    ];
    const t = classerRegimeC(entrees, [avis('P1', 'TRES_FAVORABLE'), avis('P2', 'TRES_FAVORABLE'), avis('P3', 'TRES_FAVORABLE'), avis('P4', 'FAVORABLE'), avis('P5', 'TRES_FAVORABLE')], r2024, 2);
    assert.deepEqual(t.lignes.map((l) => `${l.rang}:${l.agent_id}:${l.palier}:${l.promu ? 1 : 0}`), ['1:P3:1:1', '2:P2:1:1', '3:P1:1:0', '4:P4:2:0']);
    assert.equal(exporterTableau(t).split('\n')[1], '1;P3;NOMP3;Prénom;;;1');
  });

  const ratios: Array<[ratio: number, promouvables: number, p: number]> = [
    [0.29, 100, 29],
    [0.1, 35, 3],
    [0.175, 40, 7],
    [0.2, 4, 0],
  ];
  for (const [ratio, n, p] of ratios) test(`un ratio de ${ratio} sur ${n} promouvables donne ${p} promotion(s)`, () => assert.equal(promotionsRegimeC(ratio, n), p));
});

describe('export tableau.csv', () => {
  test('un nom contenant le séparateur ou un guillemet est entre guillemets', () => {
    const t = classerViviers([entree('A1', { nom: 'DE LA "TOUR"; MARTIN' })], [appr('A1', 1, 'EXCELLENT')], reglesPour(2021), 1);
    assert.equal(exporterTableau(t), 'rang;agent_id;nom;prenom;vivier;bareme;promu\n1;A1;"DE LA ""TOUR""; MARTIN";Prénom;1;149;1\n');
  });
});

describe('échelon minimum d’un agent classé', () => {
  for (const [corps, annee, attendu] of [
    ['PE', 2019, 3],
    ['AGREGE', 2019, 2],
    ['CERTIFIE', 2022, 3],
    ['PE', 2024, 5],
    ['AGREGE', 2024, 4],
  ] as const)
    test(`${corps} ${annee} : hors-classe ${attendu}e échelon au moins`, () => assert.equal(echelonMinimumClasse(reglesPour(annee), corps), attendu));
});
