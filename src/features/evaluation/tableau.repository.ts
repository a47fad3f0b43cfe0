import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Agent, LigneAppreciation, LigneAvis } from '../../carriere/enregistrements.ts';
import type { Appreciation, Avis, Corps, Vivier } from '../../carriere/vocabulaire.ts';

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

/** The campaign of a corps and year (at most one), or undefined. */
export function campagneDe(db: Database, corps: Corps, annee: number) {
  return db.selectFrom('campagne').select(['id', 'regime', 'statut']).where('corps', '=', corps).where('annee', '=', annee).executeTakeFirst();
}

/**
 * Agents of a campaign whose candidature is admissible: RECEVABLE, or PROMU / NON_PROMU reached from RECEVABLE at the
 * publication (an IRRECEVABLE candidature also ends PROMU or NON_PROMU then: its history says where it came from).
 */
export async function candidatsRecevables(db: Database, campagneId: string): Promise<Set<string>> {
  const r = await sql<{ agent_id: string }>`SELECT c.agent_id FROM candidature c WHERE c.campagne_id = ${campagneId}::bigint
    AND (c.statut = 'RECEVABLE' OR (c.statut IN ('PROMU', 'NON_PROMU') AND EXISTS (SELECT 1 FROM candidature_historique h
      WHERE h.candidature_id = c.id AND h.de = 'RECEVABLE' AND h.vers = c.statut)))`.execute(db);
  return new Set(r.rows.map((l) => l.agent_id));
}

/** The autorité's final appreciations of a campaign (one per agent and list) for some agents. */
export async function appreciationsCampagneDe(db: Database, campagneId: string, agents: readonly string[]): Promise<LigneAppreciation[]> {
  if (agents.length === 0) return [];
  const lignes = await db.selectFrom('appreciation_autorite').select(['agent_id', 'vivier', 'appreciation']).where('campagne_id', '=', campagneId).where('agent_id', '=', ids(agents)).execute();
  return lignes.map((l) => ({ agent_id: l.agent_id, vivier: l.vivier, appreciation: l.appreciation }));
}

/**
 * The avis of a campaign for some agents, one line per agent in the shape of avis.csv: numero 1 → `avis_1`, numero 2 →
 * `avis_2`. An agent without avis numero 1 has no line: the ranking then leaves them off the table, as a missing avis.
 */
export async function avisCampagneDe(db: Database, campagneId: string, agents: readonly string[]): Promise<LigneAvis[]> {
  if (agents.length === 0) return [];
  const lignes = await db.selectFrom('avis_campagne').select(['agent_id', 'numero', 'avis']).where('campagne_id', '=', campagneId).where('agent_id', '=', ids(agents)).execute();
  const parAgent = new Map<string, { avis_1?: Avis; avis_2?: Avis }>();
  for (const l of lignes) {
    const a = parAgent.get(l.agent_id) ?? {};
    if (l.numero === 1) a.avis_1 = l.avis;
    else a.avis_2 = l.avis;
    parAgent.set(l.agent_id, a);
  }
  return [...parAgent].flatMap(([agent_id, a]) => (a.avis_1 ? [{ agent_id, avis_1: a.avis_1, avis_2: a.avis_2 ?? null }] : []));
}
