import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';

/**
 * What every campaign document shares: the A4 page with the Marianne font, the header on each page, the footer
 * "Page n / N", a fixed creation date (so a document renders byte-identically), and the helpers of the body.
 */

const POLICES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/@gouvfr/dsfr/dist/fonts');

/** A font as parsed by fontkit (pdfkit's own font engine); pdfkit accepts it wherever it accepts a font file. */
type PoliceChargee = { layout: (texte: string, features?: unknown) => unknown; createSubset: () => unknown };
type Polices = { normale: PoliceChargee; grasse: PoliceChargee };

let polices: Polices | undefined;

/**
 * The two Marianne faces, parsed once per thread. Why: decompressing both woff2 files costs ~75 ms, several times the
 * rest of an accusé (bench/accuses.ts); pdfkit re-parses a font given as a path or a buffer for every document, but
 * uses a parsed font object as is (subset and widths stay per document). The cache holds immutable data, never reset.
 */
function chargerPolices(): Polices {
  if (!polices) {
    // fontkit is pdfkit's dependency: resolve it from pdfkit so both always use the same copy.
    const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as { create(b: Uint8Array): PoliceChargee };
    polices = {
      normale: fontkit.create(fs.readFileSync(path.join(POLICES, 'Marianne-Regular.woff2'))),
      grasse: fontkit.create(fs.readFileSync(path.join(POLICES, 'Marianne-Bold.woff2'))),
    };
  }
  return polices;
}

/** A word as pdfkit lays it out (glyphs, positions in thousandths of an em), read only once made. */
type Course = { glyphs: Array<{ id: number }>; positions: Array<Record<string, number>>; advanceWidth: number };

/**
 * The versions the caches below were checked against (docs/adr/0009-police-des-pdf.md). They reach into pdfkit's
 * private EmbeddedFont and fontkit's subset: gabarit.test.ts fails while another version is installed, until the
 * checks of the ADR have been redone and these numbers changed.
 */
export const VERIFIE_AVEC = { pdfkit: '0.20.2', fontkit: '2.0.4' } as const;

/** What this file touches of pdfkit's EmbeddedFont (pdfkit 0.20, pinned): a font of one document. */
type PoliceDuDocument = {
  layoutRun(texte: string, features?: unknown): Course;
  layoutCached(texte: string): Course;
  layout(texte: string, features?: unknown, largeurSeule?: boolean): { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number };
  embed(): void;
  subset: { glyphs: number[]; encode(): Uint8Array };
  document: { ref(data?: Record<string, unknown>): ReferencePdf };
};
type ReferencePdf = { compress: boolean; data: Record<string, unknown>; write(c: Uint8Array | string): void };

/** Enough for the fixed wording and a closing day's names; emptied when full rather than grown without bound. */
const MOTS_EN_CACHE = 20_000;
/** Font files kept compressed, one per distinct set of glyphs (most documents of a closing share a few sets). */
const FONTES_EN_CACHE = 256;

/**
 * What pdfkit redoes in every document though it depends on the face alone, kept per thread and face:
 * - the layout of each word (fontkit's OpenType shaping, then scaling): pdfkit caches it per document only, and nearly
 *   every word recurs in the next document. pdfkit cuts text at spaces before shaping, so a word's layout depends on
 *   the word alone and the output is the same bytes, cached or not;
 * - the embedded font file: the subset of the glyphs a document uses, encoded by fontkit then deflated, is the same
 *   bytes for the same glyphs in the same order, which most documents of a batch share (a fifth of a document's time).
 */
type CachesFace = { mots: Map<string, Course>; fontes: Map<string, Uint8Array> };
const caches = new WeakMap<PoliceChargee, CachesFace>();

function cachesDe(police: PoliceChargee): CachesFace {
  let c = caches.get(police);
  if (!c) caches.set(police, (c = { mots: new Map(), fontes: new Map() }));
  return c;
}

