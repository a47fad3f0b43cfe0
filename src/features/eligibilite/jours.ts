/**
 * Calendar arithmetic on day numbers (days since 1970-01-01), so that periods are integer intervals:
 * no Date object, no time zone, no allocation per day.
 */

import type { DateIso } from '../../carriere/enregistrements.ts';

/** Later than any real date: the end of an ongoing period. */
export const JOUR_SANS_FIN = 1e9;

/** Day number of a civil date (H. Hinnant's days_from_civil). */
export function jourCivil(annee: number, mois: number, jour: number): number {
  const a = mois <= 2 ? annee - 1 : annee;
  const ere = Math.floor(a / 400);
  const ae = a - ere * 400;
  const jourAnnee = Math.floor((153 * (mois + (mois > 2 ? -3 : 9)) + 2) / 5) + jour - 1;
  const je = ae * 365 + Math.floor(ae / 4) - Math.floor(ae / 100) + jourAnnee;
  return ere * 146097 + je - 719468;
}

const chiffre = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** `YYYY-MM-DD` (already validated) → day number. */
export function jourIso(iso: DateIso): number {
  const annee = chiffre(iso, 0) * 1000 + chiffre(iso, 1) * 100 + chiffre(iso, 2) * 10 + chiffre(iso, 3);
  return jourCivil(annee, chiffre(iso, 5) * 10 + chiffre(iso, 6), chiffre(iso, 8) * 10 + chiffre(iso, 9));
}

const deux = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** Day number → `YYYY-MM-DD` (H. Hinnant's civil_from_days). */
export function isoJour(n: number): DateIso {
  const z = n + 719468;
  const ere = Math.floor(z / 146097);
  const je = z - ere * 146097;
  const ae = Math.floor((je - Math.floor(je / 1460) + Math.floor(je / 36524) - Math.floor(je / 146096)) / 365);
  const jourAnnee = je - (365 * ae + Math.floor(ae / 4) - Math.floor(ae / 100));
  const mp = Math.floor((5 * jourAnnee + 2) / 153);
  const jour = jourAnnee - Math.floor((153 * mp + 2) / 5) + 1;
  const mois = mp < 10 ? mp + 3 : mp - 9;
  const annee = ae + ere * 400 + (mois <= 2 ? 1 : 0);
  return `${String(annee).padStart(4, '0')}-${deux(mois)}-${deux(jour)}`;
}

/** `YYYY-MM-DD` → `JJ/MM/AAAA`, for French sentences. */
export function dateFrancaise(iso: DateIso): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * Whole years from `debut` to `reference` by the anniversary rule: the largest k such that
 * debut + k years ≤ reference (from 1 Sept 2017 → 3 years on 1 Sept 2020; from 2 Sept 2017 → 2).
 */
export function anneesPleines(debut: DateIso, reference: DateIso): number {
  const k = Number(reference.slice(0, 4)) - Number(debut.slice(0, 4));
  const avantAnniversaire = reference.slice(5) < debut.slice(5);
  return Math.max(0, avantAnniversaire ? k - 1 : k);
}
