import { sql, type Kysely } from 'kysely';

/** Every bytea column is stored out of line without compression (src/db/stockage.int.test.ts): the passkeys' public keys too. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cle_acces ALTER COLUMN cle_publique SET STORAGE EXTERNAL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cle_acces ALTER COLUMN cle_publique SET STORAGE EXTENDED`.execute(db);
}
