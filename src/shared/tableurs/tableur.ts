/**
 * Exports as spreadsheets (ADR 11): one description of the sheets, written as CSV (the first sheet only, in the
 * interchange form of DOMAIN.md §8), XLSX or ODS, streamed to a Writable with bounded memory whatever the rows.
 */
import type { Writable } from 'node:stream';
import { ecrireCsv } from './csv.ts';

export const FORMATS_TABLEUR = ['csv', 'xlsx', 'ods'] as const;
export type FormatTableur = (typeof FORMATS_TABLEUR)[number];

export function estFormatTableur(x: string): x is FormatTableur {
  return (FORMATS_TABLEUR as readonly string[]).includes(x);
}

/** Media type of each format, for an HTTP download. */
export const TYPES_MIME: Record<FormatTableur, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** `texte` cells are always text (never a formula), `nombre` numbers, `date` a `YYYY-MM-DD` date shown JJ/MM/AAAA. */
export type TypeColonne = 'texte' | 'nombre' | 'date';
export type Colonne = { nom: string; type: TypeColonne; /** Width in characters (spreadsheets only). */ largeur?: number };
/** null (or '') = empty cell. */
export type Cellule = string | number | null;
export type Lignes = Iterable<readonly Cellule[]> | AsyncIterable<readonly Cellule[]>;

/** A sheet: its name (French, at most 31 characters, none of `[]:*?/\`), its typed columns (the header row), its rows. */
export type Feuille = { nom: string; colonnes: readonly Colonne[]; lignes: Lignes };

/** Sheets are written in order and their rows read once, as they are written. */
export async function ecrireTableur(sortie: Writable, format: FormatTableur, feuilles: readonly Feuille[]): Promise<void> {
  if (feuilles.length === 0) throw new Error('Un classeur a au moins une feuille.');
  for (const f of feuilles)
    if (f.nom.length === 0 || f.nom.length > 31 || /[[\]:*?/\\]/.test(f.nom)) throw new Error(`Nom de feuille invalide « ${f.nom} » (1 à 31 caractères, sans [ ] : * ? / \\).`);
  if (format === 'csv') return ecrireCsv(sortie, feuilles[0]!);
  // The workbooks' writers (and fflate) are loaded by the first workbook: a CSV export does without them.
  if (format === 'xlsx') return (await import('./xlsx.ts')).ecrireXlsx(sortie, feuilles);
  return (await import('./ods.ts')).ecrireOds(sortie, feuilles);
}
