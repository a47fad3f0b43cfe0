import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { verifierJetonCsrf } from './plumbing.ts';
import { egauxEnTempsConstant } from './session.ts';
import { CsrfError } from '../errors.ts';

/**
 * The CSRF guard itself, without a server: the token a form or header brings against the request's token (the
 * session's, or the anonymous cookie's). The routes' use of it, with real sessions, is in src/csrf.int.test.ts.
 */

const JETON = 'k3Jq9w-Zt8xPq1mN0aBcDeFgHiJkLmNoPqRsTuVwXyZ';
const requete = (jetonCsrf: string) => ({ jetonCsrf }) as unknown as FastifyRequest;

describe('vérification du jeton CSRF', () => {
  const refus: Array<[string, string, unknown]> = [
    ['aucun jeton fourni', JETON, undefined],
    ['jeton vide fourni', JETON, ''],
    ['jeton qui n’est pas une chaîne (tableau de champs répétés)', JETON, [JETON]],
    ['jeton d’une autre session, de même longueur', JETON, `${JETON.slice(0, -1)}A`],
    ['jeton tronqué', JETON, JETON.slice(0, -1)],
    ['jeton prolongé', JETON, `${JETON}A`],
    ['la requête n’a pas de jeton : même un jeton vide est refusé', '', ''],
    ['la requête n’a pas de jeton : tout jeton est refusé', '', JETON],
  ];
  for (const [titre, attendu, fourni] of refus) {
    test(`refusé : ${titre}`, () => {
      assert.throws(() => verifierJetonCsrf(requete(attendu), fourni), CsrfError);
    });
  }

  test('accepté : le jeton de la requête, exactement', () => {
    assert.doesNotThrow(() => verifierJetonCsrf(requete(JETON), JETON));
  });
  test('accepté : une copie du jeton (égalité des contenus, pas de la référence)', () => {
    assert.doesNotThrow(() => verifierJetonCsrf(requete(JETON), [...JETON].join('')));
  });
});

describe('comparaison en temps constant', () => {
  const cas: Array<[string, string, string, boolean]> = [
    ['identiques', JETON, JETON, true],
    ['deux chaînes vides', '', '', true],
    ['un caractère diffère à la fin', JETON, `${JETON.slice(0, -1)}A`, false],
    ['un caractère diffère au début', JETON, `A${JETON.slice(1)}`, false],
    ['préfixe', JETON, JETON.slice(0, 10), false],
    ['même longueur en caractères, pas en octets', 'é', 'e', false],
  ];
  for (const [titre, a, b, egaux] of cas) {
    test(`${titre} → ${egaux ? 'égaux' : 'différents'}`, () => {
      assert.equal(egauxEnTempsConstant(a, b), egaux);
      assert.equal(egauxEnTempsConstant(b, a), egaux);
    });
  }
});
