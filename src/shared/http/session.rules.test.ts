import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bornesExpiration, doitRafraichir, etatSession, POLITIQUE_SESSION } from './session.rules.ts';

const T0 = new Date('2026-11-30T10:00:00Z');
const min = 60_000;
const apres = (ms: number) => new Date(T0.getTime() + ms);

describe('durée de session', () => {
  const cas: Array<[string, number, number, string]> = [
    ['valide juste après la connexion', 0, 0, 'VALIDE'],
    ['valide après 29 min 59 s d’inactivité', 0, 30 * min - 1000, 'VALIDE'],
    ['valide 1 ms avant 30 min d’inactivité', 0, 30 * min - 1, 'VALIDE'],
    ['expirée après 30 min d’inactivité', 0, 30 * min, 'INACTIVE_TROP_LONGTEMPS'],
    ['valide à 11 h 59 si active', 12 * 60 * min - 2 * min, 12 * 60 * min - min, 'VALIDE'],
    ['valide 1 ms avant 12 h si active', 12 * 60 * min - min, 12 * 60 * min - 1, 'VALIDE'],
    ['expirée à 12 h même si active', 12 * 60 * min - min, 12 * 60 * min, 'DUREE_MAX_ATTEINTE'],
  ];
  for (const [titre, vueApres, maintenantApres, attendu] of cas) {
    test(titre, () => {
      const s = { creeLe: T0, vueLe: apres(vueApres) };
      assert.equal(etatSession(s, apres(maintenantApres)), attendu);
    });
  }
});

describe('réécriture de la dernière activité', () => {
  const cas: Array<[string, number, boolean]> = [
    ['pas réécrite à la même milliseconde', 0, false],
    ['pas réécrite 59,999 s après', min - 1, false],
    ['réécrite 1 min après', min, true],
    ['réécrite 2 min après', 2 * min, true],
  ];
  for (const [titre, ecart, attendu] of cas) test(titre, () => assert.equal(doitRafraichir(T0, apres(ecart)), attendu));
});

describe('bornes d’expiration (purge en SQL)', () => {
  // The purge compares columns with these bounds: it must call expired exactly the sessions etatSession calls expired.
  const creations = [0, 1, 12 * 60 * min - 1, 12 * 60 * min, 12 * 60 * min + 1];
  const vues = [0, 30 * min - 1, 30 * min, 30 * min + 1, 11 * 60 * min];
  const maintenant = apres(12 * 60 * min);
  for (const recul of creations) {
    for (const reculVue of vues) {
      if (reculVue > recul) continue; // last seen after creation only
      test(`créée ${recul} ms et vue ${reculVue} ms avant : même verdict que la règle`, () => {
        const s = { creeLe: new Date(maintenant.getTime() - recul), vueLe: new Date(maintenant.getTime() - reculVue) };
        const b = bornesExpiration(maintenant, POLITIQUE_SESSION);
        const expireeSql = s.creeLe.getTime() <= b.creeeAuPlusTard.getTime() || s.vueLe.getTime() <= b.vueAuPlusTard.getTime();
        assert.equal(expireeSql, etatSession(s, maintenant) !== 'VALIDE');
      });
    }
  }
});
