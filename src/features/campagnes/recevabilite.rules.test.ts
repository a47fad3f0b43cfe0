import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { reglesPour } from '../eligibilite/regles.ts';
import { dossier } from '../eligibilite/test-fabrique.ts';
import type { Grade } from '../../carriere/vocabulaire.ts';
import {
  avisRecevabilite,
  jugerRecevabilite,
  LIBELLE_MOTIF_REJET,
  libellePeriode,
  MOTIFS_REJET,
  periodeAcceptee,
  periodesADecider,
  type PeriodeExaminee,
} from './recevabilite.rules.ts';

const regles2019 = reglesPour(2019); // regime A, T = 8 qualifying school years, D = 31/08/2019

let n = 0;
function periode(du: string, au: string, o: Partial<PeriodeExaminee> = {}): PeriodeExaminee {
  n++;
  return { id: String(n), du, au, nature: 'FONCTION', fonction: 'DIRECTEUR_ECOLE', etablissement: 'École Jules Ferry', source: 'AGENT', decision: null, motif: null, motif_texte: null, ...o };
}
const dossierDe = (echelon = 3, grade: Grade = 'HC') => dossier({ carriere: [['2010-09-01', grade, echelon]] });
const accepte = { decision: 'ACCEPTEE' as const };
const rejete = { decision: 'REJETEE' as const, motif: 'PIECE_MANQUANTE' };

describe('recevabilité : le moteur d’éligibilité compté sur les seules périodes acceptées', () => {
  const cas: Array<[string, PeriodeExaminee[], boolean, number, string[]]> = [
    ['huit années prouvées par le dossier : recevable', [periode('2011-09-01', '2019-08-31', { source: 'DOSSIER' })], true, 8, []],
    ['six années du dossier et deux déclarées acceptées : recevable', [periode('2011-09-01', '2017-08-31', { source: 'DOSSIER' }), periode('2017-09-01', '2019-08-31', { nature: 'EDUCATION_PRIORITAIRE', fonction: null, ...accepte })], true, 8, []],
    ['les deux années déclarées rejetées : irrecevable, six retenues', [periode('2011-09-01', '2017-08-31', { source: 'DOSSIER' }), periode('2017-09-01', '2019-08-31', rejete)], false, 6, ['V1_ANNEES_INSUFFISANTES']],
    ['une période déclarée non encore décidée ne compte pas', [periode('2011-09-01', '2017-08-31', { source: 'DOSSIER' }), periode('2017-09-01', '2019-08-31')], false, 6, ['V1_ANNEES_INSUFFISANTES']],
    ['une période acceptée qui ne couvre pas toute l’année scolaire ne la fait pas compter', [periode('2011-09-01', '2017-08-31', { source: 'DOSSIER' }), periode('2017-10-01', '2019-08-31', accepte)], false, 7, ['V1_ANNEES_INSUFFISANTES']],
    ['fonction et éducation prioritaire la même année : une seule année', [periode('2011-09-01', '2019-08-31', accepte), periode('2011-09-01', '2019-08-31', { nature: 'EDUCATION_PRIORITAIRE', fonction: null, ...accepte })], true, 8, []],
    ['éducation prioritaire à cheval sur deux années : seule l’année entière compte', [periode('2015-01-01', '2016-12-31', { nature: 'EDUCATION_PRIORITAIRE', fonction: null, ...accepte })], false, 1, ['V1_ANNEES_INSUFFISANTES']],
    // TUTEUR is eligible from the 2019 campaign, for every year of service (the campaign's rule set decides).
    ['une fonction retenue par le jeu de règles de la campagne compte', [periode('2011-09-01', '2019-08-31', { fonction: 'TUTEUR', ...accepte })], true, 8, []],
    ['les années après la date d’observation ne comptent pas', [periode('2012-09-01', '2020-08-31', accepte)], false, 7, ['V1_ANNEES_INSUFFISANTES']],
  ];
  for (const [titre, periodes, recevable, annees, motifs] of cas) {
    test(titre, () => {
      const v = jugerRecevabilite(dossierDe(), periodes, regles2019);
      assert.deepEqual([v.recevable, v.anneesRetenues, v.anneesRequises, v.motifs], [recevable, annees, 8, motifs]);
    });
  }

  test('une fonction retenue seulement à partir de 2019 ne compte pas pour la campagne 2018', () => {
    const v = jugerRecevabilite(dossierDe(), [periode('2010-09-01', '2018-08-31', { fonction: 'TUTEUR', ...accepte })], reglesPour(2018));
    assert.deepEqual([v.recevable, v.anneesRetenues], [false, 0]);
  });
  test('huit années acceptées mais un échelon de la hors-classe insuffisant : irrecevable, avec ce motif', () => {
    const v = jugerRecevabilite(dossierDe(2), [periode('2011-09-01', '2019-08-31', { source: 'DOSSIER' })], regles2019);
    assert.deepEqual([v.recevable, v.motifs], [false, ['V1_ECHELON_INSUFFISANT']]);
  });
  test('un agent qui n’est pas à la hors-classe : irrecevable pour ce motif seulement', () => {
    const v = jugerRecevabilite(dossierDe(9, 'CN'), [periode('2011-09-01', '2019-08-31', { source: 'DOSSIER' })], regles2019);
    assert.deepEqual([v.recevable, v.motifs], [false, ['GRADE_NON_HC']]);
  });
});

