import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demandeEchue, lireIdentite, nomAffiche } from './proconnect.rules.ts';

const claims = { sub: 'abc', email: 'Camille.Roux@ac-test.fr', given_name: 'Camille', usual_name: 'Roux', uid: 'croux', siret: '13002526500013', idp_id: 'fia1' };

describe('claims de ProConnect', () => {
  test('les claims de ProConnect donnent la personne (courriel en minuscules, usual_name comme nom)', () => {
    const r = lireIdentite('https://pc', claims, 'jeton');
    assert.ok(r.ok);
    assert.deepEqual(r.identite, { emetteur: 'https://pc', sub: 'abc', idpId: 'fia1', courriel: 'camille.roux@ac-test.fr', prenom: 'Camille', nomUsuel: 'Roux', uid: 'croux', siret: '13002526500013', idToken: 'jeton' });
    assert.equal(nomAffiche(r.identite), 'Camille ROUX');
  });
  test('un fournisseur générique sans idp_id ni siret : idp_id vide, siret absent', () => {
    const r = lireIdentite('https://sso', { sub: 'x', email: 'a@b.fr' }, 'j');
    assert.ok(r.ok);
    assert.equal(r.identite.idpId, '');
    assert.equal(r.identite.siret, null);
    assert.equal(nomAffiche(r.identite), null);
  });
  const refus: Array<[string, Record<string, unknown>, RegExp]> = [
    ['sans courriel', { ...claims, email: undefined }, /email/],
    ['un courriel invalide', { ...claims, email: 'pas-un-courriel' }, /email/],
    ['sans sub', { ...claims, sub: '' }, /sub/],
    ['un siret de 13 chiffres', { ...claims, siret: '1300252650001' }, /siret/],
  ];
  for (const [titre, c, motif] of refus) {
    test(`${titre} : refusé, la raison nomme le claim`, () => {
      const r = lireIdentite('https://pc', c, 'j');
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.raison : '', motif);
    });
  }
  test('une demande de plus de 10 minutes est échue', () => {
    const t0 = new Date('2026-12-06T10:00:00Z');
    assert.equal(demandeEchue(t0, new Date('2026-12-06T10:10:00Z'), 600_000), false);
    assert.equal(demandeEchue(t0, new Date('2026-12-06T10:10:01Z'), 600_000), true);
  });
});
