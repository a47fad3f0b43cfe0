import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { EvenementCandidature, StatutCandidature } from './candidature.machine.ts';

type Conn = Kysely<DB> | Transaction<DB>;

const COLONNES = ['id', 'campagne_id', 'agent_id', 'statut', 'cree_le', 'modifie_le', 'validee_le', 'reference'] as const;

export function trouverCandidature(db: Conn, campagneId: string, agentId: string) {
  return db.selectFrom('candidature').select(COLONNES).where('campagne_id', '=', campagneId).where('agent_id', '=', agentId).executeTakeFirst();
}

export function verrouillerCandidature(trx: Transaction<DB>, campagneId: string, agentId: string) {
  return trx.selectFrom('candidature').select(COLONNES).where('campagne_id', '=', campagneId).where('agent_id', '=', agentId).forUpdate().executeTakeFirst();
}

/** Creates the draft if there is none (two tabs opening it at once make one row). */
export async function creerSiAbsente(trx: Transaction<DB>, campagneId: string, agentId: string, le: Date): Promise<boolean> {
  const r = await trx
    .insertInto('candidature')
    .values({ campagne_id: campagneId, agent_id: agentId, statut: 'BROUILLON', cree_le: le, modifie_le: le, validee_le: null, reference: null })
    .onConflict((oc) => oc.columns(['campagne_id', 'agent_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function changerStatut(
  trx: Transaction<DB>,
  c: { id: string; statut: StatutCandidature },
  evenement: EvenementCandidature | 'CREER',
  vers: StatutCandidature,
  le: Date,
  par: string | null,
  valideeLe?: Date,
): Promise<void> {
  await trx
    .updateTable('candidature')
    .set({ statut: vers, modifie_le: le, ...(valideeLe ? { validee_le: valideeLe } : {}) })
    .where('id', '=', c.id)
    .execute();
  await trx.insertInto('candidature_historique').values({ candidature_id: c.id, de: c.statut, vers, evenement, le, par_compte_id: par, details: '{}' }).execute();
}

export function periodes(db: Conn, candidatureId: string) {
  return db
    .selectFrom('candidature_periode')
    .select(['id', 'du', 'au', 'nature', 'fonction', 'etablissement', 'source', 'commentaire'])
    .where('candidature_id', '=', candidatureId)
    .orderBy('du')
    .orderBy('id')
    .execute();
}

export function piecesDesPeriodes(db: Conn, candidatureId: string) {
  return db
    .selectFrom('candidature_piece')
    .innerJoin('candidature_periode', 'candidature_periode.id', 'candidature_piece.periode_id')
    .select(['candidature_piece.id', 'candidature_piece.periode_id', 'candidature_piece.nom_fichier', 'candidature_piece.type_contenu', 'candidature_piece.taille', 'candidature_piece.sha256'])
    .where('candidature_periode.candidature_id', '=', candidatureId)
    .orderBy('candidature_piece.id')
    .execute();
}

export function historique(db: Conn, candidatureId: string) {
  return db.selectFrom('candidature_historique').select(['de', 'vers', 'evenement', 'le']).where('candidature_id', '=', candidatureId).orderBy('id').execute();
}