describe('périodes à décider', () => {
  const p = [periode('2011-09-01', '2012-08-31', { source: 'DOSSIER' }), periode('2012-09-01', '2013-08-31'), periode('2013-09-01', '2014-08-31', accepte), periode('2014-09-01', '2015-08-31', rejete)];
  test('une période du dossier est acceptée par le moteur, sans décision', () => assert.equal(periodeAcceptee(p[0]!), true));
  test('une période déclarée sans décision n’est pas acceptée', () => assert.equal(periodeAcceptee(p[1]!), false));
  test('une période rejetée n’est pas acceptée', () => assert.equal(periodeAcceptee(p[3]!), false));
  test('seules les périodes déclarées sans décision restent à décider', () => assert.equal(periodesADecider(p), 1));
});

describe('motifs de rejet et avis à l’agent', () => {
  test('chaque motif de la liste a un libellé français', () => {
    for (const m of MOTIFS_REJET) assert.match(LIBELLE_MOTIF_REJET[m], /^[A-ZÉ]/);
  });
  test('une période se lit avec sa fonction, ses dates et son établissement', () => {
    assert.equal(libellePeriode(periode('2012-09-01', '2016-08-31')), "Directeur d’école du 01/09/2012 au 31/08/2016 (École Jules Ferry)");
  });
  test('irrecevable : l’avis donne la raison et le motif de chaque période rejetée', () => {
    const periodes = [
      periode('2011-09-01', '2017-08-31', { source: 'DOSSIER' }),
      periode('2017-09-01', '2018-08-31', rejete),
      periode('2018-09-01', '2019-08-31', { decision: 'REJETEE', motif: 'AUTRE', motif_texte: 'L’attestation porte sur une autre école.' }),
    ];
    const { sujet, corps } = avisRecevabilite('Campagne PE 2019', jugerRecevabilite(dossierDe(), periodes, regles2019), periodes);
    assert.equal(sujet, 'Candidature irrecevable : Campagne PE 2019');
    assert.match(corps, /irrecevable/);
    assert.match(corps, /\(6 retenue\(s\), 8 requise\(s\)\)/);
    assert.match(corps, /second vivier/);
    assert.match(corps, /- Directeur d’école du 01\/09\/2017 au 31\/08\/2018 \(École Jules Ferry\) — motif : Pièce justificative manquante\n/);
    assert.match(corps, /— motif : Autre motif \(précisé\) : L’attestation porte sur une autre école\./);
  });
  test('recevable : l’avis le dit avec les années retenues, et cite quand même une période rejetée', () => {
    const periodes = [periode('2011-09-01', '2019-08-31', { source: 'DOSSIER' }), periode('2005-09-01', '2006-08-31', { ...rejete, motif: 'PIECE_ILLISIBLE' })];
    const { sujet, corps } = avisRecevabilite('Campagne PE 2019', jugerRecevabilite(dossierDe(), periodes, regles2019), periodes);
    assert.equal(sujet, 'Candidature recevable : Campagne PE 2019');
    assert.match(corps, /^Votre candidature est recevable au titre du premier vivier : 8 année\(s\)/);
    assert.match(corps, /motif : Pièce justificative illisible ou incomplète/);
  });
});
