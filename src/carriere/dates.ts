import type { DateIso } from './enregistrements.ts';

export function estBissextile(annee: number): boolean {
  return (annee % 4 === 0 && annee % 100 !== 0) || annee % 400 === 0;
}

export function joursDansMois(annee: number, mois: number): number {
  if (mois === 2) return estBissextile(annee) ? 29 : 28;
  return mois === 4 || mois === 6 || mois === 9 || mois === 11 ? 30 : 31;
}

const ZERO = 48;
const TIRET = 45;
const BARRE = 47;

/** The number written by the `n` ASCII digits of `texte` from `debut`, or -1 if one is not a digit. */
function chiffres(texte: string, debut: number, n: number): number {
  let v = 0;
  for (let i = debut; i < debut + n; i++) {
    const c = texte.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * `YYYY-MM-DD` or `JJ/MM/AAAA` → `YYYY-MM-DD`, or null when the text is not a real calendar date.
 * Read digit by digit (called millions of times by a national import: no regular expression, no array).
 */
export function lireDate(texte: string): DateIso | null {
  if (texte.length !== 10) return null;
  let annee: number, mois: number, jour: number;
  const iso = texte.charCodeAt(4) === TIRET && texte.charCodeAt(7) === TIRET;
  if (iso) {
    annee = chiffres(texte, 0, 4);
    mois = chiffres(texte, 5, 2);
    jour = chiffres(texte, 8, 2);
  } else if (texte.charCodeAt(2) === BARRE && texte.charCodeAt(5) === BARRE) {
    jour = chiffres(texte, 0, 2);
    mois = chiffres(texte, 3, 2);
    annee = chiffres(texte, 6, 4);
  } else return null;
  if (annee < 1 || mois < 1 || mois > 12 || jour < 1 || jour > joursDansMois(annee, mois)) return null;
  return iso ? texte : `${texte.slice(6, 10)}-${texte.slice(3, 5)}-${texte.slice(0, 2)}`;
}

/** `2015-2016` → 2015 (the school year starting on 1 September 2015), or null when not of the form `Y-(Y+1)`. */
export function lireAnneeScolaire(texte: string): number | null {
  if (texte.length !== 9 || texte.charCodeAt(4) !== TIRET) return null;
  const debut = chiffres(texte, 0, 4);
  const fin = chiffres(texte, 5, 4);
  return debut >= 0 && fin === debut + 1 ? debut : null;
}
