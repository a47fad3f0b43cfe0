import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { QualiteEvaluateur } from '../../db/schema.ts';
import type { Role } from '../../shared/roles.ts';
import {
  analyserDepartements,
  analyserDisciplines,
  analyserEtablissements,
  construirePerimetre,
  doitFermerSessions,
  erreursAutoModification,
  erreursQualiteEvaluateur,
  etatVerrou,
  MOTIF_IDENTIFIANT,
  rapprocherDisciplines,
} from './comptes.rules.ts';

describe('identifiant académique', () => {
  for (const ok of ['jdupont3', 'j.dupont', 'marie-claire.martin', 'ab', '007agent']) test(`« ${ok} » est accepté`, () => assert.ok(MOTIF_IDENTIFIANT.test(ok)));
  for (const ko of ['', 'a', 'JDupont', 'j dupont', '.jdupont', '-x', 'jdupont@ac', 'é', 'a'.repeat(51), 'jdupont\n']) {
    test(`« ${JSON.stringify(ko)} » est refusé`, () => assert.equal(MOTIF_IDENTIFIANT.test(ko), false));
  }
});

describe('liste de départements', () => {
  const cas: Array<[string, string, string[]]> = [
    ['une liste vide ne restreint rien', '', []],
    ['des codes séparés par des virgules', '080, 002,060', ['080', '002', '060']],
    ['les points-virgules et espaces sont tolérés', '080; 002 060', ['080', '002', '060']],
    ['les doublons sont retirés', '080, 080', ['080']],
    ['la Corse s’écrit 02A et 02B, en minuscules aussi', '02a, 02B', ['02A', '02B']],
  ];
  for (const [titre, saisie, attendu] of cas) test(titre, () => assert.deepEqual(analyserDepartements(saisie), { ok: true, codes: attendu }));
  for (const ko of ['80', '0800', 'abc', '080,,x', '2A']) {
    test(`« ${ko} » est refusé avec un message en français`, () => {
      const r = analyserDepartements(ko);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.message : '', /^Départements : « .+ » n’est pas un code valide/);
    });
  }
  test('trop de codes sont refusés', () => {
    const r = analyserDepartements(Array.from({ length: 501 }, (_, i) => String(i).padStart(3, '0')).join(',') + ',999');
    assert.equal(r.ok, false);
  });
});

describe('liste d’établissements (UAI)', () => {
  test('des UAI en minuscules sont mis en majuscules', () => assert.deepEqual(analyserEtablissements('0801234a, 0601234B'), { ok: true, codes: ['0801234A', '0601234B'] }));
  for (const ko of ['080123A', '08012345', '0801234AB', 'A801234A']) test(`« ${ko} » est refusé`, () => assert.equal(analyserEtablissements(ko).ok, false));
  test('plusieurs codes faux sont tous signalés au pluriel', () => {
    const r = analyserEtablissements('x, y');
    assert.match(!r.ok ? r.message : '', /« X », « Y » ne sont pas des codes valides/);
  });
});

describe('périmètre', () => {
  test('seules les parties renseignées sont gardées', () => {
    assert.deepEqual(construirePerimetre({ corps: ['PE'], departements: [], etablissements: ['0801234A'], disciplines: [] }), { corps: ['PE'], etablissements: ['0801234A'] });
    assert.deepEqual(construirePerimetre({ corps: [], departements: [], etablissements: [], disciplines: [] }), {});
    assert.deepEqual(construirePerimetre({ corps: ['CERTIFIE'], departements: [], etablissements: [], disciplines: ['MATHEMATIQUES'] }), { corps: ['CERTIFIE'], disciplines: ['MATHEMATIQUES'] });
  });
});

