import { RegleMetierError } from '../../shared/errors.ts';
import type { QualiteEvaluateur } from '../../shared/perimetre.ts';
import { type Appreciation, type Avis, type Corps, type Vivier } from '../../carriere/vocabulaire.ts';
import { reglesPour, type ReglesCampagne } from '../eligibilite/regles.ts';

/**
 * Appreciations (regimes A/B) and avis (regime C), pure (DOMAIN.md §7): who is examined in which list, how many avis
 * an agent needs and which one an évaluateur gives, the EXCELLENT quota of each vivier. Every number comes from the
 * campaign's rule set.
 */

export const LIBELLE_APPRECIATION: Record<Appreciation, string> = {
  EXCELLENT: 'Excellent',
  TRES_SATISFAISANT: 'Très satisfaisant',
  SATISFAISANT: 'Satisfaisant',
  INSATISFAISANT: 'Insatisfaisant',
};

export const LIBELLE_AVIS: Record<Avis, string> = {
  TRES_FAVORABLE: 'Très favorable',
  FAVORABLE: 'Favorable',
  DEFAVORABLE: 'Défavorable',
};

/** Who gives avis n° 1 and n° 2 (second degree); PE has avis n° 1 only, given by the IEN. */
export const LIBELLE_NUMERO_AVIS = { 1: 'avis du chef d’établissement ou de l’IEN', 2: 'avis de l’inspecteur de la discipline' } as const;

/** The same, for a campaign (regime C) and its corps: a one-avis corps's (PE) is the IEN's, the second degree's n° 1 the chef d'établissement's. */
export function libelleNumero(c: { annee: number; corps: string }, numero: 1 | 2): string {
  if (numero === 2) return LIBELLE_NUMERO_AVIS[2];
  return avisRequis(reglesPour(c.annee), c.corps as Corps) === 1 ? 'avis de l’IEN' : 'avis du chef d’établissement';
}

/** What the eligibility engine says of one agent, as far as the lists go. */
export type VerdictListes = { promouvable: boolean; vivier1: boolean; vivier2: boolean };

/**
 * The lists an agent is examined in (regimes A/B), as the table forms them (classement.rules.ts): vivier 1 when the
 * engine puts them there and, in regime A, their candidature is admissible; vivier 2 when the engine puts them there.
 * An agent in both is appreciated once in each. Regime C: none (avis instead).
 */
export function listesExaminees(regles: ReglesCampagne, v: VerdictListes, candidatRecevable: boolean): Vivier[] {
  if (regles.regimeC) return [];
  const listes: Vivier[] = [];
  if (v.vivier1 && (!regles.candidatureRequise || candidatRecevable)) listes.push(1);
  if (v.vivier2) listes.push(2);
  return listes;
}

/** Regime C: how many avis a promouvable needs (one for the corps of the rule set's one-avis list, PE; else two). */
export function avisRequis(regles: ReglesCampagne, corps: Corps): 1 | 2 {
  if (!regles.regimeC) throw new RegleMetierError('REGIME_SANS_AVIS', `La campagne ${regles.annee} (régime ${regles.regime}) ne recueille pas d’avis.`);
  return regles.regimeC.paliers.corpsUnAvis.includes(corps) ? 1 : 2;
}

/**
 * Which avis an évaluateur gives an agent of `corps` (regime C), or the French reason why none: in the second degree
 * the chef d'établissement gives avis n° 1 and the inspector avis n° 2; for a one-avis corps (PE) the inspector (IEN)
 * gives the only one. The qualité is set by the administrator on the account.
 */
export function numeroAvis(regles: ReglesCampagne, corps: Corps, qualite: QualiteEvaluateur | null): { ok: true; numero: 1 | 2 } | { ok: false; raison: string } {
  if (qualite === null) return { ok: false, raison: 'Votre compte n’a pas de qualité d’évaluateur (chef d’établissement ou inspecteur) : l’administrateur la renseigne sur la fiche du compte.' };
  if (avisRequis(regles, corps) === 1) {
    return qualite === 'INSPECTEUR' ? { ok: true, numero: 1 } : { ok: false, raison: 'Pour ce corps, le seul avis est celui de l’inspecteur (IEN) : un chef d’établissement n’en donne pas.' };
  }
  return { ok: true, numero: qualite === 'CHEF_ETABLISSEMENT' ? 1 : 2 };
}

/** Number of agents in each list, the base of the quota (regime A: admissible V1 candidates; V2 promouvables). */
export type Effectifs = Record<Vivier, number>;

/** The most EXCELLENT the autorité may give in each list: the rule set's share of the list, rounded down. */
export function quotaExcellent(regles: ReglesCampagne, effectifs: Effectifs): Record<Vivier, number> {
  const c = regles.classement;
  if (!c) throw new RegleMetierError('REGIME_SANS_APPRECIATION', `La campagne ${regles.annee} (régime ${regles.regime}) ne recueille pas d’appréciations.`);
  return { 1: Math.floor((effectifs[1] * c.partExcellent.vivier1) / 100), 2: Math.floor((effectifs[2] * c.partExcellent.vivier2) / 100) };
}

/**
 * Refuses an EXCELLENT that would go beyond the quota: `utilises` counts the EXCELLENT of the list other than this
 * agent's own (changing an EXCELLENT into itself, or another appreciation into a lower one, is always possible).
 */
export function verifierQuota(vivier: Vivier, appreciation: Appreciation, utilisesAutres: number, max: number, part: number): void {
  if (appreciation !== 'EXCELLENT' || utilisesAutres < max) return;
  throw new RegleMetierError(
    'QUOTA_EXCELLENT_ATTEINT',
    `Quota atteint : ${utilisesAutres} appréciation${utilisesAutres > 1 ? 's' : ''} « Excellent » sur ${max} possible${max > 1 ? 's' : ''} au vivier ${vivier} (${part} % de la liste). ` +
      'Rien n’a été enregistré : retirez d’abord un « Excellent » à un autre agent de ce vivier.',
  );
}
