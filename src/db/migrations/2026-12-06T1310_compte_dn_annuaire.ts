import { sql, type Kysely } from 'kysely';

/**
 * The directory entry (LDAP DN) an account was linked to at its first directory sign-in: kept, so that a link made by
 * e-mail (the identifiants differed) can be traced back to the entry that made it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE compte ADD COLUMN dn_annuaire text CHECK (char_length(dn_annuaire) <= 1000)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE compte DROP COLUMN dn_annuaire`.execute(db);
}
