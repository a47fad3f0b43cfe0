import { sql, type Kysely } from 'kysely';

/**
 * Staging tables of the HR import (rows land here while the folder is read and checked; they reach the
 * real tables in one transaction only when the whole folder is valid), and the campaign inputs of the
 * folder (appreciations, avis) kept for the evaluation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const etapes: Array<[string, string]> = [
    ['etape_etablissement', 'uai text NOT NULL, nom text NOT NULL, commune text NOT NULL, type text NOT NULL'],
    ['etape_label', 'uai text NOT NULL, annee_scolaire integer NOT NULL, label text NOT NULL'],
    [
      'etape_agent',
      'agent_id text NOT NULL, identifiant text NOT NULL, civilite text NOT NULL, nom text NOT NULL, prenom text NOT NULL, date_naissance date NOT NULL, email text NOT NULL, corps text NOT NULL, discipline text NOT NULL, date_entree_corps date NOT NULL',
    ],
    ['etape_carriere', 'agent_id text NOT NULL, date_effet date NOT NULL, grade text NOT NULL, echelon integer NOT NULL'],
    ['etape_position', 'agent_id text NOT NULL, date_debut date NOT NULL, date_fin date, position text NOT NULL'],
    ['etape_service', 'agent_id text NOT NULL, date_debut date NOT NULL, date_fin date, uai text NOT NULL, fonction text NOT NULL, part_service integer NOT NULL, statut text NOT NULL, faisant_fonction boolean NOT NULL'],
    ['etape_appreciation', 'agent_id text NOT NULL, vivier integer NOT NULL, appreciation text NOT NULL'],
    ['etape_avis', 'agent_id text NOT NULL, avis_1 text NOT NULL, avis_2 text'],
  ];
  for (const [table, colonnes] of etapes) {
    // Unlogged: a crash loses only rows that the next run rewrites anyway.
    await sql.raw(`CREATE UNLOGGED TABLE ${table} (import_id bigint NOT NULL, ${colonnes})`).execute(db);
    await sql.raw(`CREATE INDEX ${table}_import_idx ON ${table} (import_id)`).execute(db);
  }

  await sql`
    CREATE TABLE agent_appreciation (
      agent_id text NOT NULL REFERENCES agent(agent_id) ON DELETE CASCADE,
      vivier integer NOT NULL CHECK (vivier IN (1, 2)),
      appreciation text NOT NULL,
      PRIMARY KEY (agent_id, vivier)
    )`.execute(db);
  await sql`
    CREATE TABLE agent_avis (
      agent_id text PRIMARY KEY REFERENCES agent(agent_id) ON DELETE CASCADE,
      avis_1 text NOT NULL,
      avis_2 text
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['agent_avis', 'agent_appreciation', 'etape_avis', 'etape_appreciation', 'etape_service', 'etape_position', 'etape_carriere', 'etape_agent', 'etape_label', 'etape_etablissement']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
