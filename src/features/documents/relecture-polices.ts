import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/**
 * Test support (gabarit.test.ts, ADR 9): what a PDF reader sees of a document, read without pdfkit or fontkit, so
 * that a fault in the font patch of gabarit.ts cannot hide itself: the pages as poppler draws them, and the embedded
 * font programs with the glyphs each page uses, parsed by fontTools (relecture-glyphes.py).
 */

const ICI = path.dirname(fileURLToPath(import.meta.url));
export const POLICES_DSFR = path.resolve(ICI, '../../../node_modules/@gouvfr/dsfr/dist/fonts');
/** Debian's python3 (python3-fonttools, python3-brotli): another python on the PATH would not see those packages. */
const PYTHON = process.env.VIVIER_PYTHON ?? '/usr/bin/python3';

// ---------------------------------------------------------------------------------------------------- pages

export type Page = { largeur: number; hauteur: number; rgb: Buffer };

/** Each page drawn by poppler's pdftoppm at `dpi`, and what poppler complained about (a broken font is reported there). */
export function rasteriser(pdf: Buffer, dpi: number): { pages: Page[]; plaintes: string } {
  const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-ppm-'));
  try {
    const fichier = path.join(dossier, 'document.pdf');
    fs.writeFileSync(fichier, pdf);
    const r = spawnSync('pdftoppm', ['-r', String(dpi), fichier, path.join(dossier, 'page')], { encoding: 'utf8' });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`pdftoppm a échoué (${r.status}) : ${r.stderr}`);
    // page-1.ppm … or page-01.ppm … depending on the page count: same width, so the names sort in page order.
    const pages = fs
      .readdirSync(dossier)
      .filter((f) => f.endsWith('.ppm'))
      .sort()
      .map((f) => lirePpm(fs.readFileSync(path.join(dossier, f))));
    return { pages, plaintes: r.stderr };
  } finally {
    fs.rmSync(dossier, { recursive: true, force: true });
  }
}

/** Binary PPM (P6, 8 bits): "P6 <largeur> <hauteur> 255" then the RGB bytes. */
function lirePpm(b: Buffer): Page {
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(b.subarray(0, 40).toString('latin1'));
  if (!m) throw new Error('pdftoppm a produit une image PPM illisible');
  const largeur = Number(m[1]);
  const hauteur = Number(m[2]);
  const rgb = b.subarray(m[0].length);
  if (rgb.length !== largeur * hauteur * 3) throw new Error(`image PPM tronquée : ${rgb.length} octets pour ${largeur} × ${hauteur}`);
  return { largeur, hauteur, rgb };
}

/** Number of pixels that differ between two pages of the same size. */
export function pixelsDifferents(a: Page, b: Page): number {
  if (a.largeur !== b.largeur || a.hauteur !== b.hauteur) return Math.max(a.largeur * a.hauteur, b.largeur * b.hauteur);
  let n = 0;
  for (let i = 0; i < a.rgb.length; i += 3) if (a.rgb[i] !== b.rgb[i] || a.rgb[i + 1] !== b.rgb[i + 1] || a.rgb[i + 2] !== b.rgb[i + 2]) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------------- objects

type Objet = { dictionnaire: string; flux: Buffer | null };

/**
 * The objects of a PDF as pdfkit writes them (a classic cross-reference table, direct /Length), streams inflated.
 * Enough for the documents of this product, not a general PDF reader.
 */
function objets(pdf: Buffer): Map<number, Objet> {
  const fin = pdf.subarray(-64).toString('latin1');
  const debutXref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(fin)?.[1]);
  const xref = /^xref\s+0 (\d+)\s+/.exec(pdf.subarray(debutXref, debutXref + 40).toString('latin1'));
  if (!xref) throw new Error('table de références croisées introuvable');
  const entrees = debutXref + xref[0].length;
  const resultat = new Map<number, Objet>();
  for (let n = 1; n < Number(xref[1]); n++) {
    const entree = pdf.subarray(entrees + 20 * n, entrees + 20 * n + 20).toString('latin1');
    if (entree[17] !== 'n') continue;
    const position = Number(entree.slice(0, 10));
    const tete = `${n} 0 obj\n`;
    if (pdf.subarray(position, position + tete.length).toString('latin1') !== tete) throw new Error(`objet ${n} absent à la position ${position}`);
    const debut = position + tete.length;
    const finObjet = pdf.indexOf('endobj', debut);
    const texte = pdf.subarray(debut, finObjet).toString('latin1');
    const s = texte.indexOf('\nstream\n');
    if (s < 0) {
      resultat.set(n, { dictionnaire: texte, flux: null });
      continue;
    }
    const dictionnaire = texte.slice(0, s);
    const longueur = Number(/\/Length (\d+)/.exec(dictionnaire)?.[1]);
    const brut = pdf.subarray(debut + s + '\nstream\n'.length, debut + s + '\nstream\n'.length + longueur);
    resultat.set(n, { dictionnaire, flux: /\/Filter \/FlateDecode/.test(dictionnaire) ? zlib.inflateSync(brut) : brut });
  }
  return resultat;
}

