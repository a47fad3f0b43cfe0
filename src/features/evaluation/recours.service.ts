import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { PieceVerifiee } from '../../shared/pieces/pieces.rules.ts';
import { intituleCampagne } from '../campagnes/campagne.service.ts';
import { trouverCampagne } from '../campagnes/campagne.repository.ts';
import { enregistrerConsultation } from '../dossier/dossier.repository.ts';
import { gestionDe } from '../dossier/perimetre.repository.ts';
import { aujourdhui } from '../dossier/jour.ts';
import { dateLongue, recoursDansLeDelai } from './publication.rules.ts';
import type { PublicationService } from './publication.service.ts';
import * as repo from './recours.repository.ts';

// Out of scope, under another campaign, or unknown look the same.
const RECOURS_INTROUVABLE = () => new IntrouvableError('RECOURS_INTROUVABLE', 'Ce recours n’existe pas ou n’est pas dans votre périmètre.');

export const LIBELLE_STATUT_RECOURS = { DEPOSE: 'À traiter', ACCEPTE: 'Accepté', REJETE: 'Rejeté' } as const;

/**
 * Recours gracieux against the published table (DOMAIN.md §7): an agent who is not promoted files one online, within
 * two months of the publication, with a text and pièces justificatives; a gestionnaire of their perimetre answers it
 * (accepted or rejected, with a reply), once. The agent is told in I-Prof and by e-mail; each step is historised
 * (evaluation_historique) and audited.
 */
