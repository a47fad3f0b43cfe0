import { sql, type Kysely } from 'kysely';

/**
 * Sending the outbox: when a row may be tried (again). Set when a sender claims the row (a lease: a sender
 * that dies mid-batch leaves it to the next one after it) and after a failure (the retry backoff); null: now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE courriel ADD COLUMN prochain_essai_le timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE courriel DROP COLUMN IF EXISTS prochain_essai_le`.execute(db);
}