/** Same results as pdfkit's `layout` (words cut after each space or tab, runs concatenated), without its per-character scan. */
function miseEnPage(f: PoliceDuDocument, texte: string, features: unknown, largeurSeule?: boolean) {
  if (features) return f.layoutRun(texte, features);
  const glyphs: unknown[] | null = largeurSeule ? null : [];
  const positions: unknown[] | null = largeurSeule ? null : [];
  let advanceWidth = 0;
  const n = texte.length;
  let i = 0;
  while (i < n) {
    let j = i;
    for (let c = texte.charCodeAt(j); j < n && c !== 32 && c !== 9; c = texte.charCodeAt(++j));
    const fin = j < n ? j + 1 : n;
    const course = f.layoutCached(texte.slice(i, fin));
    if (glyphs && positions) {
      for (const g of course.glyphs) glyphs.push(g);
      for (const p of course.positions) positions.push(p);
    }
    advanceWidth += course.advanceWidth;
    i = fin;
  }
  return { glyphs, positions, advanceWidth };
}

/** Plugs the per-thread caches into the document's instance of a face (see CachesFace). */
function brancherCaches(f: PoliceDuDocument, c: CachesFace): void {
  const layoutRun = f.layoutRun.bind(f);
  f.layoutCached = (texte) => {
    let course = c.mots.get(texte);
    if (!course) {
      const r = layoutRun(texte);
      // fontkit's advanceWidth is a getter summing the positions at each read: summed once, in the same order.
      course = { glyphs: r.glyphs, positions: r.positions, advanceWidth: r.advanceWidth };
      if (c.mots.size >= MOTS_EN_CACHE) c.mots.clear();
      c.mots.set(texte, course);
    }
    return course;
  };
  f.layout = (texte, features, largeurSeule) => miseEnPage(f, texte, features, largeurSeule);
  const embed = f.embed.bind(f);
  f.embed = () => {
    const cle = f.subset.glyphs.join(',');
    let fonte = c.fontes.get(cle);
    if (!fonte) {
      fonte = zlib.deflateSync(f.subset.encode());
      if (c.fontes.size >= FONTES_EN_CACHE) c.fontes.clear();
      c.fontes.set(cle, fonte);
    }
    const compressee = fonte;
    // pdfkit's embed() writes the font file into the first object it creates: that one receives the compressed bytes,
    // marked as such (the same dictionary, in the same order, as when pdfkit compresses them itself).
    const doc = f.document;
    const ref = doc.ref.bind(doc);
    let premiere = true;
    doc.ref = (data) => {
      const r = ref(data);
      if (premiere) {
        premiere = false;
        r.compress = false;
        const write = r.write.bind(r);
        r.write = (morceau) => {
          write(morceau);
          r.data.Filter = 'FlateDecode';
        };
      }
      return r;
    };
    f.subset.encode = () => compressee;
    try {
      embed();
    } finally {
      delete (doc as { ref?: unknown }).ref;
      delete (f.subset as { encode?: unknown }).encode;
    }
  };
}

/**
 * Where a document's fonts come from: `caches` (the default) plugs the per-thread caches above into pdfkit; `pdfkit`
 * leaves pdfkit untouched. The second is the reference the caches are checked against (gabarit.test.ts, ADR 9): the
 * same data must give the same bytes and the same pixels either way.
 */
export type OptionsRendu = { polices?: 'caches' | 'pdfkit' };

export const POLICE = 'Marianne';
export const POLICE_GRASSE = 'Marianne-Gras';
/** Standard PDF font, not embedded: only for hexadecimal fingerprints (ASCII), where fixed widths help reading. */
export const POLICE_CHASSE_FIXE = 'Courier';
export const BLEU_FRANCE = '#000091';
export const ROUGE_MARIANNE = '#E1000F';
export const GRIS = '#666666';
export const GRIS_CLAIR = '#DDDDDD';

export const MARGES = { top: 90, bottom: 60, left: 56, right: 56 };

export type Document = PDFKit.PDFDocument;

/**
 * A new document, and `terminer()` that numbers the pages, ends it and gives its bytes. `date` becomes the PDF
 * CreationDate and ModDate; pdfkit derives the file ID from the info dictionary, so the same data gives the same bytes.
 */
