import { sql, type Kysely } from 'kysely';

/** HR data of the académie as imported from the CSV folder (DOMAIN.md §8), and the import reports. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE import_rh (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      lance_par_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      source text NOT NULL,
      debut timestamptz NOT NULL,
      fin timestamptz,
      statut text NOT NULL CHECK (statut IN ('EN_COURS', 'REUSSI', 'ECHEC')),
      compteurs jsonb NOT NULL DEFAULT '{}'::jsonb,
      progression jsonb,
      erreurs jsonb NOT NULL DEFAULT '[]'::jsonb,
      nb_erreurs integer NOT NULL DEFAULT 0
    )`.execute(db);

  await sql`
    CREATE TABLE etablissement (
      uai text PRIMARY KEY,
      nom text NOT NULL,
      commune text NOT NULL,
      type text NOT NULL,
      departement text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE etablissement_label (
      uai text NOT NULL REFERENCES etablissement(uai) ON DELETE CASCADE,
      annee_scolaire integer NOT NULL,
      label text NOT NULL,
      PRIMARY KEY (uai, annee_scolaire, label)
    )`.execute(db);

  await sql`
    CREATE TABLE agent (
      agent_id text PRIMARY KEY,
      identifiant text NOT NULL,
      civilite text NOT NULL,
      nom text NOT NULL,
      prenom text NOT NULL,
      date_naissance date NOT NULL,
      email text NOT NULL,
      corps text NOT NULL,
      discipline text NOT NULL,
      date_entree_corps date NOT NULL,
      import_id bigint REFERENCES import_rh(id) ON DELETE SET NULL
    )`.execute(db);
  await sql`CREATE INDEX agent_corps_idx ON agent (corps, agent_id)`.execute(db);

  await sql`
    CREATE TABLE agent_carriere (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agent_id text NOT NULL REFERENCES agent(agent_id) ON DELETE CASCADE,
      date_effet date NOT NULL,
      grade text NOT NULL,
      echelon integer NOT NULL,
      UNIQUE (agent_id, date_effet)
    )`.execute(db);

  await sql`
    CREATE TABLE agent_position (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agent_id text NOT NULL REFERENCES agent(agent_id) ON DELETE CASCADE,
      date_debut date NOT NULL,
      date_fin date,
      position text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX agent_position_agent_idx ON agent_position (agent_id)`.execute(db);

  await sql`
    CREATE TABLE agent_service (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agent_id text NOT NULL REFERENCES agent(agent_id) ON DELETE CASCADE,
      date_debut date NOT NULL,
      date_fin date,
      uai text NOT NULL REFERENCES etablissement(uai),
      fonction text NOT NULL,
      part_service integer NOT NULL CHECK (part_service BETWEEN 1 AND 100),
      statut text NOT NULL,
      faisant_fonction boolean NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX agent_service_agent_idx ON agent_service (agent_id)`.execute(db);

  await sql`CREATE INDEX compte_agent_idx ON compte (agent_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS compte_agent_idx`.execute(db);
  for (const t of ['agent_service', 'agent_position', 'agent_carriere', 'agent', 'etablissement_label', 'etablissement', 'import_rh']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
