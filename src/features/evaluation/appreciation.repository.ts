import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB, ObjetEvaluation } from '../../db/schema.ts';
import type { Vivier } from '../../carriere/vocabulaire.ts';
import { gereePar, type Gestion } from '../dossier/perimetre.repository.ts';

/** Queries of the appreciations and avis: plain rows; the caller holds the transaction and its locks. */

type Conn = Database | Transaction<DB>;

/** The campaign share-locked while an input is written: the table cannot be arrêté (FOR UPDATE or UPDATE) meanwhile. */
export function partagerCampagne(trx: Transaction<DB>, campagneId: string) {
  return trx.selectFrom('campagne').select(['id', 'corps', 'annee', 'regime', 'statut']).where('id', '=', campagneId).forShare().executeTakeFirst();
}

/**
 * A lock held until the end of the transaction on one key (a list's EXCELLENT quota, an agent's avis): writers of the
 * same key pass one after the other, and the second reads what the first committed. An advisory lock, because the row
 * to lock may not exist yet (a first appreciation) and the quota is a count over rows.
 */
export async function verrouiller(trx: Transaction<DB>, cle: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${cle}, 0))`.execute(trx);
}

/** The agent, if they exist and this staff member handles them (within the perimetre, not themself): one statement. */
export function agentGere(db: Conn, agentId: string, g: Gestion) {
  return db.selectFrom('agent as a').select(['a.agent_id', 'a.corps', 'a.nom', 'a.prenom']).where('a.agent_id', '=', agentId).where(gereePar('a.agent_id', g)).executeTakeFirst();
}

/** Of these agents, those the staff member handles (the same rule, in one statement, for a page or a file). */
export async function agentsGeres(db: Conn, agentIds: readonly string[], g: Gestion) {
  if (agentIds.length === 0) return [];
  return db
    .selectFrom('agent as a')
    .select(['a.agent_id', 'a.nom', 'a.prenom', 'a.identifiant', 'a.discipline'])
    .where('a.agent_id', '=', sql<string>`ANY(${[...agentIds]}::text[])`)
    .where(gereePar('a.agent_id', g))
    .orderBy(sql`a.nom COLLATE "und-x-icu"`)
    .orderBy(sql`a.prenom COLLATE "und-x-icu"`)
    .orderBy('a.agent_id')
    .execute();
}

export function texteDe(db: Conn, campagneId: string, agentId: string) {
  return db.selectFrom('appreciation_evaluateur').select(['texte', 'par_compte_id', 'le']).where('campagne_id', '=', campagneId).where('agent_id', '=', agentId).executeTakeFirst();
}

export function appreciationDe(db: Conn, campagneId: string, agentId: string, vivier: Vivier) {
  return db
    .selectFrom('appreciation_autorite')
    .select(['appreciation', 'par_compte_id', 'le'])
    .where('campagne_id', '=', campagneId)
    .where('agent_id', '=', agentId)
    .where('vivier', '=', vivier)
    .executeTakeFirst();
}

export function avisDe(db: Conn, campagneId: string, agentId: string, numero: 1 | 2) {
  return db.selectFrom('avis_campagne').select(['avis', 'texte', 'par_compte_id', 'le']).where('campagne_id', '=', campagneId).where('agent_id', '=', agentId).where('numero', '=', numero).executeTakeFirst();
}

/** EXCELLENT given in one list of a campaign, the agent `sauf` left out (their own appreciation is being replaced). */
export async function excellentsAutres(db: Conn, campagneId: string, vivier: Vivier, sauf: string | null): Promise<number> {
  let q = db.selectFrom('appreciation_autorite').select((eb) => eb.fn.countAll<string>().as('n')).where('campagne_id', '=', campagneId).where('vivier', '=', vivier).where('appreciation', '=', 'EXCELLENT');
  if (sauf !== null) q = q.where('agent_id', '<>', sauf);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** EXCELLENT per list of a campaign (the counters of the autorité's page). */
export async function excellentsParVivier(db: Conn, campagneId: string): Promise<Record<Vivier, number>> {
  const lignes = await db
    .selectFrom('appreciation_autorite')
    .select(['vivier', (eb) => eb.fn.countAll<string>().as('n')])
    .where('campagne_id', '=', campagneId)
    .where('appreciation', '=', 'EXCELLENT')
    .groupBy('vivier')
    .execute();
  const r: Record<Vivier, number> = { 1: 0, 2: 0 };
  for (const l of lignes) r[l.vivier] = Number(l.n);
  return r;
}

export type Historique = {
  campagneId: string;
  agentId: string;
  objet: ObjetEvaluation;
  cle: string;
  avant: unknown;
  apres: unknown;
  source: 'PAGE' | 'CSV';
  compteId: string;
  le: Date;
};

export async function historiser(trx: Transaction<DB>, h: Historique): Promise<void> {
  await trx
    .insertInto('evaluation_historique')
    .values({
      campagne_id: h.campagneId,
      agent_id: h.agentId,
      objet: h.objet,
      cle: h.cle,
      avant: h.avant === null ? null : JSON.stringify(h.avant),
      apres: h.apres === null ? null : JSON.stringify(h.apres),
      source: h.source,
      par_compte_id: h.compteId,
      le: h.le,
    })
    .execute();
}
