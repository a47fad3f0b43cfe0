/**
 * Several processes starting on a new PostgreSQL database each create the pg-boss queues of their sweeps (the
 * e-mails, the session purge) at the same instant: every one of them must start. pg-boss 10's create_queue deadlocked
 * there, and a process of two died at its start (`Démarrage impossible : deadlock detected`, seen in CI).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { databaseDeTest } from '../test/database.ts';
import type { DatabaseHandle } from './connection.ts';
import { demarrerFileDeTravail } from './file-pgboss.ts';

const PROCESSUS = 3;
const TOURS = 6;
const silencieux = { info() {}, warn() {}, error() {} };

describe('files pg-boss créées par plusieurs processus à la fois', { skip: process.env.VIVIER_TEST_PG ? false : 'PostgreSQL seulement : la base embarquée n’a qu’un processus' }, () => {
  let h: DatabaseHandle;
  before(async () => {
    h = await databaseDeTest();
  });
  after(async () => h.close());

  it(`${PROCESSUS} processus démarrent leurs deux files en même temps sur une base neuve, ${TOURS} fois : chacun démarre, chaque file existe une fois`, async () => {
    const url = h.pool.options.connectionString!;
    for (let tour = 1; tour <= TOURS; tour++) {
      // A pool per process, as each server process has its own.
      const pools = Array.from({ length: PROCESSUS }, () => new pg.Pool({ connectionString: url, max: 4 }));
      try {
        const demarrages = (
          await Promise.all(
            pools.map((pool) =>
              Promise.allSettled(
                (['vivier-essai-courriels', 'vivier-essai-sessions'] as const).map((file, i) =>
                  demarrerFileDeTravail({ database: { pool }, log: silencieux, file, options: {}, cron: i === 1 ? '*/10 * * * *' : null, intervalleMs: 60_000, libelle: file, libelleFile: file, balayer: async () => ({}) }),
                ),
              ),
            ),
          )
        ).flat();
        // Those started are stopped before anything is asserted: a pool cannot end under a running file.
        await Promise.all(demarrages.map((d) => (d.status === 'fulfilled' ? d.value.arreter() : null)));
        const echecs = demarrages.flatMap((d) => (d.status === 'rejected' ? [String((d.reason as Error).message)] : []));
        assert.deepEqual(echecs, [], `tour ${tour} : chaque processus démarre`);
        const files = await h.pool.query<{ name: string; partition: boolean }>(
          `SELECT q.name, EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname = q.partition_name) AS partition FROM pgboss.queue q WHERE q.name LIKE 'vivier-essai-%' ORDER BY q.name`,
        );
        assert.deepEqual(files.rows, [
          { name: 'vivier-essai-courriels', partition: true },
          { name: 'vivier-essai-sessions', partition: true },
        ]);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
      // A new database again for the next round: pg-boss's schema goes (it is made again at start).
      await h.pool.query('DROP SCHEMA pgboss CASCADE');
    }
  });
});
