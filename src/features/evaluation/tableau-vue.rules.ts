import type { Pagination } from '../admin/admin.rules.ts';
import { paginer } from '../admin/admin.rules.ts';
import type { LigneTableau, Tableau } from './classement.rules.ts';

/**
 * What the table page does with a table already ranked (pure): filter, sort, cut into pages, mark the cut line of each
 * list, and compare a simulated table with the current one. The ranking itself is classement.rules.ts's.
 */

export const TRIS_TABLEAU = ['rang', 'nom', 'bareme'] as const;
export type TriTableau = (typeof TRIS_TABLEAU)[number];
export const SENS = ['asc', 'desc'] as const;
export type Sens = (typeof SENS)[number];

export type FiltresTableau = { vivier: 1 | 2 | null; promu: boolean | null; q: string };
export type VueDemandee = FiltresTableau & { tri: TriTableau; sens: Sens; page: number };

export const LIGNES_PAR_PAGE = 50;

/** The list a line belongs to: its vivier (regimes A, B), 0 for the single list of regime C (as `tableau_ligne.liste`). */
export const listeDe = (l: Pick<LigneTableau, 'vivier'>): 0 | 1 | 2 => l.vivier ?? 0;

const collateur = new Intl.Collator('fr', { sensitivity: 'base' });

/** Lower case without accents: "Éloïse" is found by "eloise". */
export function normaliser(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Indices of the lines in a sort order; 'rang' is the table's own order (the V1 list then the V2 list). Ties keep the
 * table's order, so that a page never moves a line between two reloads.
 */
export function ordreDes(lignes: readonly LigneTableau[], tri: TriTableau): number[] {
  const idx = lignes.map((_, i) => i);
  if (tri === 'rang') return idx;
  if (tri === 'nom') return idx.sort((a, b) => collateur.compare(`${lignes[a]!.nom} ${lignes[a]!.prenom}`, `${lignes[b]!.nom} ${lignes[b]!.prenom}`) || a - b);
  // Barème: highest first in the natural direction, lines without one (regime C) last.
  return idx.sort((a, b) => (lignes[b]!.bareme ?? -1) - (lignes[a]!.bareme ?? -1) || a - b);
}

/** The last rank promoted in each list: the cut line is drawn under it. */
export function coupures(t: Tableau): Map<0 | 1 | 2, number> {
  const m = new Map<0 | 1 | 2, number>();
  for (const l of t.lignes) if (l.promu) m.set(listeDe(l), Math.max(m.get(listeDe(l)) ?? 0, l.rang));
  return m;
}

/** The barème of the last agent promoted on a vivier's list (what a non-promoted agent compares theirs with). */
export function dernierBaremePromu(t: Pick<Tableau, 'lignes'>, vivier: 1 | 2): number | null {
  let dernier: LigneTableau | null = null;
  for (const l of t.lignes) if (l.vivier === vivier && l.promu && (dernier === null || l.rang > dernier.rang)) dernier = l;
  return dernier?.bareme ?? null;
}

export type PageTableau = { lignes: Array<LigneTableau & { coupure: boolean }>; pagination: Pagination };

/** The indices kept by the filters (and `visible`, the reader's perimetre); the order itself when nothing filters. */
export function indicesFiltres(t: Tableau, ordre: readonly number[], f: FiltresTableau, visible?: (agentId: string) => boolean): readonly number[] {
  const q = normaliser(f.q.trim());
  if (f.vivier === null && f.promu === null && q === '' && !visible) return ordre;
  return ordre.filter((i) => {
    const l = t.lignes[i]!;
    return (f.vivier === null || l.vivier === f.vivier) && (f.promu === null || l.promu === f.promu) && (q === '' || normaliser(`${l.nom} ${l.prenom} ${l.agent_id}`).includes(q)) && (!visible || visible(l.agent_id));
  });
}

/**
 * One page: lines kept by the filters (and `visible`, the reader's perimetre), in the order asked, with the cut line
 * marked under the last promoted rank of each list when the order is the table's own. Only the page's lines are
 * copied: a page of an unfiltered national table costs the same as one of twenty lines.
 */
export function pageDuTableau(t: Tableau, ordre: readonly number[], v: VueDemandee, visible?: (agentId: string) => boolean, cut: ReadonlyMap<0 | 1 | 2, number> = coupures(t)): PageTableau {
  const indices = indicesFiltres(t, ordre, v, visible);
  const pagination = paginer(indices.length, v.page, LIGNES_PAR_PAGE);
  const parRang = v.tri === 'rang' && v.sens === 'asc';
  const fin = Math.min(indices.length, pagination.decalage + LIGNES_PAR_PAGE);
  const lignes: PageTableau['lignes'] = [];
  for (let k = pagination.decalage; k < fin; k++) {
    const l = t.lignes[indices[v.sens === 'desc' ? indices.length - 1 - k : k]!]!;
    lignes.push({ ...l, coupure: parRang && cut.get(listeDe(l)) === l.rang });
  }
  return { lignes, pagination };
}

/** Who a simulation promotes that the current table does not (entrent), and the reverse (sortent), in rank order. */
export function mouvements(actuel: Tableau, simule: Tableau): { entrent: LigneTableau[]; sortent: LigneTableau[] } {
  const promus = (t: Tableau) => new Set(t.lignes.filter((l) => l.promu).map((l) => l.agent_id));
  const a = promus(actuel);
  const s = promus(simule);
  return {
    entrent: simule.lignes.filter((l) => l.promu && !a.has(l.agent_id)),
    sortent: actuel.lignes.filter((l) => l.promu && !s.has(l.agent_id)),
  };
}

/** The figures of a table shown above it: P, the seats of each list, the promoted. */
export function resume(t: Tableau): { promotions: number; sieges: { vivier1: number; vivier2: number } | null; lignes: number; promus: number } {
  return { promotions: t.promotions, sieges: t.sieges, lignes: t.lignes.length, promus: t.lignes.filter((l) => l.promu).length };
}