const reference = (dict: string, cle: string): number | undefined => {
  const m = new RegExp(`/${cle} (\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

// ---------------------------------------------------------------------------------------------------- fonts

export type PoliceIntegree = {
  /** Name of the resource in the pages (F1, F2…). */
  ressource: string;
  /** BaseFont, e.g. BZZZZZ+Marianne-Bold. */
  nom: string;
  /** Subtype of the font program (CIDFontType0C for Marianne's CFF outlines). */
  typeProgramme: string;
  programme: Buffer;
  /** /W of the descendant font, per CID. */
  largeurs: number[];
  /** ToUnicode: the code points of each CID. */
  unicode: Map<number, number[]>;
  /** Every CID a page draws with this font. */
  utilises: Set<number>;
};

/** The embedded (Type0) fonts of the document, with what the pages draw with each. Standard fonts (Courier) are left out. */
export function policesIntegrees(pdf: Buffer): PoliceIntegree[] {
  const o = objets(pdf);
  const lire = (n: number | undefined, quoi: string): Objet => {
    const x = n === undefined ? undefined : o.get(n);
    if (!x) throw new Error(`${quoi} introuvable`);
    return x;
  };
  const polices = new Map<number, PoliceIntegree>();
  for (const page of [...o.values()].filter((x) => /\/Type \/Page\n/.test(x.dictionnaire))) {
    const ressources = lire(reference(page.dictionnaire, 'Resources'), 'ressources de la page').dictionnaire;
    const parNom = new Map<string, number>();
    for (const m of /\/Font <<([^>]*)>>/.exec(ressources)?.[1]?.matchAll(/\/(\w+) (\d+) 0 R/g) ?? []) parNom.set(m[1]!, Number(m[2]));
    for (const [ressource, n] of parNom) {
      const dict = lire(n, `police ${ressource}`).dictionnaire;
      if (!/\/Subtype \/Type0/.test(dict) || polices.has(n)) continue;
      const descendante = lire(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(dict)?.[1]), `police descendante de ${ressource}`).dictionnaire;
      const descripteur = lire(reference(descendante, 'FontDescriptor'), `descripteur de ${ressource}`).dictionnaire;
      const fichier = lire(reference(descripteur, 'FontFile3') ?? reference(descripteur, 'FontFile2'), `programme de ${ressource}`);
      polices.set(n, {
        ressource,
        nom: /\/BaseFont \/(\S+)/.exec(dict)?.[1] ?? '',
        typeProgramme: /\/Subtype \/(\w+)/.exec(fichier.dictionnaire)?.[1] ?? 'TrueType',
        programme: fichier.flux!,
        largeurs: (/\/W \[0 \[([^\]]*)\]\]/.exec(descendante)?.[1] ?? '').trim().split(/\s+/).map(Number),
        unicode: lireToUnicode(lire(reference(dict, 'ToUnicode'), `ToUnicode de ${ressource}`).flux!.toString('latin1')),
        utilises: new Set(),
      });
    }
    // What the page draws: "/F1 10 Tf" selects a font, each <hex> string that follows is drawn with it (2 bytes a CID).
    const contenu = lire(reference(page.dictionnaire, 'Contents'), 'contenu de la page').flux!.toString('latin1');
    let courante: PoliceIntegree | undefined;
    for (const m of contenu.matchAll(/\/(\w+) [\d.]+ Tf|<([0-9a-f]*)>/g)) {
      if (m[1] !== undefined) courante = polices.get(parNom.get(m[1]) ?? -1);
      else if (courante) for (let i = 0; i < m[2]!.length; i += 4) courante.utilises.add(parseInt(m[2]!.slice(i, i + 4), 16));
    }
  }
  return [...polices.values()];
}

/** pdfkit's ToUnicode CMap: "<0000> <0035> [<0000> <0052> …]" ranges (an entry may hold several UTF-16 units). */
function lireToUnicode(cmap: string): Map<number, number[]> {
  const resultat = new Map<number, number[]>();
  for (const m of cmap.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/g)) {
    let cid = parseInt(m[1]!, 16);
    for (const entree of m[2]!.matchAll(/<([0-9a-f ]+)>/g)) {
      const unites = entree[1]!.split(' ').map((h) => parseInt(h, 16));
      resultat.set(cid++, [...String.fromCharCode(...unites)].map((c) => c.codePointAt(0)!));
    }
  }
  return resultat;
}

export type GlypheLu = { cid: number; present: false } | { cid: number; present: true; operations: number; largeur: number; glypheDuCaractere: string | null; memeTraceQue: string[] };
export type ProgrammeLu = { erreur: string } | { erreur: null; nom: string; ros: string[]; cidKeyed: boolean; nbGlyphes: number; upmOriginal: number; glyphes: GlypheLu[] };

/** Each font's program parsed by fontTools, with the glyphs the pages use compared to `original(police)`'s. */
export function lireProgrammes(polices: PoliceIntegree[], original: (p: PoliceIntegree) => string): ProgrammeLu[] {
  const demande = polices.map((p) => ({
    programme: p.programme.toString('base64'),
    original: original(p),
    glyphes: [...p.utilises].sort((a, b) => a - b).map((cid) => [cid, p.unicode.get(cid) ?? []]),
  }));
  const r = spawnSync(PYTHON, [path.join(ICI, 'relecture-glyphes.py')], { input: JSON.stringify(demande), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    throw new Error(
      `Lecture des polices par fontTools impossible (${r.error?.message ?? r.stderr.trim()}). Installez-la : « apt-get install -y python3-fonttools python3-brotli », ` +
        'ou indiquez dans VIVIER_PYTHON un python3 qui la voit.',
    );
  }
  return JSON.parse(r.stdout) as ProgrammeLu[];
}
