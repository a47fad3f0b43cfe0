import { Migrator, sql, type MigrationResultSet } from 'kysely';
import type { Database } from './connection.ts';
import { migrations } from './migrations/index.ts';

const TABLE = 'vivier_migration';

/**
 * Applies the migrations not yet applied, and returns their names. A database already up to date (every start of
 * a CLI command, of a server) is recognised by one statement without a lock; anything else (a migration to apply,
 * a table missing, a migration the code does not know) goes through Kysely's Migrator as before, which takes its
 * lock and says what is wrong.
 */
export async function migrateToLatest(db: Database): Promise<string[]> {
  if (await aJour(db)) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: TABLE,
    migrationLockTableName: 'vivier_migration_verrou',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} en échec : ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The applied migrations are exactly those of the code. The table is absent from a new database: not up to date. */
async function aJour(db: Database): Promise<boolean> {
  const attendues = Object.keys(migrations).sort();
  try {
    const r = await sql<{ noms: string[] | null }>`SELECT array_agg(name ORDER BY name COLLATE "C") AS noms FROM ${sql.table(TABLE)}`.execute(db);
    const noms = r.rows[0]?.noms ?? [];
    return noms.length === attendues.length && noms.every((n, i) => n === attendues[i]);
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return false; // undefined_table
    throw err;
  }
}
