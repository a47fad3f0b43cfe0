/** Pure helpers shared by the administration pages. */

export type Pagination = { page: number; pages: number; decalage: number; parPage: number; total: number };

/** Page numbers start at 1; a page past the end shows the last one. */
export function paginer(total: number, pageDemandee: number, parPage: number): Pagination {
  const pages = Math.max(1, Math.ceil(total / parPage));
  const page = Math.min(Math.max(1, pageDemandee), pages);
  return { page, pages, decalage: (page - 1) * parPage, parPage, total };
}

/** A user's search as a LIKE pattern matching it anywhere, its wildcards taken literally. */
export function motifRecherche(recherche: string): string {
  return `%${recherche.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
