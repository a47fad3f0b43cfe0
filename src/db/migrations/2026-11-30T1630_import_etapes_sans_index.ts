import { sql, type Kysely } from 'kysely';

const ETAPES = ['etape_etablissement', 'etape_label', 'etape_agent', 'etape_carriere', 'etape_position', 'etape_service', 'etape_appreciation', 'etape_avis'];

/**
 * The staging tables of the HR import lose their index on import_id: maintained row by row, it cost about half of
 * the staging time of a national folder (3.6 M rows), while every statement that reads these tables (merge, clearing)
 * goes through all the rows of one import, which a sequential scan does as well.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of ETAPES) await sql`DROP INDEX IF EXISTS ${sql.id(`${t}_import_idx`)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ETAPES) await sql`CREATE INDEX IF NOT EXISTS ${sql.id(`${t}_import_idx`)} ON ${sql.table(t)} (import_id)`.execute(db);
}
