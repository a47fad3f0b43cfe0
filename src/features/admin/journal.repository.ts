import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';

/** The audit log, newest first, with the acting account's identifiant. */

export async function compterJournal(db: Database): Promise<number> {
  const r = await db.selectFrom('journal_audit').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export function pageJournal(db: Database, limite: number, decalage: number) {
  return db
    .selectFrom('journal_audit as j')
    .leftJoin('compte as c', 'c.id', 'j.acteur_compte_id')
    .select(['j.id', 'j.le', 'c.identifiant as acteur', 'j.action', 'j.cible', 'j.details'])
    .orderBy('j.le', 'desc')
    .orderBy('j.id', 'desc')
    .limit(limite)
    .offset(decalage)
    .execute();
}
