import crypto from 'node:crypto';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import { analyserFormulaire } from '../../shared/http/formulaire.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { dateParis } from '../../shared/dates.ts';
import * as repo from './signalements.repository.ts';
import * as dossierRepo from './dossier.repository.ts';
import * as messages from './messages.repository.ts';
import type { DossierService, Lecture } from './dossier.service.ts';
import { gestionDe } from './perimetre.repository.ts';
import { NOMBRE_MAX_PIECES, verifierPiece, type FichierRecu } from './pieces.rules.ts';
import {
  CHAMPS_IDENTITE,
  COLONNES,
  estChampIdentite,
  extraire,
  libelleCible,
  schemaCorrection,
  schemaRejet,
  schemaSignalement,
  type StatutSignalement,
  type TypeCible,
} from './signalements.rules.ts';
import { aujourdhui } from './jour.ts';

export type Erreurs = Record<string, string>;
const INTROUVABLE = () => new IntrouvableError('SIGNALEMENT_INTROUVABLE', 'Ce signalement n’existe pas ou n’est pas dans votre périmètre.');
const PIECE_INTROUVABLE = () => new IntrouvableError('PIECE_INTROUVABLE', 'Ce document n’existe pas.');
const PAR_LE_GESTIONNAIRE: Lecture = { mode: 'personnel', role: 'GESTIONNAIRE' };
const CIBLE_INTROUVABLE = () => new IntrouvableError('CIBLE_INTROUVABLE', 'L’élément à signaler n’existe pas dans votre dossier.');

