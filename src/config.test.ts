import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from './config.ts';

describe('configuration lue de l’environnement', () => {
  test('valeurs par défaut : base embarquée dans ./data, port 3000, démo active hors production', () => {
    const c = loadConfig({});
    assert.equal(c.dataDir, './data');
    assert.equal(c.port, 3000);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.demo, true);
    assert.equal(c.cookieSecure, false);
  });
  test('en production : jamais de démo, cookies sécurisés', () => {
    const c = loadConfig({ NODE_ENV: 'production', VIVIER_DEMO: '1' });
    assert.equal(c.demo, false);
    assert.equal(c.cookieSecure, true);
  });
  const mauvaises: Array<[string, Record<string, string>, RegExp]> = [
    ['un port non numérique', { PORT: 'abc' }, /PORT: doit être un numéro de port/],
    ['un port hors limites', { PORT: '70000' }, /PORT: doit être un numéro de port/],
    ['une URL qui n’est pas PostgreSQL', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL: doit commencer par postgres/],
    ['un NODE_ENV inconnu', { NODE_ENV: 'prod' }, /NODE_ENV: valeurs possibles/],
  ];
  for (const [titre, env, message] of mauvaises) {
    test(`${titre} arrête le démarrage avec un message qui nomme la variable`, () => {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
  test('une variable vide vaut absente', () => {
    assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
  });
});
