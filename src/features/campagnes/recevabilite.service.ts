import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { chargerDossier } from '../dossier/eligibilite.repository.ts';
import { gestionDe } from '../dossier/perimetre.repository.ts';
import { aujourdhui } from '../dossier/jour.ts';
import { verifierEnExamen } from './campagne.machine.ts';
import { intituleCampagne } from './campagne.service.ts';
import { LIBELLE_STATUT_CANDIDATURE, transitionCandidature, type StatutCandidature } from './candidature.machine.ts';
import { CANDIDATURE_INTROUVABLE } from './candidatures-gestion.service.ts';
import * as repo from './candidatures-gestion.repository.ts';
import { avisRecevabilite, jugerRecevabilite, periodesADecider, type DecisionPeriode, type MotifRejet, type PeriodeExaminee } from './recevabilite.rules.ts';

export type SaisieDecision = { decision: DecisionPeriode; motif: MotifRejet | null; motifTexte: string | null };

const EXAMINEES: readonly StatutCandidature[] = ['DEPOSEE', 'RECEVABLE', 'IRRECEVABLE'];

/**
 * Recevabilité of regime A (DOMAIN.md §6, docs/adr/0010-evaluation.md). The gestionnaire decides each declared period,
 * then declares the candidature, which the eligibility engine judges on the accepted periods only; the agent is told
 * (I-Prof message and e-mail, the motif of each rejected period). A decision changed on a candidature already declared
 * is judged again at once. Each write: one transaction, the campaign share-locked (examined, not arrêté meanwhile), the
 * candidature locked (two gestionnaires decide one after the other), every change historised with who and when.
 */
