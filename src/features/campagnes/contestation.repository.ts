import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { gereePar, type Gestion } from '../dossier/perimetre.repository.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * Queries of the contestations as the gestionnaire reads and decides them. Each one checks, in its own WHERE, every id
 * of the URL against its parent (the pièce belongs to this contestation, which belongs to this campaign) and the scope
 * rule on the contestation's agent: a row out of scope or under the wrong parent is simply not found.
 */

/** The contestations of a campaign the gestionnaire may handle, oldest first. */
export function contestationsGerees(db: Conn, campagneId: string, g: Gestion) {
  return db
    .selectFrom('contestation as c')
    .innerJoin('agent as a', 'a.agent_id', 'c.agent_id')
    .select(['c.id', 'c.agent_id', 'a.nom', 'a.prenom', 'c.statut', 'c.cree_le', 'c.decidee_le'])
    .where('c.campagne_id', '=', campagneId)
    .where(gereePar('c.agent_id', g))
    .orderBy('c.cree_le')
    .orderBy('c.id')
    .execute();
}

/** One contestation of this campaign, if the gestionnaire may handle it. */
export function contestationGeree(db: Conn, campagneId: string, id: string, g: Gestion) {
  return db
    .selectFrom('contestation as c')
    .innerJoin('agent as a', 'a.agent_id', 'c.agent_id')
    .select(['c.id', 'c.agent_id', 'a.nom', 'a.prenom', 'c.message', 'c.statut', 'c.cree_le', 'c.decision', 'c.decidee_le'])
    .where('c.id', '=', id)
    .where('c.campagne_id', '=', campagneId)
    .where(gereePar('c.agent_id', g))
    .executeTakeFirst();
}

/** The same, locked while it is decided (two gestionnaires cannot both decide it). */
export function contestationVerrouillee(trx: Transaction<DB>, campagneId: string, id: string, g: Gestion) {
  return trx
    .selectFrom('contestation as c')
    .select(['c.id', 'c.agent_id', 'c.statut'])
    .where('c.id', '=', id)
    .where('c.campagne_id', '=', campagneId)
    .where(gereePar('c.agent_id', g))
    .forUpdate()
    .executeTakeFirst();
}

/** The list of a contestation's pièces (names and sizes). */
export function piecesDe(db: Conn, contestationId: string) {
  return db.selectFrom('contestation_piece').select(['id', 'nom_fichier', 'taille']).where('contestation_id', '=', contestationId).orderBy('id').execute();
}

/** One pièce: of this contestation, of this campaign, of an agent the gestionnaire may handle. */
export function pieceGeree(db: Conn, campagneId: string, contestationId: string, pieceId: string, g: Gestion) {
  return db
    .selectFrom('contestation_piece as p')
    .innerJoin('contestation as c', 'c.id', 'p.contestation_id')
    .select(['p.nom_fichier', 'p.type_contenu', 'p.contenu', 'c.agent_id'])
    .where('p.id', '=', pieceId)
    .where('c.id', '=', contestationId)
    .where('c.campagne_id', '=', campagneId)
    .where(gereePar('c.agent_id', g))
    .executeTakeFirst();
}
