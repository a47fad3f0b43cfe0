import { sql, type Kysely } from 'kysely';

/**
 * The folder where an import writes its files (import.service.ts), recorded as soon as it is created: a server
 * restarted after a stop removes exactly the folders of its own interrupted imports. Found by the names before, an
 * import numbered 1 of another database on the same machine (another instance, a test) could lose its files.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_rh ADD COLUMN dossier_temporaire text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_rh DROP COLUMN dossier_temporaire`.execute(db);
}
