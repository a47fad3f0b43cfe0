import type { DateIso } from './jeu.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRANCAISE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

export function estBissextile(annee: number): boolean {
  return (annee % 4 === 0 && annee % 100 !== 0) || annee % 400 === 0;
}

export function joursDansMois(annee: number, mois: number): number {
  if (mois === 2) return estBissextile(annee) ? 29 : 28;
  return mois === 4 || mois === 6 || mois === 9 || mois === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` or `JJ/MM/AAAA` → `YYYY-MM-DD`, or null when the text is not a real calendar date. */
export function lireDate(texte: string): DateIso | null {
  let a: string, m: string, j: string;
  const iso = ISO.exec(texte);
  if (iso) [, a, m, j] = iso as unknown as [string, string, string, string];
  else {
    const fr = FRANCAISE.exec(texte);
    if (!fr) return null;
    [, j, m, a] = fr as unknown as [string, string, string, string];
  }
  const annee = Number(a);
  const mois = Number(m);
  const jour = Number(j);
  if (annee < 1 || mois < 1 || mois > 12 || jour < 1 || jour > joursDansMois(annee, mois)) return null;
  return `${a}-${m}-${j}`;
}

/** `2015-2016` → 2015 (the school year starting on 1 September 2015), or null when not of the form `Y-(Y+1)`. */
export function lireAnneeScolaire(texte: string): number | null {
  const r = /^(\d{4})-(\d{4})$/.exec(texte);
  if (!r) return null;
  const debut = Number(r[1]);
  return Number(r[2]) === debut + 1 ? debut : null;
}
