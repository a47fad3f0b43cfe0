import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Agent, LigneAppreciation, LigneAvis } from '../import/jeu.ts';
import type { Appreciation, Avis, Corps, Vivier } from '../import/vocabulaire.ts';

/** Queries of the promotion table: plain rows, read for the agents of one page at a time. */

const ids = (agents: readonly string[]) => sql<string>`ANY(${agents}::text[])`;

/** The agent rows (what the ranking order and the table read) of some agents. */
export async function agentsDe(db: Database, agents: readonly string[]): Promise<Agent[]> {
  if (agents.length === 0) return [];
  const lignes = await db
    .selectFrom('agent')
    .select(['agent_id', 'identifiant', 'civilite', 'nom', 'prenom', 'date_naissance', 'email', 'corps', 'discipline', 'date_entree_corps'])
    .where('agent_id', '=', ids(agents))
    .execute();
  return lignes.map((l) => ({ ...l, corps: l.corps as Corps }));
}

/** The imported appreciations (appreciations.csv) of some agents. */
export async function appreciationsImporteesDe(db: Database, agents: readonly string[]): Promise<LigneAppreciation[]> {
  if (agents.length === 0) return [];
  const lignes = await db.selectFrom('agent_appreciation').select(['agent_id', 'vivier', 'appreciation']).where('agent_id', '=', ids(agents)).execute();
  return lignes.map((l) => ({ agent_id: l.agent_id, vivier: l.vivier as Vivier, appreciation: l.appreciation as Appreciation }));
}

/** The imported avis (avis.csv) of some agents. */
export async function avisImportesDe(db: Database, agents: readonly string[]): Promise<LigneAvis[]> {
  if (agents.length === 0) return [];
  const lignes = await db.selectFrom('agent_avis').select(['agent_id', 'avis_1', 'avis_2']).where('agent_id', '=', ids(agents)).execute();
  return lignes.map((l) => ({ agent_id: l.agent_id, avis_1: l.avis_1 as Avis, avis_2: l.avis_2 as Avis | null }));
}
