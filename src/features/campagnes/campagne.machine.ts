import { RegleMetierError } from '../../shared/errors.ts';

/** Lifecycle of a campaign: PREPARATION → OUVERTE → CLOSE → PUBLIEE. */
export const STATUTS_CAMPAGNE = ['PREPARATION', 'OUVERTE', 'CLOSE', 'PUBLIEE'] as const;
export type StatutCampagne = (typeof STATUTS_CAMPAGNE)[number];

export const EVENEMENTS_CAMPAGNE = ['OUVRIR', 'CLORE', 'PUBLIER'] as const;
export type EvenementCampagne = (typeof EVENEMENTS_CAMPAGNE)[number];

export const TRANSITIONS_CAMPAGNE: Record<StatutCampagne, Partial<Record<EvenementCampagne, StatutCampagne>>> = {
  PREPARATION: { OUVRIR: 'OUVERTE' },
  OUVERTE: { CLORE: 'CLOSE' },
  CLOSE: { PUBLIER: 'PUBLIEE' },
  PUBLIEE: {},
};

export const LIBELLE_STATUT_CAMPAGNE: Record<StatutCampagne, string> = {
  PREPARATION: 'En préparation',
  OUVERTE: 'Ouverte',
  CLOSE: 'Close',
  PUBLIEE: 'Tableau publié',
};

export function transitionCampagne(depuis: StatutCampagne, evenement: EvenementCampagne): StatutCampagne {
  const vers = TRANSITIONS_CAMPAGNE[depuis][evenement];
  if (!vers) throw new RegleMetierError(`CAMPAGNE_${depuis}_${evenement}`, `Action impossible : la campagne est « ${LIBELLE_STATUT_CAMPAGNE[depuis]} ».`);
  return vers;
}

/** The window is [ouverture, fermeture): a request received 1 ms before closing is in, at closing it is out. */
export function dansLaFenetre(c: { ouverture: Date; fermeture: Date }, instant: Date): boolean {
  const t = instant.getTime();
  return t >= c.ouverture.getTime() && t < c.fermeture.getTime();
}

/**
 * Whether an agent of `corpsAgent` sees the campaign: of their corps, and opened to agents, or due to open
 * (the scheduler may not have run yet). Anything else does not exist for them.
 */
export function visiblePourAgent(c: { corps: string; statut: StatutCampagne; ouverture: Date }, corpsAgent: string, maintenant: Date): boolean {
  return c.corps === corpsAgent && !(c.statut === 'PREPARATION' && c.ouverture.getTime() > maintenant.getTime());
}

/**
 * The campaign is closed this long after its closing instant: requests received before the instant (the
 * only ones accepted) have finished by then, so the deposit sees every validation.
 */
export const DELAI_CLOTURE_MS = 10_000;

/**
 * What the scheduler must do now for a campaign (opening and closing happen at their times, and are
 * caught up after a downtime): at most one step per call, applied in order.
 */
export function echeanceDue(c: { statut: StatutCampagne; ouverture: Date; fermeture: Date }, maintenant: Date, delaiClotureMs = DELAI_CLOTURE_MS): EvenementCampagne | null {
  const t = maintenant.getTime();
  if (c.statut === 'PREPARATION' && t >= c.ouverture.getTime()) return 'OUVRIR';
  if (c.statut === 'OUVERTE' && t >= c.fermeture.getTime() + delaiClotureMs) return 'CLORE';
  return null;
}
