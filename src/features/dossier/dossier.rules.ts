/** Pure mappers of the dossier pages: current situation, school years and their labels. No database, no clock. */

export type LigneCarriere = { id: string; date_effet: string; grade: string; echelon: number };
export type LignePosition = { id: string; date_debut: string; date_fin: string | null; position: string };

export type Situation = {
  grade: string | null;
  dateGrade: string | null;
  echelon: number | null;
  dateEchelon: string | null;
  position: string;
  datePosition: string | null;
};

/**
 * The situation on `jour`: the carriere row with the latest date_effet ≤ jour; the grade dates from the first row of
 * the unbroken run of that grade, the échelon from the first row of the stay at that grade and échelon (DOMAIN.md §10);
 * the position covering the day with the latest start, ACTIVITE when no row covers it.
 */
export function situationAu(carrieres: readonly LigneCarriere[], positions: readonly LignePosition[], jour: string): Situation {
  const tries = [...carrieres].sort((a, b) => a.date_effet.localeCompare(b.date_effet)).filter((c) => c.date_effet <= jour);
  let grade: string | null = null;
  let dateGrade: string | null = null;
  let echelon: number | null = null;
  let dateEchelon: string | null = null;
  const derniere = tries.at(-1);
  if (derniere) {
    grade = derniere.grade;
    echelon = derniere.echelon;
    let i = tries.length - 1;
    while (i > 0 && tries[i - 1]!.grade === grade) i--;
    dateGrade = tries[i]!.date_effet;
    let k = tries.length - 1;
    while (k > 0 && tries[k - 1]!.grade === grade && tries[k - 1]!.echelon === echelon) k--;
    dateEchelon = tries[k]!.date_effet;
  }
  const couvrantes = positions.filter((p) => p.date_debut <= jour && (p.date_fin === null || p.date_fin >= jour)).sort((a, b) => b.date_debut.localeCompare(a.date_debut));
  const p = couvrantes[0];
  return { grade, dateGrade, echelon, dateEchelon, position: p?.position ?? 'ACTIVITE', datePosition: p?.date_debut ?? null };
}

/** The school year Y (1 Sept Y … 31 Aug Y+1) containing the day. */
export function anneeScolaire(jour: string): number {
  const annee = Number(jour.slice(0, 4));
  return Number(jour.slice(5, 7)) >= 9 ? annee : annee - 1;
}

export function libelleAnneeScolaire(y: number): string {
  return `${y}-${y + 1}`;
}

export type PeriodeLabels = { de: number; a: number; labels: string[] };

/**
 * The éducation-prioritaire labels of an establishment over the school years a service row covers (an ongoing row
 * up to `jour`), consecutive years with the same labels grouped; years without any label are left out.
 */
export function labelsDeLaPeriode(
  ligne: { date_debut: string; date_fin: string | null },
  labelsParAnnee: ReadonlyMap<number, readonly string[]>,
  jour: string,
): PeriodeLabels[] {
  const debut = anneeScolaire(ligne.date_debut);
  const fin = anneeScolaire(ligne.date_fin ?? (jour > ligne.date_debut ? jour : ligne.date_debut));
  const periodes: PeriodeLabels[] = [];
  for (let y = debut; y <= fin; y++) {
    const labels = [...(labelsParAnnee.get(y) ?? [])].sort();
    if (labels.length === 0) continue;
    const prec = periodes.at(-1);
    if (prec && prec.a === y - 1 && prec.labels.join() === labels.join()) prec.a = y;
    else periodes.push({ de: y, a: y, labels });
  }
  return periodes;
}