export function createRecevabiliteService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  /** The campaign examined and of regime A, the candidature within the scope and deposited: else a French refusal. */
  async function ouvrir(trx: Transaction<DB>, u: Utilisateur, campagneId: string, candidatureId: string) {
    const campagne = await repo.partagerCampagne(trx, campagneId);
    if (!campagne) throw new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas ou n’est pas dans votre périmètre.');
    if (campagne.regime !== 'A') throw new RegleMetierError('SANS_RECEVABILITE', 'Cette campagne ne demande pas de candidature : il n’y a pas de recevabilité à examiner.');
    const c = await repo.candidatureVerrouillee(trx, campagneId, candidatureId, gestionDe(u, aujourdhui(clock)));
    if (!c) throw CANDIDATURE_INTROUVABLE();
    verifierEnExamen(campagne.statut);
    if (!EXAMINEES.includes(c.statut)) {
      throw new RegleMetierError('CANDIDATURE_NON_DEPOSEE', `Seule une candidature déposée s’examine : celle-ci est « ${LIBELLE_STATUT_CANDIDATURE[c.statut]} ».`);
    }
    return { campagne, c };
  }

  /**
   * Judges the candidature on its accepted periods and moves it if the verdict changes it (or declares it, from
   * DEPOSEE), with its history and the agent's notice. Returns the new state.
   */
  async function juger(trx: Transaction<DB>, u: Utilisateur, campagne: { id: string; corps: string; annee: number }, c: { id: string; agent_id: string; statut: StatutCandidature }, le: Date) {
    const periodes = (await repo.periodesDe(trx, c.id)) as PeriodeExaminee[];
    const dossier = await chargerDossier(trx, c.agent_id);
    if (!dossier) throw new RegleMetierError('DOSSIER_ABSENT', 'Le dossier de cet agent n’est plus dans les données RH : sa recevabilité ne peut pas être jugée.');
    const regles = reglesPour(campagne.annee);
    const verdict = jugerRecevabilite(dossier, periodes, regles);
    const vers = transitionCandidature(c.statut, verdict.recevable ? 'DECLARER_RECEVABLE' : 'DECLARER_IRRECEVABLE');
    if (vers === c.statut) return vers; // a revision that leaves the outcome as it was
    const rejetees = periodes.filter((p) => p.decision === 'REJETEE').map((p) => ({ id: p.id, motif: p.motif, motifTexte: p.motif_texte }));
    const details = { anneesRetenues: verdict.anneesRetenues, anneesRequises: verdict.anneesRequises, motifs: verdict.motifs, periodesRejetees: rejetees, versionRegles: String(regles.annee) };
    await trx.updateTable('candidature').set({ statut: vers, modifie_le: le }).where('id', '=', c.id).execute();
    const h = await trx
      .insertInto('candidature_historique')
      .values({ candidature_id: c.id, de: c.statut, vers, evenement: verdict.recevable ? 'DECLARER_RECEVABLE' : 'DECLARER_IRRECEVABLE', le, par_compte_id: u.compteId, details: JSON.stringify(details) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('evaluation_historique')
      .values({ campagne_id: campagne.id, agent_id: c.agent_id, objet: 'RECEVABILITE', cle: c.id, avant: JSON.stringify({ statut: c.statut }), apres: JSON.stringify({ statut: vers, ...details }), source: 'PAGE', par_compte_id: u.compteId, le })
      .execute();
    const { sujet, corps } = avisRecevabilite(intituleCampagne(campagne), verdict, periodes);
    await trx.insertInto('message').values({ compte_id: null, agent_id: c.agent_id, categorie: 'CAMPAGNE', sujet, corps, cree_le: le, lu_le: null, document_type: null, document_id: null }).execute();
    await sql`INSERT INTO courriel (cle, destinataire, sujet, corps, cree_le)
      SELECT ${`recevabilite:${c.id}:${h.id}`}, a.email, ${sujet}, ${corps}, ${le} FROM agent a WHERE a.agent_id = ${c.agent_id} AND a.email <> ''
      ON CONFLICT (cle) DO NOTHING`.execute(trx);
    return vers;
  }

  return {
    /**
     * Accepts or rejects one declared period. The same decision again changes nothing; a change on a candidature
     * already declared judges it again. Returns whether anything changed and the candidature's state.
     */
    async deciderPeriode(u: Utilisateur, campagneId: string, candidatureId: string, periodeId: string, s: SaisieDecision): Promise<{ change: boolean; statut: StatutCandidature }> {
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        const { campagne, c } = await ouvrir(trx, u, campagneId, candidatureId);
        const p = await repo.periodeDe(trx, c.id, periodeId);
        if (!p) throw new IntrouvableError('PERIODE_INTROUVABLE', 'Cette période n’existe pas dans cette candidature.');
        if (p.source === 'DOSSIER') throw new RegleMetierError('PERIODE_PROUVEE', 'Cette période est prouvée par le dossier : elle est retenue sans décision.');
        const apres = { decision: s.decision, motif: s.decision === 'REJETEE' ? s.motif : null, motifTexte: s.motifTexte };
        const avant = { decision: p.decision, motif: p.motif, motifTexte: p.motif_texte };
        if (avant.decision === apres.decision && avant.motif === apres.motif && avant.motifTexte === apres.motifTexte) return { change: false, statut: c.statut };
        await trx
          .updateTable('candidature_periode')
          .set({ decision: apres.decision, motif: apres.motif, motif_texte: apres.motifTexte, decidee_par_compte_id: u.compteId, decidee_le: le })
          .where('id', '=', p.id)
          .execute();
        await trx
          .insertInto('evaluation_historique')
          .values({ campagne_id: campagne.id, agent_id: c.agent_id, objet: 'PERIODE', cle: p.id, avant: JSON.stringify(avant), apres: JSON.stringify(apres), source: 'PAGE', par_compte_id: u.compteId, le })
          .execute();
        const statut = c.statut === 'DEPOSEE' ? c.statut : await juger(trx, u, campagne, c, le);
        return { change: true, statut };
      });
    },

    /** Declares the candidature recevable or irrecevable, as the engine finds it, once every declared period is decided. */
    async declarer(u: Utilisateur, campagneId: string, candidatureId: string): Promise<StatutCandidature> {
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        const { campagne, c } = await ouvrir(trx, u, campagneId, candidatureId);
        if (c.statut !== 'DEPOSEE') {
          throw new RegleMetierError('DEJA_DECLAREE', `Cette candidature est déjà déclarée « ${LIBELLE_STATUT_CANDIDATURE[c.statut]} » : une décision changée sur une période la fait juger à nouveau.`);
        }
        const restantes = periodesADecider(await repo.periodesDe(trx, c.id));
        if (restantes > 0) {
          throw new RegleMetierError('PERIODES_A_DECIDER', `${restantes} période${restantes > 1 ? 's déclarées restent' : ' déclarée reste'} à examiner : acceptez-la ou rejetez-la avant de déclarer la candidature.`);
        }
        return juger(trx, u, campagne, c, le);
      });
    },
  };
}

export type RecevabiliteService = ReturnType<typeof createRecevabiliteService>;
