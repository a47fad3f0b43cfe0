import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import { databaseDeTest } from '../test/database.ts';
import { fixedClock } from '../clock.ts';
import { Writable } from 'node:stream';

test('une erreur inattendue donne une page 500 sans détail interne, journalisée avec la référence de la requête', async () => {
  const database = await databaseDeTest();
  const lignes: string[] = [];
  const flux = new Writable({ write: (c, _e, cb) => (lignes.push(String(c)), cb()) });
  const app = await buildApp({ database, clock: fixedClock('2026-11-30T09:00:00Z'), cookieSecure: false, production: false, logger: { level: 'info', stream: flux } as never });
  app.get('/boum', { config: { acces: 'public' } }, async () => {
    throw new Error('secret interne: mot de passe en clair');
  });
  try {
    const r = await app.inject({ method: 'GET', url: '/boum' });
    assert.equal(r.statusCode, 500);
    assert.match(r.body, /Erreur inattendue/);
    assert.doesNotMatch(r.body, /secret interne/);
    const reference = /<strong>([0-9a-f-]{36})<\/strong>/.exec(r.body)?.[1];
    assert.ok(reference, 'référence affichée');
    assert.ok(lignes.some((l) => l.includes(reference!) && l.includes('secret interne')), 'erreur journalisée avec la référence');
    const json = await app.inject({ method: 'GET', url: '/boum', headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 500);
    assert.equal(json.json().code, 'ERREUR_INTERNE');
  } finally {
    await app.close();
    await database.close();
  }
});

test('une route sans accès déclaré est refusée (fermée par défaut)', async () => {
  const database = await databaseDeTest();
  const app = await buildApp({ database, clock: fixedClock('2026-11-30T09:00:00Z'), cookieSecure: false, production: false });
  app.get('/oubliee', async () => 'ne doit pas sortir');
  try {
    const r = await app.inject({ method: 'GET', url: '/oubliee' });
    assert.equal(r.statusCode, 403);
  } finally {
    await app.close();
    await database.close();
  }
});
