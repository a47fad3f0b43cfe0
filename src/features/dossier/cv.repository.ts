import type { Database } from '../../db/connection.ts';
import type { RubriqueCv, ValeursCv } from './cv.rules.ts';

/** Queries of the agent's CV. Every query names the agent: an entry is only ever reached through its owner. */

export function elements(db: Database, agentId: string) {
  return db
    .selectFrom('cv_element')
    .selectAll()
    .where('agent_id', '=', agentId)
    .orderBy('rubrique')
    .orderBy('date_debut', (ob) => ob.desc().nullsLast())
    .orderBy('id', 'desc')
    .execute();
}

export function element(db: Database, agentId: string, rubrique: RubriqueCv, id: string) {
  return db.selectFrom('cv_element').selectAll().where('id', '=', id).where('agent_id', '=', agentId).where('rubrique', '=', rubrique).executeTakeFirst();
}

export async function creer(db: Database, agentId: string, rubrique: RubriqueCv, v: ValeursCv, le: Date): Promise<string> {
  const r = await db
    .insertInto('cv_element')
    .values({ agent_id: agentId, rubrique, ...v, cree_le: le, modifie_le: le })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function modifier(db: Database, agentId: string, rubrique: RubriqueCv, id: string, v: ValeursCv, le: Date): Promise<boolean> {
  const r = await db.updateTable('cv_element').set({ ...v, modifie_le: le }).where('id', '=', id).where('agent_id', '=', agentId).where('rubrique', '=', rubrique).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function supprimer(db: Database, agentId: string, rubrique: RubriqueCv, id: string): Promise<boolean> {
  const r = await db.deleteFrom('cv_element').where('id', '=', id).where('agent_id', '=', agentId).where('rubrique', '=', rubrique).executeTakeFirst();
  return r.numDeletedRows > 0n;
}
