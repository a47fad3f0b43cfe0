import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Perimetre } from '../../db/schema.ts';
import { renseigne } from './perimetre.rules.ts';

/** A column of the outer query with its alias ('s.agent_id'). */
export type ColonneQualifiee = `${string}.${string}`;

/** Who handles a case: their perimetre, the day that decides current services, and their own agent id, if any. */
export type Gestion = { perimetre: Perimetre; jour: string; agentId: string | null };

export function gestionDe(u: { perimetre: Perimetre; agentId: string | null }, jour: string): Gestion {
  return { perimetre: u.perimetre, jour, agentId: u.agentId };
}

/**
 * The scope rule of perimetre.rules.ts (`estDansPerimetre`) as one SQL condition on an agent id column: every staff
 * query that reads an agent's rows (dossier, search, error reports and their pièces, contestations and theirs, campaign
 * counts) puts it in its own WHERE, next to its parent-id checks. One statement decides, so a list is filtered before
 * its LIMIT and a row out of scope is exactly a row that does not exist (404).
 *
 * `colonne` names the agent id of the outer query, qualified by its table's alias (e.g. 's.agent_id': unqualified, it
 * would name the condition's own `p_a.agent_id` and always hold); `jour` (YYYY-MM-DD, Paris) decides which
 * service rows are current. The SQL text depends only on which lists are set (eight shapes at most), the lists
 * themselves are parameters: the statement stays one prepared statement per shape. Aliases `p_a`, `p_s`, `p_e` are
 * reserved to this condition.
 */
export function dansLePerimetre(colonne: ColonneQualifiee, perimetre: Perimetre, jour: string): RawBuilder<SqlBool> {
  const conditions: Array<RawBuilder<unknown>> = [sql`p_a.agent_id = ${sql.ref(colonne)}`];
  if (renseigne(perimetre.corps)) conditions.push(sql`p_a.corps = ANY(${[...perimetre.corps]}::text[])`);
  const lieux: Array<RawBuilder<unknown>> = [];
  if (renseigne(perimetre.departements)) lieux.push(sql`p_e.departement = ANY(${[...perimetre.departements]}::text[])`);
  if (renseigne(perimetre.etablissements)) lieux.push(sql`p_s.uai = ANY(${[...perimetre.etablissements]}::text[])`);
  if (lieux.length > 0) {
    conditions.push(sql`EXISTS (
      SELECT 1 FROM agent_service p_s JOIN etablissement p_e ON p_e.uai = p_s.uai
      WHERE p_s.agent_id = p_a.agent_id AND p_s.date_debut <= ${jour}::date AND (p_s.date_fin IS NULL OR p_s.date_fin >= ${jour}::date)
        AND (${sql.join(lieux, sql` OR `)}))`);
  }
  // Nothing set: the whole académie, as the rule says (the outer query has its own agent row, or join, when it needs one).
  if (conditions.length === 1) return sql<SqlBool>`TRUE`;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM agent p_a WHERE ${sql.join(conditions, sql` AND `)})`;
}

/** Is this agent (an existing one) within the perimetre on `jour`? One statement. */
export async function agentDansLePerimetre(db: Database, agentId: string, perimetre: Perimetre, jour: string): Promise<boolean> {
  const r = await db.selectFrom('agent as a').select('a.agent_id').where('a.agent_id', '=', agentId).where(dansLePerimetre('a.agent_id', perimetre, jour)).executeTakeFirst();
  return r !== undefined;
}

/**
 * The rows a staff member may handle (an error report, a contestation): the agent is within their perimetre and is not
 * themself — nobody decides on their own case.
 */
export function gereePar(colonne: ColonneQualifiee, g: Gestion): RawBuilder<SqlBool> {
  const perimetre = dansLePerimetre(colonne, g.perimetre, g.jour);
  return g.agentId === null ? perimetre : sql<SqlBool>`(${perimetre} AND ${sql.ref(colonne)} <> ${g.agentId})`;
}
