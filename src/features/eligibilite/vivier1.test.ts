import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LigneService } from '../../carriere/enregistrements.ts';
import { evaluerEligibilite } from './eligibilite.rules.ts';
import { expliquerAnnee } from './explication.ts';
import { reglesPour } from './regles.ts';
import { anneeEntiere, dossier, labelsDeTest, service, UAI } from './test-fabrique.ts';
import type { AnneeVivier1 } from './vivier1.ts';

/** The row of school year 2012-2013 for these services, in campaign N. */
function annee2012(services: LigneService[], campagne = 2019, labels = labelsDeTest()): AnneeVivier1 {
  const v = evaluerEligibilite(dossier({ services, labels }), reglesPour(campagne));
  const a = v.annees.find((x) => x.annee_scolaire === '2012-2013');
  assert.ok(a, 'année 2012-2013 absente');
  return a;
}

type Cas = [titre: string, services: LigneService[], campagne: number, condition: AnneeVivier1['condition']];

describe('condition d’établissement : quotité cumulée en éducation prioritaire chaque jour', () => {
  const cas: Cas[] = [
    ['une année entière à temps plein en REP est retenue', [anneeEntiere(2012, UAI.REP)], 2019, 'ETABLISSEMENT'],
    ['une année à mi-temps (50 %) en REP+ est retenue', [anneeEntiere(2012, UAI.REP_PLUS, 'ENSEIGNEMENT', 50)], 2019, 'ETABLISSEMENT'],
    ['une année à 49 % en REP n’est pas retenue', [anneeEntiere(2012, UAI.REP, 'ENSEIGNEMENT', 49)], 2019, null],
    ['deux quotités de 25 % dans deux écoles REP s’ajoutent', [anneeEntiere(2012, UAI.REP, 'ENSEIGNEMENT', 25), anneeEntiere(2012, UAI.REP_PLUS, 'ENSEIGNEMENT', 25)], 2019, 'ETABLISSEMENT'],
    ['25 % en REP et 75 % hors éducation prioritaire ne suffisent pas', [anneeEntiere(2012, UAI.REP, 'ENSEIGNEMENT', 25), anneeEntiere(2012, UAI.SANS_LABEL, 'ENSEIGNEMENT', 75)], 2019, null],
    ['une affectation finie le 30 août laisse un jour sans couverture', [service('2012-09-01', '2013-08-30', UAI.REP)], 2019, null],
    ['une affectation commencée le 2 septembre laisse un jour sans couverture', [service('2012-09-02', '2013-08-31', UAI.REP)], 2019, null],
    ['deux affectations REP contiguës couvrent l’année', [service('2012-09-01', '2013-01-31', UAI.REP), service('2013-02-01', '2013-08-31', UAI.REP_PLUS)], 2019, 'ETABLISSEMENT'],
    ['une affectation en cours (sans date de fin) couvre l’année', [service('2010-09-01', null, UAI.REP)], 2019, 'ETABLISSEMENT'],
    ['un stagiaire en REP ne compte pas', [anneeEntiere(2012, UAI.REP, 'ENSEIGNEMENT', 100, { statut: 'STAGIAIRE' })], 2019, null],
    ['un faisant fonction en REP ne compte pas', [anneeEntiere(2012, UAI.REP, 'ENSEIGNEMENT', 100, { ff: true })], 2019, null],
    ['une école CLA ne compte pas en 2021', [anneeEntiere(2012, UAI.CLA)], 2021, null],
    ['une école CLA compte à partir de 2022, même pour une année ancienne', [anneeEntiere(2012, UAI.CLA)], 2022, 'ETABLISSEMENT'],
    ['un centre pénitentiaire compte à partir de 2022', [anneeEntiere(2012, UAI.PENITENTIAIRE_CEF)], 2022, 'ETABLISSEMENT'],
    ['une école sans label n’est pas retenue', [anneeEntiere(2012, UAI.SANS_LABEL)], 2019, null],
    ['une fonction non éligible en REP compte pour l’établissement', [anneeEntiere(2012, UAI.REP, 'ENS_SUP_STS', 60)], 2019, 'ETABLISSEMENT'],
  ];
  for (const [titre, services, campagne, condition] of cas) test(titre, () => assert.equal(annee2012(services, campagne).condition, condition));

  test('le label est celui de l’année scolaire servie', () => {
    const labels = labelsDeTest([['0000077X', 2011, 'REP']]);
    assert.equal(annee2012([anneeEntiere(2012, '0000077X')], 2019, labels).qualifiante, false);
    assert.equal(evaluerEligibilite(dossier({ services: [anneeEntiere(2011, '0000077X')], labels }), reglesPour(2019)).annees_vivier1, 1);
  });

  test('la quotité par jour est donnée période par période, avec le premier manque', () => {
    const a = annee2012([service('2012-09-01', '2013-08-30', UAI.REP, 'ENSEIGNEMENT', 60), service('2013-01-01', '2013-03-31', UAI.REP_PLUS, 'ENSEIGNEMENT', 40)]);
    assert.deepEqual(a.etablissement.parts, [
      { du: '2012-09-01', au: '2012-12-31', part: 60 },
      { du: '2013-01-01', au: '2013-03-31', part: 100 },
      { du: '2013-04-01', au: '2013-08-30', part: 60 },
      { du: '2013-08-31', au: '2013-08-31', part: 0 },
    ]);
    assert.deepEqual(a.etablissement.insuffisance, { du: '2013-08-31', au: '2013-08-31', part: 0 });
    assert.deepEqual(a.etablissement.labels, ['REP', 'REP_PLUS']);
  });
});

