import type { Perimetre, QualiteEvaluateur } from '../../shared/perimetre.ts';
import type { Role } from '../../shared/roles.ts';

/** Pure rules of account administration: identifiers, scopes, and what an administrator may not do to themselves. */

/** The corps of the classe exceptionnelle campaigns (DOMAIN.md §4): the choices of a scope. */
export const CORPS = ['PE', 'CERTIFIE', 'AGREGE', 'PLP', 'PEPS', 'CPE', 'PSYEN'] as const;
export type Corps = (typeof CORPS)[number];

export const LIBELLE_CORPS: Record<Corps, string> = {
  PE: 'Professeurs des écoles (PE)',
  CERTIFIE: 'Certifiés',
  AGREGE: 'Agrégés',
  PLP: 'Professeurs de lycée professionnel (PLP)',
  PEPS: 'Professeurs d’EPS (PEPS)',
  CPE: 'Conseillers principaux d’éducation (CPE)',
  PSYEN: 'Psychologues de l’éducation nationale (PsyEN)',
};

/** Académie identifiers: lowercase letters, digits, dots and hyphens, starting with a letter or a digit. */
export const MOTIF_IDENTIFIANT = /^[a-z0-9][a-z0-9.-]{1,49}$/;

export const MOTIF_EMAIL = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/;

/** Département codes as the ministry writes them on three characters (080, 002, Corsica 02A and 02B). */
const MOTIF_DEPARTEMENT = /^(\d{3}|02[AB])$/;
/** UAI (RNE) of an establishment: seven digits and a letter. The check letter is not recomputed. */
const MOTIF_UAI = /^\d{7}[A-Z]$/;

export const MAX_CODES = 500;

export type ListeCodes = { ok: true; codes: string[] } | { ok: false; message: string };

function analyserCodes(saisie: string, motif: RegExp, libelle: string, exemple: string): ListeCodes {
  const elements = saisie
    .split(/[,;\s]+/)
    .map((x) => x.trim().toUpperCase())
    .filter((x) => x !== '');
  const invalides = elements.filter((x) => !motif.test(x));
  if (invalides.length > 0) {
    const cites = invalides.slice(0, 3).map((x) => `« ${x.slice(0, 20)} »`).join(', ');
    return { ok: false, message: `${libelle} : ${cites} ${invalides.length > 1 ? 'ne sont pas des codes valides' : 'n’est pas un code valide'} (exemple : ${exemple}).` };
  }
  const codes = [...new Set(elements)];
  if (codes.length > MAX_CODES) return { ok: false, message: `${libelle} : au plus ${MAX_CODES} codes.` };
  return { ok: true, codes };
}

/** "080, 002" → ['080', '002']: separated by commas (spaces and semicolons tolerated), duplicates dropped. */
export function analyserDepartements(saisie: string): ListeCodes {
  return analyserCodes(saisie, MOTIF_DEPARTEMENT, 'Départements', '080, 002');
}

/** "0801234a, 0601234B" → ['0801234A', '0601234B']. */
export function analyserEtablissements(saisie: string): ListeCodes {
  return analyserCodes(saisie, MOTIF_UAI, 'Établissements', '0801234A, 0601234B');
}

