import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { gereePar, type Gestion } from './perimetre.repository.ts';
import type { TypePiece } from '../../shared/pieces/pieces.rules.ts';
import type { StatutSignalement, TypeCible } from './signalements.rules.ts';

/** Queries of error reports, their documents and the rows they target. */

const COLONNES_SIGNALEMENT = [
  's.id',
  's.agent_id',
  's.cible_type',
  's.cible_id',
  's.cible_libelle',
  's.valeur_signalee',
  's.message',
  's.statut',
  's.cree_le',
  's.traite_le',
  's.motif_rejet',
] as const;

export function duDossier(db: Database, agentId: string) {
  return db.selectFrom('signalement as s').select(COLONNES_SIGNALEMENT).where('s.agent_id', '=', agentId).orderBy('s.cree_le', 'desc').orderBy('s.id', 'desc').execute();
}

export function signalement(db: Database, id: string) {
  return signalementAvecAgent(db).where('s.id', '=', id).executeTakeFirst();
}

function signalementAvecAgent(db: Database) {
  return db
    .selectFrom('signalement as s')
    .innerJoin('agent as a', 'a.agent_id', 's.agent_id')
    .leftJoin('compte as t', 't.id', 's.traite_par_compte_id')
    .select([...COLONNES_SIGNALEMENT, 'a.nom', 'a.prenom', 'a.corps', 't.nom_affiche as traite_par']);
}

/** A report the gestionnaire may handle: its agent within their perimetre, and not themself. */
export function signalementGere(db: Database, id: string, g: Gestion) {
  return signalementAvecAgent(db).where('s.id', '=', id).where(gereePar('s.agent_id', g)).executeTakeFirst();
}

/** The queue: reports of a status of agents within the perimetre, oldest first (first come, first served). */
export function file(db: Database, statut: StatutSignalement, limite: number, g: Gestion) {
  return db
    .selectFrom('signalement as s')
    .innerJoin('agent as a', 'a.agent_id', 's.agent_id')
    .select([...COLONNES_SIGNALEMENT, 'a.nom', 'a.prenom', 'a.corps'])
    .select((eb) => eb.selectFrom('piece_justificative as p').select(sql<number>`count(*)::int`.as('n')).whereRef('p.signalement_id', '=', 's.id').as('nb_pieces'))
    .where('s.statut', '=', statut)
    .where(gereePar('s.agent_id', g))
    .orderBy('s.cree_le', statut === 'EN_ATTENTE' ? 'asc' : 'desc')
    .orderBy('s.id')
    .limit(limite)
    .execute();
}

