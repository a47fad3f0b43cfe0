import { sql, type Kysely } from 'kysely';

/** The columns holding files: PDF (compressed streams), JPEG and PNG, all already compressed. */
const COLONNES = [
  ['piece_justificative', 'contenu'],
  ['candidature_piece', 'contenu'],
  ['contestation_piece', 'contenu'],
  ['candidature_document', 'pdf'],
] as const;

/**
 * Files are stored out of line without compression (STORAGE EXTERNAL instead of the default EXTENDED): PostgreSQL
 * tried to compress each one, failed (a PDF of 16 Kio came out at the same size) and stored it as it was. The failed
 * attempt was half the cost of inserting a document (0.2 → 0.1 ms, 5,000 fiches and accusés on this machine). Only
 * rows written afterwards are concerned; stored bytes and what is read back are the same.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, colonne] of COLONNES) await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN ${sql.id(colonne)} SET STORAGE EXTERNAL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, colonne] of COLONNES) await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN ${sql.id(colonne)} SET STORAGE EXTENDED`.execute(db);
}
