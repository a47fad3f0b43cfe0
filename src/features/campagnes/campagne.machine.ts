import { RegleMetierError } from '../../shared/errors.ts';

/**
 * Lifecycle of a campaign (docs/adr/0010-evaluation.md):
 * PREPARATION → OUVERTE → CLOSE → EN_EXAMEN → ARRETEE → PUBLIEE, the autorité reopening an arrêté table
 * (ARRETEE → EN_EXAMEN). Regime C has no candidature: it opens straight into examination.
 */
export const STATUTS_CAMPAGNE = ['PREPARATION', 'OUVERTE', 'CLOSE', 'EN_EXAMEN', 'ARRETEE', 'PUBLIEE'] as const;
export type StatutCampagne = (typeof STATUTS_CAMPAGNE)[number];

export const EVENEMENTS_CAMPAGNE = ['OUVRIR', 'CLORE', 'EXAMINER', 'ARRETER', 'ROUVRIR', 'PUBLIER'] as const;
export type EvenementCampagne = (typeof EVENEMENTS_CAMPAGNE)[number];

export type RegimeCampagne = 'A' | 'B' | 'C';

/** Regimes A and B: a window (candidatures in A, contestations in B), then the examination once it is closed. */
export const TRANSITIONS_CAMPAGNE: Record<StatutCampagne, Partial<Record<EvenementCampagne, StatutCampagne>>> = {
  PREPARATION: { OUVRIR: 'OUVERTE' },
  OUVERTE: { CLORE: 'CLOSE' },
  CLOSE: { EXAMINER: 'EN_EXAMEN' },
  EN_EXAMEN: { ARRETER: 'ARRETEE' },
  ARRETEE: { ROUVRIR: 'EN_EXAMEN', PUBLIER: 'PUBLIEE' },
  PUBLIEE: {},
};

/** Regime C: no window; `fermeture` is the deadline of the avis and closes nothing. */
export const TRANSITIONS_CAMPAGNE_SANS_CANDIDATURE: Record<StatutCampagne, Partial<Record<EvenementCampagne, StatutCampagne>>> = {
  ...TRANSITIONS_CAMPAGNE,
  PREPARATION: { OUVRIR: 'EN_EXAMEN' },
  OUVERTE: {},
  CLOSE: {},
};

export function transitionsDuRegime(regime: RegimeCampagne): Record<StatutCampagne, Partial<Record<EvenementCampagne, StatutCampagne>>> {
  return regime === 'C' ? TRANSITIONS_CAMPAGNE_SANS_CANDIDATURE : TRANSITIONS_CAMPAGNE;
}

export const LIBELLE_STATUT_CAMPAGNE: Record<StatutCampagne, string> = {
  PREPARATION: 'En préparation',
  OUVERTE: 'Ouverte',
  CLOSE: 'Close',
  EN_EXAMEN: 'En examen',
  ARRETEE: 'Tableau arrêté',
  PUBLIEE: 'Tableau publié',
};

export const LIBELLE_EVENEMENT_CAMPAGNE: Record<EvenementCampagne | 'CREER', string> = {
  CREER: 'Création',
  OUVRIR: 'Ouverture',
  CLORE: 'Clôture',
  EXAMINER: 'Début de l’examen',
  ARRETER: 'Tableau arrêté',
  ROUVRIR: 'Tableau rouvert',
  PUBLIER: 'Publication',
};

export function transitionCampagne(depuis: StatutCampagne, evenement: EvenementCampagne, regime: RegimeCampagne): StatutCampagne {
  const vers = transitionsDuRegime(regime)[depuis][evenement];
  if (!vers) throw new RegleMetierError(`CAMPAGNE_${depuis}_${evenement}`, `Action impossible : la campagne est « ${LIBELLE_STATUT_CAMPAGNE[depuis]} ».`);
  return vers;
}

/**
 * Recevabilité, appreciations, avis and their CSV loads are written only while the campaign is examined: an arrêté
 * table is never changed under it (the autorité reopens it first).
 */
export function verifierEnExamen(statut: StatutCampagne): void {
  if (statut === 'EN_EXAMEN') return;
  const raison =
    statut === 'ARRETEE' || statut === 'PUBLIEE'
      ? 'le tableau est arrêté : plus aucune modification n’est possible, sauf réouverture par l’autorité'
      : 'l’examen des candidatures n’a pas commencé';
  throw new RegleMetierError('CAMPAGNE_PAS_EN_EXAMEN', `Modification impossible : ${raison} (campagne « ${LIBELLE_STATUT_CAMPAGNE[statut]} »).`);
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

/** What the scheduler needs to know of a campaign to decide its next step. */
export type EtatEcheances = {
  statut: StatutCampagne;
  regime: RegimeCampagne;
  ouverture: Date;
  fermeture: Date;
  /** Deposited candidatures whose accusé de réception is not issued yet (regime A): the examination waits for them. */
  accusesEnAttente: number;
  publication_le: Date | null;
};

/**
 * What the scheduler must do now for a campaign (opening, closing and publication happen at their instants, and
 * are caught up after a downtime; the examination starts as soon as the closing is done and, in regime A, every
 * accusé issued): at most one step per call, applied in order.
 */
export function echeanceDue(c: EtatEcheances, maintenant: Date, delaiClotureMs = DELAI_CLOTURE_MS): EvenementCampagne | null {
  const t = maintenant.getTime();
  if (c.statut === 'PREPARATION' && t >= c.ouverture.getTime()) return 'OUVRIR';
  if (c.statut === 'OUVERTE' && t >= c.fermeture.getTime() + delaiClotureMs) return 'CLORE';
  if (c.statut === 'CLOSE' && c.accusesEnAttente === 0) return 'EXAMINER';
  if (c.statut === 'ARRETEE' && c.publication_le !== null && t >= c.publication_le.getTime()) return 'PUBLIER';
  return null;
}
