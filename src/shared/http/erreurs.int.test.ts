import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import { databaseDeTest } from '../../test/database.ts';
import { fixedClock } from '../clock.ts';
import { Writable } from 'node:stream';
import net from 'node:net';
import { openDatabase } from '../../db/connection.ts';
import { ClientDeTest } from '../../test/client.ts';

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

test('base injoignable : page 503 en français avec Retry-After (session chargée au début de la requête comprise), JSON problème, /sante 503, journal en avertissement', async () => {
  // A PostgreSQL pool aimed at a closed port: every query meets the real ECONNREFUSED of a stopped server.
  const ferme = net.createServer();
  await new Promise<void>((ok) => ferme.listen(0, '127.0.0.1', ok));
  const port = (ferme.address() as net.AddressInfo).port;
  await new Promise((ok) => ferme.close(ok));
  const database = await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/vivier`, dataDir: 'inutilise', journal: { warn() {} } });
  const lignes: Array<{ level: number; code?: string; msg: string; motif?: string }> = [];
  const flux = new Writable({ write: (c, _e, cb) => (lignes.push(JSON.parse(String(c))), cb()) });
  const app = await buildApp({ database, clock: fixedClock('2026-11-30T09:00:00Z'), cookieSecure: false, production: false, logger: { level: 'info', stream: flux } as never });
  try {
    // A session cookie: the onRequest hook reads the session before any route runs.
    const page = await app.inject({ method: 'GET', url: '/connexion', headers: { cookie: 'vivier_session=un-jeton-quelconque' } });
    assert.equal(page.statusCode, 503);
    assert.equal(page.headers['retry-after'], '5');
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /Service indisponible/);
    assert.match(page.body, /Le service est momentanément indisponible\. Réessayez dans un instant\./);
    assert.doesNotMatch(page.body, /ECONNREFUSED|127\.0\.0\.1/);

    const json = await app.inject({ method: 'GET', url: '/connexion', headers: { cookie: 'vivier_session=un-jeton-quelconque', accept: 'application/json' } });
    assert.equal(json.statusCode, 503);
    assert.equal(json.headers['retry-after'], '5');
    assert.match(String(json.headers['content-type']), /^application\/problem\+json/);
    assert.equal(json.json().code, 'SERVICE_INDISPONIBLE');
    assert.equal(json.json().status, 503);

    // A form posted while the database is away: the page says what to check before sending it again.
    const client = new ClientDeTest(app);
    assert.equal((await client.get('/connexion')).statusCode, 200, 'la page de connexion anonyme ne lit pas la base');
    const envoi = await client.post('/connexion', { identifiant: 'quelquun', mot_de_passe: 'Mot-de-passe-1!' });
    assert.equal(envoi.statusCode, 503);
    assert.match(envoi.body, /vérifiez d’abord s’il a été pris en compte/);

    const sante = await app.inject({ method: 'GET', url: '/sante' });
    assert.equal(sante.statusCode, 503);
    assert.equal(sante.json().base.statut, 'injoignable');

    const journal = lignes.filter((l) => l.msg === 'base de données injoignable');
    assert.equal(journal.length, 4, 'trois pages et /sante');
    assert.ok(journal.every((l) => l.level === 40 && l.code === 'ECONNREFUSED'), JSON.stringify(journal));
    assert.ok(journal.slice(0, 3).every((l) => l.motif?.startsWith('connect ECONNREFUSED')), 'le message de la panne, sans sa pile');
    assert.deepEqual(lignes.filter((l) => l.level >= 50), [], 'aucune erreur : jamais une 500');
  } finally {
    await app.close();
    await database.close();
  }
});

test('une adresse que le routeur refuse (encodage qui n’est pas de l’UTF-8, élément de plus de 100 caractères) : page française avec les en-têtes de sécurité', async () => {
  const database = await databaseDeTest();
  const app = await buildApp({ database, clock: fixedClock('2026-11-30T09:00:00Z'), cookieSecure: false, production: false });
  try {
    for (const [url, statut, message] of [
      ['/iprof/candidater/%FF', 400, /caractère mal encodé/],
      ['/iprof/candidater/%C3%28/fiche', 400, /caractère mal encodé/],
      ['/admin/comptes/%E0%A4%A', 400, /caractère mal encodé/],
      [`/iprof/candidater/${'9'.repeat(101)}`, 414, /trop longue/],
    ] as const) {
      for (const method of ['GET', 'POST'] as const) {
        const r = await app.inject({ method, url });
        assert.equal(r.statusCode, statut, `${method} ${url}`);
        assert.match(String(r.headers['content-type']), /^text\/html/);
        assert.match(r.body, /<html lang="fr"/);
        assert.match(r.body, message);
        assert.doesNotMatch(r.body, /FST_|Bad Request/);
        assert.equal(r.headers['x-content-type-options'], 'nosniff');
        assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
      }
    }
  } finally {
    await app.close();
    await database.close();
  }
});

test('une requête que l’analyseur HTTP ne lit pas (ligne ou en-tête mal formés, en-têtes trop gros) : page française avec les en-têtes de sécurité, connexion fermée', async () => {
  const database = await databaseDeTest();
  const app = await buildApp({ database, clock: fixedClock('2026-11-30T09:00:00Z'), cookieSecure: false, production: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as net.AddressInfo).port;
    const brut = (requete: string) =>
      new Promise<string>((ok, ko) => {
        const s = net.connect(port, '127.0.0.1', () => s.write(requete));
        let recu = '';
        s.on('data', (d: Buffer) => (recu += d.toString('utf8')));
        s.on('close', () => ok(recu));
        s.on('error', ko);
      });
    for (const [requete, statut, message] of [
      ['GET /connexion HTTP/1.1\r\nHost: x\r\nEn tête sans deux-points\r\n\r\n', 400, /mal formée/],
      ['GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n', 400, /mal formée/],
      [`GET / HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`, 431, /En-têtes trop volumineux/],
    ] as const) {
      const r = await brut(requete);
      assert.match(r, new RegExp(`^HTTP/1.1 ${statut} `), JSON.stringify(requete.slice(0, 40)));
      assert.match(r, /content-type: text\/html; charset=utf-8/i);
      assert.match(r, /x-content-type-options: nosniff/i);
      assert.match(r, /<html lang="fr"/);
      assert.match(r, message);
      assert.doesNotMatch(r, /Client Error|"statusCode"/);
    }
  } finally {
    await app.close();
    await database.close();
  }
});
