/**
 * The versioned rule sets of the classe exceptionnelle campaigns (DOMAIN.md §4, §5, §7, §10). Every
 * threshold, list and date of the rules is here, each with the campaign years it applies to; rule code
 * only reads the plain object returned by `reglesPour(annee)`.
 */

import { RegleMetierError } from '../../shared/errors.ts';
import type { DateIso } from '../../carriere/enregistrements.ts';
import { CORPS, type Appreciation, type Avis, type Corps, type Fonction, type Label, type Position } from '../../carriere/vocabulaire.ts';

export const REGIMES = ['A', 'B', 'C'] as const;
export type Regime = (typeof REGIMES)[number];

/** A value and the campaign years it applies to (bounds inclusive, absent = open). */
type Periode<T> = { depuis?: number; jusqua?: number; valeur: T };

function enVigueur<T>(table: readonly Periode<T>[], annee: number): T[] {
  return table.filter((p) => (p.depuis ?? -Infinity) <= annee && annee <= (p.jusqua ?? Infinity)).map((p) => p.valeur);
}

function unique<T>(table: readonly Periode<T>[], annee: number, quoi: string): T {
  const v = enVigueur(table, annee);
  if (v.length !== 1) throw new RegleMetierError('REGLES_INCOHERENTES', `Règle « ${quoi} » : ${v.length} valeurs pour la campagne ${annee}.`);
  return v[0]!;
}

function parCorps(defaut: number, exceptions: Partial<Record<Corps, number>> = {}): Record<Corps, number> {
  return Object.fromEntries(CORPS.map((c) => [c, exceptions[c] ?? defaut])) as Record<Corps, number>;
}

const REGIME: readonly Periode<Regime>[] = [
  { depuis: 2017, jusqua: 2020, valeur: 'A' },
  { depuis: 2021, jusqua: 2023, valeur: 'B' },
  { depuis: 2024, valeur: 'C' },
];

/** The first campaign year with rules: earlier years are refused everywhere (forms, CLI, pages). */
export const PREMIERE_CAMPAGNE: number = REGIME[0]!.depuis!;

/** Observation date D = 31 August N; promotions take effect on 1 September N; school years start on 1 September. */
const CALENDRIER = { observation: { mois: 8, jour: 31 }, effet: { mois: 9, jour: 1 }, debutAnneeScolaire: { mois: 9, jour: 1 } } as const;

const POSITIONS_PROMOUVABLES: readonly Periode<Position>[] = [
  { valeur: 'ACTIVITE' },
  { valeur: 'DETACHEMENT' },
  { valeur: 'MAD' },
  { depuis: 2022, valeur: 'CONGE_PARENTAL' },
];

/** Vivier 1: minimum HC échelon at D, and number T of qualifying school years. */
const ECHELON_VIVIER1 = parCorps(3, { AGREGE: 2 });
const ANNEES_VIVIER1: readonly Periode<number>[] = [
  { jusqua: 2021, valeur: 8 },
  { depuis: 2022, jusqua: 2023, valeur: 6 },
];

/** Establishment condition: total part_service in labelled establishments, every day of the year. */
const PART_MINIMUM_ETABLISSEMENT = 50;
const LABELS_QUALIFIANTS: readonly Periode<Label>[] = [
  { valeur: 'REP' },
  { valeur: 'REP_PLUS' },
  { valeur: 'EP_HISTORIQUE' },
  { valeur: 'POLITIQUE_VILLE' },
  { depuis: 2022, valeur: 'CLA' },
  { depuis: 2022, valeur: 'PENITENTIAIRE_CEF' },
];

/** Function condition: one of these codes every day of the year (years of the campaign, not of the service). */
const FONCTIONS_ELIGIBLES: readonly Periode<Fonction>[] = [
  { valeur: 'DIRECTEUR_ECOLE' },
  { valeur: 'CHARGE_ECOLE' },
  { valeur: 'DIR_ADJ_SEGPA' },
  { valeur: 'DDFPT' },
  { valeur: 'DIR_CIO' },
  { valeur: 'DIR_UNSS' },
  { valeur: 'CONSEILLER_PEDAGOGIQUE' },
  { valeur: 'MAITRE_FORMATEUR' },
  { valeur: 'FORMATEUR_ACADEMIQUE' },
  { valeur: 'REFERENT_HANDICAP' },
  { valeur: 'ENS_SUP_UNIVERSITE' },
  { valeur: 'ENS_SUP_CPGE' },
  { jusqua: 2018, valeur: 'ENS_SUP_STS' },
  { depuis: 2019, valeur: 'TUTEUR' },
  { depuis: 2019, valeur: 'DIR_ADJ_UNSS' },
  { depuis: 2022, valeur: 'CFC' },
];

