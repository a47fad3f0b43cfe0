import { createHash } from 'node:crypto';
import type { Database } from '../db/connection.ts';
import type { Clock } from '../shared/clock.ts';
import type { Utilisateur } from '../shared/http/session.ts';
import type { Appreciation, Avis, Vivier } from '../carriere/vocabulaire.ts';
import { createCampagneService } from '../features/campagnes/campagne.service.ts';
import { createDocumentsService } from '../features/campagnes/documents.service.ts';
import { createRecevabiliteService } from '../features/campagnes/recevabilite.service.ts';
import { periodesPreremplies } from '../features/campagnes/candidature.rules.ts';
import { chargerDossier } from '../features/dossier/eligibilite.repository.ts';
import { evaluerEligibilite } from '../features/eligibilite/eligibilite.rules.ts';
import { reglesPour } from '../features/eligibilite/regles.ts';
import { createAppreciationService } from '../features/evaluation/appreciation.service.ts';
import { createAvisService } from '../features/evaluation/avis.service.ts';
import { agentsExamines, campagneExaminee } from '../features/evaluation/completude.ts';
import { quotaExcellent } from '../features/evaluation/appreciation.rules.ts';
import { COMPTES_DEMO } from './comptes.ts';

const JOUR_MS = 86_400_000;

/** The agent whose candidature the demo leaves to examine: jdupont, with a declared period and its pièce. */
export const AGENT_A_EXAMINER = 'DEMO0001';

/** A 1×1 PNG: the pièce of jdupont's declared period (the page shows it inline). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A demo account as the services see a logged-in user. */
async function utilisateur(db: Database, identifiant: string): Promise<Utilisateur> {
  const c = COMPTES_DEMO.find((x) => x.identifiant === identifiant)!;
  const { id } = await db.selectFrom('compte').select('id').where('identifiant', '=', identifiant).executeTakeFirstOrThrow();
  return { compteId: id, identifiant, nomAffiche: c.nomAffiche, roles: c.roles, perimetre: c.perimetre ?? {}, qualiteEvaluateur: c.qualiteEvaluateur ?? null, agentId: c.agentId ?? null, precedenteConnexion: null, favoris: [] };
}

/**
 * PE 2020 (rules 2017–2020, candidature required), a campaign whose window closed ten days ago, taken through the real
 * steps: opened at its date (a clock set back), every vivier-1 agent's candidature validated with the periods their
 * dossier proves (jdupont also declares a period of his own, with a pièce), closed and deposited, accusés issued,
 * examined. The gestionnaire has declared every candidature but jdupont's; the IEN has written the appreciations and the
 * recteur given the final ones (the vivier-1 « Excellent » up to the quota), jdupont's excepted. What is left is the
 * regime A journey after closing: jdupont's recevabilité, his appreciations, the table, its arrêté and publication.
 */
