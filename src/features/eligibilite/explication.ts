import type { Fonction } from '../../carriere/vocabulaire.ts';
import { dateFrancaise } from './jours.ts';
import type { AnneeVivier1, Ecart } from './vivier1.ts';

/** French names of the function codes, as the agent reads them in the seed document. */
export const LIBELLE_FONCTION: Record<Fonction, string> = {
  ENSEIGNEMENT: 'enseignement',
  DIRECTEUR_ECOLE: "directeur d’école",
  CHARGE_ECOLE: "chargé d’école",
  DIR_ADJ_SEGPA: 'directeur adjoint de SEGPA',
  DDFPT: 'directeur délégué aux formations professionnelles et technologiques',
  DIR_CIO: 'directeur de CIO',
  DIR_UNSS: "directeur départemental ou régional de l’UNSS",
  DIR_ADJ_UNSS: "directeur adjoint de l’UNSS",
  CONSEILLER_PEDAGOGIQUE: 'conseiller pédagogique',
  MAITRE_FORMATEUR: 'maître formateur',
  FORMATEUR_ACADEMIQUE: 'formateur académique',
  REFERENT_HANDICAP: 'référent auprès d’élèves en situation de handicap',
  TUTEUR: 'tuteur des personnels stagiaires',
  CFC: 'conseiller en formation continue',
  ENS_SUP_UNIVERSITE: "enseignant dans l’enseignement supérieur",
  ENS_SUP_CPGE: 'enseignant en classes préparatoires aux grandes écoles',
  ENS_SUP_STS: 'enseignant en sections de techniciens supérieurs',
};

/** The label of a function standing alone (a table cell, a list): capitalised, the same in the dossier and the candidature. */
export function libelleFonction(code: string | null): string {
  const l = (code && LIBELLE_FONCTION[code as Fonction]) || code || 'Fonction';
  return l.charAt(0).toUpperCase() + l.slice(1);
}

const LIBELLE_ECART: Record<Ecart, string> = {
  STAGIAIRE: 'services accomplis comme stagiaire',
  FAISANT_FONCTION: 'services en tant que faisant fonction',
  QUOTITE_INSUFFISANTE: "enseignement supérieur à une quotité insuffisante pour la fonction",
  FONCTION_NON_RETENUE: "fonction non retenue pour cette campagne",
};

const periode = (du: string, au: string): string => (du === au ? `le ${dateFrancaise(du)}` : `du ${dateFrancaise(du)} au ${dateFrancaise(au)}`);

/**
 * One French sentence per school year, for the agent checking their eligibility before applying
 * (DOMAIN.md §9: "eligibility explained year by year").
 */
export function expliquerAnnee(a: AnneeVivier1, partMinimum: number): string {
  const e = a.etablissement;
  const f = a.fonction;
  if (a.condition === 'ETABLISSEMENT') {
    // A fact about this year (its lowest daily quotité), not the rule again: the rule is stated once, above the table.
    const minimum = Math.min(...e.parts.map((p) => p.part));
    const maximum = Math.max(...e.parts.map((p) => p.part));
    const quotite = minimum === maximum ? `${minimum} % chaque jour` : `de ${minimum} à ${maximum} % selon les jours`;
    return `${a.annee_scolaire} : année retenue au titre de l’éducation prioritaire (${e.labels.join(', ')}), quotité ${quotite}.`;
  }
  if (a.condition === 'FONCTION') return `${a.annee_scolaire} : année retenue au titre de la fonction de ${LIBELLE_FONCTION[f.code!]}, exercée toute l’année.`;
  const raisons: string[] = [];
  if (e.labels.length === 0) raisons.push("aucune affectation dans un établissement relevant de l’éducation prioritaire cette année-là");
  else if (e.insuffisance) raisons.push(`éducation prioritaire : quotité de ${e.insuffisance.part} % ${periode(e.insuffisance.du, e.insuffisance.au)} (${partMinimum} % requis chaque jour)`);
  if (f.code === null) raisons.push('aucune fonction éligible');
  else if (f.manque) raisons.push(`fonction de ${LIBELLE_FONCTION[f.code]} : couverture incomplète ${periode(f.manque.du, f.manque.au)}`);
  if (a.ecarts.length > 0) raisons.push(`non pris en compte : ${a.ecarts.map((x) => LIBELLE_ECART[x]).join(', ')}`);
  return `${a.annee_scolaire} : année non retenue (${raisons.join(' ; ')}).`;
}