describe('liste de disciplines', () => {
  const cas: Array<[string, string, string[]]> = [
    ['une liste vide ne restreint rien', '', []],
    ['une discipline par ligne', 'LETTRES MODERNES\nMATHEMATIQUES', ['LETTRES MODERNES', 'MATHEMATIQUES']],
    ['des virgules ou points-virgules aussi', 'LETTRES MODERNES, MATHEMATIQUES; PHILOSOPHIE', ['LETTRES MODERNES', 'MATHEMATIQUES', 'PHILOSOPHIE']],
    ['les espaces en trop sont retirés, les espaces internes gardés', '  LETTRES   MODERNES \n\n', ['LETTRES MODERNES']],
    ['un doublon en d’autres casses est retiré', 'Lettres modernes, LETTRES MODERNES', ['Lettres modernes']],
    ['accents, apostrophes et tirets sont admis', 'ÉDUCATION MUSICALE, SCIENCES DE LA VIE ET DE LA TERRE, ARTS APPLIQUÉS - DESIGN, LANGUE D’OC', ['ÉDUCATION MUSICALE', 'SCIENCES DE LA VIE ET DE LA TERRE', 'ARTS APPLIQUÉS - DESIGN', 'LANGUE D’OC']],
  ];
  for (const [titre, saisie, attendu] of cas) test(titre, () => assert.deepEqual(analyserDisciplines(saisie), { ok: true, codes: attendu }));
  for (const ko of ['<script>', '-MATHS', 'A'.repeat(81), 'MATHS\u0000']) {
    test(`« ${JSON.stringify(ko).slice(0, 30)} » est refusé avec un message en français`, () => {
      const r = analyserDisciplines(ko);
      assert.match(!r.ok ? r.message : '', /^Disciplines : « .+ » n’est pas un nom de discipline valide/);
    });
  }

  const connues = ['LETTRES MODERNES', 'MATHEMATIQUES', 'PREMIER DEGRE'];
  test('une discipline des données RH est écrite comme elles l’écrivent', () => assert.deepEqual(rapprocherDisciplines(['lettres modernes', 'MATHEMATIQUES'], connues), { ok: true, codes: ['LETTRES MODERNES', 'MATHEMATIQUES'] }));
  test('une discipline qu’aucun agent n’enseigne (faute de frappe) est refusée', () => {
    const r = rapprocherDisciplines(['MATHEMATIQUE', 'LETTRES MODERNES'], connues);
    assert.match(!r.ok ? r.message : '', /^Disciplines : « MATHEMATIQUE » n’est la discipline d’aucun agent des données RH/);
  });
  test('plusieurs inconnues sont nommées au pluriel', () => {
    const r = rapprocherDisciplines(['X', 'Y'], connues);
    assert.match(!r.ok ? r.message : '', /« X », « Y » ne sont les disciplines d’aucun agent/);
  });
});

describe('qualité d’évaluateur', () => {
  const cas: Array<[string, Role[], QualiteEvaluateur | null, boolean]> = [
    ['un évaluateur chef d’établissement', ['EVALUATEUR'], 'CHEF_ETABLISSEMENT', true],
    ['un évaluateur inspecteur', ['AGENT', 'EVALUATEUR'], 'INSPECTEUR', true],
    ['un évaluateur sans qualité encore', ['EVALUATEUR'], null, true],
    ['un gestionnaire sans qualité', ['GESTIONNAIRE'], null, true],
    ['un gestionnaire « inspecteur » est refusé', ['GESTIONNAIRE'], 'INSPECTEUR', false],
  ];
  for (const [titre, roles, qualite, ok] of cas) {
    test(`${titre} : ${ok ? 'accepté' : 'refusé'}`, () => {
      const e = erreursQualiteEvaluateur(roles, qualite);
      if (ok) assert.deepEqual(e, {});
      else assert.match(e.qualite_evaluateur ?? '', /ne s’applique qu’à un compte ayant le rôle Évaluateur/);
    });
  }
});

describe('un administrateur et son propre compte', () => {
  test('il ne peut pas retirer son rôle Administrateur', () => assert.ok(erreursAutoModification('1', '1', { roles: ['AGENT'], actif: true }).roles));
  test('il ne peut pas se désactiver', () => assert.ok(erreursAutoModification('1', '1', { roles: ['ADMINISTRATEUR'], actif: false }).actif));
  test('il peut s’ajouter un rôle', () => assert.deepEqual(erreursAutoModification('1', '1', { roles: ['ADMINISTRATEUR', 'AGENT'], actif: true }), {}));
  test('il peut retirer le rôle d’un autre administrateur', () => assert.deepEqual(erreursAutoModification('1', '2', { roles: ['AGENT'], actif: false }), {}));
});

describe('fermeture des sessions après une modification', () => {
  const avant = { roles: ['AGENT', 'GESTIONNAIRE'], actif: true };
  test('les mêmes rôles dans un autre ordre ne ferment rien', () => assert.equal(doitFermerSessions(avant, { roles: ['GESTIONNAIRE', 'AGENT'], actif: true }), false));
  test('un rôle retiré ferme les sessions', () => assert.equal(doitFermerSessions(avant, { roles: ['AGENT'], actif: true }), true));
  test('un rôle ajouté ferme les sessions', () => assert.equal(doitFermerSessions(avant, { roles: ['AGENT', 'GESTIONNAIRE', 'AUTORITE'], actif: true }), true));
  test('une désactivation ferme les sessions', () => assert.equal(doitFermerSessions(avant, { ...avant, actif: false }), true));
});

describe('état du verrouillage', () => {
  const t = new Date('2026-11-30T10:00:00Z');
  test('sans échec, le compte est libre', () => assert.deepEqual(etatVerrou({ echecs_consecutifs: 0, verrouille_jusqu_au: null }, t), { statut: 'LIBRE' }));
  test('un verrou échu laisse le nombre d’échecs', () => assert.deepEqual(etatVerrou({ echecs_consecutifs: 3, verrouille_jusqu_au: new Date(t.getTime() - 1) }, t), { statut: 'ECHECS', echecs: 3 }));
  test('un verrou en cours est signalé', () => assert.equal(etatVerrou({ echecs_consecutifs: 10, verrouille_jusqu_au: new Date(t.getTime() + 1) }, t).statut, 'VERROUILLE'));
});
