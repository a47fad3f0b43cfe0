import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AccesRefuseError, IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import type { PieceVerifiee } from '../../shared/pieces/pieces.rules.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { chargerDossier } from '../dossier/eligibilite.repository.ts';
import { dansLaFenetre, visiblePourAgent, type StatutCampagne } from './campagne.machine.ts';
import { trouverCampagne } from './campagne.repository.ts';
import { prefixeReference } from './campagne.service.ts';
import { transitionCandidature, type StatutCandidature } from './candidature.machine.ts';
import * as repo from './candidature.repository.ts';
import { periodesPreremplies } from './candidature.rules.ts';

export type NouvellePeriode = { du: string; au: string; nature: 'FONCTION' | 'EDUCATION_PRIORITAIRE'; fonction: string | null; etablissement: string; commentaire: string | null };

type Campagne = NonNullable<Awaited<ReturnType<typeof trouverCampagne>>>;

/**
 * The agent's candidature (regime A): draft, declared periods, validation, cancellation. Every change runs in
 * a transaction holding a shared lock on the campaign (the closing waits for it) and a lock on the
 * candidature (two tabs or a double click end in one state), and is judged on the instant the request was
 * received, against the campaign's window.
 */
const ID = /^\d{1,18}$/;

function sansDossier() {
  return new AccesRefuseError('SANS_DOSSIER', 'Votre compte n’est rattaché à aucun dossier d’agent : vous ne pouvez pas candidater.');
}

function campagneIntrouvable() {
  return new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas ou ne vous concerne pas.');
}

