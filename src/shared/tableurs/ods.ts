import type { Writable } from 'node:stream';
import { Tampon } from './sortie.ts';
import type { Cellule, Colonne, Feuille } from './tableur.ts';
import { echapperXml, lireDateIso } from './xml.ts';
import { archiveZip } from './zip.ts';

/**
 * OpenDocument spreadsheet (ODF 1.2) written by hand: the `mimetype` entry first and stored, a manifest, and every
 * sheet in content.xml. Text cells are `office:value-type="string"` (never a formula), numbers `float`, dates `date`
 * with a JJ/MM/AAAA style; the header row is bold and repeated on each printed page.
 */
const MIME = 'application/vnd.oasis.opendocument.spreadsheet';
const EN_TETE_XML = '<?xml version="1.0" encoding="UTF-8"?>\n';
const MANIFESTE = `${EN_TETE_XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="${MIME}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
const DEBUT_CONTENU =
  `${EN_TETE_XML}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2">` +
  '<office:automatic-styles><number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>' +
  '<style:style style:name="date" style:family="table-cell" style:data-style-name="N1"/><style:style style:name="entete" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles><office:body><office:spreadsheet>';
const FIN_CONTENU = '</office:spreadsheet></office:body></office:document-content>';

/** Paragraph text: runs of spaces, tabs and line breaks are elements in ODF (plain ones would collapse into one space). */
function paragraphe(v: string): string {
  const e = echapperXml(v)
    .replace(/ {2,}/g, (s) => ` <text:s text:c="${s.length - 1}"/>`)
    .replace(/^ /, '<text:s/>')
    .replace(/\t/g, '<text:tab/>')
    .replace(/\r?\n|\r/g, '<text:line-break/>');
  return `<text:p>${e}</text:p>`;
}

const texte = (v: string, style = '') => `<table:table-cell${style} office:value-type="string">${paragraphe(v)}</table:table-cell>`;

function cellule(v: Cellule, colonne: Colonne): string {
  if (v === null || v === '') return '<table:table-cell/>';
  if (colonne.type === 'nombre' && typeof v === 'number' && Number.isFinite(v)) return `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${v}</text:p></table:table-cell>`;
  if (colonne.type === 'date') {
    const d = lireDateIso(String(v));
    if (d)
      return `<table:table-cell table:style-name="date" office:value-type="date" office:date-value="${v}"><text:p>${String(d[2]).padStart(2, '0')}/${String(d[1]).padStart(2, '0')}/${d[0]}</text:p></table:table-cell>`;
  }
  return texte(String(v));
}

export async function ecrireOds(sortie: Writable, feuilles: readonly Feuille[]): Promise<void> {
  const zip = archiveZip(sortie);
  await zip.entree('mimetype', (ajouter) => ajouter(MIME), { stocker: true });
  await zip.entree('META-INF/manifest.xml', (ajouter) => ajouter(MANIFESTE));
  await zip.entree('content.xml', async (ajouter) => {
    const tampon = new Tampon();
    tampon.ajouter(DEBUT_CONTENU);
    for (const f of feuilles) {
      tampon.ajouter(
        `<table:table table:name="${echapperXml(f.nom)}"><table:table-column table:number-columns-repeated="${f.colonnes.length}"/>` +
          `<table:table-header-rows><table:table-row>${f.colonnes.map((c) => texte(c.nom, ' table:style-name="entete"')).join('')}</table:table-row></table:table-header-rows>`,
      );
      for await (const ligne of f.lignes) {
        let xml = '<table:table-row>';
        for (let i = 0; i < f.colonnes.length; i++) xml += cellule(ligne[i] ?? null, f.colonnes[i]!);
        if (tampon.ajouter(xml + '</table:table-row>')) await ajouter(tampon.vider());
      }
      tampon.ajouter('</table:table>');
    }
    tampon.ajouter(FIN_CONTENU);
    await ajouter(tampon.vider());
  });
  await zip.terminer();
}
