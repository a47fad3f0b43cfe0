/**
 * The audit log in French for a person: an event name instead of its code, the target named, and each detail (or
 * change, before → after) on a line of its own instead of raw JSON. An action or key this table does not know yet is
 * still shown, its code turned into words.
 */
const EVENEMENTS: Record<string, string> = {
  APPLICATION_CREEE: 'Application ajoutée au catalogue',
  APPLICATION_MODIFIEE: 'Application du catalogue modifiée',
  APPLICATION_SUPPRIMEE: 'Application retirée du catalogue',
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
  CONTESTATION_DEPOSEE: 'Contestation déposée',
  IMPORT_RH: 'Import des données RH',
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
};

const CIBLES: Record<string, string> = {
  agent: 'Agent',
  application: 'Application',
  bandeau: 'Bandeau',
  campagne: 'Campagne',
  compte: 'Compte',
  contestation: 'Contestation',
  import: 'Import',
  rubrique: 'Rubrique',
};

const CLES: Record<string, string> = {
  annee: 'année',
  apres: 'après',
  avant: 'avant',
  cible: 'élément signalé',
  corps: 'corps',
  echecs: 'échecs consécutifs',
  identifiant: 'identifiant',
  jusqu_au: 'jusqu’au',
  verrouilleJusquAu: 'verrouillé jusqu’au',
  libelle: 'libellé',
  motDePasseInitial: 'mot de passe initial',
  nom: 'nom',
  nombre: 'nombre',
  adresse: 'adresse',
  session: 'session n°',
  ordre: 'ordre',
  par: 'par',
  perimetre: 'périmètre',
  pieces: 'pièces jointes',
  qualiteEvaluateur: 'qualité d’évaluateur',
  roles: 'rôles',
  signalement: 'signalement n°',
  source: 'source',
  titre: 'titre',
  type: 'type',
  url: 'adresse',
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

function valeur(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(d).replace(' ', ' à ');
  }
  if (Array.isArray(v)) return v.length === 0 ? 'aucun' : v.map(valeur).join(', ');
  if (typeof v === 'object') {
    const e = Object.entries(v as Record<string, unknown>);
    return e.length === 0 ? 'aucun' : e.map(([k, x]) => `${CLES[k] ?? enMots(k).toLowerCase()} : ${valeur(x)}`).join(' ; ');
  }
  return String(v);
}

/** One line per detail; a change {avant, apres} becomes one line per field that changed: "libellé : A → B". */
export function lignesDetails(details: Record<string, unknown>): string[] {
  const { avant, apres, ...autres } = details;
  const lignes = Object.entries(autres).map(([k, v]) => `${CLES[k] ?? enMots(k).toLowerCase()} : ${valeur(v)}`);
  if (avant && apres && typeof avant === 'object' && typeof apres === 'object') {
    const a = avant as Record<string, unknown>;
    const b = apres as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) lignes.push(`${CLES[k] ?? enMots(k).toLowerCase()} : ${valeur(a[k])} → ${valeur(b[k])}`);
    }
  } else {
    if (avant !== undefined) lignes.push(`avant : ${valeur(avant)}`);
    if (apres !== undefined) lignes.push(`après : ${valeur(apres)}`);
  }
  return lignes;
}
