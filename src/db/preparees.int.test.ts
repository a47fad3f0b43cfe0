import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { databaseDeTest } from '../test/database.ts';
import type { DatabaseHandle } from './connection.ts';
import { classeClientPrepare } from './preparees.ts';

/** The statements prepared on one connection of the pool (pg_prepared_statements is per session). */
async function preparees(client: pg.PoolClient): Promise<string[]> {
  const r = await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE NOT from_sql ORDER BY prepare_time');
  return r.rows.map((l) => l.statement);
}

describe('instructions préparées automatiques', () => {
  let h: DatabaseHandle;
  before(async () => {
    h = await databaseDeTest();
  });
  after(async () => h.close());

  it('une requête paramétrée est préparée une fois par connexion, et rend les mêmes lignes', async () => {
    const client = await h.pool.connect();
    try {
      const texte = "SELECT $1::int + 1 AS n, '2019-08-31'::date AS d, $2::text AS t";
      const avant = (await preparees(client)).filter((s) => s === texte).length;
      assert.equal(avant, 0);
      for (let i = 0; i < 3; i++) {
        const r = await client.query(texte, [i, `é${i}`]);
        assert.deepEqual(r.rows, [{ n: i + 1, d: '2019-08-31', t: `é${i}` }]); // DATE stays a string, as without preparation
      }
      assert.equal((await preparees(client)).filter((s) => s === texte).length, 1);
    } finally {
      client.release();
    }
  });

  it('les requêtes de Kysely passent par là, dans une transaction aussi', async () => {
    const n = await h.db.transaction().execute(async (trx) => {
      const a = await sql<{ n: number }>`SELECT ${41}::int + 1 AS n`.execute(trx);
      const b = await sql<{ n: number }>`SELECT ${1}::int + 1 AS n`.execute(trx);
      return [a.rows[0]!.n, b.rows[0]!.n];
    });
    assert.deepEqual(n, [42, 2]);
    const client = await h.pool.connect();
    try {
      // every connection of the pool may have served it; with one connection (PGlite) it is this one
      if (h.pool.options.max === 1) assert.ok((await preparees(client)).includes('SELECT $1::int + 1 AS n'));
    } finally {
      client.release();
    }
  });

  it('une erreur dans une instruction préparée laisse la connexion utilisable, et la transaction annulée n’efface pas la préparation', async () => {
    const client = await h.pool.connect();
    try {
      const texte = 'SELECT 1 / $1::int AS q';
      await client.query('BEGIN');
      assert.deepEqual((await client.query(texte, [1])).rows, [{ q: 1 }]);
      await assert.rejects(client.query(texte, [0]), /division by zero/);
      await client.query('ROLLBACK');
      assert.deepEqual((await client.query(texte, [2])).rows, [{ q: 0 }]);
      assert.equal((await preparees(client)).filter((s) => s === texte).length, 1);
    } finally {
      client.release();
    }
  });
});

describe('limites des instructions préparées', () => {
  it('ni les requêtes sans paramètre, ni les textes trop longs, ni les textes au-delà du nombre maximal', async () => {
    const adminUrl = process.env.VIVIER_TEST_PG;
    let fermer: () => Promise<void>;
    let client: pg.Client;
    const Classe = classeClientPrepare({ instructions: 2, longueur: 60 });
    if (adminUrl) {
      client = new Classe({ connectionString: adminUrl });
      await client.connect();
      fermer = () => client.end();
    } else {
      const { PGlite } = await import('@electric-sql/pglite');
      const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
      const pglite = await PGlite.create();
      client = new Classe({ connection: createPgConfig(pglite).connection } as pg.ClientConfig);
      await client.connect();
      fermer = async () => {
        await client.end();
        await pglite.close();
      };
    }
    try {
      const lire = async () => (await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE NOT from_sql')).rows.map((l) => l.statement).sort();
      await client.query('SELECT 1 AS sans_parametre');
      await client.query(`SELECT $1::text AS long, '${'x'.repeat(60)}' AS remplissage`, ['a']);
      await client.query('SELECT $1::int AS premier', [1]);
      await client.query('SELECT $1::int AS second', [2]);
      const r = await client.query('SELECT $1::int AS troisieme', [3]);
      assert.deepEqual(r.rows, [{ troisieme: 3 }], 'au-delà de la limite, la requête s’exécute sans nom');
      assert.deepEqual(await lire(), ['SELECT $1::int AS premier', 'SELECT $1::int AS second']);
    } finally {
      await fermer();
    }
  });
});