export async function creer(
  db: Database,
  s: { agentId: string; auteurCompteId: string; type: TypeCible; cibleId: string; libelle: string; valeur: Record<string, unknown>; message: string; le: Date },
): Promise<string> {
  const r = await db
    .insertInto('signalement')
    .values({
      agent_id: s.agentId,
      auteur_compte_id: s.auteurCompteId,
      cible_type: s.type,
      cible_id: s.cibleId,
      cible_libelle: s.libelle,
      valeur_signalee: JSON.stringify(s.valeur),
      message: s.message,
      cree_le: s.le,
      traite_le: null,
      traite_par_compte_id: null,
      motif_rejet: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function ajouterPiece(db: Database, p: { signalementId: string; nom: string; type: TypePiece; taille: number; sha256: string; contenu: Buffer; le: Date }) {
  await db
    .insertInto('piece_justificative')
    .values({ signalement_id: p.signalementId, nom_fichier: p.nom, type_contenu: p.type, taille: p.taille, sha256: p.sha256, contenu: p.contenu, cree_le: p.le })
    .execute();
}

export function pieces(db: Database, signalementIds: readonly string[]) {
  if (signalementIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('piece_justificative')
    .select(['id', 'signalement_id', 'nom_fichier', 'type_contenu', 'taille', 'sha256', 'cree_le'])
    .where('signalement_id', 'in', [...signalementIds])
    .orderBy('id')
    .execute();
}

/**
 * A document, if the reader may see it: it belongs to their own report (`agentId`), or — for a gestionnaire, given
 * `gestion` — to a report they may handle. One statement: a document out of reach does not exist.
 */
export function piece(db: Database, id: string, lecteur: { agentId: string | null; gestion: Gestion | null }) {
  return db
    .selectFrom('piece_justificative as p')
    .innerJoin('signalement as s', 's.id', 'p.signalement_id')
    .select(['p.id', 'p.nom_fichier', 'p.type_contenu', 'p.taille', 'p.contenu', 's.agent_id', 's.id as signalement_id'])
    .where('p.id', '=', id)
    .where((eb) => {
      const lecteurs = [];
      if (lecteur.agentId !== null) lecteurs.push(eb('s.agent_id', '=', lecteur.agentId));
      if (lecteur.gestion !== null) lecteurs.push(gereePar('s.agent_id', lecteur.gestion));
      return lecteurs.length > 0 ? eb.or(lecteurs) : eb.lit(false);
    })
    .executeTakeFirst();
}

/** Locks the report while it is decided: two gestionnaires cannot both decide it. */
export function signalementVerrouille(db: Database, id: string) {
  return db.selectFrom('signalement').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function cloturer(db: Database, id: string, d: { statut: 'ACCEPTE' | 'REJETE'; le: Date; parCompteId: string; motif: string | null }) {
  await db.updateTable('signalement').set({ statut: d.statut, traite_le: d.le, traite_par_compte_id: d.parCompteId, motif_rejet: d.motif }).where('id', '=', id).execute();
}

export function ligneCible(db: Database, type: Exclude<TypeCible, 'IDENTITE'>, agentId: string, id: string) {
  const table = type === 'CARRIERE' ? 'agent_carriere' : type === 'POSITION' ? 'agent_position' : 'agent_service';
  return db
    .selectFrom(table)
    .selectAll()
    .where('id', '=', id)
    .where('agent_id', '=', agentId)
    .executeTakeFirst() as Promise<Record<string, unknown> | undefined>;
}

export function autreCarriereMemeDate(db: Database, agentId: string, dateEffet: string, saufId: string) {
  return db.selectFrom('agent_carriere').select('id').where('agent_id', '=', agentId).where('date_effet', '=', dateEffet).where('id', '!=', saufId).executeTakeFirst();
}

export async function corrigerLigne(db: Database, type: TypeCible, agentId: string, id: string, valeurs: Record<string, unknown>) {
  if (type === 'IDENTITE') {
    await db.updateTable('agent').set(valeurs).where('agent_id', '=', agentId).execute();
    // The dossier's e-mail is authoritative for the agent's account (docs/ARCHITECTURE.md, « Adresse électronique »).
    if (typeof valeurs.email === 'string' && valeurs.email !== '') await db.updateTable('compte').set({ email: valeurs.email }).where('agent_id', '=', agentId).execute();
    return;
  }
  const table = type === 'CARRIERE' ? 'agent_carriere' : type === 'POSITION' ? 'agent_position' : 'agent_service';
  await db.updateTable(table).set(valeurs).where('id', '=', id).where('agent_id', '=', agentId).execute();
}

export async function enregistrerCorrection(
  db: Database,
  c: { agentId: string; signalementId: string; type: TypeCible; cibleId: string; avant: Record<string, unknown>; apres: Record<string, unknown>; parCompteId: string; parNom: string; le: Date },
) {
  await db
    .insertInto('correction_dossier')
    .values({
      agent_id: c.agentId,
      signalement_id: c.signalementId,
      cible_type: c.type,
      cible_id: c.cibleId,
      avant: JSON.stringify(c.avant),
      apres: JSON.stringify(c.apres),
      par_compte_id: c.parCompteId,
      par_nom: c.parNom,
      le: c.le,
    })
    .execute();
}
