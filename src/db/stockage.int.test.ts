import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { databaseDeTest } from '../test/database.ts';
import type { DatabaseHandle } from './connection.ts';

describe('stockage des fichiers', () => {
  let h: DatabaseHandle;
  before(async () => {
    h = await databaseDeTest();
  });
  after(async () => h.close());

  it('chaque colonne bytea (PDF, JPEG, PNG : déjà compressés) est stockée hors ligne sans tentative de compression', async () => {
    const r = await sql<{ colonne: string; stockage: string }>`
      SELECT c.relname || '.' || a.attname AS colonne, a.attstorage::text AS stockage
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.atttypid = 'bytea'::regtype AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY 1`.execute(h.db);
    assert.deepEqual(
      r.rows.map((l) => l.colonne),
      ['candidature_document.pdf', 'candidature_piece.contenu', 'cle_acces.cle_publique', 'contestation_piece.contenu', 'piece_justificative.contenu', 'recours_piece.contenu'],
    );
    for (const l of r.rows) assert.equal(l.stockage, 'e', `${l.colonne} : stockage ${l.stockage}`);
  });
});
