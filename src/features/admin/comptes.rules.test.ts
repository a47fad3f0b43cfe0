import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyserDepartements, analyserEtablissements, construirePerimetre, doitFermerSessions, erreursAutoModification, etatVerrou, MOTIF_IDENTIFIANT } from './comptes.rules.ts';

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
    assert.deepEqual(construirePerimetre({ corps: ['PE'], departements: [], etablissements: ['0801234A'] }), { corps: ['PE'], etablissements: ['0801234A'] });
    assert.deepEqual(construirePerimetre({ corps: [], departements: [], etablissements: [] }), {});
  });
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
