import { sql, type Kysely } from 'kysely';

/**
 * The second half of a campaign (issue 12, docs/adr/0010-evaluation.md): examination (recevabilité, appreciations,
 * avis), the table as arrêté (a frozen snapshot), its publication and the recours; évaluateur scopes become data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The inline CHECK of 2026-11-30T1300 is named by PostgreSQL after its table and column (same on PGlite).
  await sql`ALTER TABLE campagne DROP CONSTRAINT campagne_statut_check`.execute(db);
  await sql`ALTER TABLE campagne ADD CONSTRAINT campagne_statut_check
    CHECK (statut IN ('PREPARATION', 'OUVERTE', 'CLOSE', 'EN_EXAMEN', 'ARRETEE', 'PUBLIEE'))`.execute(db);
  await sql`ALTER TABLE campagne
    ADD COLUMN avis_visibles_le timestamptz,
    ADD COLUMN publication_le timestamptz,
    ADD COLUMN publiee_le timestamptz`.execute(db);

  // Recevabilité, period by period. A decision is whole: its author's instant is set with it, and a rejection has a motif.
  await sql`ALTER TABLE candidature_periode
    ADD COLUMN decision text CHECK (decision IN ('ACCEPTEE', 'REJETEE')),
    ADD COLUMN motif text,
    ADD COLUMN motif_texte text,
    ADD COLUMN decidee_par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
    ADD COLUMN decidee_le timestamptz,
    ADD CONSTRAINT candidature_periode_decision_datee CHECK ((decision IS NULL) = (decidee_le IS NULL)),
    ADD CONSTRAINT candidature_periode_rejet_motive CHECK (decision IS DISTINCT FROM 'REJETEE' OR motif IS NOT NULL),
    ADD CONSTRAINT candidature_periode_motif_de_rejet CHECK (decision = 'REJETEE' OR motif IS NULL)`.execute(db);

  // Évaluateur scopes as data: which évaluateur an account is (the perimetre jsonb gains `disciplines`, no DDL).
  await sql`ALTER TABLE compte ADD COLUMN qualite_evaluateur text CHECK (qualite_evaluateur IN ('CHEF_ETABLISSEMENT', 'INSPECTEUR'))`.execute(db);

  await sql`
    CREATE TABLE appreciation_evaluateur (
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      agent_id text NOT NULL,
      texte text NOT NULL,
      par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      le timestamptz NOT NULL,
      PRIMARY KEY (campagne_id, agent_id)
    )`.execute(db);

  // One final appreciation per list: an agent in both viviers is appreciated once in each (DOMAIN.md §10).
  await sql`
    CREATE TABLE appreciation_autorite (
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      agent_id text NOT NULL,
      vivier smallint NOT NULL CHECK (vivier IN (1, 2)),
      appreciation text NOT NULL CHECK (appreciation IN ('EXCELLENT', 'TRES_SATISFAISANT', 'SATISFAISANT', 'INSATISFAISANT')),
      par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      le timestamptz NOT NULL,
      PRIMARY KEY (campagne_id, agent_id, vivier)
    )`.execute(db);
  await sql`CREATE INDEX appreciation_autorite_quota_idx ON appreciation_autorite (campagne_id, vivier, appreciation)`.execute(db);

  // Regime C: numero 1 = chef d'établissement (second degree) or IEN (PE), numero 2 = inspector of the discipline.
  await sql`
    CREATE TABLE avis_campagne (
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      agent_id text NOT NULL,
      numero smallint NOT NULL CHECK (numero IN (1, 2)),
      avis text NOT NULL CHECK (avis IN ('TRES_FAVORABLE', 'FAVORABLE', 'DEFAVORABLE')),
      texte text,
      par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      le timestamptz NOT NULL,
      PRIMARY KEY (campagne_id, agent_id, numero)
    )`.execute(db);

  // One row per real change of a decision, an appreciation or an avis: who, when, from where, before and after.
  await sql`
    CREATE TABLE evaluation_historique (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      agent_id text NOT NULL,
      objet text NOT NULL,
      cle text NOT NULL,
      avant jsonb,
      apres jsonb,
      source text NOT NULL CHECK (source IN ('PAGE', 'CSV', 'MOTEUR')),
      par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX evaluation_historique_agent_idx ON evaluation_historique (campagne_id, agent_id, id)`.execute(db);

  // The table as arrêté: parameters and a hash of every input, then its lines, frozen (later edits never touch them).
  await sql`
    CREATE TABLE tableau (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      statut text NOT NULL CHECK (statut IN ('ARRETE', 'ROUVERT', 'PUBLIE')),
      version_regles text NOT NULL,
      parametres jsonb NOT NULL,
      empreinte_entrees text NOT NULL CHECK (empreinte_entrees ~ '^[0-9a-f]{64}$'),
      nb_lignes integer NOT NULL CHECK (nb_lignes >= 0),
      arrete_par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      arrete_le timestamptz NOT NULL,
      rouvert_par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      rouvert_le timestamptz,
      motif_reouverture text,
      CHECK ((statut = 'ROUVERT') = (rouvert_le IS NOT NULL)),
      CHECK (statut <> 'ROUVERT' OR motif_reouverture IS NOT NULL)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX tableau_courant_unique ON tableau (campagne_id) WHERE statut <> 'ROUVERT'`.execute(db);

  await sql`
    CREATE TABLE tableau_ligne (
      tableau_id bigint NOT NULL REFERENCES tableau(id) ON DELETE CASCADE,
      liste smallint NOT NULL CHECK (liste IN (0, 1, 2)),
      rang integer NOT NULL CHECK (rang > 0),
      agent_id text NOT NULL,
      nom text NOT NULL,
      prenom text NOT NULL,
      vivier smallint CHECK (vivier IN (1, 2)),
      bareme integer,
      palier smallint,
      appreciation text,
      promu boolean NOT NULL,
      PRIMARY KEY (tableau_id, liste, rang)
    )`.execute(db);
  await sql`CREATE INDEX tableau_ligne_agent_idx ON tableau_ligne (tableau_id, agent_id)`.execute(db);

  await sql`
    CREATE TABLE recours (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      campagne_id bigint NOT NULL REFERENCES campagne(id) ON DELETE CASCADE,
      agent_id text NOT NULL,
      texte text NOT NULL,
      statut text NOT NULL CHECK (statut IN ('DEPOSE', 'ACCEPTE', 'REJETE')),
      reponse text,
      repondu_par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      repondu_le timestamptz,
      cree_le timestamptz NOT NULL,
      CHECK ((statut = 'DEPOSE') = (repondu_le IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX recours_campagne_idx ON recours (campagne_id, statut, id)`.execute(db);
  await sql`CREATE INDEX recours_agent_idx ON recours (agent_id, campagne_id)`.execute(db);

  await sql`
    CREATE TABLE recours_piece (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      recours_id bigint NOT NULL REFERENCES recours(id) ON DELETE CASCADE,
      nom_fichier text NOT NULL,
      type_contenu text NOT NULL CHECK (type_contenu IN ('application/pdf', 'image/jpeg', 'image/png')),
      taille integer NOT NULL CHECK (taille > 0 AND taille <= 10485760),
      sha256 text NOT NULL,
      contenu bytea NOT NULL,
      cree_le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX recours_piece_idx ON recours_piece (recours_id)`.execute(db);
  // Files are already compressed: stored out of line as they are (see 2026-11-30T1700_fichiers_sans_compression).
  await sql`ALTER TABLE recours_piece ALTER COLUMN contenu SET STORAGE EXTERNAL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['recours_piece', 'recours', 'tableau_ligne', 'tableau', 'evaluation_historique', 'avis_campagne', 'appreciation_autorite', 'appreciation_evaluateur']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
  await sql`ALTER TABLE compte DROP COLUMN qualite_evaluateur`.execute(db);
  await sql`ALTER TABLE candidature_periode
    DROP CONSTRAINT candidature_periode_motif_de_rejet,
    DROP CONSTRAINT candidature_periode_rejet_motive,
    DROP CONSTRAINT candidature_periode_decision_datee,
    DROP COLUMN decidee_le,
    DROP COLUMN decidee_par_compte_id,
    DROP COLUMN motif_texte,
    DROP COLUMN motif,
    DROP COLUMN decision`.execute(db);
  await sql`ALTER TABLE campagne DROP COLUMN publiee_le, DROP COLUMN publication_le, DROP COLUMN avis_visibles_le`.execute(db);
  // Campaigns in the new states cannot go back to the old list: the down migration refuses rather than guess.
  await sql`ALTER TABLE campagne DROP CONSTRAINT campagne_statut_check`.execute(db);
  await sql`ALTER TABLE campagne ADD CONSTRAINT campagne_statut_check CHECK (statut IN ('PREPARATION', 'OUVERTE', 'CLOSE', 'PUBLIEE'))`.execute(db);
}
