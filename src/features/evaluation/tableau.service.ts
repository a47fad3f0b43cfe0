import type { Writable } from 'node:stream';
import type { Database } from '../../db/connection.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import { ecrireTableur, type FormatTableur } from '../../shared/tableurs/tableur.ts';
import { chargerLabels, parcourirDossiers } from '../dossier/eligibilite.repository.ts';
import { evaluerEligibilite, type VerdictEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour, type ReglesCampagne } from '../eligibilite/regles.ts';
import type { LigneAppreciation, LigneAvis } from '../../carriere/enregistrements.ts';
import type { Corps, Vivier } from '../../carriere/vocabulaire.ts';
import { listesExaminees } from './appreciation.rules.ts';
import { classerRegimeC, classerViviers, echelonMinimumClasse, promotionsRegimeC, type Candidatures, type Entree, type Tableau } from './classement.rules.ts';
import { agentsDe, appreciationsCampagneDe, appreciationsImporteesDe, avisCampagneDe, avisImportesDe, campagneDe, candidatsRecevables } from './tableau.repository.ts';
import { feuillesTableau } from './tableau.ts';
import { plafonnerExcellent, type PartsExcellent, type QuotaSimule } from './simulation.rules.ts';

/**
 * The promotion table of a corps and year computed from the database (DOMAIN.md §7, §10): the one use case that the
 * table pages and `vivier tableau` share. The dossiers of the corps's hors-classe agents at the lowest échelon a list
 * can hold are read page by page (bounded memory, as the eligibility export; a fifth of a national corps); only the
 * agents the table lists are kept (regimes A/B: vivier 1 candidates and vivier 2 promouvables; C: promouvables), with
 * their appreciations or avis, then ranked by the pure rules.
 *
 * Where the inputs come from: the campaign of that corps and year when there is one (its RECEVABLE candidatures in
 * regime A, the autorité's appreciations or the avis entered or loaded for it); otherwise the imported
 * appreciations.csv / avis.csv, with no candidature (regime A then needs the simulation). The numbers of the ranking
 * (V2 share, points, order) are the rule set's of that year.
 */
export type DemandeTableau = {
  corps: Corps;
  annee: number;
  /** P, the number of promotions. */
  promotions: number;
  /** Regime A: every vivier-1 agent taken as an admissible candidate (before the candidatures are decided). */
  simulation: boolean;
  /** Regimes A/B, a simulation: the V2 share (%) instead of the rule set's. */
  partSiegesVivier2?: number;
  /** Regime C: P = floor(ratio × promouvables) (the campaign's parameter), instead of `promotions`. */
  ratio?: number;
  /** Regimes A/B, a simulation: another EXCELLENT quota (% of each list), applied to the stored appreciations (simulation.rules.ts). */
  partExcellent?: PartsExcellent;
};

export type TableauCalcule = {
  tableau: Tableau;
  regles: ReglesCampagne;
  /** The campaign whose inputs were read, or null (imported data). */
  campagneId: string | null;
  /** How the vivier-1 list was formed, and where the appreciations or avis come from (French, for the reader). */
  mode: string;
  donnees: string;
  /** What the ranking read (the arrêté hashes them): the listed agents with their verdicts, and the appreciations or avis. */
  entrees: Entree[];
  appreciations: LigneAppreciation[];
  avis: LigneAvis[];
  candidatures: Candidatures | undefined;
  /** A simulated EXCELLENT quota's effect, per list (empty without one). */
  quotasSimules: QuotaSimule[];
};

type Sources = {
  campagneId: string | null;
  candidatures: Candidatures | undefined;
  appreciations(ids: readonly string[]): Promise<LigneAppreciation[]>;
  avis(ids: readonly string[]): Promise<LigneAvis[]>;
  mode: string;
  donnees: string;
};

async function sources(db: Database, d: DemandeTableau, regles: ReglesCampagne): Promise<Sources> {
  if (d.simulation && !regles.candidatureRequise)
    throw new RegleMetierError(
      'SIMULATION_SANS_CANDIDATURE',
      `La simulation des candidatures ne concerne que les campagnes à candidature (régime A, 2017 à 2020) : la campagne ${d.annee} (régime ${regles.regime}) n’en a pas.`,
    );
  const modeSansCandidature = regles.regimeC ? 'paliers des avis (régime C)' : 'viviers sans candidature (régime B)';
  const simulation = 'simulation : chaque agent du vivier 1 pris comme candidat recevable';
  const campagne = await campagneDe(db, d.corps, d.annee);
  if (campagne) {
    const id = campagne.id;
    return {
      campagneId: id,
      candidatures: !regles.candidatureRequise ? undefined : d.simulation ? 'SIMULATION' : await candidatsRecevables(db, id),
      appreciations: (ids) => appreciationsCampagneDe(db, id, ids),
      avis: (ids) => avisCampagneDe(db, id, ids),
      mode: !regles.candidatureRequise ? modeSansCandidature : d.simulation ? simulation : `candidatures recevables de la campagne n° ${id}`,
      donnees: `campagne n° ${id} (${d.corps} ${d.annee}) : ${regles.regimeC ? 'avis saisis ou chargés' : 'appréciations de l’autorité'}`,
    };
  }
  if (regles.candidatureRequise && !d.simulation)
    throw new RegleMetierError(
      'CANDIDATURES_REQUISES',
      `Aucune campagne ${d.corps} ${d.annee} en base : le tableau du régime A classe au vivier 1 les candidatures recevables d’une campagne. Sans campagne, seule la simulation (chaque agent du vivier 1 pris comme candidat recevable) est possible.`,
    );
  return {
    campagneId: null,
    candidatures: d.simulation ? 'SIMULATION' : undefined,
    appreciations: (ids) => appreciationsImporteesDe(db, ids),
    avis: (ids) => avisImportesDe(db, ids),
    mode: d.simulation ? simulation : modeSansCandidature,
    donnees: `import RH (aucune campagne ${d.corps} ${d.annee} en base) : ${regles.regimeC ? 'avis.csv' : 'appreciations.csv'}`,
  };
}

