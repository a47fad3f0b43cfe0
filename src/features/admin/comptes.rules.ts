import type { Perimetre } from '../../db/schema.ts';
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

/** Only the non-empty parts are kept: an absent key and an empty list mean the same. */
export function construirePerimetre(p: { corps: readonly string[]; departements: readonly string[]; etablissements: readonly string[] }): Perimetre {
  const r: Perimetre = {};
  if (p.corps.length > 0) r.corps = [...p.corps];
  if (p.departements.length > 0) r.departements = [...p.departements];
  if (p.etablissements.length > 0) r.etablissements = [...p.etablissements];
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
  LIMITE_ADRESSE: 'Refusée sans vérification : trop de tentatives depuis cette adresse',
  DECONNEXION: 'Déconnexion',
};