/** Longest discipline name accepted, and the characters of a discipline as the HR files write them. */
const MAX_DISCIPLINE = 80;
const MOTIF_DISCIPLINE = /^[\p{L}\p{N}][\p{L}\p{N} '’.()/-]*$/u;

/**
 * "LETTRES MODERNES, mathématiques" → ['LETTRES MODERNES', 'mathématiques']: separated by commas, semicolons or line
 * breaks (a discipline has spaces), inner spaces collapsed, duplicates (whatever their case) dropped. Whether each is a
 * discipline of the académie is judged against the HR data (rapprocherDisciplines).
 */
export function analyserDisciplines(saisie: string): ListeCodes {
  const elements = saisie
    .split(/[,;\n]+/)
    .map((x) => x.replace(/\s+/g, ' ').trim())
    .filter((x) => x !== '');
  const invalides = elements.filter((x) => x.length > MAX_DISCIPLINE || !MOTIF_DISCIPLINE.test(x));
  if (invalides.length > 0) {
    const cites = invalides.slice(0, 3).map((x) => `« ${x.slice(0, 30)} »`).join(', ');
    return { ok: false, message: `Disciplines : ${cites} ${invalides.length > 1 ? 'ne sont pas des noms de discipline valides' : 'n’est pas un nom de discipline valide'} (exemple : LETTRES MODERNES, MATHEMATIQUES).` };
  }
  const vues = new Set<string>();
  const codes = elements.filter((x) => !vues.has(x.toUpperCase()) && vues.add(x.toUpperCase()));
  if (codes.length > MAX_CODES) return { ok: false, message: `Disciplines : au plus ${MAX_CODES} disciplines.` };
  return { ok: true, codes };
}

/**
 * The typed disciplines matched, whatever their case, to the disciplines of the agents (the HR data): the scope rule
 * compares exactly, so a discipline is stored as the HR data spells it, and one nobody teaches (a typo) is refused
 * rather than giving an évaluateur an empty scope without a word.
 */
export function rapprocherDisciplines(saisies: readonly string[], connues: readonly string[]): ListeCodes {
  const parCle = new Map(connues.map((d) => [d.toUpperCase(), d]));
  const inconnues = saisies.filter((s) => !parCle.has(s.toUpperCase()));
  if (inconnues.length > 0) {
    const cites = inconnues.slice(0, 3).map((x) => `« ${x} »`).join(', ');
    return {
      ok: false,
      message: `Disciplines : ${cites} ${inconnues.length > 1 ? 'ne sont les disciplines' : 'n’est la discipline'} d’aucun agent des données RH. Écrivez-les comme dans les données RH (exemple : LETTRES MODERNES).`,
    };
  }
  return { ok: true, codes: [...new Set(saisies.map((s) => parCle.get(s.toUpperCase())!))] };
}

/** Which évaluateur an account is: it decides which avis it gives in regime C (numero 1 or 2, per corps, in the rule set). */
export const QUALITES_EVALUATEUR = ['CHEF_ETABLISSEMENT', 'INSPECTEUR'] as const satisfies readonly QualiteEvaluateur[];

export const LIBELLE_QUALITE_EVALUATEUR: Record<QualiteEvaluateur, string> = {
  CHEF_ETABLISSEMENT: 'Chef d’établissement',
  INSPECTEUR: 'Inspecteur ou inspectrice (IEN, IA-IPR)',
};

/** A qualité d'évaluateur belongs to an account with the Évaluateur role: elsewhere it would mean nothing. */
export function erreursQualiteEvaluateur(roles: readonly Role[], qualite: QualiteEvaluateur | null): Record<string, string> {
  if (qualite !== null && !roles.includes('EVALUATEUR')) {
    return { qualite_evaluateur: 'La qualité d’évaluateur ne s’applique qu’à un compte ayant le rôle Évaluateur : cochez ce rôle ou choisissez « Aucune ».' };
  }
  return {};
}

/** Only the non-empty parts are kept: an absent key and an empty list mean the same. */
export function construirePerimetre(p: { corps: readonly string[]; departements: readonly string[]; etablissements: readonly string[]; disciplines: readonly string[] }): Perimetre {
  const r: Perimetre = {};
  if (p.corps.length > 0) r.corps = [...p.corps];
  if (p.departements.length > 0) r.departements = [...p.departements];
  if (p.etablissements.length > 0) r.etablissements = [...p.etablissements];
  if (p.disciplines.length > 0) r.disciplines = [...p.disciplines];
  return r;
}

/** An administrator keeps their own access: they may not drop their ADMINISTRATEUR role nor deactivate themselves. */
export function erreursAutoModification(acteurId: string, cibleId: string, nouveau: { roles: readonly Role[]; actif: boolean }): Record<string, string> {
  if (acteurId !== cibleId) return {};
  const erreurs: Record<string, string> = {};
  if (!nouveau.roles.includes('ADMINISTRATEUR')) erreurs.roles = 'Vous ne pouvez pas retirer votre propre rôle Administrateur.';
  if (!nouveau.actif) erreurs.actif = 'Vous ne pouvez pas désactiver votre propre compte.';
  return erreurs;
}

/** Whether a change of the account forces its holder to log in again. */
export function doitFermerSessions(avant: { roles: readonly string[]; actif: boolean }, apres: { roles: readonly string[]; actif: boolean }): boolean {
  const memesRoles = avant.roles.length === apres.roles.length && avant.roles.every((r) => apres.roles.includes(r));
  return !memesRoles || (avant.actif && !apres.actif);
}

export type EtatVerrou = { statut: 'LIBRE' } | { statut: 'ECHECS'; echecs: number } | { statut: 'VERROUILLE'; jusquAu: Date; echecs: number };

export function etatVerrou(compte: { echecs_consecutifs: number; verrouille_jusqu_au: Date | null }, maintenant: Date): EtatVerrou {
  if (compte.verrouille_jusqu_au && compte.verrouille_jusqu_au.getTime() > maintenant.getTime()) {
    return { statut: 'VERROUILLE', jusquAu: compte.verrouille_jusqu_au, echecs: compte.echecs_consecutifs };
  }
  return compte.echecs_consecutifs > 0 ? { statut: 'ECHECS', echecs: compte.echecs_consecutifs } : { statut: 'LIBRE' };
}

/** French labels of the results recorded in the sign-in log by the portal. */
export const LIBELLE_RESULTAT_TENTATIVE: Record<string, string> = {
  SUCCES: 'Réussie',
  COMPTE_INCONNU: 'Compte inconnu',
  COMPTE_INACTIF: 'Compte désactivé',
  COMPTE_VERROUILLE: 'Compte verrouillé',
  SANS_MOT_DE_PASSE: 'Aucun mot de passe défini',
  MOT_DE_PASSE_FAUX: 'Mot de passe erroné',
  SANS_CLE_OTP: 'Aucune clé OTP active',
  PASSCODE_FAUX: 'Passcode erroné',
  CODE_DEJA_UTILISE: 'Code OTP déjà utilisé',
  INCONNU_ANNUAIRE: 'Inconnu de l’annuaire de l’académie',
  MOT_DE_PASSE_FAUX_ANNUAIRE: 'Mot de passe refusé par l’annuaire',
  MOT_DE_PASSE_VIDE: 'Mot de passe vide (refusé sans interroger l’annuaire)',
  SANS_COMPTE_VIVIER: 'Reconnu par l’annuaire, sans compte ni agent Vivier correspondant',
  ANNUAIRE_INDISPONIBLE: 'Annuaire indisponible (non vérifiée)',
  LIMITE_ADRESSE: 'Refusée sans vérification : trop de tentatives depuis cette adresse',
  DECONNEXION: 'Déconnexion',
  PREMIER_FACTEUR: 'Mot de passe ou passcode correct, clé d’accès attendue',
  DEFI_EXPIRE: 'Clé d’accès : demande expirée',
  REPONSE_ILLISIBLE: 'Clé d’accès : réponse illisible',
  CLE_ACCES_INCONNUE: 'Clé d’accès inconnue',
  CLE_ACCES_REFUSEE: 'Clé d’accès refusée (signature invalide)',
  COMPTEUR_INVALIDE: 'Clé d’accès refusée : compteur de signature en arrière (clé copiée ?)',
  AUTRE_COMPTE: 'Clé d’accès d’un autre compte',
  // ProConnect (OpenID Connect):
  PROCONNECT_REFUSE: 'ProConnect : réponse refusée (state, nonce, code ou signature invalide)',
  PROCONNECT_INDISPONIBLE: 'ProConnect indisponible (non vérifiée)',
  PROCONNECT_A_CONFIRMER: 'ProConnect : adresse inconnue de Vivier, liaison à confirmer',
  PROCONNECT_LIAISON: 'ProConnect : identité liée au compte, connexion réussie',
  PROCONNECT_DECONNEXION_REFUSEE: 'ProConnect : retour de déconnexion refusé (state invalide)',
};
