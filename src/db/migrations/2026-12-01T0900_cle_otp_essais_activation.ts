import { sql, type Kysely } from 'kysely';

/**
 * Wrong activation codes of a security key are counted on the key, under the lockout rules of the login
 * (POLITIQUE_VERROUILLAGE): the holder proves possession of the key with a 6-digit code, which could otherwise be
 * guessed by trying them all. Counted on the key and not on the account: a successful login resets the account's
 * count, and whoever tries activation codes is already logged in. Re-issuing the key (a new row) starts over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cle_otp ADD COLUMN echecs_activation integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE cle_otp ADD COLUMN activation_suspendue_jusqu_au timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cle_otp DROP COLUMN activation_suspendue_jusqu_au`.execute(db);
  await sql`ALTER TABLE cle_otp DROP COLUMN echecs_activation`.execute(db);
}
