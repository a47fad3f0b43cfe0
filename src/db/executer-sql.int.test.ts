import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseDeTest } from '../test/database.ts';
import type { DatabaseHandle } from './connection.ts';
import { executeurSql } from './executer-sql.ts';

describe('SQL de pg-boss (executeurSql)', () => {
  let h: DatabaseHandle;
  before(async () => {
    h = await databaseDeTest();
    await h.pool.query('CREATE TABLE essai_executeur (id int PRIMARY KEY)');
  });
  after(async () => h.close());

  it('une instruction refusée (clé en double) laisse la connexion servir la suivante, sur PGlite comme sur PostgreSQL', async () => {
    const executer = executeurSql(h.pool);
    await executer('INSERT INTO essai_executeur VALUES ($1)', [1]);
    await assert.rejects(executer('INSERT INTO essai_executeur VALUES ($1)', [1]), (err: Error & { code?: string }) => err.code === '23505');
    // On PGlite, pool.query would have destroyed the only client here, and this SELECT would fail with
    // "Connection terminated unexpectedly".
    const r = await executer('SELECT count(*)::int AS n FROM essai_executeur');
    assert.deepEqual(r.rows, [{ n: 1 }]);
    const parKysely = await h.db.selectFrom('compte').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(parKysely.n), 0);
  });

  it('un BEGIN; …; COMMIT en une chaîne qui échoue au milieu (pg-boss créé par deux processus à la fois) ne rend pas au pool une connexion dans une transaction avortée', async () => {
    const executer = executeurSql(h.pool);
    // Every connection of the pool goes through the failing string: a poisoned one would fail one of the SELECTs.
    const taille = h.kind === 'pglite' ? 1 : 4;
    await Promise.all(
      Array.from({ length: taille }, () =>
        assert.rejects(executer('BEGIN; INSERT INTO essai_executeur VALUES (2); SELECT 1/0; COMMIT;'), (err: Error & { code?: string }) => err.code === '22012'),
      ),
    );
    const lectures = await Promise.all(Array.from({ length: taille * 2 }, () => executer('SELECT count(*)::int AS n FROM essai_executeur WHERE id = 2')));
    assert.deepEqual(lectures.map((r) => r.rows[0]), Array.from({ length: taille * 2 }, () => ({ n: 0 })), 'la ligne 2 est annulée, chaque connexion répond');
    assert.deepEqual((await h.pool.query('SELECT count(*)::int AS n FROM essai_executeur')).rows, [{ n: 1 }], 'le pool de l’application aussi');
  });
});