/** One agent a campaign examines: their verdict, and the lists they are examined in (regimes A/B; regime C: none). */
export type AgentExamine = { verdict: VerdictEligibilite; listes: Vivier[] };

/**
 * The agents a campaign's table lists, page by page: the one selection that the table, the appreciation and avis
 * pages, their quotas and the arrêté's completeness read (completude.ts). The dossiers of the corps's hors-classe
 * agents at the lowest échelon a list can hold are judged by the rule set; regimes A/B keep the agents of a list
 * (`listesExaminees`: vivier 1 with an admissible candidature in regime A, `candidat` saying which; vivier 2), regime C
 * the promouvables.
 */
export async function* parcourirExamines(db: Database, corps: Corps, regles: ReglesCampagne, candidat: (agentId: string) => boolean): AsyncGenerator<AgentExamine[]> {
  const horsClasse = { date: regles.dateObservation, echelon: echelonMinimumClasse(regles, corps) };
  for await (const page of parcourirDossiers(db, corps, await chargerLabels(db), { horsClasse, jusqua: regles.dateObservation })) {
    const examines: AgentExamine[] = [];
    for (const dossier of page) {
      const verdict = evaluerEligibilite(dossier, regles, { detail: false });
      const listes = listesExaminees(regles, verdict, candidat(verdict.agent_id));
      if (regles.regimeC ? verdict.promouvable : listes.length > 0) examines.push({ verdict, listes });
    }
    yield examines;
  }
}

export async function calculerTableau(db: Database, d: DemandeTableau): Promise<TableauCalcule> {
  const base = reglesPour(d.annee);
  const regles = d.partSiegesVivier2 === undefined || !base.classement ? base : { ...base, classement: { ...base.classement, partSiegesVivier2: d.partSiegesVivier2 } };
  const src = await sources(db, d, regles);
  // Regime A: vivier-1 agents without an admissible candidature are not read (unless they are in vivier 2).
  const candidat = (id: string) => src.candidatures === undefined || src.candidatures === 'SIMULATION' || src.candidatures.has(id);
  const entrees: Entree[] = [];
  const appreciations: LigneAppreciation[] = [];
  const avis: LigneAvis[] = [];
  for await (const page of parcourirExamines(db, d.corps, regles, candidat)) {
    const verdicts = new Map(page.map((e) => [e.verdict.agent_id, e.verdict] as const));
    const ids = [...verdicts.keys()];
    const [agents] = await Promise.all([agentsDe(db, ids), regles.regimeC ? src.avis(ids).then((a) => avis.push(...a)) : src.appreciations(ids).then((a) => appreciations.push(...a))]);
    for (const agent of agents) entrees.push({ agent, verdict: verdicts.get(agent.agent_id)! });
  }
  // Regime C: every listed agent is promouvable, so P follows from their number.
  const promotions = regles.regimeC && d.ratio !== undefined ? promotionsRegimeC(d.ratio, entrees.length) : d.promotions;
  const plafond = !regles.regimeC && d.partExcellent ? plafonnerExcellent(entrees, appreciations, regles, src.candidatures, d.partExcellent) : null;
  const classees = plafond?.appreciations ?? appreciations;
  const tableau = regles.regimeC ? classerRegimeC(entrees, avis, regles, promotions) : classerViviers(entrees, classees, regles, promotions, src.candidatures);
  return { tableau, regles, campagneId: src.campagneId, mode: src.mode, donnees: src.donnees, entrees, appreciations: classees, avis, candidatures: src.candidatures, quotasSimules: plafond?.quotas ?? [] };
}

/** The table as `tableau.csv` (DOMAIN.md §8), or as an XLSX or ODS workbook with a « Paramètres » sheet. */
export async function exporterTableauCorps(db: Database, d: DemandeTableau, format: FormatTableur, sortie: Writable): Promise<TableauCalcule> {
  const calcul = await calculerTableau(db, d);
  await ecrireTableur(sortie, format, feuillesTableau(calcul.tableau, { corps: d.corps, regles: calcul.regles, mode: calcul.mode, donnees: calcul.donnees }));
  return calcul;
}
