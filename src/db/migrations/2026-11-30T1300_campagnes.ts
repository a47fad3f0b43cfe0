import { sql, type Kysely } from 'kysely';

/** Campaigns of the classe exceptionnelle and the agents' candidatures, with every transition kept. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE campagne (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      corps text NOT NULL,
      annee integer NOT NULL,
      regime text NOT NULL CHECK (regime IN ('A', 'B', 'C')),
      ouverture timestamptz NOT NULL,
      fermeture timestamptz NOT NULL,
      promotions integer NOT NULL CHECK (promotions >= 0),
      parametres jsonb NOT NULL DEFAULT '{}'::jsonb,
      statut text NOT NULL CHECK (statut IN ('PREPARATION', 'OUVERTE', 'CLOSE', 'PUBLIEE')),
      cree_par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      cree_le timestamptz NOT NULL,
      CHECK (fermeture > ouverture),
      UNIQUE (corps, annee)
    )`.execute(db);

  await sql`
    CREATE TABLE campagne_historique (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      de text,
      vers text NOT NULL,
      evenement text NOT NULL,
      le timestamptz NOT NULL,
      par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL
    )`.execute(db);

  await sql`
    CREATE TABLE candidature (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      agent_id text NOT NULL,
      statut text NOT NULL CHECK (statut IN ('BROUILLON', 'ENREGISTREE', 'ANNULEE', 'DEPOSEE', 'RECEVABLE', 'IRRECEVABLE', 'PROMU', 'NON_PROMU')),
      cree_le timestamptz NOT NULL,
      modifie_le timestamptz NOT NULL,
      validee_le timestamptz,
      reference text UNIQUE,
      UNIQUE (campagne_id, agent_id)
    )`.execute(db);
  await sql`CREATE INDEX candidature_statut_idx ON candidature (campagne_id, statut)`.execute(db);

  await sql`
    CREATE TABLE candidature_historique (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      candidature_id bigint NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
      de text,
      vers text NOT NULL,
      evenement text NOT NULL,
      le timestamptz NOT NULL,
      par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`.execute(db);
  await sql`CREATE INDEX candidature_historique_idx ON candidature_historique (candidature_id, id)`.execute(db);

  // Functions and missions the agent declares, period by period (prefilled from the dossier, completed by the agent).
  await sql`
    CREATE TABLE candidature_periode (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      candidature_id bigint NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
      du date NOT NULL,
      au date NOT NULL,
      nature text NOT NULL CHECK (nature IN ('FONCTION', 'EDUCATION_PRIORITAIRE')),
      fonction text,
      etablissement text NOT NULL,
      source text NOT NULL CHECK (source IN ('DOSSIER', 'AGENT')),
      commentaire text,
      CHECK (au >= du),
      CHECK ((nature = 'FONCTION') = (fonction IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX candidature_periode_idx ON candidature_periode (candidature_id, du)`.execute(db);

  await sql`
    CREATE TABLE candidature_piece (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      periode_id bigint NOT NULL REFERENCES candidature_periode(id) ON DELETE CASCADE,
      nom_fichier text NOT NULL,
      type_contenu text NOT NULL CHECK (type_contenu IN ('application/pdf', 'image/jpeg', 'image/png')),
      taille integer NOT NULL CHECK (taille > 0 AND taille <= 10485760),
      sha256 text NOT NULL,
      contenu bytea NOT NULL,
      cree_le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX candidature_piece_idx ON candidature_piece (periode_id)`.execute(db);

  // Documents as issued (the fiche at each validation, the accusé de réception at closing): downloaded again identical.
  await sql`
    CREATE TABLE candidature_document (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      candidature_id bigint NOT NULL REFERENCES candidature(id) ON DELETE CASCADE,
      type text NOT NULL CHECK (type IN ('FICHE', 'ACCUSE_RECEPTION')),
      emis_le timestamptz NOT NULL,
      sha256 text NOT NULL,
      pdf bytea NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX candidature_accuse_unique ON candidature_document (candidature_id) WHERE type = 'ACCUSE_RECEPTION'`.execute(db);
  await sql`CREATE INDEX candidature_document_idx ON candidature_document (candidature_id, type, emis_le)`.execute(db);

  // Outbox of e-mails: written in the transaction of the change that causes them, sent afterwards (or read by
  // administrators when no SMTP server is configured). `cle` makes a resend of the same notice a no-op.
  await sql`
    CREATE TABLE courriel (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      cle text NOT NULL UNIQUE,
      destinataire text NOT NULL,
      sujet text NOT NULL,
      corps text NOT NULL,
      document_type text,
      document_id text,
      cree_le timestamptz NOT NULL,
      envoye_le timestamptz,
      tentatives integer NOT NULL DEFAULT 0,
      derniere_erreur text
    )`.execute(db);
  await sql`CREATE INDEX courriel_a_envoyer_idx ON courriel (id) WHERE envoye_le IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['courriel', 'candidature_document', 'candidature_piece', 'candidature_periode', 'candidature_historique', 'candidature', 'campagne_historique', 'campagne']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
