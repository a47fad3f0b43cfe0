import { sql, type Kysely } from 'kysely';

/**
 * An import that did not succeed was ECHEC whatever the reason: refused (the errors of its files listed), stopped
 * with the server, or stopped by an unexpected failure — and the page said « interrompu (arrêt du serveur ou erreur
 * technique) » for the last two. Each now has its status: ECHEC (refused), INTERROMPU, ERREUR_TECHNIQUE. Older rows
 * keep ECHEC: which of the two stopped them was not recorded (the page says so).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_rh DROP CONSTRAINT import_rh_statut_check`.execute(db);
  await sql`ALTER TABLE import_rh ADD CONSTRAINT import_rh_statut_check CHECK (statut IN ('EN_COURS', 'REUSSI', 'ECHEC', 'INTERROMPU', 'ERREUR_TECHNIQUE'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE import_rh SET statut = 'ECHEC' WHERE statut IN ('INTERROMPU', 'ERREUR_TECHNIQUE')`.execute(db);
  await sql`ALTER TABLE import_rh DROP CONSTRAINT import_rh_statut_check`.execute(db);
  await sql`ALTER TABLE import_rh ADD CONSTRAINT import_rh_statut_check CHECK (statut IN ('EN_COURS', 'REUSSI', 'ECHEC'))`.execute(db);
}
