import type { DateIso, LigneCarriere, LignePosition } from '../../carriere/enregistrements.ts';
import type { Grade, Position } from '../../carriere/vocabulaire.ts';
import type { LigneDuDossier } from './dossier.ts';
import { anneesPleines } from './jours.ts';

/** Grade and échelon at a date, with the dates the ranking and vivier 2 need (DOMAIN.md §10). */
export type GradeALaDate = {
  grade: Grade;
  echelon: number;
  /** First row of the stay in this grade and échelon (consecutive identical rows are one stay). */
  date_echelon: DateIso;
  /** First row of the unbroken run of HC rows containing the date; null if not HC. */
  date_entree_hc: DateIso | null;
  /** Full years in the échelon on `reference` (anniversary rule). */
  annees_echelon: number;
};

/**
 * The carriere row with the latest `date_effet` ≤ `date` (an HC promotion effective the day after
 * does not count); null when the agent has no row yet. `reference` is the day full years are counted to.
 */
export function gradeALaDate(carriere: readonly LigneDuDossier<LigneCarriere>[], date: DateIso, reference: DateIso): GradeALaDate | null {
  const lignes = carriere.filter((c) => c.date_effet <= date).sort((a, b) => (a.date_effet < b.date_effet ? -1 : a.date_effet > b.date_effet ? 1 : 0));
  let i = lignes.length - 1;
  const actuelle = lignes[i];
  if (!actuelle) return null;
  while (i > 0 && lignes[i - 1]!.grade === actuelle.grade && lignes[i - 1]!.echelon === actuelle.echelon) i--;
  const date_echelon = lignes[i]!.date_effet;
  let date_entree_hc: DateIso | null = null;
  if (actuelle.grade === 'HC') {
    let j = lignes.length - 1;
    while (j > 0 && lignes[j - 1]!.grade === 'HC') j--;
    date_entree_hc = lignes[j]!.date_effet;
  }
  return { grade: actuelle.grade, echelon: actuelle.echelon, date_echelon, date_entree_hc, annees_echelon: anneesPleines(date_echelon, reference) };
}

/**
 * The position row covering `date` with the latest `date_debut` (on a tie, the later row of the file);
 * no row covering the date means ACTIVITE.
 */
export function positionALaDate(positions: readonly LigneDuDossier<LignePosition>[], date: DateIso): Position {
  let retenue: LigneDuDossier<LignePosition> | null = null;
  for (const p of positions) {
    if (p.date_debut > date || (p.date_fin !== null && p.date_fin < date)) continue;
    if (retenue === null || p.date_debut >= retenue.date_debut) retenue = p;
  }
  return retenue?.position ?? 'ACTIVITE';
}