export async function seedCampagneExamineeDemo(db: Database, clock: Clock): Promise<string | null> {
  const existe = await db.selectFrom('campagne').select('id').where('corps', '=', 'PE').where('annee', '=', 2020).executeTakeFirst();
  if (existe) return null;
  const maintenant = clock.now().getTime();
  const ouverture = new Date(maintenant - 40 * JOUR_MS);
  const fermeture = new Date(maintenant - 10 * JOUR_MS);
  const id = await createCampagneService({ db, clock }).creer({ corps: 'PE', annee: 2020, ouverture, fermeture, promotions: 8 }, null);
  // Opened at its date: the opening notices are dated then.
  await createCampagneService({ db, clock: { now: () => new Date(ouverture.getTime() + 60_000) } }).appliquerEcheances();

  const regles = reglesPour(2020);
  const agents = await db.selectFrom('agent').select('agent_id').where('corps', '=', 'PE').orderBy('agent_id').execute();
  const noms = new Map((await db.selectFrom('etablissement').select(['uai', 'nom']).execute()).map((e) => [e.uai, e.nom]));
  const jdupont = await db.selectFrom('compte').select('id').where('identifiant', '=', 'jdupont').executeTakeFirst();
  const valideeLe = new Date(ouverture.getTime() + 5 * JOUR_MS);
  for (const { agent_id } of agents) {
    const dossier = await chargerDossier(db, agent_id);
    const verdict = dossier ? evaluerEligibilite(dossier, regles) : null;
    if (!dossier || !verdict?.vivier1) continue;
    const par = agent_id === AGENT_A_EXAMINER ? (jdupont?.id ?? null) : null;
    const { id: candidatureId } = await db
      .insertInto('candidature')
      .values({ campagne_id: id, agent_id, statut: 'ENREGISTREE', cree_le: valideeLe, modifie_le: valideeLe, validee_le: valideeLe, reference: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('candidature_historique')
      .values([
        { candidature_id: candidatureId, de: null, vers: 'BROUILLON', evenement: 'CREER', le: valideeLe, par_compte_id: par, details: '{}' },
        { candidature_id: candidatureId, de: 'BROUILLON', vers: 'ENREGISTREE', evenement: 'VALIDER', le: valideeLe, par_compte_id: par, details: '{}' },
      ])
      .execute();
    const periodes = periodesPreremplies(verdict.annees, dossier.services, (uai) => noms.get(uai) ?? uai);
    if (periodes.length > 0)
      await db
        .insertInto('candidature_periode')
        .values(periodes.map((p) => ({ candidature_id: candidatureId, du: p.du, au: p.au, nature: p.nature, fonction: p.fonction, etablissement: p.etablissement, source: 'DOSSIER' as const, commentaire: null })))
        .execute();
    if (agent_id === AGENT_A_EXAMINER) {
      const p = await db
        .insertInto('candidature_periode')
        .values({ candidature_id: candidatureId, du: '2005-09-01', au: '2008-08-31', nature: 'FONCTION', fonction: 'MAITRE_FORMATEUR', etablissement: 'Circonscription d’Abbeville', source: 'AGENT', commentaire: 'Maître formateur, voir l’attestation jointe' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('candidature_piece')
        .values({ periode_id: p.id, nom_fichier: 'attestation-maitre-formateur.png', type_contenu: 'image/png', taille: PNG.length, sha256: createHash('sha256').update(PNG).digest('hex'), contenu: PNG, cree_le: valideeLe })
        .execute();
    }
  }

  // Closed, deposited, accusés issued, examined: the scheduler's own steps, now.
  const campagnes = createCampagneService({ db, clock, apresCloture: (c) => createDocumentsService({ db, clock }).emettreAccuses(c) });
  await campagnes.appliquerEcheances();

  const gestion = await utilisateur(db, 'gestion1');
  const recevabilite = createRecevabiliteService({ db, clock });
  const deposees = await db.selectFrom('candidature').select(['id', 'agent_id']).where('campagne_id', '=', id).where('statut', '=', 'DEPOSEE').orderBy('agent_id').execute();
  for (const c of deposees) if (c.agent_id !== AGENT_A_EXAMINER) await recevabilite.declarer(gestion, id, c.id);

  // Appreciations: the IEN's text and the recteur's final appreciation for every examined agent, jdupont excepted.
  const ien = await utilisateur(db, 'ien1');
  const recteur = await utilisateur(db, 'recteur1');
  const appreciations = createAppreciationService({ db, clock });
  const pop = await agentsExamines(db, await campagneExaminee(db, id));
  const quota = quotaExcellent(pop.regles, pop.effectifs);
  const excellents: Record<Vivier, number> = { 1: 0, 2: 0 };
  const SUITE: Appreciation[] = ['TRES_SATISFAISANT', 'SATISFAISANT', 'TRES_SATISFAISANT', 'INSATISFAISANT', 'SATISFAISANT'];
  let k = 0;
  for (const e of pop.examines.values()) {
    if (e.agent_id === AGENT_A_EXAMINER) continue;
    await appreciations.ecrireTexte(ien, id, e.agent_id, 'Parcours solide et engagement reconnu dans la circonscription.');
    for (const vivier of e.listes) {
      const appreciation: Appreciation = excellents[vivier] < quota[vivier] ? 'EXCELLENT' : SUITE[k++ % SUITE.length]!;
      if (appreciation === 'EXCELLENT') excellents[vivier]++;
      await appreciations.apprecier(recteur, id, e.agent_id, vivier, appreciation);
    }
  }
  return id;
}

/**
 * The avis of the demo's PE 2026 campaign (regime C, in examination from its opening): the IEN has given the avis of
 * every promouvable of the Somme but the last three (left for the IEN to try), all favourable or very favourable but one,
 * so that the table has more than 20 lines.
 */
export async function seedAvisDemo(db: Database, clock: Clock, campagneId: string): Promise<void> {
  const ien = await utilisateur(db, 'ien1');
  const pop = await agentsExamines(db, await campagneExaminee(db, campagneId));
  const ids = [...pop.examines.keys()].sort();
  const SUITE: Avis[] = ['TRES_FAVORABLE', 'FAVORABLE', 'FAVORABLE', 'TRES_FAVORABLE', 'FAVORABLE'];
  const avis = createAvisService({ db, clock });
  // One défavorable (not listed), the others favourable or very favourable.
  for (const [i, agentId] of ids.slice(0, Math.max(0, ids.length - 3)).entries()) await avis.donnerAvis(ien, campagneId, agentId, i === 5 ? 'DEFAVORABLE' : SUITE[i % SUITE.length]!, null);
}
