import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { databaseDeTest } from '../test/database.ts';
import type { DatabaseHandle } from './connection.ts';
import { champCopie, copierFichier, copierLignes } from './copie.ts';

describe('copie de lignes (COPY … FROM, PGlite et PostgreSQL)', () => {
  let h: DatabaseHandle;
  before(async () => {
    h = await databaseDeTest();
    await sql`CREATE TABLE essai_copie (t text, d date, n integer, b boolean)`.execute(h.db);
  });
  after(async () => h.close());

  it('les valeurs reviennent telles quelles, caractères spéciaux et nuls compris', async () => {
    const valeurs: Array<[string | null, string | null, number | null, boolean | null]> = [
      ['simple', '2019-08-31', 1, true],
      ['tab\tet saut\nde ligne\r\net \\ barre', null, -7, false],
      ['é 𝒜 « guillemets » "doubles" ;', '2000-02-29', null, null],
      ['\\N', '1970-01-01', 0, true],
      [null, null, null, null],
      ['', '2026-12-06', 2147483647, false],
    ];
    const texte = valeurs.map((v) => v.map(champCopie).join('\t') + '\n').join('');
    const n = await copierLignes(h.db, 'essai_copie', ['t', 'd', 'n', 'b'], Buffer.from(texte, 'utf8'));
    assert.equal(n, valeurs.length);
    const r = await sql<{ t: string | null; d: string | null; n: number | null; b: boolean | null }>`SELECT t, d, n, b FROM essai_copie ORDER BY n NULLS LAST, t NULLS LAST`.execute(h.db);
    const attendu = valeurs.map(([t, d, n, b]) => ({ t, d, n, b })).sort((x, y) => (x.n ?? Infinity) - (y.n ?? Infinity) || (x.t === null ? 1 : y.t === null ? -1 : x.t < y.t ? -1 : x.t > y.t ? 1 : 0));
    assert.deepEqual(r.rows, attendu);
  });

  it('une ligne refusée par PostgreSQL fait échouer toute la copie : rien n’est écrit, la base sert ensuite normalement', async () => {
    const avant = await sql<{ n: string }>`SELECT count(*) AS n FROM essai_copie`.execute(h.db);
    const texte = 'a\t2020-01-01\t1\tt\nb\tpas une date\t2\tf\n';
    await assert.rejects(copierLignes(h.db, 'essai_copie', ['t', 'd', 'n', 'b'], Buffer.from(texte)), /date/);
    const apres = await sql<{ n: string }>`SELECT count(*) AS n FROM essai_copie`.execute(h.db);
    assert.equal(apres.rows[0]!.n, avant.rows[0]!.n);
    // Several copies in a row, larger than one CopyData message (1 Mio), on the same pool.
    const lignes = 60_000;
    const gros = Array.from({ length: lignes }, (_, i) => `ligne ${i} ${'x'.repeat(20)}\t\\N\t${i}\tt\n`).join('');
    assert.ok(Buffer.byteLength(gros) > 1 << 20);
    assert.equal(await copierLignes(h.db, 'essai_copie', ['t', 'd', 'n', 'b'], Buffer.from(gros)), lignes);
    const total = await sql<{ n: string }>`SELECT count(*) AS n FROM essai_copie`.execute(h.db);
    assert.equal(Number(total.rows[0]!.n), Number(avant.rows[0]!.n) + lignes);
  });

  it('un fichier copié dans une transaction : découpé en lignes entières au-delà de 8 Mio, annulé avec elle', async () => {
    const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-test-copie-'));
    try {
      const chemin = path.join(dossier, 'lignes.copy');
      const lignes = 200_000;
      // Lines of varying length, so that an 8 Mio slice does not end on a line end by chance.
      fs.writeFileSync(chemin, Array.from({ length: lignes }, (_, i) => `fichier ${i} ${'é'.repeat(i % 37)}\t2020-01-01\t${i}\tf\n`).join(''));
      assert.ok(fs.statSync(chemin).size > 8 << 20);
      const compter = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM essai_copie WHERE t LIKE 'fichier %'`.execute(h.db)).rows[0]!.n);
      await assert.rejects(
        h.db.transaction().execute(async (trx) => {
          assert.equal(await copierFichier(h.db, trx, 'essai_copie', ['t', 'd', 'n', 'b'], chemin), lignes);
          throw new Error('annulée');
        }),
        /annulée/,
      );
      assert.equal(await compter(), 0);
      const n = await h.db.transaction().execute((trx) => copierFichier(h.db, trx, 'essai_copie', ['t', 'd', 'n', 'b'], chemin));
      assert.equal(n, lignes);
      assert.equal(await compter(), lignes);
      const r = await sql<{ t: string }>`SELECT t FROM essai_copie WHERE n = 199999 AND t LIKE 'fichier %'`.execute(h.db);
      assert.deepEqual(r.rows, [{ t: `fichier 199999 ${'é'.repeat(199999 % 37)}` }]);
    } finally {
      fs.rmSync(dossier, { recursive: true, force: true });
    }
  });

  it('un nom de table ou de colonne hors de [a-z_] est refusé avant tout envoi', async () => {
    await assert.rejects(copierLignes(h.db, 'essai_copie; DROP TABLE compte', ['t'], Buffer.from('')), /refusé/);
  });
});