/** A row of this code counts only if its own part_service passes the test. */
export type QuotiteRequise = { fonction: Fonction; comparaison: 'SUPERIEURE' | 'EGALE'; part: number };
const QUOTITES_FONCTION: readonly Periode<QuotiteRequise>[] = [
  { depuis: 2021, valeur: { fonction: 'ENS_SUP_UNIVERSITE', comparaison: 'SUPERIEURE', part: 50 } },
  { depuis: 2021, valeur: { fonction: 'ENS_SUP_CPGE', comparaison: 'EGALE', part: 100 } },
];

/** Vivier 2 at D: HC échelon ≥ `echelon` (or exactly, with a minimum of full years in it). */
export type ConditionVivier2 = { echelon: number; exact: boolean; anneesDansEchelon: number };
const SIMPLE = (echelon: number): ConditionVivier2 => ({ echelon, exact: false, anneesDansEchelon: 0 });
const VIVIER2: readonly Periode<Record<Corps, ConditionVivier2>>[] = [
  { jusqua: 2020, valeur: { PE: SIMPLE(6), PSYEN: SIMPLE(6), CERTIFIE: SIMPLE(6), PLP: SIMPLE(6), PEPS: SIMPLE(6), CPE: SIMPLE(6), AGREGE: { echelon: 4, exact: true, anneesDansEchelon: 3 } } },
  { depuis: 2021, valeur: { PE: SIMPLE(6), PSYEN: SIMPLE(6), CERTIFIE: SIMPLE(7), PLP: SIMPLE(7), PEPS: SIMPLE(7), CPE: SIMPLE(7), AGREGE: { echelon: 4, exact: true, anneesDansEchelon: 3 } } },
];

/** Regime C: minimum HC échelon at D. */
const ECHELON_REGIME_C = parCorps(5, { AGREGE: 4 });

/** Seats: V2 seats = P × share // 100. */
const PART_SIEGES_VIVIER2: readonly Periode<number>[] = [
  { jusqua: 2021, valeur: 20 },
  { depuis: 2022, valeur: 30 },
];

/** Maximum share (%) of EXCELLENT the autorité may give: of admissible V1 candidates, of V2 promouvables. */
const PART_EXCELLENT = { vivier1: 15, vivier2: 20 } as const;

const POINTS_APPRECIATION: Record<Appreciation, number> = { EXCELLENT: 140, TRES_SATISFAISANT: 90, SATISFAISANT: 40, INSATISFAISANT: 0 };

/** Seniority points of one HC échelon line: base + parAn × min(full years in the échelon, plafond). */
export type LigneAnciennete = { base: number; parAn: number; plafond: number };
const ANCIENNETE: Record<number, LigneAnciennete> = {
  3: { base: 3, parAn: 3, plafond: 2 },
  4: { base: 12, parAn: 3, plafond: 2 },
  5: { base: 21, parAn: 3, plafond: 3 },
  6: { base: 33, parAn: 3, plafond: 5 },
  7: { base: 48, parAn: 0, plafond: 0 },
};
/** AGREGE HC échelons 2, 3, 4 use the lines of échelons 3, 4, 5, échelon 4 with a cap of 9 years. */
const ANCIENNETE_AGREGE: Record<number, LigneAnciennete> = { 2: ANCIENNETE[3]!, 3: ANCIENNETE[4]!, 4: { ...ANCIENNETE[5]!, plafond: 9 } };

/**
 * Regime C tiers, best first: the combination of avis (sorted, any order in the file) of each tier.
 * Corps with one avis (PE) read `avis_1` only; any other combination is not listed.
 */
const PALIERS_REGIME_C = {
  corpsUnAvis: ['PE'],
  unAvis: [['TRES_FAVORABLE'], ['FAVORABLE']],
  deuxAvis: [
    ['TRES_FAVORABLE', 'TRES_FAVORABLE'],
    ['FAVORABLE', 'TRES_FAVORABLE'],
  ],
} as const satisfies { corpsUnAvis: readonly Corps[]; unAvis: readonly (readonly Avis[])[]; deuxAvis: readonly (readonly Avis[])[] };

/** Ranking order criteria, applied in turn; the last compares agent_id as text. */
export const CRITERES_ORDRE = ['BAREME_DESC', 'DATE_ENTREE_CORPS_ASC', 'DATE_ENTREE_HC_ASC', 'ECHELON_DESC', 'DATE_ECHELON_ASC', 'DATE_NAISSANCE_ASC', 'AGENT_ID_ASC'] as const;
export type CritereOrdre = (typeof CRITERES_ORDRE)[number];
const ORDRE_VIVIERS: readonly CritereOrdre[] = ['BAREME_DESC', 'DATE_ENTREE_CORPS_ASC', 'DATE_ENTREE_HC_ASC', 'DATE_ECHELON_ASC', 'DATE_NAISSANCE_ASC', 'AGENT_ID_ASC'];
const ORDRE_REGIME_C: readonly CritereOrdre[] = ['DATE_ENTREE_CORPS_ASC', 'DATE_ENTREE_HC_ASC', 'ECHELON_DESC', 'DATE_ECHELON_ASC', 'DATE_NAISSANCE_ASC', 'AGENT_ID_ASC'];

