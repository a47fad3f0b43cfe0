import { POSITIONS, type Position } from '../../carriere/vocabulaire.ts';

/**
 * Stable reason codes of an eligibility verdict (the `motifs` column of the export), in the order they
 * are listed: common conditions first, then vivier 1, vivier 2, regime C.
 */
export const MOTIFS = [
  'GRADE_NON_HC',
  'DEJA_CLASSE_EXCEPTIONNELLE',
  ...POSITIONS.map((p) => `POSITION_${p}` as const),
  'V1_ECHELON_INSUFFISANT',
  'V1_ANNEES_INSUFFISANTES',
  'V2_CONDITION_NON_REMPLIE',
  'ECHELON_INSUFFISANT',
] as const;
export type Motif = (typeof MOTIFS)[number];

export function motifPosition(p: Position): Motif {
  return `POSITION_${p}`;
}

const LIBELLE_POSITION: Record<Position, string> = {
  ACTIVITE: 'en activité',
  DETACHEMENT: 'en détachement',
  MAD: 'mis à disposition',
  DISPONIBILITE: 'en disponibilité',
  CONGE_PARENTAL: 'en congé parental',
  CONGE_LONGUE_DUREE: 'en congé de longue durée',
};

/** French wording of a reason, for the agent and the gestionnaire. */
export function libelleMotif(m: Motif): string {
  switch (m) {
    case 'GRADE_NON_HC':
      return "Vous n'êtes pas à la hors-classe à la date d'observation.";
    case 'DEJA_CLASSE_EXCEPTIONNELLE':
      return 'Vous êtes déjà à la classe exceptionnelle.';
    case 'V1_ECHELON_INSUFFISANT':
      return "Votre échelon de la hors-classe est inférieur à celui requis pour le premier vivier.";
    case 'V1_ANNEES_INSUFFISANTES':
      return "Le nombre d'années de fonctions ou de missions particulières est inférieur à celui requis pour le premier vivier.";
    case 'V2_CONDITION_NON_REMPLIE':
      return "La condition d'échelon de la hors-classe du second vivier n'est pas remplie.";
    case 'ECHELON_INSUFFISANT':
      return "Votre échelon de la hors-classe est inférieur à celui requis.";
    default:
      return `Votre position à la date d'observation (${LIBELLE_POSITION[m.slice('POSITION_'.length) as Position]}) ne permet pas la promotion.`;
  }
}
