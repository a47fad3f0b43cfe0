/**
 * Closed vocabularies of the HR data (DOMAIN.md §4, §5, §7, §8): `as const` arrays, derived unions,
 * one guard per vocabulary. Which of these values a given campaign accepts (qualifying labels,
 * eligible functions, promouvable positions) is decided by the rule set of that year, not here.
 */

function garde<T extends string>(valeurs: readonly T[]): (valeur: string) => valeur is T {
  const ensemble = new Set<string>(valeurs);
  return (valeur: string): valeur is T => ensemble.has(valeur);
}

export const CORPS = ['PE', 'CERTIFIE', 'AGREGE', 'PLP', 'PEPS', 'CPE', 'PSYEN'] as const;
export type Corps = (typeof CORPS)[number];
export const estCorps = garde(CORPS);

/** CN = classe normale, HC = hors-classe, CE = classe exceptionnelle. */
export const GRADES = ['CN', 'HC', 'CE'] as const;
export type Grade = (typeof GRADES)[number];
export const estGrade = garde(GRADES);

/** Highest échelon of any grade of the grids, as a sanity bound on imported rows. */
export const ECHELON_MAXIMUM = 11;

export const POSITIONS = ['ACTIVITE', 'DETACHEMENT', 'MAD', 'DISPONIBILITE', 'CONGE_PARENTAL', 'CONGE_LONGUE_DUREE'] as const;
export type Position = (typeof POSITIONS)[number];
export const estPosition = garde(POSITIONS);

/** Every function code a service row may carry: ENSEIGNEMENT plus all codes ever eligible (§5). */
export const FONCTIONS = [
  'ENSEIGNEMENT',
  'DIRECTEUR_ECOLE',
  'CHARGE_ECOLE',
  'DIR_ADJ_SEGPA',
  'DDFPT',
  'DIR_CIO',
  'DIR_UNSS',
  'DIR_ADJ_UNSS',
  'CONSEILLER_PEDAGOGIQUE',
  'MAITRE_FORMATEUR',
  'FORMATEUR_ACADEMIQUE',
  'REFERENT_HANDICAP',
  'TUTEUR',
  'CFC',
  'ENS_SUP_UNIVERSITE',
  'ENS_SUP_CPGE',
  'ENS_SUP_STS',
] as const;
export type Fonction = (typeof FONCTIONS)[number];
export const estFonction = garde(FONCTIONS);

/** Labels an establishment may carry for a school year. */
export const LABELS = ['REP', 'REP_PLUS', 'EP_HISTORIQUE', 'POLITIQUE_VILLE', 'CLA', 'PENITENTIAIRE_CEF'] as const;
export type Label = (typeof LABELS)[number];
export const estLabel = garde(LABELS);

export const STATUTS = ['TITULAIRE', 'STAGIAIRE'] as const;
export type Statut = (typeof STATUTS)[number];
export const estStatut = garde(STATUTS);

/** Final appreciation of the autorité (regimes A, B), best first. */
export const APPRECIATIONS = ['EXCELLENT', 'TRES_SATISFAISANT', 'SATISFAISANT', 'INSATISFAISANT'] as const;
export type Appreciation = (typeof APPRECIATIONS)[number];
export const estAppreciation = garde(APPRECIATIONS);

/** Avis of the evaluators (regime C), best first. */
export const AVIS = ['TRES_FAVORABLE', 'FAVORABLE', 'DEFAVORABLE'] as const;
export type Avis = (typeof AVIS)[number];
export const estAvis = garde(AVIS);

export const VIVIERS = [1, 2] as const;
export type Vivier = (typeof VIVIERS)[number];
