import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { genererCode, pasDeTemps, verifierCode } from './totp.ts';

// RFC 6238 appendix B, SHA-1 column: the seed is the ASCII string "12345678901234567890".
const SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTEURS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP selon les vecteurs publiés de la RFC 6238 (SHA-1, 8 chiffres)', () => {
  for (const [secondes, attendu] of VECTEURS) {
    test(`à T = ${secondes} s le code est ${attendu}`, () => {
      assert.equal(genererCode(SEED_BASE32, new Date(secondes * 1000), 8), attendu);
      assert.equal(verifierCode(SEED_BASE32, attendu, new Date(secondes * 1000), 8), pasDeTemps(new Date(secondes * 1000)));
    });
  }
});

describe('fenêtre de validation', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const t = new Date('2026-11-30T10:00:15Z');
  const code = genererCode(secret, t);
  test('le code du pas courant est accepté (décalage 0 n’est pas un refus)', () => {
    assert.equal(verifierCode(secret, code, t), pasDeTemps(t));
  });
  test('accepté un pas plus tard', () => assert.equal(verifierCode(secret, code, new Date(t.getTime() + 30_000)), pasDeTemps(t)));
  test('refusé deux pas plus tard', () => assert.equal(verifierCode(secret, code, new Date(t.getTime() + 60_000)), null));
  test('refusé avec un autre secret', () => assert.equal(verifierCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', code, t), null));
});
