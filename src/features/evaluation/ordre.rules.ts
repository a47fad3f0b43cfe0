import type { Agent } from '../../carriere/enregistrements.ts';
import type { CritereOrdre } from '../eligibilite/regles.ts';
import type { GradeALaDate } from '../eligibilite/situation.ts';

/** What the ranking order reads about an agent. */
export type ElementOrdonne = {
  agent: Pick<Agent, 'agent_id' | 'date_entree_corps' | 'date_naissance'>;
  grade: Pick<GradeALaDate, 'echelon' | 'date_echelon' | 'date_entree_hc'>;
  bareme: number | null;
};

const texte = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

const COMPARER: Record<CritereOrdre, (a: ElementOrdonne, b: ElementOrdonne) => number> = {
  BAREME_DESC: (a, b) => (b.bareme ?? 0) - (a.bareme ?? 0),
  DATE_ENTREE_CORPS_ASC: (a, b) => texte(a.agent.date_entree_corps, b.agent.date_entree_corps),
  DATE_ENTREE_HC_ASC: (a, b) => texte(a.grade.date_entree_hc, b.grade.date_entree_hc),
  ECHELON_DESC: (a, b) => b.grade.echelon - a.grade.echelon,
  DATE_ECHELON_ASC: (a, b) => texte(a.grade.date_echelon, b.grade.date_echelon),
  DATE_NAISSANCE_ASC: (a, b) => texte(a.agent.date_naissance, b.agent.date_naissance),
  // Compared as text (code units), not with the locale: "A10" comes before "A9".
  AGENT_ID_ASC: (a, b) => texte(a.agent.agent_id, b.agent.agent_id),
};

/** Sorts a copy by the criteria of the rule set, applied in turn. */
export function ordonner<T extends ElementOrdonne>(elements: readonly T[], criteres: readonly CritereOrdre[]): T[] {
  return [...elements].sort((a, b) => {
    for (const c of criteres) {
      const r = COMPARER[c](a, b);
      if (r !== 0) return r;
    }
    return 0;
  });
}