export function createCandidatureService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  /** The agent of the account (on `conn`: the transaction's own connection when called inside one). */
  async function agentDe(u: Utilisateur, conn: Kysely<DB> | Transaction<DB> = db) {
    if (!u.agentId) throw sansDossier();
    const agent = await conn.selectFrom('agent').select(['agent_id', 'corps']).where('agent_id', '=', u.agentId).executeTakeFirst();
    if (!agent) throw new AccesRefuseError('SANS_DOSSIER', 'Votre dossier d’agent est introuvable : adressez-vous à votre gestionnaire.');
    return agent;
  }

  /** A campaign this agent may see (see visiblePourAgent). Anything else does not exist for them. */
  async function campagnePour(u: Utilisateur, campagneId: string): Promise<{ campagne: Campagne; agentId: string }> {
    const agent = await agentDe(u);
    const campagne = ID.test(campagneId) ? await trouverCampagne(db, campagneId) : undefined;
    if (!campagne || !visiblePourAgent(campagne, agent.corps, clock.now())) throw campagneIntrouvable();
    return { campagne, agentId: agent.agent_id };
  }

  /** Campaign states in which the agent's candidature may still change (CLOSE: a request received before the instant). */
  const STATUTS_DU_DEPOT: readonly StatutCampagne[] = ['PREPARATION', 'OUVERTE', 'CLOSE'];

  function horsDelai(c: Campagne, recueLe: Date): never {
    if (recueLe.getTime() < c.ouverture.getTime()) {
      throw new RegleMetierError('CAMPAGNE_PAS_OUVERTE', `Le dépôt des candidatures ouvrira ${dateHeureParis(c.ouverture)}. Rien n’a été enregistré.`);
    }
    throw new RegleMetierError('CAMPAGNE_CLOSE', `Le dépôt des candidatures est clos depuis ${dateHeureParis(c.fermeture)} : votre demande n’a pas été prise en compte et rien n’a été modifié.`);
  }

  /**
   * Runs a change of the agent's candidature inside the window, with the locks described above. The campaign
   * is read, locked and checked against the agent's corps in the transaction's first statement (the same
   * checks as `campagnePour`, without a round trip before the transaction).
   */
  async function modifier<T>(u: Utilisateur, campagneId: string, recueLe: Date, f: (trx: Transaction<DB>, ctx: { campagne: Campagne; agentId: string; le: Date }) => Promise<T>): Promise<T> {
    if (!u.agentId) throw sansDossier();
    if (!ID.test(campagneId)) throw campagneIntrouvable();
    const agentId = u.agentId;
    return db.transaction().execute(async (trx) => {
      const trouvee = await repo.partagerCampagnePourAgent(trx, campagneId, agentId);
      if (!trouvee || trouvee.corps_agent === null) {
        // The rare refusals: say which (no dossier, or a campaign that is not theirs) as campagnePour does.
        await agentDe(u, trx);
        throw campagneIntrouvable();
      }
      const { corps_agent: corpsAgent, ...campagne } = trouvee;
      if (!visiblePourAgent(campagne, corpsAgent, clock.now())) throw campagneIntrouvable();
      if (campagne.regime !== 'A') throw new RegleMetierError('SANS_CANDIDATURE', 'Cette campagne ne demande pas de candidature : l’administration examine directement les dossiers.');
      // Once the examination has begun, the deposit is over whatever the request's instant (its accusés are issued).
      if (!dansLaFenetre(campagne, recueLe) || !STATUTS_DU_DEPOT.includes(campagne.statut)) horsDelai(campagne, recueLe);
      return f(trx, { campagne, agentId, le: clock.now() });
    });
  }

  async function candidatureVerrouillee(trx: Transaction<DB>, campagneId: string, agentId: string) {
    const c = await repo.verrouillerCandidature(trx, campagneId, agentId);
    if (!c) throw new RegleMetierError('SANS_CANDIDATURE', 'Vous n’avez pas encore commencé de candidature pour cette campagne.');
    return c;
  }

  /** Editing a cancelled candidature makes it a draft again (one history row); a draft stays a draft. */
  async function rendreModifiable(trx: Transaction<DB>, c: { id: string; statut: StatutCandidature }, le: Date, par: string) {
    const vers = transitionCandidature(c.statut, 'MODIFIER');
    if (vers !== c.statut) await repo.changerStatut(trx, c, 'MODIFIER', vers, le, par);
  }

  return {
    campagnePour,

    /** What the candidature page shows: one statement for the candidature, one for the dossier the verdict reads. */
    async vue(u: Utilisateur, campagneId: string) {
      if (!u.agentId) throw sansDossier();
      if (!ID.test(campagneId)) throw campagneIntrouvable();
      const agentId = u.agentId;
      const [page, dossier] = await Promise.all([repo.pageCandidature(db, campagneId, agentId), chargerDossier(db, agentId)]);
      if (!page || page.corpsAgent === null || !visiblePourAgent(page.campagne, page.corpsAgent, clock.now())) {
        await agentDe(u); // no dossier: says so, as campagnePour does
        throw campagneIntrouvable();
      }
      const { campagne, candidature, periodes, pieces, historique, accuseDisponible } = page;
      const regles = reglesPour(campagne.annee);
      const verdict = dossier ? evaluerEligibilite(dossier, regles) : null;
      return { campagne, agentId, regles, verdict, candidature: candidature ?? null, periodes, pieces, historique, accuseDisponible, ouverte: dansLaFenetre(campagne, clock.now()) };
    },

    /** Starts the draft, prefilled with the periods the dossier already proves. Starting twice is harmless. */
    async commencer(u: Utilisateur, campagneId: string, recueLe: Date): Promise<void> {
      const { campagne, agentId } = await campagnePour(u, campagneId);
      const dossier = await chargerDossier(db, agentId);
      const verdict = dossier ? evaluerEligibilite(dossier, reglesPour(campagne.annee)) : null;
      const uais = [...new Set(dossier?.services.map((s) => s.uai) ?? [])];
      const noms = new Map((uais.length ? await db.selectFrom('etablissement').select(['uai', 'nom']).where('uai', 'in', uais).execute() : []).map((e) => [e.uai, e.nom]));
      const proposees = verdict && dossier ? periodesPreremplies(verdict.annees, dossier.services, (uai) => noms.get(uai) ?? uai) : [];
      await modifier(u, campagneId, recueLe, async (trx, { le }) => {
        if (!(await repo.creerSiAbsente(trx, campagneId, agentId, le))) return;
        const c = (await repo.verrouillerCandidature(trx, campagneId, agentId))!;
        await trx.insertInto('candidature_historique').values({ candidature_id: c.id, de: null, vers: 'BROUILLON', evenement: 'CREER', le, par_compte_id: u.compteId, details: '{}' }).execute();
        if (proposees.length > 0) {
          await trx
            .insertInto('candidature_periode')
            .values(proposees.map((p) => ({ candidature_id: c.id, du: p.du, au: p.au, nature: p.nature, fonction: p.fonction, etablissement: p.etablissement, source: 'DOSSIER' as const, commentaire: null })))
            .execute();
        }
      });
    },

    async ajouterPeriode(u: Utilisateur, campagneId: string, p: NouvellePeriode, recueLe: Date, pieces: readonly PieceVerifiee[] = []): Promise<string> {
      return modifier(u, campagneId, recueLe, async (trx, { agentId, le }) => {
        const c = await candidatureVerrouillee(trx, campagneId, agentId);
        await rendreModifiable(trx, c, le, u.compteId);
        const { id } = await trx
          .insertInto('candidature_periode')
          .values({ candidature_id: c.id, du: p.du, au: p.au, nature: p.nature, fonction: p.fonction, etablissement: p.etablissement, source: 'AGENT', commentaire: p.commentaire })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const piece of pieces) {
          await trx
            .insertInto('candidature_piece')
            .values({ periode_id: id, nom_fichier: piece.nom, type_contenu: piece.type, taille: piece.contenu.length, sha256: crypto.createHash('sha256').update(piece.contenu).digest('hex'), contenu: piece.contenu, cree_le: le })
            .execute();
        }
        await trx.updateTable('candidature').set({ modifie_le: le }).where('id', '=', c.id).execute();
        return id;
      });
    },

    async supprimerPeriode(u: Utilisateur, campagneId: string, periodeId: string, recueLe: Date): Promise<void> {
      await modifier(u, campagneId, recueLe, async (trx, { agentId, le }) => {
        const c = await candidatureVerrouillee(trx, campagneId, agentId);
        const p = ID.test(periodeId)
          ? await trx.selectFrom('candidature_periode').select(['id', 'source']).where('id', '=', periodeId).where('candidature_id', '=', c.id).executeTakeFirst()
          : undefined;
        if (!p) return; // already removed (double click, Back then resubmit): nothing to do
        if (p.source !== 'AGENT') throw new RegleMetierError('PERIODE_DU_DOSSIER', 'Cette période vient de votre dossier administratif : signalez une erreur à votre gestionnaire si elle est inexacte.');
        await rendreModifiable(trx, c, le, u.compteId);
        await trx.deleteFrom('candidature_periode').where('id', '=', p.id).execute();
      });
    },

    /** A pièce of the agent's own candidature, or undefined. */
    async piece(u: Utilisateur, campagneId: string, pieceId: string) {
      const { agentId } = await campagnePour(u, campagneId);
      if (!ID.test(pieceId)) return undefined;
      return db
        .selectFrom('candidature_piece as p')
        .innerJoin('candidature_periode as pe', 'pe.id', 'p.periode_id')
        .innerJoin('candidature as c', 'c.id', 'pe.candidature_id')
        .select(['p.nom_fichier', 'p.type_contenu', 'p.contenu'])
        .where('p.id', '=', pieceId)
        .where('c.campagne_id', '=', campagneId)
        .where('c.agent_id', '=', agentId)
        .executeTakeFirst();
    },

    /** Validates; validating an already validated candidature (double click, retry) changes nothing. */
    async valider(u: Utilisateur, campagneId: string, recueLe: Date): Promise<'VALIDEE' | 'DEJA_VALIDEE'> {
      // The common case (an open campaign, a draft or cancelled candidature) in one statement, without a transaction
      // held across round trips: the closing rush is made of it. Anything else falls through to the transaction.
      if (u.agentId && ID.test(campagneId)) {
        const maintenant = clock.now();
        const r = await repo.validerEnUneInstruction(db, { campagneId, agentId: u.agentId, recueLe, maintenant, le: maintenant, par: u.compteId });
        if (r && (r.avant === 'BROUILLON' || r.avant === 'ANNULEE')) {
          if (r.ecrites !== 1) throw new Error(`validation : ${r.ecrites} ligne(s) d’historique écrite(s) au lieu d’une`);
          return 'VALIDEE';
        }
        // Under the same locks, the answer the transaction below gives for these states.
        if (r && (r.avant === 'ENREGISTREE' || r.avant === 'DEPOSEE')) return 'DEJA_VALIDEE';
      }
      return modifier(u, campagneId, recueLe, async (trx, { campagne, agentId, le }) => {
        const c = await candidatureVerrouillee(trx, campagneId, agentId);
        if (c.statut === 'ENREGISTREE' || c.statut === 'DEPOSEE') return 'DEJA_VALIDEE';
        await repo.changerStatut(trx, c, 'VALIDER', transitionCandidature(c.statut, 'VALIDER'), le, u.compteId, recueLe);
        if (campagne.statut === 'CLOSE') {
          // Received before the closing instant but processed after the deposit ran: deposited at once.
          await repo.changerStatut(trx, { id: c.id, statut: 'ENREGISTREE' }, 'CLORE', 'DEPOSEE', le, null);
          await trx.updateTable('candidature').set({ reference: `${prefixeReference(campagne)}${c.id.padStart(6, '0')}` }).where('id', '=', c.id).execute();
        }
        return 'VALIDEE';
      });
    },

    /** Cancels; cancelling an already cancelled candidature changes nothing. */
    async annuler(u: Utilisateur, campagneId: string, recueLe: Date): Promise<'ANNULEE' | 'DEJA_ANNULEE'> {
      return modifier(u, campagneId, recueLe, async (trx, { agentId, le }) => {
        const c = await candidatureVerrouillee(trx, campagneId, agentId);
        if (c.statut === 'ANNULEE') return 'DEJA_ANNULEE';
        await repo.changerStatut(trx, c, 'ANNULER', transitionCandidature(c.statut, 'ANNULER'), le, u.compteId);
        return 'ANNULEE';
      });
    },
  };
}

export type CandidatureService = ReturnType<typeof createCandidatureService>;
