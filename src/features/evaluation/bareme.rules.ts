import { RegleMetierError } from '../../shared/errors.ts';
import type { Appreciation, Corps } from '../../carriere/vocabulaire.ts';
import type { ReglesClassement } from '../eligibilite/regles.ts';
import type { GradeALaDate } from '../eligibilite/situation.ts';

/**
 * Seniority points (DOMAIN.md §7, §10): by HC échelon and full years in it at D, from the rule set's
 * table (AGREGE: its own lines).
 */
export function pointsAnciennete(corps: Corps, grade: Pick<GradeALaDate, 'echelon' | 'annees_echelon'>, regles: ReglesClassement): number {
  const ligne = (corps === 'AGREGE' ? regles.ancienneteAgrege : regles.anciennete)[grade.echelon];
  if (!ligne) throw new RegleMetierError('BAREME_SANS_LIGNE', `Le barème n'a pas de ligne d'ancienneté pour l'échelon ${grade.echelon} de la hors-classe (${corps}).`);
  return ligne.base + ligne.parAn * Math.min(grade.annees_echelon, ligne.plafond);
}

/** Barème = appreciation points + seniority points. */
export function bareme(appreciation: Appreciation, corps: Corps, grade: Pick<GradeALaDate, 'echelon' | 'annees_echelon'>, regles: ReglesClassement): number {
  return regles.pointsAppreciation[appreciation] + pointsAnciennete(corps, grade, regles);
}
