import { sql, type Kysely } from 'kysely';

/**
 * The per-address limits (the login's: 30 posts a minute) counted in the database, so that every process of a
 * deployment counts the same window: one row per limited key (an address), the start of its window and its count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE limite_adresse (
    cle text PRIMARY KEY CHECK (length(cle) <= 200),
    debut timestamptz NOT NULL,
    compte integer NOT NULL CHECK (compte > 0)
  )`.execute(db);
  await sql`CREATE INDEX limite_adresse_debut ON limite_adresse (debut)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE limite_adresse`.execute(db);
}
