import { sql, type Kysely } from 'kysely';

/** The staging tables of the rows that replace the agents' own (careers, positions, services, campaign inputs). */
const ETAPES: Array<[string, string]> = [
  ['etape_carriere', 'agent_id text NOT NULL, date_effet date NOT NULL, grade text NOT NULL, echelon integer NOT NULL'],
  ['etape_position', 'agent_id text NOT NULL, date_debut date NOT NULL, date_fin date, position text NOT NULL'],
  ['etape_service', 'agent_id text NOT NULL, date_debut date NOT NULL, date_fin date, uai text NOT NULL, fonction text NOT NULL, part_service integer NOT NULL, statut text NOT NULL, faisant_fonction boolean NOT NULL'],
  ['etape_appreciation', 'agent_id text NOT NULL, vivier integer NOT NULL, appreciation text NOT NULL'],
  ['etape_avis', 'agent_id text NOT NULL, avis_1 text NOT NULL, avis_2 text'],
];

/**
 * The HR import no longer stages these rows in tables: they wait in temporary files of the import, in COPY's text
 * format, and the merge copies them straight into agent_carriere, agent_position… (import.repository.ts,
 * REMPLACEMENTS). Only establishments, labels and agents are still staged (the merge reads them by SQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table] of ETAPES) await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, colonnes] of ETAPES) await sql.raw(`CREATE UNLOGGED TABLE ${table} (import_id bigint NOT NULL, ${colonnes})`).execute(db);
}
