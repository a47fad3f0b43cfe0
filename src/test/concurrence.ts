import pg from 'pg';
import type { DatabaseHandle } from '../db/connection.ts';

/** A row lock the calls under test need, taken first by another connection: `sql` locks it (… FOR UPDATE). */
export type Barriere = { sql: string; parametres: unknown[] };

const ATTENTE_MAX_MS = 20_000;

/**
 * Makes `n` calls at once. On PostgreSQL they are made really simultaneous: a transaction of a connection outside the
 * pool takes `barriere` first, the calls are started, and the lock is let go only once every connection of the pool
 * is waiting for it in a call's transaction; the calls then race for the rows. `enAttente` is the number of
 * connections seen waiting (the test asserts it). On PGlite, one connection, the calls run one after another in the
 * order they were made, and `enAttente` is null.
 */
export async function simultanement<T>(database: DatabaseHandle, barriere: Barriere, n: number, appel: (i: number) => Promise<T>): Promise<{ resultats: PromiseSettledResult<T>[]; enAttente: number | null }> {
  if (database.kind !== 'postgres') return { resultats: await Promise.allSettled(Array.from({ length: n }, (_, i) => appel(i))), enAttente: null };
  const attendus = Math.min(n, database.pool.options.max ?? 10);
  const verrou = new pg.Client({ connectionString: database.pool.options.connectionString });
  await verrou.connect();
  let appels: Promise<PromiseSettledResult<T>[]> | undefined;
  try {
    await verrou.query('BEGIN');
    const lignes = await verrou.query(barriere.sql, barriere.parametres);
    if (lignes.rowCount !== 1) throw new Error(`La barrière verrouille ${lignes.rowCount} ligne(s) au lieu d’une : ${barriere.sql}`);
    appels = Promise.allSettled(Array.from({ length: n }, (_, i) => appel(i)));
    const enAttente = await attendreLesAttentes(verrou, attendus);
    await verrou.query('COMMIT');
    return { resultats: await appels, enAttente };
  } finally {
    // On failure, the calls must still be let through before the client goes, or they would wait forever.
    await verrou.query('ROLLBACK').catch(() => undefined);
    await verrou.end();
    await appels;
  }
}

/** Polls until `attendus` backends of this database wait on a lock (or the time is up: the count seen is returned). */
async function attendreLesAttentes(verrou: pg.Client, attendus: number): Promise<number> {
  const fin = Date.now() + ATTENTE_MAX_MS;
  for (;;) {
    // Inside a transaction, pg_stat_activity is read once and kept: the snapshot is dropped before each reading.
    await verrou.query('SELECT pg_stat_clear_snapshot()');
    const r = await verrou.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
    );
    const n = Number(r.rows[0]!.n);
    if (n >= attendus || Date.now() > fin) return n;
    await new Promise((ok) => setTimeout(ok, 20));
  }
}
