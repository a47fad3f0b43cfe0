import { LIBELLE_ROLE } from '../../shared/roles.ts';
import { LIBELLE_PORTEE } from '../syndicats/syndicats.rules.ts';
import { LIBELLE_NIVEAU } from './bandeaux.rules.ts';
import { LIBELLE_CORPS, LIBELLE_QUALITE_EVALUATEUR } from './comptes.rules.ts';

/**
 * The audit log in French for a person: an event name instead of its code, the target named, and each detail (or
 * change, before → after) on a line of its own instead of raw JSON. An action or key this table does not know yet is
 * still shown, its code turned into words.
 */
const EVENEMENTS: Record<string, string> = {
  APPLICATION_CREEE: 'Application ajoutée au catalogue',
  APPLICATION_MODIFIEE: 'Application du catalogue modifiée',
  APPLICATION_SUPPRIMEE: 'Application retirée du catalogue',
  AVIS_VISIBLES_FIXES: 'Date de communication des avis aux agents fixée',
  BANDEAU_CREE: 'Bandeau d’information créé',
  BANDEAU_MODIFIE: 'Bandeau d’information modifié',
  BANDEAU_SUPPRIME: 'Bandeau d’information supprimé',
  CAMPAGNE_CREEE: 'Campagne de promotion créée',
  CLE_ACCES_COMPTEUR_INVALIDE: 'Clé d’accès refusée : compteur de signature en arrière (clé copiée ?)',
  CLE_ACCES_ENREGISTREE: 'Clé d’accès enregistrée',
  CLE_ACCES_EXIGEE: 'Clé d’accès exigée après le mot de passe',
  CLE_ACCES_NON_EXIGEE: 'Clé d’accès plus exigée après le mot de passe',
  CLE_ACCES_RENOMMEE: 'Clé d’accès renommée',
  CLE_ACCES_SUPPRIMEE: 'Clé d’accès supprimée',
  CLE_OTP_ACTIVATION_SUSPENDUE: 'Activation de clé OTP suspendue (trop d’essais)',
  CLE_OTP_ACTIVEE: 'Clé OTP activée par son titulaire',
  CLE_OTP_EMISE: 'Clé OTP émise',
  CLE_OTP_REVOQUEE: 'Clé OTP révoquée',
  COMPTE_CREE: 'Compte créé',
  COMPTE_DEVERROUILLE: 'Compte déverrouillé',
  COMPTE_MODIFIE: 'Compte modifié',
  COMPTE_RELIE_ANNUAIRE: 'Compte relié à l’annuaire de l’académie par l’adresse électronique',
  CONTESTATION_DEPOSEE: 'Contestation déposée',
  CORRESPONDANT_SYNDICAL_AJOUTE: 'Correspondant syndical ajouté',
  CORRESPONDANT_SYNDICAL_RETIRE: 'Correspondant syndical retiré',
  EXPORT_ABONNES_SYNDICAUX: 'Export des abonnés d’une liste syndicale',
  IMPORT_RH: 'Import des données RH',
  LISTE_SYNDICALE_CREEE: 'Liste d’information syndicale créée',
  LISTE_SYNDICALE_MODIFIEE: 'Liste d’information syndicale modifiée',
  MOT_DE_PASSE_DEFINI: 'Mot de passe défini',
  RUBRIQUE_CREEE: 'Rubrique du catalogue créée',
  RUBRIQUE_MODIFIEE: 'Rubrique du catalogue modifiée',
  RUBRIQUE_SUPPRIMEE: 'Rubrique du catalogue supprimée',
  SESSION_TERMINEE: 'Session terminée par son titulaire',
  SESSIONS_AUTRES_TERMINEES: 'Autres sessions terminées par leur titulaire',
  SESSIONS_COMPTE_TERMINEES: 'Toutes les sessions du compte terminées par un administrateur',
  SIGNALEMENT_ACCEPTE: 'Signalement d’erreur accepté',
  SIGNALEMENT_DEPOSE: 'Signalement d’erreur déposé',
  SIGNALEMENT_REJETE: 'Signalement d’erreur rejeté',
  SYNDICAT_CREE: 'Syndicat créé',
  SYNDICAT_MODIFIE: 'Syndicat modifié',
};

const CIBLES: Record<string, string> = {
  agent: 'Agent',
  application: 'Application',
  bandeau: 'Bandeau',
  campagne: 'Campagne',
  compte: 'Compte',
  contestation: 'Contestation',
  import: 'Import',
  liste_syndicale: 'Liste syndicale',
  rubrique: 'Rubrique',
  syndicat: 'Syndicat',
};