/** Days for a promouvable to contest the administration's detection (regime B). */
const DELAI_CONTESTATION_JOURS = 15;

export type ReglesVivier1 = {
  /** Minimum HC échelon at D, by corps. */
  echelonMinimum: Readonly<Record<Corps, number>>;
  /** T: qualifying school years needed. */
  anneesRequises: number;
  partMinimumEtablissement: number;
  labelsQualifiants: readonly Label[];
  fonctionsEligibles: readonly Fonction[];
  quotitesFonction: readonly QuotiteRequise[];
};

export type ReglesClassement = {
  /** V2 seats = P × partSiegesVivier2 // 100. */
  partSiegesVivier2: number;
  /** Maximum share (%) of EXCELLENT per vivier: a limit on input, not re-checked by the ranking. */
  partExcellent: { vivier1: number; vivier2: number };
  pointsAppreciation: Readonly<Record<Appreciation, number>>;
  /** Seniority line by HC échelon (AGREGE: its own table). */
  anciennete: Readonly<Record<number, LigneAnciennete>>;
  ancienneteAgrege: Readonly<Record<number, LigneAnciennete>>;
  /** Order of each vivier's list. */
  ordre: readonly CritereOrdre[];
};

export type ReglesRegimeC = {
  echelonMinimum: Readonly<Record<Corps, number>>;
  paliers: { corpsUnAvis: readonly Corps[]; unAvis: readonly (readonly Avis[])[]; deuxAvis: readonly (readonly Avis[])[] };
  /** Order within a tier. */
  ordre: readonly CritereOrdre[];
};

export type ReglesCampagne = {
  annee: number;
  regime: Regime;
  /** D = 31 August N. */
  dateObservation: DateIso;
  /** 1 September N: reference of "full years at D", and the day promotions take effect. */
  dateEffet: DateIso;
  /** First day (month, day) of a school year. */
  debutAnneeScolaire: { mois: number; jour: number };
  candidatureRequise: boolean;
  delaiContestationJours: number | null;
  positionsPromouvables: readonly Position[];
  vivier1: ReglesVivier1 | null;
  vivier2: Readonly<Record<Corps, ConditionVivier2>> | null;
  regimeC: ReglesRegimeC | null;
  classement: ReglesClassement | null;
};

const dateDe = (annee: number, d: { mois: number; jour: number }): DateIso => `${annee}-${String(d.mois).padStart(2, '0')}-${String(d.jour).padStart(2, '0')}`;

/** The rule set of campaign year N; throws for a year before the first campaign (2017). */
export function reglesPour(annee: number): ReglesCampagne {
  if (!Number.isInteger(annee) || enVigueur(REGIME, annee).length === 0)
    throw new RegleMetierError('CAMPAGNE_SANS_REGLES', `Aucune règle de classe exceptionnelle pour la campagne ${annee} (première campagne : ${PREMIERE_CAMPAGNE}).`);
  const regime = unique(REGIME, annee, 'régime');
  const avecViviers = regime !== 'C';
  return {
    annee,
    regime,
    dateObservation: dateDe(annee, CALENDRIER.observation),
    dateEffet: dateDe(annee, CALENDRIER.effet),
    debutAnneeScolaire: CALENDRIER.debutAnneeScolaire,
    candidatureRequise: regime === 'A',
    delaiContestationJours: regime === 'B' ? DELAI_CONTESTATION_JOURS : null,
    positionsPromouvables: enVigueur(POSITIONS_PROMOUVABLES, annee),
    vivier1: avecViviers
      ? {
          echelonMinimum: ECHELON_VIVIER1,
          anneesRequises: unique(ANNEES_VIVIER1, annee, 'années du vivier 1'),
          partMinimumEtablissement: PART_MINIMUM_ETABLISSEMENT,
          labelsQualifiants: enVigueur(LABELS_QUALIFIANTS, annee),
          fonctionsEligibles: enVigueur(FONCTIONS_ELIGIBLES, annee),
          quotitesFonction: enVigueur(QUOTITES_FONCTION, annee),
        }
      : null,
    vivier2: avecViviers ? unique(VIVIER2, annee, 'vivier 2') : null,
    regimeC: avecViviers ? null : { echelonMinimum: ECHELON_REGIME_C, paliers: PALIERS_REGIME_C, ordre: ORDRE_REGIME_C },
    classement: avecViviers
      ? {
          partSiegesVivier2: unique(PART_SIEGES_VIVIER2, annee, 'part du vivier 2'),
          partExcellent: PART_EXCELLENT,
          pointsAppreciation: POINTS_APPRECIATION,
          anciennete: ANCIENNETE,
          ancienneteAgrege: ANCIENNETE_AGREGE,
          ordre: ORDRE_VIVIERS,
        }
      : null,
  };
}
