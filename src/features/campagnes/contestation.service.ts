import crypto from 'node:crypto';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { trouverCampagne } from './campagne.repository.ts';
import { intituleCampagne } from './campagne.service.ts';
import type { PieceVerifiee } from './candidature.service.ts';
import { contestationPossible, finContestation } from './contestation.rules.ts';
import * as repo from './contestation.repository.ts';
import { enregistrerConsultation } from '../dossier/dossier.repository.ts';
import { gestionDe } from '../dossier/perimetre.repository.ts';
import { aujourdhui } from '../dossier/jour.ts';

// Out of scope, under another campaign, or unknown look the same.
const CONTESTATION_INTROUVABLE = () => new IntrouvableError('CONTESTATION_INTROUVABLE', 'Cette contestation n’existe pas ou n’est pas dans votre périmètre.');

/**
 * Regime B: within the contest period a promouvable (or an agent who thinks they should be) contests the
 * administration's finding with pièces justificatives; a gestionnaire accepts or rejects with a reason;
 * the agent is told in their I-Prof mailbox (and by e-mail) either way.
 */
export function createContestationService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  const gestionPar = (u: Utilisateur) => gestionDe(u, aujourdhui(clock));

  /** A gestionnaire's read of an agent's contestation is a read of their dossier: the agent sees it. */
  async function tracer(u: Utilisateur, agentId: string, page: string) {
    await enregistrerConsultation(db, { agentId, compteId: u.compteId, nomAffiche: u.nomAffiche, role: 'GESTIONNAIRE', page, le: clock.now() });
  }

  return {
    finContestation(c: { ouverture: Date; annee: number }): Date | null {
      const delai = reglesPour(c.annee).delaiContestationJours;
      return delai === null ? null : finContestation(c.ouverture, delai);
    },

    possible(c: { ouverture: Date; annee: number; statut: string }, instant: Date): boolean {
      return contestationPossible(c, reglesPour(c.annee).delaiContestationJours, instant);
    },

    de(campagneId: string, agentId: string) {
      return db.selectFrom('contestation').selectAll().where('campagne_id', '=', campagneId).where('agent_id', '=', agentId).executeTakeFirst();
    },

    async deposer(u: Utilisateur, agentId: string, campagneId: string, message: string, pieces: readonly PieceVerifiee[], recueLe: Date): Promise<'DEPOSEE' | 'DEJA_DEPOSEE'> {
      const c = await trouverCampagne(db, campagneId);
      if (!c) throw new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas.');
      if (!this.possible(c, recueLe)) {
        const fin = this.finContestation(c);
        throw new RegleMetierError('CONTESTATION_CLOSE', fin ? `Le délai de contestation a pris fin ${dateHeureParis(fin)} : rien n’a été enregistré.` : 'Cette campagne ne prévoit pas de contestation.');
      }
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        const cree = await trx
          .insertInto('contestation')
          .values({ campagne_id: campagneId, agent_id: agentId, message, statut: 'EN_ATTENTE', cree_le: le, decidee_le: null, decidee_par_compte_id: null, decision: null })
          .onConflict((oc) => oc.columns(['campagne_id', 'agent_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!cree) return 'DEJA_DEPOSEE';
        for (const p of pieces) {
          await trx
            .insertInto('contestation_piece')
            .values({ contestation_id: cree.id, nom_fichier: p.nom, type_contenu: p.type, taille: p.contenu.length, sha256: crypto.createHash('sha256').update(p.contenu).digest('hex'), contenu: p.contenu, cree_le: le })
            .execute();
        }
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: 'CONTESTATION_DEPOSEE', cible: `contestation:${cree.id}` });
        return 'DEPOSEE';
      });
    },

    /** The contestations of a campaign the gestionnaire may handle (their agents within their perimetre). */
    lister(u: Utilisateur, campagneId: string) {
      return repo.contestationsGerees(db, campagneId, gestionPar(u));
    },

    /** A contestation with its pièces, if the gestionnaire may handle it; a read of the agent's data, so it is recorded. */
    async detail(u: Utilisateur, campagneId: string, id: string) {
      const c = await repo.contestationGeree(db, campagneId, id, gestionPar(u));
      if (!c) throw CONTESTATION_INTROUVABLE();
      const pieces = await repo.piecesDe(db, c.id);
      await tracer(u, c.agent_id, 'contestation');
      return { ...c, pieces };
    },

    /** A pièce of a contestation the gestionnaire may handle (every id checked against its parent); the read is recorded. */
    async piece(u: Utilisateur, campagneId: string, contestationId: string, pieceId: string) {
      const p = await repo.pieceGeree(db, campagneId, contestationId, pieceId, gestionPar(u));
      if (!p) throw new IntrouvableError('PIECE_INTROUVABLE', 'Cette pièce justificative n’existe pas.');
      await tracer(u, p.agent_id, 'piece-contestation');
      return p;
    },

    /** Accepts or rejects, once; the agent is told with the reason. */
    async decider(u: Utilisateur, campagneId: string, id: string, decision: 'ACCEPTEE' | 'REJETEE', motif: string): Promise<void> {
      const campagne = await trouverCampagne(db, campagneId);
      if (!campagne) throw new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas.');
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        const c = await repo.contestationVerrouillee(trx, campagneId, id, gestionPar(u));
        if (!c) throw CONTESTATION_INTROUVABLE();
        if (c.statut !== 'EN_ATTENTE') throw new RegleMetierError('CONTESTATION_DEJA_DECIDEE', 'Cette contestation a déjà reçu une décision.');
        await trx.updateTable('contestation').set({ statut: decision, decision: motif, decidee_le: le, decidee_par_compte_id: u.compteId }).where('id', '=', c.id).execute();
        const sujet = `Décision sur votre contestation : ${intituleCampagne(campagne)}`;
        const corps = `${decision === 'ACCEPTEE' ? 'Votre contestation est acceptée' : 'Votre contestation est rejetée'}. Motif : ${motif}`;
        await trx.insertInto('message').values({ compte_id: null, agent_id: c.agent_id, categorie: 'CAMPAGNE', sujet, corps, cree_le: le, lu_le: null, document_type: null, document_id: null }).execute();
        const agent = await trx.selectFrom('agent').select('email').where('agent_id', '=', c.agent_id).executeTakeFirst();
        if (agent?.email) {
          await trx
            .insertInto('courriel')
            .values({ cle: `contestation:${c.id}`, destinataire: agent.email, sujet, corps, document_type: null, document_id: null, cree_le: le, envoye_le: null, derniere_erreur: null })
            .onConflict((oc) => oc.column('cle').doNothing())
            .execute();
        }
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: decision === 'ACCEPTEE' ? 'CONTESTATION_ACCEPTEE' : 'CONTESTATION_REJETEE', cible: `contestation:${c.id}` });
      });
    },
  };
}

export type ContestationService = ReturnType<typeof createContestationService>;
