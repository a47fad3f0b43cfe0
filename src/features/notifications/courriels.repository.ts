import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';

/** Queries of the outbox (table `courriel`): claiming rows to send, recording the outcome, reading it back. */

export type CourrielReserve = {
  id: string;
  destinataire: string;
  sujet: string;
  corps: string;
  document_type: string | null;
  document_id: string | null;
  tentatives: number;
};

/**
 * Claims up to `limite` rows due for sending and reserves them until `bailJusqua` (one statement, so one
 * short transaction). `FOR UPDATE SKIP LOCKED` makes concurrent senders on PostgreSQL take disjoint rows;
 * a row claimed and committed by another sender is re-read under the lock and no longer matches.
 */
export async function reserver(db: Database, o: { maintenant: Date; bailJusqua: Date; tentativesMax: number; limite: number }): Promise<CourrielReserve[]> {
  const r = await sql<CourrielReserve>`
    WITH dus AS (
      SELECT id FROM courriel
      WHERE envoye_le IS NULL AND tentatives < ${o.tentativesMax}
        AND (prochain_essai_le IS NULL OR prochain_essai_le <= ${o.maintenant})
      ORDER BY id
      LIMIT ${o.limite}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE courriel c SET prochain_essai_le = ${o.bailJusqua}
    FROM dus WHERE c.id = dus.id
    RETURNING c.id, c.destinataire, c.sujet, c.corps, c.document_type, c.document_id, c.tentatives`.execute(db);
  return r.rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Gives back rows claimed but not tried (the sender is stopping): due again at once. */
export async function liberer(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('courriel').set({ prochain_essai_le: null }).where('id', 'in', ids).where('envoye_le', 'is', null).execute();
}

/** The server was unreachable: the error is noted, no attempt counted, the rows due again at the next sweep. */
export async function marquerServeurInjoignable(db: Database, ids: readonly string[], erreur: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('courriel').set({ prochain_essai_le: null, derniere_erreur: erreur }).where('id', 'in', ids).where('envoye_le', 'is', null).execute();
}

export async function marquerEnvoye(db: Database, id: string, le: Date): Promise<void> {
  await db.updateTable('courriel').set({ envoye_le: le, derniere_erreur: null, prochain_essai_le: null }).where('id', '=', id).where('envoye_le', 'is', null).execute();
}

/** One more failure; `abandon` (a permanent refusal) sets the count to the maximum so the row is not tried again. */
export async function marquerEchec(db: Database, id: string, o: { erreur: string; prochainEssai: Date; abandon?: number }): Promise<void> {
  await db
    .updateTable('courriel')
    .set((eb) => ({ tentatives: o.abandon === undefined ? eb('tentatives', '+', 1) : o.abandon, derniere_erreur: o.erreur, prochain_essai_le: o.prochainEssai }))
    .where('id', '=', id)
    .where('envoye_le', 'is', null)
    .execute();
}

/** The archived accusé de réception a row points to, with the reference its file name carries. */
export async function accuseReception(db: Database, documentId: string) {
  if (!/^\d{1,18}$/.test(documentId)) return undefined;
  return db
    .selectFrom('candidature_document as d')
    .innerJoin('candidature as c', 'c.id', 'd.candidature_id')
    .select(['d.pdf', 'c.reference', 'd.candidature_id'])
    .where('d.id', '=', documentId)
    .where('d.type', '=', 'ACCUSE_RECEPTION')
    .executeTakeFirst();
}

export async function compter(db: Database): Promise<number> {
  const r = await db.selectFrom('courriel').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Columns shown on the outbox pages, with the reference of an attached accusé (for its file name). */
function lignes(db: Database) {
  return db
    .selectFrom('courriel as m')
    .leftJoin('candidature_document as d', (j) => j.on(sql`d.id::text`, '=', sql.ref('m.document_id')).on('m.document_type', '=', 'ACCUSE_RECEPTION').on('d.type', '=', 'ACCUSE_RECEPTION'))
    .leftJoin('candidature as c', 'c.id', 'd.candidature_id')
    .select([
      'm.id',
      'm.destinataire',
      'm.sujet',
      'm.cree_le',
      'm.envoye_le',
      'm.tentatives',
      'm.derniere_erreur',
      'm.prochain_essai_le',
      'm.document_type',
      'm.document_id',
      'd.candidature_id',
      'c.reference',
    ]);
}

export function page(db: Database, limite: number, decalage: number) {
  return lignes(db).orderBy('m.cree_le', 'desc').orderBy('m.id', 'desc').limit(limite).offset(decalage).execute();
}

export function detail(db: Database, id: string) {
  return lignes(db).select('m.corps').where('m.id', '=', id).executeTakeFirst();
}