export function creerDocument(o: { titre: string; sujet: string; date: Date; piedDePage: string } & OptionsRendu): { doc: Document; terminer: () => Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGES,
    autoFirstPage: false,
    bufferPages: true,
    lang: 'fr-FR',
    displayTitle: true,
    // No default Helvetica (an unused font in the file); each text states its font. pdfkit's types want a string.
    font: null as unknown as string,
    info: { Title: o.titre, Subject: o.sujet, Author: 'Vivier — service carrière', Creator: 'Vivier', Producer: 'Vivier (PDFKit)', CreationDate: o.date, ModDate: o.date },
  } as PDFKit.PDFDocumentOptions);
  if (o.polices === 'pdfkit') {
    // pdfkit as its documentation uses it: each document parses the woff2 files and keeps its own layouts.
    doc.registerFont(POLICE, path.join(POLICES, 'Marianne-Regular.woff2'));
    doc.registerFont(POLICE_GRASSE, path.join(POLICES, 'Marianne-Bold.woff2'));
  } else {
    const p = chargerPolices();
    doc.registerFont(POLICE, p.normale as unknown as Buffer);
    doc.registerFont(POLICE_GRASSE, p.grasse as unknown as Buffer);
    // Each face's instance for this document, in the order the header first uses them (font names F1, F2).
    for (const [nom, police] of [[POLICE_GRASSE, p.grasse], [POLICE, p.normale]] as const) brancherCaches((doc.font(nom) as unknown as { _font: PoliceDuDocument })._font, cachesDe(police));
  }
  const morceaux: Buffer[] = [];
  const fin = new Promise<Buffer>((resoudre, rejeter) => {
    doc.on('data', (c: Buffer) => morceaux.push(c));
    doc.on('end', () => resoudre(Buffer.concat(morceaux)));
    doc.on('error', rejeter);
  });
  doc.on('pageAdded', () => enTete(doc));
  doc.addPage();
  return {
    doc,
    terminer() {
      // Page numbers need the page count: they are written on the buffered pages just before the end.
      numeroter(doc, o.piedDePage);
      doc.end();
      return fin;
    },
  };
}

const largeur = (doc: Document) => doc.page.width - MARGES.left - MARGES.right;

/** The DSFR brand block on the left, the académie and the application on the right, a rule below. */
function enTete(doc: Document): void {
  const { x, y } = doc;
  const droite = doc.page.width - MARGES.right;
  doc.save();
  doc.rect(MARGES.left, 30, 12, 3).fill(BLEU_FRANCE);
  doc.rect(MARGES.left + 12, 30, 12, 3).fill('#EEEEEE');
  doc.rect(MARGES.left + 24, 30, 12, 3).fill(ROUGE_MARIANNE);
  doc.restore();
  doc.fillColor('black').font(POLICE_GRASSE).fontSize(10);
  doc.text('RÉPUBLIQUE', MARGES.left, 38, { lineBreak: false });
  doc.text('FRANÇAISE', MARGES.left, 50, { lineBreak: false });
  aDroite(doc.font(POLICE_GRASSE).fontSize(10), 'Académie — I-Prof', droite, 38);
  aDroite(doc.font(POLICE).fontSize(8).fillColor(GRIS), 'Service carrière — accès à la classe exceptionnelle', droite, 51);
  doc.moveTo(MARGES.left, 72).lineTo(droite, 72).lineWidth(0.5).strokeColor(GRIS_CLAIR).stroke();
  doc.fillColor('black').font(POLICE).fontSize(10);
  doc.x = x;
  doc.y = y;
}

/** Right-aligned single line, placed from its width: cheaper than pdfkit's wrapping with `align: 'right'`. */
function aDroite(doc: Document, texte: string, droite: number, y: number): void {
  doc.text(texte, droite - doc.widthOfString(texte), y, { lineBreak: false });
}

function numeroter(doc: Document, piedDePage: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const basse = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 44;
    doc.moveTo(MARGES.left, y - 6).lineTo(doc.page.width - MARGES.right, y - 6).lineWidth(0.5).strokeColor(GRIS_CLAIR).stroke();
    doc.font(POLICE).fontSize(8).fillColor(GRIS);
    const place = largeur(doc) - 80;
    if (doc.widthOfString(piedDePage) <= place) doc.text(piedDePage, MARGES.left, y, { lineBreak: false });
    // One line, cut with an ellipsis: pdfkit only cuts text given a height.
    else doc.text(piedDePage, MARGES.left, y, { width: place, height: doc.currentLineHeight(), ellipsis: true });
    aDroite(doc, `Page ${i + 1} / ${count}`, doc.page.width - MARGES.right, y);
    doc.page.margins.bottom = basse;
  }
  doc.fillColor('black');
}

/**
 * The height of a text in the current font (of size `taille`), estimated from its length (Marianne averages about half an em per
 * character). Why not `heightOfString`: it lays the text out once more, a tenth of an accusé's time, only to decide
 * whether a block moves to the next page.
 */
