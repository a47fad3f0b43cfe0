import { sql, type Kysely } from 'kysely';

/**
 * The career dossier: the agent's CV, error reports with their pièces justificatives, the history of corrections,
 * the I-Prof mailbox and the record of staff reads. Rows name the agent by `agent_id` without a foreign key: an HR
 * re-import may replace the agent's rows, and what the agent wrote or was told must survive it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cv_element (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agent_id text NOT NULL,
      rubrique text NOT NULL CHECK (rubrique IN ('ACTIVITE', 'QUALIFICATION', 'FORMATION')),
      categorie text,
      intitule text NOT NULL,
      organisme text,
      niveau text,
      date_debut date,
      date_fin date,
      duree_heures integer CHECK (duree_heures IS NULL OR duree_heures > 0),
      description text,
      cree_le timestamptz NOT NULL,
      modifie_le timestamptz NOT NULL,
      CHECK (date_fin IS NULL OR date_debut IS NULL OR date_fin >= date_debut)
    )`.execute(db);
  await sql`CREATE INDEX cv_element_agent_idx ON cv_element (agent_id, rubrique)`.execute(db);

  await sql`
    CREATE TABLE signalement (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agent_id text NOT NULL,
      auteur_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      cible_type text NOT NULL CHECK (cible_type IN ('IDENTITE', 'CARRIERE', 'POSITION', 'SERVICE')),
      cible_id text NOT NULL,
      cible_libelle text NOT NULL,
      valeur_signalee jsonb NOT NULL,
      message text NOT NULL,
      statut text NOT NULL DEFAULT 'EN_ATTENTE' CHECK (statut IN ('EN_ATTENTE', 'ACCEPTE', 'REJETE')),
      cree_le timestamptz NOT NULL,
      traite_le timestamptz,
      traite_par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      motif_rejet text
    )`.execute(db);
  await sql`CREATE INDEX signalement_statut_idx ON signalement (statut, cree_le)`.execute(db);
  await sql`CREATE INDEX signalement_agent_idx ON signalement (agent_id, cree_le)`.execute(db);

  await sql`
    CREATE TABLE piece_justificative (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      signalement_id bigint NOT NULL REFERENCES signalement(id) ON DELETE CASCADE,
      nom_fichier text NOT NULL,
      type_contenu text NOT NULL CHECK (type_contenu IN ('application/pdf', 'image/jpeg', 'image/png')),
      taille integer NOT NULL CHECK (taille > 0 AND taille <= 10485760),
      sha256 text NOT NULL,
      contenu bytea NOT NULL,
      cree_le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX piece_signalement_idx ON piece_justificative (signalement_id)`.execute(db);

  await sql`
    CREATE TABLE correction_dossier (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agent_id text NOT NULL,
      signalement_id bigint REFERENCES signalement(id) ON DELETE SET NULL,
      cible_type text NOT NULL,
      cible_id text NOT NULL,
      avant jsonb NOT NULL,
      apres jsonb NOT NULL,
      par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      par_nom text NOT NULL,
      le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX correction_agent_idx ON correction_dossier (agent_id, le)`.execute(db);

  // The I-Prof mailbox, generic: error reports today, campaign messages and acknowledgements (with a document) later.
  await sql`
    CREATE TABLE message (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      compte_id bigint REFERENCES compte(id) ON DELETE CASCADE,
      agent_id text,
      categorie text NOT NULL,
      sujet text NOT NULL,
      corps text NOT NULL,
      cree_le timestamptz NOT NULL,
      lu_le timestamptz,
      document_type text,
      document_id text,
      CHECK (compte_id IS NOT NULL OR agent_id IS NOT NULL),
      CHECK ((document_type IS NULL) = (document_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX message_compte_idx ON message (compte_id, cree_le)`.execute(db);
  await sql`CREATE INDEX message_agent_idx ON message (agent_id, cree_le)`.execute(db);

  await sql`
    CREATE TABLE consultation_dossier (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agent_id text NOT NULL,
      compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      nom_affiche text NOT NULL,
      role text NOT NULL,
      page text NOT NULL,
      le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX consultation_agent_idx ON consultation_dossier (agent_id, le)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['consultation_dossier', 'message', 'correction_dossier', 'piece_justificative', 'signalement', 'cv_element']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
