import type pg from 'pg';
import { codeBaseInjoignable } from './indisponible.ts';

/**
 * The `executeSql` that pg-boss is given (it runs all its SQL through it). Not `pool.query`: on an SQL error,
 * pg-pool's `query` releases the client *with* the error, which destroys it — and on PGlite, whose one
 * connection is the whole database session, the next client then fails with "Connection terminated
 * unexpectedly" (seen: a duplicate key in pg-boss's own SQL was enough). A client is destroyed here only when
 * the error says the connection itself is gone; a refused statement leaves it in the pool.
 *
 * pg-boss sends some of its SQL as one string `BEGIN; …; COMMIT` (its schema creation, its queues): when a statement in
 * the middle fails — two processes creating the schema at once, which pg-boss expects and ignores — the connection is
 * left inside an aborted transaction, and every later query of whoever takes it from the pool failed with "current
 * transaction is aborted" (seen with VIVIER_PROCESSUS=3 on a new database). After an SQL error the connection is rolled
 * back before it goes back to the pool.
 */
export function executeurSql(pool: pg.Pool): (texte: string, valeurs?: unknown[]) => Promise<pg.QueryResult> {
  return async (texte, valeurs) => {
    const client = await pool.connect();
    let perdue: Error | undefined;
    try {
      return await client.query(texte, valeurs);
    } catch (err) {
      if (codeBaseInjoignable(err) !== null) perdue = err as Error;
      else {
        // Always, not only when getTransactionStatus() says so: node-postgres rejects on the ErrorResponse, before the
        // ReadyForQuery that carries the new status (still 'I' here on PostgreSQL). Outside a transaction, ROLLBACK is
        // a mere warning; it is queued behind the ReadyForQuery, so the connection goes back to the pool idle.
        try {
          await client.query('ROLLBACK');
        } catch (e) {
          perdue = e as Error;
        }
      }
      throw err;
    } finally {
      client.release(perdue);
    }
  };
}
