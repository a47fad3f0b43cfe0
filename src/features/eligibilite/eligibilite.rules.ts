import type { DateIso } from '../../carriere/enregistrements.ts';
import type { Corps, Position } from '../../carriere/vocabulaire.ts';
import type { DossierEligibilite } from './dossier.ts';
import { motifPosition, type Motif } from './motifs.ts';
import type { Regime, ReglesCampagne } from './regles.ts';
import { gradeALaDate, positionALaDate, type GradeALaDate } from './situation.ts';
import { anneesVivier1, type AnneeVivier1 } from './vivier1.ts';

/** The eligibility of one agent for one campaign, with the facts that explain it. */
export type VerdictEligibilite = {
  agent_id: string;
  corps: Corps;
  annee: number;
  regime: Regime;
  /** D = 31 August N. */
  date_observation: DateIso;
  /** Grade and échelon at D (null: no career row yet). */
  grade: GradeALaDate | null;
  position: Position;
  promouvable: boolean;
  /** Regime A: eligibility to vivier 1 (the candidature is a separate matter). Always false in regime C. */
  vivier1: boolean;
  vivier2: boolean;
  /** Qualifying school years, not capped; null in regime C. */
  annees_vivier1: number | null;
  motifs: Motif[];
  /** One row per counted school year (vivier 1), empty in regime C. */
  annees: AnneeVivier1[];
};

/** `detail: false` leaves `annees` empty (same verdict otherwise): the batch path for a whole campaign. */
export type OptionsEvaluation = { detail?: boolean };

/**
 * DOMAIN.md §5 and §10. Pure: D and every threshold come from the rule set. Never throws for
 * "not eligible": the verdict says why.
 */
export function evaluerEligibilite(dossier: DossierEligibilite, regles: ReglesCampagne, options: OptionsEvaluation = {}): VerdictEligibilite {
  const { agent_id, corps } = dossier.agent;
  const D = regles.dateObservation;
  const grade = gradeALaDate(dossier.carriere, D, regles.dateEffet);
  const position = positionALaDate(dossier.positions, D);
  const motifs: Motif[] = [];
  if (grade?.grade !== 'HC') motifs.push(grade?.grade === 'CE' ? 'DEJA_CLASSE_EXCEPTIONNELLE' : 'GRADE_NON_HC');
  if (!regles.positionsPromouvables.includes(position)) motifs.push(motifPosition(position));
  const commun = motifs.length === 0;
  const echelon = grade?.echelon ?? 0;
  // One object literal per verdict: spreading a shared base costs more than the rules themselves here.
  const verdict = (promouvable: boolean, vivier1: boolean, vivier2: boolean, annees_vivier1: number | null, annees: AnneeVivier1[]): VerdictEligibilite => ({
    agent_id,
    corps,
    annee: regles.annee,
    regime: regles.regime,
    date_observation: D,
    grade,
    position,
    promouvable,
    vivier1,
    vivier2,
    annees_vivier1,
    motifs,
    annees,
  });

  if (regles.regimeC) {
    const atteint = echelon >= regles.regimeC.echelonMinimum[corps];
    if (commun && !atteint) motifs.push('ECHELON_INSUFFISANT');
    return verdict(commun && atteint, false, false, null, []);
  }

  const v1 = regles.vivier1!;
  const { qualifiantes, annees } = anneesVivier1(dossier.services, dossier.labels, v1, regles.debutAnneeScolaire, D, options.detail ?? true);
  const echelonV1 = echelon >= v1.echelonMinimum[corps];
  const anneesV1 = qualifiantes >= v1.anneesRequises;
  const c2 = regles.vivier2![corps];
  const conditionV2 = (c2.exact ? echelon === c2.echelon : echelon >= c2.echelon) && (grade?.annees_echelon ?? 0) >= c2.anneesDansEchelon;
  if (commun) {
    if (!echelonV1) motifs.push('V1_ECHELON_INSUFFISANT');
    if (!anneesV1) motifs.push('V1_ANNEES_INSUFFISANTES');
    if (!conditionV2) motifs.push('V2_CONDITION_NON_REMPLIE');
  }
  const vivier1 = commun && echelonV1 && anneesV1;
  const vivier2 = commun && conditionV2;
  return verdict(vivier1 || vivier2, vivier1, vivier2, qualifiantes, annees);
}
