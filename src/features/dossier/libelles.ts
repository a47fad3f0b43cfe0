import { LIBELLE_FONCTION, libelleFonction } from '../eligibilite/explication.ts';
/** French labels of the HR codes, as the dossier pages show them. Unknown codes are shown as they are. */
const GRADE: Record<string, string> = { CN: 'Classe normale', HC: 'Hors-classe', CE: 'Classe exceptionnelle' };
const CORPS: Record<string, string> = {
  PE: 'Professeur des écoles',
  CERTIFIE: 'Professeur certifié',
  AGREGE: 'Professeur agrégé',
  PLP: 'Professeur de lycée professionnel',
  PEPS: 'Professeur d’éducation physique et sportive',
  CPE: 'Conseiller principal d’éducation',
  PSYEN: 'Psychologue de l’éducation nationale',
};
const POSITION: Record<string, string> = {
  ACTIVITE: 'Activité',
  DETACHEMENT: 'Détachement',
  MAD: 'Mise à disposition',
  DISPONIBILITE: 'Disponibilité',
  CONGE_PARENTAL: 'Congé parental',
  CONGE_LONGUE_DUREE: 'Congé de longue durée',
};
// One wording of the functions, the rules' (the candidature and the eligibility use it too), capitalised.
const FONCTION: Record<string, string> = Object.fromEntries(Object.keys(LIBELLE_FONCTION).map((code) => [code, libelleFonction(code)]));
const LABEL: Record<string, string> = {
  REP: 'REP',
  REP_PLUS: 'REP+',
  EP_HISTORIQUE: 'Éducation prioritaire (historique)',
  POLITIQUE_VILLE: 'Politique de la ville',
  CLA: 'CLA',
  PENITENTIAIRE_CEF: 'Pénitentiaire / CEF',
};
const STATUT: Record<string, string> = { TITULAIRE: 'Titulaire', STAGIAIRE: 'Stagiaire' };
const ROLE: Record<string, string> = { GESTIONNAIRE: 'Gestionnaire', EVALUATEUR: 'Évaluateur', AUTORITE: 'Autorité' };

const lire = (table: Record<string, string>) => (code: string) => table[code] ?? code;

export const libelle = {
  grade: lire(GRADE),
  corps: lire(CORPS),
  position: lire(POSITION),
  fonction: lire(FONCTION),
  label: lire(LABEL),
  statut: lire(STATUT),
  role: lire(ROLE),
};

/** 'YYYY-MM-DD' → 'JJ/MM/AAAA' (DATE columns are plain calendar dates: no time zone involved). */
export function dateFr(iso: string | null | undefined): string {
  if (!iso) return '';
  const [a, m, j] = iso.split('-');
  return `${j}/${m}/${a}`;
}

/** "du JJ/MM/AAAA au JJ/MM/AAAA" or "depuis le JJ/MM/AAAA". */
export function periodeFr(debut: string, fin: string | null): string {
  return fin ? `du ${dateFr(debut)} au ${dateFr(fin)}` : `depuis le ${dateFr(debut)}`;
}

/** Columns of the administrative rows, in display order, with their French name and how to show their value. */
const COLONNES_LISIBLES: Array<[string, string, (v: unknown) => string]> = [
  ['civilite', 'Civilité', String],
  ['nom', 'Nom', String],
  ['prenom', 'Prénom', String],
  ['date_naissance', 'Date de naissance', (v) => dateFr(String(v))],
  ['email', 'Adresse électronique', String],
  ['corps', 'Corps', (v) => libelle.corps(String(v))],
  ['discipline', 'Discipline', String],
  ['date_entree_corps', 'Date d’entrée dans le corps', (v) => dateFr(String(v))],
  ['date_effet', 'Date d’effet', (v) => dateFr(String(v))],
  ['grade', 'Grade', (v) => libelle.grade(String(v))],
  ['echelon', 'Échelon', String],
  ['date_debut', 'Date de début', (v) => dateFr(String(v))],
  ['date_fin', 'Date de fin', (v) => dateFr(String(v))],
  ['position', 'Position', (v) => libelle.position(String(v))],
  ['uai', 'UAI', String],
  ['fonction', 'Fonction', (v) => libelle.fonction(String(v))],
  ['part_service', 'Quotité', (v) => `${String(v)} %`],
  ['statut', 'Statut', (v) => libelle.statut(String(v))],
  ['faisant_fonction', 'Faisant fonction', (v) => (v ? 'oui' : 'non')],
];

/** A before/after snapshot as "Grade : Hors-classe, Échelon : 3", in a fixed order whatever the JSON key order. */
export function valeursLisibles(v: Record<string, unknown>): string {
  const connues = COLONNES_LISIBLES.filter(([k]) => Object.hasOwn(v, k)).map(([k, nom, f]) => `${nom} : ${v[k] === null || v[k] === '' ? '—' : f(v[k])}`);
  const autres = Object.keys(v).filter((k) => !COLONNES_LISIBLES.some(([c]) => c === k)).map((k) => `${k} : ${String(v[k])}`);
  return [...connues, ...autres].join(', ');
}