export function createSignalementsService(deps: { db: Database; clock: Clock; dossier: DossierService }) {
  const { db, clock, dossier } = deps;
  const gestionPar = (u: Utilisateur) => gestionDe(u, aujourdhui(clock));

  /** The targeted item of an agent's dossier, as it is now (null when the row is gone, e.g. after a re-import). */
  async function cible(agentId: string, type: TypeCible, id: string): Promise<{ valeur: Record<string, unknown>; libelle: string } | null> {
    if (type === 'IDENTITE') {
      const a = await dossierRepo.agent(db, agentId);
      if (!a || !estChampIdentite(id)) return null;
      return { valeur: { [id]: a[id] }, libelle: libelleCible(type, {}, id) };
    }
    const ligne = await repo.ligneCible(db, type, agentId, id);
    if (!ligne) return null;
    const valeur = extraire(ligne, COLONNES[type]);
    return { valeur, libelle: libelleCible(type, valeur) };
  }

  /**
   * A report the user may handle, or 404: a GESTIONNAIRE, the agent within their perimetre (checked in the query that
   * reads the report), and not the user themself (nobody decides on their own report).
   */
  async function signalementGere(u: Utilisateur, id: string) {
    if (!u.roles.includes('GESTIONNAIRE')) throw INTROUVABLE();
    const s = await repo.signalementGere(db, id, gestionPar(u));
    if (!s) throw INTROUVABLE();
    return { s, lecture: PAR_LE_GESTIONNAIRE };
  }

  return {
    /** What the report form shows: the item as it is now. */
    async cibleDuSignalement(u: Utilisateur, type: TypeCible, id: string) {
      if (!u.agentId) throw CIBLE_INTROUVABLE();
      const c = await cible(u.agentId, type, id);
      if (!c) throw CIBLE_INTROUVABLE();
      return c;
    },

    /** The agent reports an error with one or more pièces justificatives; nothing is stored unless all is valid. */
    async signaler(u: Utilisateur, type: TypeCible, id: string, corps: unknown, fichiers: FichierRecu[]): Promise<{ ok: true; id: string } | { ok: false; erreurs: Erreurs }> {
      if (!u.agentId) throw CIBLE_INTROUVABLE();
      const c = await cible(u.agentId, type, id);
      if (!c) throw CIBLE_INTROUVABLE();
      const f = analyserFormulaire(schemaSignalement, corps);
      const erreurs: Erreurs = f.ok ? {} : { ...f.erreurs };
      const verdicts = fichiers.map(verifierPiece);
      const refus = verdicts.flatMap((v) => (v.ok ? [] : [v.message]));
      if (fichiers.length === 0) erreurs.pieces = 'Joignez au moins une pièce justificative (PDF, JPEG ou PNG).';
      else if (fichiers.length > NOMBRE_MAX_PIECES) erreurs.pieces = `Joignez au plus ${NOMBRE_MAX_PIECES} pièces justificatives.`;
      else if (refus.length > 0) erreurs.pieces = `${refus.join(' ')} Rien n’a été enregistré : joignez à nouveau vos pièces.`;
      if (!f.ok || Object.keys(erreurs).length > 0) return { ok: false, erreurs };
      const le = clock.now();
      const agentId = u.agentId;
      const signalementId = await db.transaction().execute(async (trx) => {
        const sid = await repo.creer(trx, { agentId, auteurCompteId: u.compteId, type, cibleId: id, libelle: c.libelle, valeur: c.valeur, message: f.valeurs.message, le });
        for (const [i, fichier] of fichiers.entries()) {
          const v = verdicts[i]!;
          if (!v.ok) continue;
          const sha256 = crypto.createHash('sha256').update(fichier.contenu).digest('hex');
          await repo.ajouterPiece(trx, { signalementId: sid, nom: v.nom, type: v.type, taille: fichier.contenu.length, sha256, contenu: fichier.contenu, le });
        }
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: 'SIGNALEMENT_DEPOSE', cible: `agent:${agentId}`, details: { signalement: sid, type, cible: id, pieces: fichiers.length } });
        return sid;
      });
      return { ok: true, id: signalementId };
    },

    /** The agent's own report with its documents. */
    async monSignalement(u: Utilisateur, id: string) {
      const s = await repo.signalement(db, id);
      if (!s || !u.agentId || s.agent_id !== u.agentId) throw INTROUVABLE();
      return { s, pieces: await repo.pieces(db, [id]) };
    },

    /** The gestionnaire's queue: reports of agents within their perimetre (filtered before the limit). */
    file(u: Utilisateur, statut: StatutSignalement) {
      return repo.file(db, statut, 500, gestionPar(u));
    },

    /** A report opened by the gestionnaire: a read of the agent's dossier, so it is recorded. */
    async detail(u: Utilisateur, id: string) {
      const { s, lecture } = await signalementGere(u, id);
      const [pieces, actuelle] = await Promise.all([repo.pieces(db, [id]), cible(s.agent_id, s.cible_type, s.cible_id)]);
      await dossier.tracer(u, s.agent_id, lecture, 'signalement');
      return { s, pieces, actuelle };
    },

    /** Accepts: corrects the targeted row, keeps before/after, closes the report and tells the agent, in one transaction. */
    async accepter(u: Utilisateur, id: string, corps: unknown): Promise<{ ok: true } | { ok: false; erreurs: Erreurs }> {
      const { s } = await signalementGere(u, id);
      const f = analyserFormulaire(schemaCorrection(s.cible_type, s.cible_id), corps);
      if (!f.ok) return f;
      const apres = f.valeurs;
      if (s.cible_type === 'SERVICE' && !(await dossierRepo.etablissementExiste(db, String(apres.uai)))) {
        return { ok: false, erreurs: { uai: 'Aucun établissement ne porte cette UAI.' } };
      }
      if (s.cible_type === 'CARRIERE' && (await repo.autreCarriereMemeDate(db, s.agent_id, String(apres.date_effet), s.cible_id))) {
        return { ok: false, erreurs: { date_effet: 'Une autre ligne de carrière de l’agent a déjà cette date d’effet.' } };
      }
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        const verrou = await repo.signalementVerrouille(trx, id);
        if (!verrou || verrou.statut !== 'EN_ATTENTE') throw new RegleMetierError('DEJA_TRAITE', 'Ce signalement a déjà été traité.');
        let avant: Record<string, unknown>;
        if (s.cible_type === 'IDENTITE') {
          const a = await trx.selectFrom('agent').selectAll().where('agent_id', '=', s.agent_id).forUpdate().executeTakeFirst();
          if (!a) throw new RegleMetierError('CIBLE_DISPARUE', 'L’élément signalé n’existe plus : rejetez le signalement.');
          avant = extraire(a, Object.keys(apres));
        } else {
          const ligne = await repo.ligneCible(trx, s.cible_type, s.agent_id, s.cible_id);
          if (!ligne) throw new RegleMetierError('CIBLE_DISPARUE', 'L’élément signalé n’existe plus : rejetez le signalement.');
          avant = extraire(ligne, COLONNES[s.cible_type]);
        }
        await repo.corrigerLigne(trx, s.cible_type, s.agent_id, s.cible_id, apres);
        await repo.enregistrerCorrection(trx, { agentId: s.agent_id, signalementId: id, type: s.cible_type, cibleId: s.cible_id, avant, apres, parCompteId: u.compteId, parNom: u.nomAffiche, le });
        await repo.cloturer(trx, id, { statut: 'ACCEPTE', le, parCompteId: u.compteId, motif: null });
        await messages.envoyer(trx, {
          agentId: s.agent_id,
          categorie: 'SIGNALEMENT',
          sujet: 'Votre signalement a été accepté',
          corps: `Votre signalement du ${dateParis(s.cree_le)} concernant « ${s.cible_libelle} » a été accepté : votre dossier a été corrigé. L’historique des corrections est consultable dans votre dossier.`,
          le,
        });
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: 'SIGNALEMENT_ACCEPTE', cible: `agent:${s.agent_id}`, details: { signalement: id, avant, apres } });
      });
      return { ok: true };
    },

    /** Rejects with a mandatory reason, told to the agent. */
    async rejeter(u: Utilisateur, id: string, corps: unknown): Promise<{ ok: true } | { ok: false; erreurs: Erreurs }> {
      const { s } = await signalementGere(u, id);
      const f = analyserFormulaire(schemaRejet, corps);
      if (!f.ok) return f;
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        const verrou = await repo.signalementVerrouille(trx, id);
        if (!verrou || verrou.statut !== 'EN_ATTENTE') throw new RegleMetierError('DEJA_TRAITE', 'Ce signalement a déjà été traité.');
        await repo.cloturer(trx, id, { statut: 'REJETE', le, parCompteId: u.compteId, motif: f.valeurs.motif });
        await messages.envoyer(trx, {
          agentId: s.agent_id,
          categorie: 'SIGNALEMENT',
          sujet: 'Votre signalement a été rejeté',
          corps: `Votre signalement du ${dateParis(s.cree_le)} concernant « ${s.cible_libelle} » a été rejeté.\nMotif : ${f.valeurs.motif}`,
          le,
        });
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: 'SIGNALEMENT_REJETE', cible: `agent:${s.agent_id}`, details: { signalement: id } });
      });
      return { ok: true };
    },

    /** A document, for its agent or a gestionnaire within their perimetre (the gestionnaire's read is recorded). */
    async piece(u: Utilisateur, id: string) {
      const p = await repo.piece(db, id, { agentId: u.agentId, gestion: u.roles.includes('GESTIONNAIRE') ? gestionPar(u) : null });
      if (!p) throw PIECE_INTROUVABLE();
      if (p.agent_id !== u.agentId) await dossier.tracer(u, p.agent_id, PAR_LE_GESTIONNAIRE, 'piece');
      return p;
    },

    libelleChamp: (champ: string) => CHAMPS_IDENTITE[champ as keyof typeof CHAMPS_IDENTITE] ?? champ,
  };
}

export type SignalementsService = ReturnType<typeof createSignalementsService>;
