import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';

/**
 * A migrated database of its own for one test file: in-memory PGlite by default, or a fresh database on the
 * PostgreSQL server named by VIVIER_TEST_PG (an admin URL), dropped at close.
 *
 * Both force generic plans (`plan_cache_mode = force_generic_plan`): queries run as prepared statements (ADR 6),
 * and PostgreSQL switches a statement to its generic plan after a few executions. A statement that is only
 * correct with its parameters' values known at planning (`ON CONFLICT … WHERE type = $1` on a partial unique
 * index: "no unique or exclusion constraint matching") then fails in every test, not after its sixth run in
 * production.
 */
const PLANS_GENERIQUES = 'force_generic_plan';
export async function databaseDeTest(): Promise<DatabaseHandle> {
  const adminUrl = process.env.VIVIER_TEST_PG;
  if (!adminUrl) {
    const h = await openDatabase({ dataDir: 'memory://' });
    await h.pool.query(`SET plan_cache_mode = ${PLANS_GENERIQUES}`); // one connection, one PGlite session: set once
    await migrateToLatest(h.db);
    return h;
  }
  const nom = `vivier_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${nom}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${nom}`;
  url.searchParams.set('options', `-c plan_cache_mode=${PLANS_GENERIQUES}`);
  const h = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', poolSize: 20 });
  await migrateToLatest(h.db);
  return {
    ...h,
    async close() {
      // pg-pool's end() resolves before its clients have closed their sockets: wait for them, or DROP … (FORCE)
      // terminates a closing connection and its client throws "terminating connection due to administrator command".
      const ouverts = h.pool.totalCount;
      const fermes = new Promise<void>((ok) => {
        let n = 0;
        if (ouverts === 0) ok();
        h.pool.on('remove', () => {
          if (++n >= ouverts) ok();
        });
        setTimeout(ok, 5000).unref();
      });
      await h.close();
      await fermes;
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${nom} WITH (FORCE)`);
      await a.end();
    },
  };
}
