import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { gereePar, type Gestion } from '../dossier/perimetre.repository.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * Queries of the recours gracieux. Each one checks, in its own WHERE, every id of the URL against its parent (the pièce
 * belongs to this recours, which belongs to this campaign) and, for the gestionnaire, the scope rule on the recours'
 * agent (and never their own); for the agent, that the recours is theirs. A row out of scope is simply not found.
 */

/** The recours of a campaign the gestionnaire may handle, oldest first, optionally of one state. */
export function recoursGeres(db: Conn, campagneId: string, g: Gestion, statut: 'DEPOSE' | 'ACCEPTE' | 'REJETE' | null) {
  let q = db
    .selectFrom('recours as r')
    .innerJoin('agent as a', 'a.agent_id', 'r.agent_id')
    .select(['r.id', 'r.agent_id', 'a.nom', 'a.prenom', 'r.statut', 'r.cree_le', 'r.repondu_le'])
    .where('r.campagne_id', '=', campagneId)
    .where(gereePar('r.agent_id', g));
  if (statut) q = q.where('r.statut', '=', statut);
  return q.orderBy('r.cree_le').orderBy('r.id').execute();
}

/** One recours of this campaign, if the gestionnaire may handle it. */
export function recoursGere(db: Conn, campagneId: string, id: string, g: Gestion) {
  return db
    .selectFrom('recours as r')
    .innerJoin('agent as a', 'a.agent_id', 'r.agent_id')
    .leftJoin('compte as c', 'c.id', 'r.repondu_par_compte_id')
    .select(['r.id', 'r.agent_id', 'a.nom', 'a.prenom', 'r.texte', 'r.statut', 'r.reponse', 'r.cree_le', 'r.repondu_le', 'c.nom_affiche as repondu_par'])
    .where('r.id', '=', id)
    .where('r.campagne_id', '=', campagneId)
    .where(gereePar('r.agent_id', g))
    .executeTakeFirst();
}

/** The same, locked while it is answered (two gestionnaires cannot both answer it). */
export function recoursVerrouille(trx: Transaction<DB>, campagneId: string, id: string, g: Gestion) {
  return trx
    .selectFrom('recours as r')
    .select(['r.id', 'r.agent_id', 'r.statut'])
    .where('r.id', '=', id)
    .where('r.campagne_id', '=', campagneId)
    .where(gereePar('r.agent_id', g))
    .forUpdate()
    .executeTakeFirst();
}

/** The agent's own recours in a campaign (at most one). */
export function recoursDeLAgent(db: Conn, campagneId: string, agentId: string) {
  return db.selectFrom('recours').select(['id', 'texte', 'statut', 'reponse', 'cree_le', 'repondu_le']).where('campagne_id', '=', campagneId).where('agent_id', '=', agentId).orderBy('id').executeTakeFirst();
}

/** The names and sizes of a recours' pièces. */
export function piecesDe(db: Conn, recoursId: string) {
  return db.selectFrom('recours_piece').select(['id', 'nom_fichier', 'taille']).where('recours_id', '=', recoursId).orderBy('id').execute();
}

/** One pièce: of this recours, of this campaign, of an agent the gestionnaire may handle. */
export function pieceGeree(db: Conn, campagneId: string, recoursId: string, pieceId: string, g: Gestion) {
  return db
    .selectFrom('recours_piece as p')
    .innerJoin('recours as r', 'r.id', 'p.recours_id')
    .select(['p.nom_fichier', 'p.type_contenu', 'p.contenu', 'r.agent_id'])
    .where('p.id', '=', pieceId)
    .where('r.id', '=', recoursId)
    .where('r.campagne_id', '=', campagneId)
    .where(gereePar('r.agent_id', g))
    .executeTakeFirst();
}

/** One pièce of the agent's own recours in this campaign. */
export function pieceDeLAgent(db: Conn, campagneId: string, recoursId: string, pieceId: string, agentId: string) {
  return db
    .selectFrom('recours_piece as p')
    .innerJoin('recours as r', 'r.id', 'p.recours_id')
    .select(['p.nom_fichier', 'p.type_contenu', 'p.contenu'])
    .where('p.id', '=', pieceId)
    .where('r.id', '=', recoursId)
    .where('r.campagne_id', '=', campagneId)
    .where('r.agent_id', '=', agentId)
    .executeTakeFirst();
}
