import type { Writable } from 'node:stream';
import type { Database } from '../../db/connection.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import { ecrireTableur, type FormatTableur } from '../../shared/tableurs/tableur.ts';
import { chargerLabels, parcourirDossiers } from '../dossier/eligibilite.repository.ts';
import { evaluerEligibilite, type VerdictEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour, type ReglesCampagne } from '../eligibilite/regles.ts';
import type { LigneAppreciation, LigneAvis } from '../import/jeu.ts';
import type { Corps } from '../import/vocabulaire.ts';
import { classerRegimeC, classerViviers, type Entree, type Tableau } from './classement.rules.ts';
import { agentsDe, appreciationsImporteesDe, avisImportesDe } from './tableau.repository.ts';
import { feuillesTableau } from './tableau.ts';

/**
 * The promotion table of a corps and year computed from the database (DOMAIN.md §7, §10): the one use case that the
 * table pages and `vivier tableau` share. The dossiers of the corps are read page by page (bounded memory, as the
 * eligibility export); only the agents the table lists are kept (regimes A/B: vivier 1 candidates and vivier 2
 * promouvables; C: promouvables), with their appreciations or avis, then ranked by the pure rules.
 */
export type DemandeTableau = {
  corps: Corps;
  annee: number;
  /** P, the number of promotions. */
  promotions: number;
  /** Regime A: every vivier-1 agent taken as an admissible candidate (before the candidatures are decided). */
  simulation: boolean;
};

export type TableauCalcule = {
  tableau: Tableau;
  regles: ReglesCampagne;
  /** How the vivier-1 list was formed, and where the appreciations or avis come from (French, for the reader). */
  mode: string;
  donnees: string;
};

export async function calculerTableau(db: Database, d: DemandeTableau): Promise<TableauCalcule> {
  const regles = reglesPour(d.annee);
  if (d.simulation && !regles.candidatureRequise)
    throw new RegleMetierError(
      'SIMULATION_SANS_CANDIDATURE',
      `La simulation des candidatures ne concerne que les campagnes à candidature (régime A, 2017 à 2020) : la campagne ${d.annee} (régime ${regles.regime}) n’en a pas.`,
    );
  if (regles.candidatureRequise && !d.simulation)
    throw new RegleMetierError(
      'CANDIDATURES_REQUISES',
      `Aucune campagne ${d.corps} ${d.annee} en base : le tableau du régime A classe au vivier 1 les candidatures recevables d’une campagne. Sans campagne, seule la simulation (chaque agent du vivier 1 pris comme candidat recevable) est possible.`,
    );
  const retenu = (v: VerdictEligibilite) => (regles.regimeC ? v.promouvable : v.vivier1 || v.vivier2);
  const entrees: Entree[] = [];
  const appreciations: LigneAppreciation[] = [];
  const avis: LigneAvis[] = [];
  for await (const page of parcourirDossiers(db, d.corps, await chargerLabels(db))) {
    const verdicts = new Map(page.map((dossier) => [dossier.agent.agent_id, evaluerEligibilite(dossier, regles, { detail: false })] as const));
    const ids = [...verdicts.values()].filter(retenu).map((v) => v.agent_id);
    const [agents, a] = await Promise.all([agentsDe(db, ids), regles.regimeC ? avisImportesDe(db, ids) : appreciationsImporteesDe(db, ids)]);
    for (const agent of agents) entrees.push({ agent, verdict: verdicts.get(agent.agent_id)! });
    if (regles.regimeC) avis.push(...(a as LigneAvis[]));
    else appreciations.push(...(a as LigneAppreciation[]));
  }
  const tableau = regles.regimeC ? classerRegimeC(entrees, avis, regles, d.promotions) : classerViviers(entrees, appreciations, regles, d.promotions, d.simulation ? 'SIMULATION' : undefined);
  return {
    tableau,
    regles,
    mode: regles.candidatureRequise ? 'simulation : chaque agent du vivier 1 pris comme candidat recevable' : regles.regimeC ? 'paliers des avis (régime C)' : 'viviers sans candidature (régime B)',
    donnees: regles.regimeC ? 'import RH : avis.csv' : 'import RH : appreciations.csv',
  };
}

/** The table as `tableau.csv` (DOMAIN.md §8), or as an XLSX or ODS workbook with a « Paramètres » sheet. */
export async function exporterTableauCorps(db: Database, d: DemandeTableau, format: FormatTableur, sortie: Writable): Promise<TableauCalcule> {
  const calcul = await calculerTableau(db, d);
  await ecrireTableur(sortie, format, feuillesTableau(calcul.tableau, { corps: d.corps, regles: calcul.regles, mode: calcul.mode, donnees: calcul.donnees }));
  return calcul;
}
