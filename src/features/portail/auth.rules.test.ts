import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decouperPasscode, estVerrouille, retourSur, verrouApresEchec, POLITIQUE_VERROUILLAGE } from './auth.rules.ts';

const T0 = new Date('2026-11-30T10:00:00Z');
const min = 60_000;

describe('verrouillage progressif', () => {
  const cas: Array<[string, number, number | null]> = [
    ['aucune attente après 1 échec', 1, null],
    ['aucune attente après 4 échecs', 4, null],
    ['1 minute après le 5e échec', 5, 1 * min],
    ['2 minutes après le 6e échec', 6, 2 * min],
    ['16 minutes après le 9e échec', 9, 16 * min],
    ['verrouillage d’une heure au 10e échec', 10, 60 * min],
    ['verrouillage d’une heure encore au 12e échec', 12, 60 * min],
  ];
  for (const [titre, echecs, attente] of cas) {
    test(titre, () => {
      const v = verrouApresEchec(echecs, T0, POLITIQUE_VERROUILLAGE);
      assert.equal(v === null ? null : v.getTime() - T0.getTime(), attente);
    });
  }
  test('un compte est verrouillé jusqu’à l’instant exclu', () => {
    const jusque = new Date(T0.getTime() + min);
    assert.equal(estVerrouille(jusque, new Date(T0.getTime() + min - 1)), true);
    assert.equal(estVerrouille(jusque, new Date(T0.getTime() + min)), false);
    assert.equal(estVerrouille(null, T0), false);
  });
});

describe('passcode OTP', () => {
  test('PIN de 4 chiffres suivi du code de 6 chiffres', () => {
    assert.deepEqual(decouperPasscode('1984123456'), { pin: '1984', code: '123456' });
  });
  for (const mauvais of ['198412345', '19841234567', '1984 123456', 'abcd123456', '']) {
    test(`refuse « ${mauvais} »`, () => assert.equal(decouperPasscode(mauvais), null));
  }
});

describe('page de retour après connexion', () => {
  const cas: Array<[unknown, string | null]> = [
    ['/portail/favoris', '/portail/favoris'],
    ['/iprof?onglet=cv', '/iprof?onglet=cv'],
    ['//evil.example/', null],
    ['/\\evil.example', null],
    ['https://evil.example/', null],
    ['/connexion', null],
    ['/connexion/otp', null],
    ['/connexion?retour=/portail', null],
    ['/deconnexion', null],
    ['/deconnexion?suite=1', null],
    ['/portail/connexion', '/portail/connexion'], // a page of the site whose name ends so, not the login page
    [`/${'a'.repeat(1999)}`, `/${'a'.repeat(1999)}`], // 2000 characters: the longest accepted
    [`/${'a'.repeat(2000)}`, null],
    ['/a\nb', null],
    [42, null],
  ];
  for (const [valeur, attendu] of cas) {
    test(`retour ${JSON.stringify(valeur).slice(0, 40)} → ${String(attendu).slice(0, 40)}`, () => assert.equal(retourSur(valeur), attendu));
  }
});
