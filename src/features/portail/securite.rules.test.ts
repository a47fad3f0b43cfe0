import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decrireNavigateur, phraseEchecs, verifierNomCle } from './securite.rules.ts';

describe('Tentatives échouées depuis la dernière connexion', () => {
  const cas: [number, string | null][] = [
    [0, null],
    [1, '1 tentative de connexion a échoué depuis votre dernière connexion.'],
    [2, '2 tentatives de connexion ont échoué depuis votre dernière connexion.'],
    [1234, '1 234 tentatives de connexion ont échoué depuis votre dernière connexion.'],
    [-1, null],
  ];
  for (const [n, attendu] of cas) test(`${n} échec(s) → ${attendu ?? 'rien'}`, () => assert.equal(phraseEchecs(n), attendu));
});

describe('Navigateur d’une session', () => {
  const cas: [string | null, string][] = [
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133 sur Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 sur Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86', 'Edge 131 sur Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Safari 18 sur macOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 'Safari 18 sur iOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome 131 sur Android'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/139.0.0.0 Safari/537.36', 'Chrome sans interface 139 sur Linux'],
    ['curl/8.5.0', 'Navigateur inconnu'],
    [null, 'Navigateur inconnu'],
    ['<script>alert(1)</script> Linux', 'Navigateur inconnu sur Linux'],
  ];
  for (const [ua, attendu] of cas) test(`« ${ua ?? '(aucun)'} » → ${attendu}`, () => assert.equal(decrireNavigateur(ua), attendu));
});

describe('Nom d’une clé d’accès', () => {
  test('espaces resserrés', () => assert.deepEqual(verifierNomCle('  Mon   téléphone '), { ok: true, nom: 'Mon téléphone' }));
  test('vide refusé', () => assert.equal(verifierNomCle('   ').ok, false));
  test('60 caractères acceptés, 61 refusés', () => {
    assert.equal(verifierNomCle('é'.repeat(60)).ok, true);
    assert.equal(verifierNomCle('é'.repeat(61)).ok, false);
  });
  test('caractère de contrôle refusé', () => assert.equal(verifierNomCle('a\u0007b').ok, false));
});