describe('condition de fonction : un même code éligible tous les jours de l’année', () => {
  const cas: Cas[] = [
    ['une année de direction d’école est retenue', [anneeEntiere(2012, UAI.SANS_LABEL, 'DIRECTEUR_ECOLE')], 2019, 'FONCTION'],
    ['une direction à temps partiel compte comme à temps plein', [anneeEntiere(2012, UAI.SANS_LABEL, 'DIRECTEUR_ECOLE', 25)], 2019, 'FONCTION'],
    ['deux lignes contiguës du même code couvrent l’année', [service('2012-09-01', '2013-02-28', UAI.SANS_LABEL, 'MAITRE_FORMATEUR'), service('2013-03-01', '2013-08-31', UAI.SANS_LABEL, 'MAITRE_FORMATEUR')], 2019, 'FONCTION'],
    ['deux codes qui se partagent l’année ne la couvrent pas', [service('2012-09-01', '2013-02-28', UAI.SANS_LABEL, 'DIRECTEUR_ECOLE'), service('2013-03-01', '2013-08-31', UAI.SANS_LABEL, 'CONSEILLER_PEDAGOGIQUE')], 2019, null],
    ['un jour sans fonction fait perdre l’année', [service('2012-09-01', '2013-02-28', UAI.SANS_LABEL, 'DIRECTEUR_ECOLE'), service('2013-03-02', '2013-08-31', UAI.SANS_LABEL, 'DIRECTEUR_ECOLE')], 2019, null],
    ['un directeur faisant fonction ne compte pas', [anneeEntiere(2012, UAI.SANS_LABEL, 'DIRECTEUR_ECOLE', 100, { ff: true })], 2019, null],
    ['un directeur stagiaire ne compte pas', [anneeEntiere(2012, UAI.SANS_LABEL, 'DIRECTEUR_ECOLE', 100, { statut: 'STAGIAIRE' })], 2019, null],
    ['le tutorat ne compte pas en 2018', [anneeEntiere(2012, UAI.SANS_LABEL, 'TUTEUR')], 2018, null],
    ['le tutorat compte à partir de 2019, même pour une année ancienne', [anneeEntiere(2012, UAI.SANS_LABEL, 'TUTEUR')], 2019, 'FONCTION'],
    ['la direction adjointe UNSS ne compte pas en 2018', [anneeEntiere(2012, UAI.SANS_LABEL, 'DIR_ADJ_UNSS')], 2018, null],
    ['la direction adjointe UNSS compte à partir de 2019', [anneeEntiere(2012, UAI.SANS_LABEL, 'DIR_ADJ_UNSS')], 2019, 'FONCTION'],
    ['l’enseignement en STS compte jusqu’en 2018', [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_STS')], 2018, 'FONCTION'],
    ['l’enseignement en STS ne compte plus à partir de 2019', [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_STS')], 2019, null],
    ['la formation continue (CFC) ne compte pas en 2021', [anneeEntiere(2012, UAI.SANS_LABEL, 'CFC')], 2021, null],
    ['la formation continue (CFC) compte à partir de 2022', [anneeEntiere(2012, UAI.SANS_LABEL, 'CFC')], 2022, 'FONCTION'],
    ['l’université à 50 % compte en 2020', [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_UNIVERSITE', 50)], 2020, 'FONCTION'],
    ['l’université à 50 % ne compte plus à partir de 2021', [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_UNIVERSITE', 50)], 2021, null],
    ['l’université à 51 % compte en 2021', [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_UNIVERSITE', 51)], 2021, 'FONCTION'],
    ['la CPGE à 99 % compte en 2020', [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_CPGE', 99)], 2020, 'FONCTION'],
    ['la CPGE à 99 % ne compte plus à partir de 2021', [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_CPGE', 99)], 2021, null],
    ['la CPGE à 100 % compte en 2021', [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_CPGE', 100)], 2021, 'FONCTION'],
    [
      'la règle de quotité se lit ligne par ligne : deux lignes CPGE à 50 % ne font pas 100 %',
      [anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_CPGE', 50), anneeEntiere(2012, UAI.SANS_LABEL, 'ENS_SUP_CPGE', 50)],
      2021,
      null,
    ],
    ['l’enseignement ordinaire hors éducation prioritaire n’est pas retenu', [anneeEntiere(2012, UAI.SANS_LABEL)], 2019, null],
  ];
  for (const [titre, services, campagne, condition] of cas) test(titre, () => assert.equal(annee2012(services, campagne).condition, condition));

  test('une année remplissant les deux conditions compte une seule fois', () => {
    const v = evaluerEligibilite(dossier({ services: [anneeEntiere(2012, UAI.REP), anneeEntiere(2012, UAI.REP, 'DIRECTEUR_ECOLE')] }), reglesPour(2019));
    assert.equal(v.annees_vivier1, 1);
    assert.equal(v.annees.find((a) => a.annee_scolaire === '2012-2013')?.condition, 'ETABLISSEMENT');
  });

  test('le manque de couverture désigne le code le mieux couvert et son premier trou', () => {
    const a = annee2012([service('2012-09-01', '2013-02-28', UAI.SANS_LABEL, 'DIRECTEUR_ECOLE'), service('2013-03-16', '2013-08-31', UAI.SANS_LABEL, 'DIRECTEUR_ECOLE'), service('2013-01-01', '2013-03-31', UAI.SANS_LABEL, 'TUTEUR')]);
    assert.deepEqual(a.fonction, { remplie: false, code: 'DIRECTEUR_ECOLE', manque: { du: '2013-03-01', au: '2013-03-15' } });
  });

  test('les années comptées vont de la première au dossier à celle finissant au 31 août N', () => {
    const v = evaluerEligibilite(dossier({ services: [service('2009-10-15', null, UAI.SANS_LABEL)] }), reglesPour(2019));
    assert.deepEqual([v.annees[0]?.annee_scolaire, v.annees.at(-1)?.annee_scolaire, v.annees.length], ['2009-2010', '2018-2019', 10]);
  });
});

describe('explication année par année', () => {
  const cas: Array<[titre: string, services: LigneService[], phrase: string]> = [
    ['une année en REP', [anneeEntiere(2012, UAI.REP, 'ENSEIGNEMENT', 80)], '2012-2013 : année retenue au titre de l’éducation prioritaire (REP), quotité 80 % chaque jour.'],
    ['une année de direction', [anneeEntiere(2012, UAI.SANS_LABEL, 'DIRECTEUR_ECOLE')], '2012-2013 : année retenue au titre de la fonction de directeur d’école, exercée toute l’année.'],
    [
      'une année de direction incomplète',
      [service('2012-09-01', '2013-02-28', UAI.SANS_LABEL, 'DIRECTEUR_ECOLE'), service('2013-03-16', '2013-08-31', UAI.SANS_LABEL, 'DIRECTEUR_ECOLE')],
      '2012-2013 : année non retenue (aucune affectation dans un établissement relevant de l’éducation prioritaire cette année-là ; fonction de directeur d’école : couverture incomplète du 01/03/2013 au 15/03/2013).',
    ],
    [
      'une année en REP à 40 % comme stagiaire puis titulaire',
      [service('2012-09-01', '2012-10-31', UAI.REP, 'ENSEIGNEMENT', 100, { statut: 'STAGIAIRE' }), service('2012-11-01', '2013-08-31', UAI.REP, 'ENSEIGNEMENT', 40)],
      '2012-2013 : année non retenue (éducation prioritaire : quotité de 0 % du 01/09/2012 au 31/10/2012 (50 % requis chaque jour) ; aucune fonction éligible ; non pris en compte : services accomplis comme stagiaire).',
    ],
  ];
  for (const [titre, services, phrase] of cas) test(titre, () => assert.equal(expliquerAnnee(annee2012(services), 50), phrase));
});
