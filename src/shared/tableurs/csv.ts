import type { Writable } from 'node:stream';
import { ecrire, Tampon } from './sortie.ts';
import type { Cellule, Feuille } from './tableur.ts';

/**
 * A text value that a spreadsheet opening the CSV would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one): `=HYPERLINK(…)` or `=cmd|…` in a name imported from HR data would run on the gestionnaire's
 * computer. It is written with a leading apostrophe (OWASP "CSV injection"), shown as is and never evaluated. Only text
 * columns are concerned: numbers and dates are written by us. No real name or identifier starts so: the §8 files
 * of the sample keep their bytes (ADR 11).
 */
const FORMULE = /^[=+\-@\t\r]/;

/** RFC 4180 quoting, only when a value needs it (a name holding `;`, a quote or a line break). */
export function champCsv(valeur: string): string {
  return /[;"\r\n]/.test(valeur) ? `"${valeur.replaceAll('"', '""')}"` : valeur;
}

export function texteCsv(valeur: string): string {
  return champCsv(FORMULE.test(valeur) ? `'${valeur}` : valeur);
}

/** DOMAIN.md §8: `;`-separated, LF line ends, a header row of the column names, no BOM. */
export async function ecrireCsv(sortie: Writable, feuille: Feuille): Promise<void> {
  const types = feuille.colonnes.map((c) => c.type);
  const cellule = (v: Cellule, i: number): string => (v === null || v === '' ? '' : types[i] === 'texte' ? texteCsv(String(v)) : String(v));
  const tampon = new Tampon();
  tampon.ajouter(feuille.colonnes.map((c) => champCsv(c.nom)).join(';') + '\n');
  for await (const ligne of feuille.lignes) if (tampon.ajouter(ligne.map(cellule).join(';') + '\n')) await ecrire(sortie, tampon.vider());
  await ecrire(sortie, tampon.vider());
}
