/** Pure shaping of the campaign dashboard's daily series into a bar chart's geometry. */

export type SerieJour = { jour: string; brouillons: number; validations: number; annulations: number };

export type Barre = { x: number; y: number; largeur: number; hauteur: number; valeur: number; serie: 'brouillons' | 'validations' | 'annulations' };

export function geometrieGraphique(series: readonly SerieJour[], dims: { largeur: number; hauteur: number; marge: number }): { barres: Barre[]; max: number; pas: number } {
  const max = Math.max(1, ...series.flatMap((s) => [s.brouillons, s.validations, s.annulations]));
  const utile = dims.largeur - 2 * dims.marge;
  const pas = series.length > 0 ? utile / series.length : utile;
  const largeur = Math.max(1, (pas * 0.8) / 3);
  const barres: Barre[] = [];
  series.forEach((s, i) => {
    (['brouillons', 'validations', 'annulations'] as const).forEach((serie, k) => {
      const valeur = s[serie];
      const hauteur = ((dims.hauteur - 2 * dims.marge) * valeur) / max;
      barres.push({ x: dims.marge + i * pas + pas * 0.1 + k * largeur, y: dims.hauteur - dims.marge - hauteur, largeur, hauteur, valeur, serie });
    });
  });
  return { barres, max, pas };
}
