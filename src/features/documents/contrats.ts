/**
 * Typed data contracts of the campaign documents: what the campaign service hands to the PDF renderers.
 * Everything is already in display form (labels in French, dates as ISO strings or Date instants);
 * renderers do no lookup and no business rule.
 */

export type IdentiteDocument = {
  agentId: string;
  civilite: string;
  nom: string;
  prenom: string;
  /** YYYY-MM-DD */
  dateNaissance: string;
  corps: string;
  discipline: string;
  /** e.g. "Hors-classe, 3e échelon depuis le 01/03/2018" */
  situation: string | null;
};

export type CampagneDocument = {
  /** e.g. "Accès à la classe exceptionnelle — professeurs des écoles — campagne 2019" */
  intitule: string;
  corps: string;
  annee: number;
  /** The closing instant (shown in Europe/Paris). */
  fermeture: Date;
};

export type PeriodeDocument = {
  /** YYYY-MM-DD, inclusive */
  du: string;
  au: string;
  /** "Fonction : directeur d'école" or "Éducation prioritaire" */
  nature: string;
  etablissement: string;
  /** "Dossier administratif" or "Déclarée par l'agent" */
  source: string;
  commentaire: string | null;
  pieces: Array<{ nom: string; sha256: string }>;
};

export type AnneeDocument = { anneeScolaire: string; qualifiante: boolean; explication: string };

/** "Fiche de candidature": what the agent sees and validates (DOMAIN.md §6, "Afficher votre fiche de candidature"). */
export type DonneesFiche = {
  campagne: CampagneDocument;
  identite: IdentiteDocument;
  /** Plain-French eligibility facts for the campaign (vivier 1 years etc.). */
  eligibilite: { resume: string[]; anneesRetenues: number | null; anneesRequises: number | null; annees: AnneeDocument[] };
  periodes: PeriodeDocument[];
  /** Label of the candidature state when the fiche is issued, e.g. "Enregistrée (validée)". */
  statut: string;
  etablieLe: Date;
};

/** "Accusé de réception" issued at closing for each deposited candidature. */
export type DonneesAccuse = {
  /** Unique reference, e.g. "CE-2019-PE-000123" */
  reference: string;
  campagne: CampagneDocument;
  identite: IdentiteDocument;
  /** Last validation instant of the candidature. */
  valideeLe: Date;
  /** Deposit instant (the campaign's closing). */
  deposeeLe: Date;
  periodes: PeriodeDocument[];
  /** SHA-256 (hex) of the archived fiche PDF as validated. */
  sha256Fiche: string;
  emisLe: Date;
};
