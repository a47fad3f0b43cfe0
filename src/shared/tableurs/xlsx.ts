import type { Writable } from 'node:stream';
import { Tampon } from './sortie.ts';
import type { Cellule, Colonne, Feuille } from './tableur.ts';
import { echapperXml, lireDateIso } from './xml.ts';
import { archiveZip } from './zip.ts';

/**
 * Office Open XML (ECMA-376) written by hand, the smallest workbook Excel and LibreOffice open without repair:
 * text in inline strings (`t="inlineStr"`: always text, a name starting with `=` stays a name, and no shared-strings
 * table to hold in memory), numbers as numbers, dates as day serials with a JJ/MM/AAAA format, the header row in bold
 * and frozen.
 */
const EN_TETE_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Styles: 0 default, 1 date JJ/MM/AAAA, 2 bold (header row). */
const STYLE_DATE = 1;
const STYLE_ENTETE = 2;
const STYLES = `${EN_TETE_XML}<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function lettreColonne(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Days since 30 December 1899 (the 1900 date system as Excel counts it from March 1900 on). */
export function serieExcel(annee: number, mois: number, jour: number): number {
  return (Date.UTC(annee, mois - 1, jour) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function texteEnLigne(ref: string, v: string, style = ''): string {
  const e = echapperXml(v);
  const espaces = /^\s|\s$/.test(e) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${espaces}>${e}</t></is></c>`;
}

function cellule(ref: string, v: Cellule, colonne: Colonne): string {
  if (v === null || v === '') return '';
  if (colonne.type === 'nombre' && typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"><v>${v}</v></c>`;
  if (colonne.type === 'date') {
    const d = lireDateIso(String(v));
    if (d) return `<c r="${ref}" s="${STYLE_DATE}"><v>${serieExcel(...d)}</v></c>`;
  }
  return texteEnLigne(ref, String(v));
}

async function feuilleXml(f: Feuille, ajouter: (t: string) => Promise<void>): Promise<void> {
  const lettres = f.colonnes.map((_, i) => lettreColonne(i));
  const largeurs = f.colonnes.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.largeur ?? Math.max(10, c.nom.length + 2)}" customWidth="1"/>`).join('');
  const tampon = new Tampon();
  tampon.ajouter(
    `${EN_TETE_XML}<worksheet xmlns="${NS}" xmlns:r="${NS_R}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${largeurs}</cols><sheetData>` +
      `<row r="1">${f.colonnes.map((c, i) => texteEnLigne(`${lettres[i]}1`, c.nom, ` s="${STYLE_ENTETE}"`)).join('')}</row>`,
  );
  let r = 1;
  for await (const ligne of f.lignes) {
    r++;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < f.colonnes.length; i++) xml += cellule(`${lettres[i]}${r}`, ligne[i] ?? null, f.colonnes[i]!);
    if (tampon.ajouter(xml + '</row>')) await ajouter(tampon.vider());
  }
  tampon.ajouter('</sheetData></worksheet>');
  await ajouter(tampon.vider());
}

export async function ecrireXlsx(sortie: Writable, feuilles: readonly Feuille[]): Promise<void> {
  const zip = archiveZip(sortie);
  const fixe = (nom: string, texte: string) => zip.entree(nom, (ajouter) => ajouter(texte));
  const numeros = feuilles.map((_, i) => i + 1);
  await fixe(
    '[Content_Types].xml',
    `${EN_TETE_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${numeros.map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
  );
  await fixe('_rels/.rels', `${EN_TETE_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  await fixe(
    'xl/workbook.xml',
    `${EN_TETE_XML}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><bookViews><workbookView/></bookViews><sheets>${feuilles.map((f, i) => `<sheet name="${echapperXml(f.nom)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  );
  await fixe(
    'xl/_rels/workbook.xml.rels',
    `${EN_TETE_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${numeros.map((n) => `<Relationship Id="rId${n}" Type="${NS_R}/worksheet" Target="worksheets/sheet${n}.xml"/>`).join('')}<Relationship Id="rId${feuilles.length + 1}" Type="${NS_R}/styles" Target="styles.xml"/></Relationships>`,
  );
  await fixe('xl/styles.xml', STYLES);
  for (const [i, f] of feuilles.entries()) await zip.entree(`xl/worksheets/sheet${i + 1}.xml`, (ajouter) => feuilleXml(f, ajouter));
  await zip.terminer();
}
