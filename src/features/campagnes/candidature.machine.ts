import { RegleMetierError } from '../../shared/errors.ts';

/** Lifecycle of a candidature (DOMAIN.md §6), as an explicit transition table. */
export const STATUTS_CANDIDATURE = ['BROUILLON', 'ENREGISTREE', 'ANNULEE', 'DEPOSEE', 'RECEVABLE', 'IRRECEVABLE', 'PROMU', 'NON_PROMU'] as const;
export type StatutCandidature = (typeof STATUTS_CANDIDATURE)[number];

export const EVENEMENTS_CANDIDATURE = ['VALIDER', 'ANNULER', 'MODIFIER', 'CLORE', 'DECLARER_RECEVABLE', 'DECLARER_IRRECEVABLE', 'PROMOUVOIR', 'NE_PAS_PROMOUVOIR'] as const;
export type EvenementCandidature = (typeof EVENEMENTS_CANDIDATURE)[number];

/**
 * Who may cause each move is the service's business; the table only says which moves exist.
 * - The agent validates a draft or a cancelled candidature, cancels a validated one, and edits a draft
 *   (editing a cancelled one makes it a draft again). A validated candidature is never silently unvalidated.
 * - At closing, every validated candidature is deposited (frozen); drafts and cancelled ones stay as they are.
 */
export const TRANSITIONS_CANDIDATURE: Record<StatutCandidature, Partial<Record<EvenementCandidature, StatutCandidature>>> = {
  BROUILLON: { VALIDER: 'ENREGISTREE', MODIFIER: 'BROUILLON' },
  ENREGISTREE: { ANNULER: 'ANNULEE', CLORE: 'DEPOSEE' },
  ANNULEE: { VALIDER: 'ENREGISTREE', MODIFIER: 'BROUILLON' },
  DEPOSEE: { DECLARER_RECEVABLE: 'RECEVABLE', DECLARER_IRRECEVABLE: 'IRRECEVABLE' },
  RECEVABLE: { DECLARER_IRRECEVABLE: 'IRRECEVABLE', PROMOUVOIR: 'PROMU', NE_PAS_PROMOUVOIR: 'NON_PROMU' },
  // An IRRECEVABLE agent is still examined in vivier 2 (DOMAIN.md §5): promoted there, the candidature ends PROMU.
  IRRECEVABLE: { DECLARER_RECEVABLE: 'RECEVABLE', PROMOUVOIR: 'PROMU', NE_PAS_PROMOUVOIR: 'NON_PROMU' },
  PROMU: {},
  NON_PROMU: {},
};

export const LIBELLE_STATUT_CANDIDATURE: Record<StatutCandidature, string> = {
  BROUILLON: 'En préparation (non validée)',
  ENREGISTREE: 'Enregistrée (validée)',
  ANNULEE: 'Annulée',
  DEPOSEE: 'Déposée',
  RECEVABLE: 'Recevable',
  IRRECEVABLE: 'Irrecevable',
  PROMU: 'Promu(e)',
  NON_PROMU: 'Non promu(e)',
};

const MESSAGES_REFUS: Partial<Record<EvenementCandidature, string>> = {
  VALIDER: 'Cette candidature ne peut pas être validée dans son état actuel.',
  ANNULER: 'Seule une candidature enregistrée peut être annulée.',
  MODIFIER: 'Une candidature validée ne se modifie pas : annulez-la d’abord si vous souhaitez la changer.',
};

/** The next state, or a domain error naming the illegal move. */
export function transitionCandidature(depuis: StatutCandidature, evenement: EvenementCandidature): StatutCandidature {
  const vers = TRANSITIONS_CANDIDATURE[depuis][evenement];
  if (!vers) {
    throw new RegleMetierError(`TRANSITION_INTERDITE_${depuis}_${evenement}`, MESSAGES_REFUS[evenement] ?? `Action impossible : la candidature est « ${LIBELLE_STATUT_CANDIDATURE[depuis]} ».`);
  }
  return vers;
}
