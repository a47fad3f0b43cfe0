import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { databaseDeTest } from '../test/database.ts';
import type { DatabaseHandle } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

let h: DatabaseHandle;
before(async () => {
  h = await databaseDeTest(); // migrated once
});
after(async () => {
  await h.close();
});

test('une base à jour : rien d’appliqué, en une seule instruction', async () => {
  // Every statement of both backends goes through pg.Client#query (preparees.ts calls it): count them there.
  const instructions: string[] = [];
  const requete = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    instructions.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text));
    return (requete as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof requete;
  try {
    assert.deepEqual(await migrateToLatest(h.db), []);
  } finally {
    pg.Client.prototype.query = requete;
  }
  const noms = await sql<{ name: string }>`SELECT name FROM vivier_migration ORDER BY name`.execute(h.db);
  assert.deepEqual(noms.rows.map((r) => r.name), Object.keys(migrations).sort());
  assert.equal(instructions.length, 1, instructions.join('\n'));
});

test('une migration inconnue du code dans la base : refusée par le Migrator, comme avant', async () => {
  await sql`INSERT INTO vivier_migration (name, timestamp) VALUES ('2099-01-01T0000_inconnue', now()::text)`.execute(h.db);
  try {
    await assert.rejects(migrateToLatest(h.db), /2099-01-01T0000_inconnue/);
  } finally {
    await sql`DELETE FROM vivier_migration WHERE name = '2099-01-01T0000_inconnue'`.execute(h.db);
  }
  assert.deepEqual(await migrateToLatest(h.db), []);
});
