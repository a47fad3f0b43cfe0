/**
 * Élections professionnelles, pure: the two scopes of the unions' information lists (the two entries of the catalogue),
 * and what a submitted choice changes. No database, no HTTP, no clock.
 */

export const PORTEES = ['NATIONALE', 'ACADEMIQUE'] as const;
export type Portee = (typeof PORTEES)[number];

/** The scope as it reads in a page address. */
export const SLUGS_PORTEE = ['nationales', 'academiques'] as const;
export type SlugPortee = (typeof SLUGS_PORTEE)[number];

const PAR_SLUG: Record<SlugPortee, Portee> = { nationales: 'NATIONALE', academiques: 'ACADEMIQUE' };
export const SLUG_DE: Record<Portee, SlugPortee> = { NATIONALE: 'nationales', ACADEMIQUE: 'academiques' };

/** "nationales" → NATIONALE; anything else is no page (null). */
export function porteeDuSlug(slug: unknown): Portee | null {
  return typeof slug === 'string' && Object.hasOwn(PAR_SLUG, slug) ? PAR_SLUG[slug as SlugPortee] : null;
}

/** The titles of the user document's two catalogue entries, word for word. */
export const TITRE_PAGE: Record<Portee, string> = {
  NATIONALE: 'Gérer ses abonnements : infos syndicales nationales',
  ACADEMIQUE: 'Gérer ses abonnements : infos syndicales académiques',
};

export const LIBELLE_PORTEE: Record<Portee, string> = { NATIONALE: 'Nationale', ACADEMIQUE: 'Académique' };

export type ActionAbonnement = 'ABONNEMENT' | 'DESABONNEMENT';
export const LIBELLE_ACTION: Record<ActionAbonnement, string> = { ABONNEMENT: 'Abonnement', DESABONNEMENT: 'Désabonnement' };

/**
 * What a submitted form changes: the lists offered on the page (`proposees`) are the only ones it may touch; of those,
 * the ticked ones not yet subscribed are added, the unticked ones subscribed are removed. Lists of the other scope,
 * or closed since, are left as they are. Returns null when a ticked list is not one the page offers.
 */
export function changementsAbonnements(
  proposees: readonly string[],
  actuelles: readonly string[],
  cochees: readonly string[],
): { ajouts: string[]; retraits: string[] } | null {
  const offertes = new Set(proposees);
  if (cochees.some((id) => !offertes.has(id))) return null;
  const voulues = new Set(cochees);
  const deja = new Set(actuelles);
  return {
    ajouts: proposees.filter((id) => voulues.has(id) && !deja.has(id)),
    retraits: proposees.filter((id) => !voulues.has(id) && deja.has(id)),
  };
}

/** The CSV file name of a list's export: the union's acronym and the list, in plain ASCII, with the date. */
export function nomFichierExport(sigle: string, libelle: string, jourIso: string): string {
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60);
  return `abonnes-${ascii(sigle) || 'syndicat'}-${ascii(libelle) || 'liste'}-${jourIso}.csv`;
}
