import { sql, type Kysely } from 'kysely';

/**
 * The accusés de réception of a closing are shared between the processes that issue them (documents.service.ts): a
 * process claims a batch of candidatures for a short lease (renewed while it renders), the others skip them. Null:
 * never claimed, or the lease is over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE candidature ADD COLUMN accuse_bail_jusqua timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE candidature DROP COLUMN accuse_bail_jusqua`.execute(db);
}
