import { sql, type Kysely } from 'kysely';

/**
 * The sign-in log (`tentative_connexion`) also records logouts and the posts refused by the per-address limit.
 * Neither has a method: a logout checks no secret, and a refused post may name none. The method becomes optional.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tentative_connexion ALTER COLUMN methode DROP NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM tentative_connexion WHERE methode IS NULL`.execute(db);
  await sql`ALTER TABLE tentative_connexion ALTER COLUMN methode SET NOT NULL`.execute(db);
}
