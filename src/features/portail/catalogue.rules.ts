/** The catalogue as the portal reads it (rubrics, active applications, active banners), kept in memory by catalogue.cache.ts. */
export type ApplicationCatalogue = {
  id: string;
  rubrique_id: string;
  groupe: string;
  libelle: string;
  description: string | null;
  url: string;
  interne: boolean;
  ordre: number;
  roles: string[];
};
export type Catalogue = {
  rubriques: Array<{ id: string; libelle: string; ordre: number }>;
  applications: ApplicationCatalogue[];
  bandeaux: Array<{ id: string; titre: string; message: string; niveau: 'info' | 'warning' | 'alert'; debut: Date | null; fin: Date | null }>;
};


/** An application of the catalogue as one user sees it: with its rubric and their favourite rank (null: not a favourite). */
export type LigneApplication = Omit<ApplicationCatalogue, 'roles'> & { rubrique: string; rubrique_ordre: number; favori_ordre: number | null };

/** The applications of the catalogue one user sees (an entry is visible to the roles it names), with their favourite rank. Pure. */
export function lignesVisibles(catalogue: Catalogue, roles: readonly string[], favoris: readonly string[]): LigneApplication[] {
  const rangs = new Map(favoris.map((id, i) => [id, i + 1]));
  const rubriques = new Map(catalogue.rubriques.map((r, i) => [r.id, { libelle: r.libelle, rang: i }]));
  return catalogue.applications
    .filter((a) => a.roles.some((r) => roles.includes(r)) && rubriques.has(a.rubrique_id))
    .map((a) => ({ ...a, rubrique: rubriques.get(a.rubrique_id)!.libelle, rubrique_ordre: rubriques.get(a.rubrique_id)!.rang, favori_ordre: rangs.get(a.id) ?? null }));
}

/** Banners shown now: started (or without start) and not yet ended. Pure. */
export function bandeauxEnCours<T extends { debut: Date | null; fin: Date | null }>(bandeaux: readonly T[], maintenant: Date): T[] {
  const t = maintenant.getTime();
  return bandeaux.filter((b) => (b.debut === null || b.debut.getTime() <= t) && (b.fin === null || b.fin.getTime() > t));
}

export type VueApplication = { id: string; libelle: string; description: string | null; url: string; interne: boolean; favori: boolean };
export type VueGroupe = { groupe: string; applications: VueApplication[] };
export type VueRubrique = { id: string; libelle: string; groupes: VueGroupe[] };
export type VueCatalogue = { favoris: VueApplication[]; rubriques: VueRubrique[] };

/** Groups the visible applications by rubric then by group, favourites first in their own order. Pure. */
export function organiserCatalogue(lignes: readonly LigneApplication[], toutesRubriques: ReadonlyArray<{ id: string; libelle: string }>): VueCatalogue {
  const vue = (l: LigneApplication): VueApplication => ({ id: l.id, libelle: l.libelle, description: l.description, url: l.url, interne: l.interne, favori: l.favori_ordre !== null });
  const favoris = lignes
    .filter((l) => l.favori_ordre !== null)
    .sort((a, b) => a.favori_ordre! - b.favori_ordre! || Number(a.id) - Number(b.id))
    .map(vue);
  const rubriques: VueRubrique[] = toutesRubriques.map((r) => {
    const groupes: VueGroupe[] = [];
    for (const l of lignes.filter((x) => x.rubrique_id === r.id)) {
      let g = groupes.find((x) => x.groupe === l.groupe);
      if (!g) groupes.push((g = { groupe: l.groupe, applications: [] }));
      g.applications.push(vue(l));
    }
    return { id: r.id, libelle: r.libelle, groupes };
  });
  return { favoris, rubriques };
}

/** New order of the favourites after moving one up or down; unchanged at the ends. */
export function deplacer<T>(liste: readonly T[], element: T, sens: 'haut' | 'bas'): T[] {
  const i = liste.indexOf(element);
  const j = sens === 'haut' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= liste.length) return [...liste];
  const copie = [...liste];
  [copie[i], copie[j]] = [copie[j]!, copie[i]!];
  return copie;
}