export function estimerHauteur(doc: Document, texte: string, largeurMax: number, taille: number): number {
  const parCaractere = 0.55 * taille;
  const lignes = texte.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil((l.length * parCaractere) / largeurMax)), 0);
  return lignes * doc.currentLineHeight(true);
}

/** Starts a new page when fewer than `hauteur` points are left (keeps a heading with what follows). */
export function assurerPlace(doc: Document, hauteur: number): void {
  if (doc.y + hauteur > doc.page.maxY()) doc.addPage();
}

export function titreDocument(doc: Document, titre: string, sousTitre?: string): void {
  doc.font(POLICE_GRASSE).fontSize(17).fillColor(BLEU_FRANCE).text(titre, MARGES.left, doc.y, { width: largeur(doc) });
  if (sousTitre) doc.moveDown(0.2).font(POLICE).fontSize(11).fillColor('black').text(sousTitre, { width: largeur(doc) });
  doc.fillColor('black').moveDown(0.6);
}

/** A section heading, moved to the next page unless a few lines of its content fit under it. */
export function titreSection(doc: Document, titre: string): void {
  doc.moveDown(0.6);
  assurerPlace(doc, 90);
  doc.font(POLICE_GRASSE).fontSize(12).fillColor(BLEU_FRANCE).text(titre, MARGES.left, doc.y, { width: largeur(doc) });
  const y = doc.y + 1;
  doc.moveTo(MARGES.left, y).lineTo(MARGES.left + 40, y).lineWidth(1.5).strokeColor(BLEU_FRANCE).stroke();
  doc.fillColor('black').moveDown(0.4);
}

/** Width of the label column of `champ()`. */
export const LARGEUR_LIBELLE = 150;

/** "Libellé    valeur" on two columns; the value wraps in its column, with an optional smaller grey note under it. */
export function champ(doc: Document, libelle: string, valeur: string, o: { gras?: boolean; police?: string; taille?: number; note?: string } = {}): void {
  const lv = largeur(doc) - LARGEUR_LIBELLE;
  const police = o.police ?? (o.gras ? POLICE_GRASSE : POLICE);
  // Keep a value of up to ~15 lines on one page.
  assurerPlace(doc, Math.min(estimerHauteur(doc.font(police).fontSize(o.taille ?? 10), valeur, lv, o.taille ?? 10), 200) + 2);
  const y = doc.y;
  const page = doc.page;
  doc.font(POLICE).fontSize(10).fillColor(GRIS).text(libelle, MARGES.left, y, { width: LARGEUR_LIBELLE - 10 });
  const apresLibelle = doc.y;
  // A smaller or other face is lowered so that both first lines share (about) the same baseline.
  const decalage = Math.max(0, doc.currentLineHeight() - doc.font(police).fontSize(o.taille ?? 10).currentLineHeight());
  doc.fillColor('black').text(valeur, MARGES.left + LARGEUR_LIBELLE, y + decalage, { width: lv });
  if (o.note) doc.font(POLICE).fontSize(8.5).fillColor(GRIS).text(o.note, MARGES.left + LARGEUR_LIBELLE, doc.y + 1, { width: lv });
  // A value that flowed onto a new page already left the label's page: keep its position there.
  if (doc.page === page) doc.y = Math.max(doc.y, apresLibelle);
  doc.x = MARGES.left;
  doc.font(POLICE).fontSize(10).fillColor('black').moveDown(0.1);
}

export function paragraphe(doc: Document, texte: string, o: { gras?: boolean; taille?: number; couleur?: string } = {}): void {
  doc
    .font(o.gras ? POLICE_GRASSE : POLICE)
    .fontSize(o.taille ?? 10)
    .fillColor(o.couleur ?? 'black')
    .text(texte, MARGES.left, doc.y, { width: largeur(doc) });
  doc.fillColor('black');
}

export function puce(doc: Document, texte: string, o: { retrait?: number; taille?: number } = {}): void {
  const retrait = o.retrait ?? 0;
  doc.font(POLICE).fontSize(o.taille ?? 10).fillColor('black');
  assurerPlace(doc, doc.currentLineHeight(true) * 2);
  const y = doc.y;
  doc.text('•', MARGES.left + retrait, y, { lineBreak: false });
  doc.text(texte, MARGES.left + retrait + 12, y, { width: largeur(doc) - retrait - 12 });
  doc.x = MARGES.left;
}

export { largeur };
