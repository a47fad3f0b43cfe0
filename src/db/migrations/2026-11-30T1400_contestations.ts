import { sql, type Kysely } from 'kysely';

/** Regime B: a promouvable contests the administration's finding, with pièces justificatives; HR decides. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contestation (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      agent_id text NOT NULL,
      message text NOT NULL,
      statut text NOT NULL CHECK (statut IN ('EN_ATTENTE', 'ACCEPTEE', 'REJETEE')),
      cree_le timestamptz NOT NULL,
      decidee_le timestamptz,
      decidee_par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      decision text,
      UNIQUE (campagne_id, agent_id)
    )`.execute(db);
  await sql`
    CREATE TABLE contestation_piece (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      contestation_id bigint NOT NULL REFERENCES contestation(id) ON DELETE CASCADE,
      nom_fichier text NOT NULL,
      type_contenu text NOT NULL CHECK (type_contenu IN ('application/pdf', 'image/jpeg', 'image/png')),
      taille integer NOT NULL CHECK (taille > 0 AND taille <= 10485760),
      sha256 text NOT NULL,
      contenu bytea NOT NULL,
      cree_le timestamptz NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS contestation_piece`.execute(db);
  await sql`DROP TABLE IF EXISTS contestation`.execute(db);
}
