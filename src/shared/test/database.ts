import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';

/**
 * A migrated database of its own for one test file: in-memory PGlite by default, or a fresh database on the
 * PostgreSQL server named by VIVIER_TEST_PG (an admin URL), dropped at close.
 */
export async function databaseDeTest(): Promise<DatabaseHandle> {
  const adminUrl = process.env.VIVIER_TEST_PG;
  if (!adminUrl) {
    const h = await openDatabase({ dataDir: 'memory://' });
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