const CLES: Record<string, string> = {
  abonnes: 'abonnés',
  actif: 'actif',
  active: 'ouverte aux abonnements',
  agents: 'agents',
  annee: 'année',
  appreciations: 'appréciations',
  apres: 'après',
  avant: 'avant',
  avis: 'avis',
  campagne: 'campagne n°',
  carriere: 'lignes de carrière',
  cible: 'élément signalé',
  comptesCrees: 'comptes créés',
  corps: 'corps',
  courrielsRecopies: 'adresses électroniques recopiées du dossier dans le compte',
  debut: 'début',
  departements: 'départements',
  description: 'description',
  disciplines: 'disciplines',
  dn: 'entrée de l’annuaire (DN)',
  echecs: 'échecs consécutifs',
  email: 'adresse électronique',
  etablissements: 'établissements',
  fin: 'fin',
  groupe: 'groupe',
  identifiant: 'identifiant',
  identifiantAvant: 'identifiant avant',
  interne: 'page de Vivier',
  labels: 'labels d’éducation prioritaire',
  lienPar: 'rattaché par',
  message: 'message',
  motif: 'motif',
  niveau: 'niveau',
  nomAffiche: 'nom affiché',
  positions: 'positions',
  restants: 'restants',
  rubrique_id: 'rubrique n°',
  services: 'services',
  tableau: 'tableau n°',
  tablesEnMasse: 'tables fusionnées en masse',
  jusqu_au: 'jusqu’au',
  verrouilleJusquAu: 'verrouillé jusqu’au',
  libelle: 'libellé',
  liste: 'liste',
  nom: 'nom',
  motDePasseInitial: 'mot de passe initial',
  nombre: 'nombre',
  adresse: 'adresse',
  session: 'session n°',
  ordre: 'ordre',
  par: 'par',
  perimetre: 'périmètre',
  portee: 'portée',
  pieces: 'pièces jointes',
  qualiteEvaluateur: 'qualité d’évaluateur',
  roles: 'rôles',
  sigle: 'sigle',
  signalement: 'signalement n°',
  source: 'source',
  syndicat: 'syndicat',
  titre: 'titre',
  type: 'type',
  url: 'adresse',
};

/** Values that are codes, read under their key: a role, a corps, a scope… is shown by its French name. */
const VALEURS: Record<string, Record<string, string>> = {
  roles: LIBELLE_ROLE,
  corps: LIBELLE_CORPS,
  qualiteEvaluateur: LIBELLE_QUALITE_EVALUATEUR,
  portee: LIBELLE_PORTEE,
  niveau: LIBELLE_NIVEAU,
  lienPar: { identifiant: 'identifiant', courriel: 'adresse électronique' },
};

/** "SOME_CODE" → "Some code": an unknown code still reads as words. */
function enMots(code: string): string {
  const mots = code.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return mots.charAt(0).toUpperCase() + mots.slice(1);
}

export function libelleEvenement(action: string): string {
  return EVENEMENTS[action] ?? enMots(action);
}

/** "campagne:12" → "Campagne n° 12". */
export function libelleCible(cible: string | null): string {
  if (!cible) return '—';
  const i = cible.indexOf(':');
  if (i < 0) return cible;
  const type = cible.slice(0, i);
  return `${CIBLES[type] ?? enMots(type)} n° ${cible.slice(i + 1)}`;
}

function valeur(v: unknown, cle?: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  const libelles = cle === undefined ? undefined : VALEURS[cle];
  if (typeof v === 'string' && libelles && Object.hasOwn(libelles, v)) return libelles[v]!;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(d).replace(' ', ' à ');
  }
  if (Array.isArray(v)) return v.length === 0 ? 'aucun' : v.map((x) => valeur(x, cle)).join(', ');
  if (typeof v === 'object') {
    const e = Object.entries(v as Record<string, unknown>);
    return e.length === 0 ? 'aucun' : e.map(([k, x]) => `${CLES[k] ?? enMots(k).toLowerCase()} : ${valeur(x, k)}`).join(' ; ');
  }
  return String(v);
}

/** One line per detail; a change {avant, apres} becomes one line per field that changed: "libellé : A → B". */
export function lignesDetails(details: Record<string, unknown>): string[] {
  const { avant, apres, ...autres } = details;
  const lignes = Object.entries(autres).map(([k, v]) => `${CLES[k] ?? enMots(k).toLowerCase()} : ${valeur(v, k)}`);
  if (avant && apres && typeof avant === 'object' && typeof apres === 'object') {
    const a = avant as Record<string, unknown>;
    const b = apres as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) lignes.push(`${CLES[k] ?? enMots(k).toLowerCase()} : ${valeur(a[k], k)} → ${valeur(b[k], k)}`);
    }
  } else {
    if (avant !== undefined) lignes.push(`avant : ${valeur(avant)}`);
    if (apres !== undefined) lignes.push(`après : ${valeur(apres)}`);
  }
  return lignes;
}