export function createRecoursService(deps: { db: Database; clock: Clock; publication: PublicationService }) {
  const { db, clock, publication } = deps;
  const gestionPar = (u: Utilisateur) => gestionDe(u, aujourdhui(clock));

  return {
    de: (campagneId: string, agentId: string) => repo.recoursDeLAgent(db, campagneId, agentId),
    piecesDe: (recoursId: string) => repo.piecesDe(db, recoursId),

    async deposer(u: Utilisateur, agentId: string, campagneId: string, texte: string, pieces: readonly PieceVerifiee[], recueLe: Date): Promise<'DEPOSE' | 'DEJA_DEPOSE'> {
      const r = await publication.resultat(agentId, campagneId);
      if (r.resultat.kind === 'PROMU') throw new RegleMetierError('RECOURS_PROMU', 'Vous êtes promu(e) : un recours gracieux ne concerne que la non-inscription au tableau. Rien n’a été enregistré.');
      if (!recoursDansLeDelai(r.publieeLe, recueLe))
        throw new RegleMetierError('RECOURS_HORS_DELAI', `Le délai de recours a pris fin le ${dateLongue(r.dateLimiteRecours)} : rien n’a été enregistré.`);
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        // One recours per agent and campaign: two tabs posting at once are put one after the other.
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`recours:${campagneId}:${agentId}`}))`.execute(trx);
        if (await repo.recoursDeLAgent(trx, campagneId, agentId)) return 'DEJA_DEPOSE';
        const { id } = await trx
          .insertInto('recours')
          .values({ campagne_id: campagneId, agent_id: agentId, texte, statut: 'DEPOSE', reponse: null, repondu_par_compte_id: null, repondu_le: null, cree_le: le })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const p of pieces) {
          await trx
            .insertInto('recours_piece')
            .values({ recours_id: id, nom_fichier: p.nom, type_contenu: p.type, taille: p.contenu.length, sha256: crypto.createHash('sha256').update(p.contenu).digest('hex'), contenu: p.contenu, cree_le: le })
            .execute();
        }
        await trx
          .insertInto('evaluation_historique')
          .values({ campagne_id: campagneId, agent_id: agentId, objet: 'RECOURS', cle: id, avant: null, apres: JSON.stringify({ statut: 'DEPOSE', pieces: pieces.length }), source: 'PAGE', par_compte_id: u.compteId, le })
          .execute();
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: 'RECOURS_DEPOSE', cible: `recours:${id}` });
        return 'DEPOSE';
      });
    },

    /** The recours of a campaign the gestionnaire may handle. */
    lister: (u: Utilisateur, campagneId: string, statut: 'DEPOSE' | 'ACCEPTE' | 'REJETE' | null) => repo.recoursGeres(db, campagneId, gestionPar(u), statut),

    /** A recours with its pièces and history; a read of the agent's data, so it is recorded for them. */
    async detail(u: Utilisateur, campagneId: string, id: string) {
      const r = await repo.recoursGere(db, campagneId, id, gestionPar(u));
      if (!r) throw RECOURS_INTROUVABLE();
      const [pieces, historique] = await Promise.all([
        repo.piecesDe(db, r.id),
        db
          .selectFrom('evaluation_historique as h')
          .leftJoin('compte as c', 'c.id', 'h.par_compte_id')
          .select(['h.apres', 'h.le', 'c.nom_affiche'])
          .where('h.campagne_id', '=', campagneId)
          .where('h.objet', '=', 'RECOURS')
          .where('h.cle', '=', r.id)
          .orderBy('h.id')
          .execute(),
      ]);
      await enregistrerConsultation(db, { agentId: r.agent_id, compteId: u.compteId, nomAffiche: u.nomAffiche, role: 'GESTIONNAIRE', page: 'recours', le: clock.now() });
      return { ...r, pieces, historique };
    },

    async piece(u: Utilisateur, campagneId: string, recoursId: string, pieceId: string) {
      const p = await repo.pieceGeree(db, campagneId, recoursId, pieceId, gestionPar(u));
      if (!p) throw new IntrouvableError('PIECE_INTROUVABLE', 'Cette pièce justificative n’existe pas.');
      await enregistrerConsultation(db, { agentId: p.agent_id, compteId: u.compteId, nomAffiche: u.nomAffiche, role: 'GESTIONNAIRE', page: 'piece-recours', le: clock.now() });
      return p;
    },

    async pieceAgent(agentId: string, campagneId: string, recoursId: string, pieceId: string) {
      const p = await repo.pieceDeLAgent(db, campagneId, recoursId, pieceId, agentId);
      if (!p) throw new IntrouvableError('PIECE_INTROUVABLE', 'Cette pièce justificative n’existe pas.');
      return p;
    },

    /** The answer, once; the agent is told (I-Prof message and e-mail), the change historised and audited. */
    async repondre(u: Utilisateur, campagneId: string, id: string, decision: 'ACCEPTE' | 'REJETE', reponse: string): Promise<void> {
      const campagne = await trouverCampagne(db, campagneId);
      if (!campagne) throw new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas.');
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        const r = await repo.recoursVerrouille(trx, campagneId, id, gestionPar(u));
        if (!r) throw RECOURS_INTROUVABLE();
        if (r.statut !== 'DEPOSE') throw new RegleMetierError('RECOURS_DEJA_TRAITE', 'Ce recours a déjà reçu une réponse : rien n’a changé.');
        await trx.updateTable('recours').set({ statut: decision, reponse, repondu_le: le, repondu_par_compte_id: u.compteId }).where('id', '=', r.id).execute();
        await trx
          .insertInto('evaluation_historique')
          .values({ campagne_id: campagneId, agent_id: r.agent_id, objet: 'RECOURS', cle: r.id, avant: JSON.stringify({ statut: 'DEPOSE' }), apres: JSON.stringify({ statut: decision, reponse }), source: 'PAGE', par_compte_id: u.compteId, le })
          .execute();
        const sujet = `Réponse à votre recours gracieux : ${intituleCampagne(campagne)}`;
        const corps = `${decision === 'ACCEPTE' ? 'Votre recours gracieux est accepté' : 'Votre recours gracieux est rejeté'}. Réponse de l’administration : ${reponse}`;
        await trx.insertInto('message').values({ compte_id: null, agent_id: r.agent_id, categorie: 'CAMPAGNE', sujet, corps, cree_le: le, lu_le: null, document_type: null, document_id: null }).execute();
        const agent = await trx.selectFrom('agent').select('email').where('agent_id', '=', r.agent_id).executeTakeFirst();
        if (agent?.email) {
          await trx
            .insertInto('courriel')
            .values({ cle: `recours:${r.id}`, destinataire: agent.email, sujet, corps: `${sujet}. La réponse est dans I-Prof, rubrique « Mes messages ».`, document_type: null, document_id: null, cree_le: le, envoye_le: null, derniere_erreur: null })
            .onConflict((oc) => oc.column('cle').doNothing())
            .execute();
        }
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: decision === 'ACCEPTE' ? 'RECOURS_ACCEPTE' : 'RECOURS_REJETE', cible: `recours:${r.id}` });
      });
    },
  };
}

export type RecoursService = ReturnType<typeof createRecoursService>;
