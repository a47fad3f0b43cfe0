import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import { accuseExemple } from './accuse/accuse.fixtures.ts';
import { rendreAccuse } from './accuse/accuse.pdf.ts';
import { ficheExemple, ficheLongue } from './fiche/fiche.fixtures.ts';
import { rendreFiche } from './fiche/fiche.pdf.ts';
import { VERIFIE_AVEC, type OptionsRendu } from './gabarit.ts';
import { POLICES_DSFR, lireProgrammes, pixelsDifferents, policesIntegrees, rasteriser, type PoliceIntegree } from './relecture-polices.ts';

/**
 * The font patch of gabarit.ts (ADR 9) against what a reader sees: reading the text back (pdftotext) succeeds even
 * when the embedded font programs are scrambled, so these tests look at the pages as poppler draws them and at the
 * font programs as fontTools parses them, and compare with pdfkit left alone.
 */

const ADR = 'docs/adr/0009-police-des-pdf.md';

const DOCUMENTS: Array<[string, (o: OptionsRendu) => Promise<Buffer>]> = [
  ['la fiche de candidature', (o) => rendreFiche(ficheExemple(), o)],
  ['la fiche de candidature de plusieurs pages', (o) => rendreFiche(ficheLongue(), o)],
  ['l’accusé de réception', (o) => rendreAccuse(accuseExemple(), o)],
  ['un accusé aux lettres rares', (o) => rendreAccuse({ ...accuseExemple(77), identite: { ...accuseExemple().identite, nom: 'ŻÓŁW-QUIXOTE', prenom: 'Jérémÿ Ægir' } }, o)],
];

/** 60 dpi: a 10-point letter is 8 pixels high, enough for a wrong or missing glyph to change hundreds of pixels. */
const DPI = 60;

describe('police Marianne des PDF : les caches de gabarit.ts contre pdfkit seul (ADR 9)', () => {
  test('fiche et accusé : mêmes pages au pixel près et mêmes octets qu’avec pdfkit seul, caches froids puis chauds', async () => {
    // Every document once with the caches as the first documents of the thread find them, then again once the others
    // have filled them (words and font files then come from the caches): each is compared with pdfkit alone.
    const premiers = [];
    for (const [, rendre] of DOCUMENTS) premiers.push(await rendre({}));
    for (const [i, [nom, rendre]] of DOCUMENTS.entries()) {
      const reference = await rendre({ polices: 'pdfkit' });
      const attendu = rasteriser(reference, DPI);
      assert.equal(attendu.plaintes, '', `${nom} (pdfkit seul) : poppler se plaint`);
      for (const [quand, pdf] of [['caches froids', premiers[i]!], ['caches chauds', await rendre({})]] as const) {
        const vu = rasteriser(pdf, DPI);
        assert.equal(vu.plaintes, '', `${nom} (${quand}) : poppler se plaint`);
        assert.equal(vu.pages.length, attendu.pages.length, `${nom} (${quand}) : nombre de pages`);
        const differences = vu.pages.map((p, k) => pixelsDifferents(p, attendu.pages[k]!));
        assert.deepEqual(differences, attendu.pages.map(() => 0), `${nom} (${quand}) : pixels différents de pdfkit seul, page par page`);
        assert.ok(pdf.equals(reference), `${nom} (${quand}) : les octets diffèrent de ceux de pdfkit seul`);
      }
    }
  });

  test('chaque police intégrée se lit avec fontTools, et chaque glyphe dessiné est celui de Marianne pour son caractère, à sa largeur', async () => {
    for (const [nom, rendre] of DOCUMENTS) {
      await rendre({}); // the caches filled by this very document
      for (const [source, pdf] of [['caches', await rendre({})], ['pdfkit seul', await rendre({ polices: 'pdfkit' })]] as const) {
        const polices = policesIntegrees(pdf);
        assert.deepEqual(polices.map((p) => p.nom.replace(/^[A-Z]{6}\+/, '')).sort(), ['Marianne-Bold', 'Marianne-Regular'], `${nom} (${source})`);
        const lus = lireProgrammes(polices, originalDe);
        assert.deepEqual(polices.flatMap((p, i) => defautsDe(p, lus[i]!)), [], `${nom} (${source})`);
      }
    }
  });

  test('pdfkit et fontkit sont ceux avec lesquels le correctif a été vérifié', () => {
    const pdfkit = createRequire(import.meta.url).resolve('pdfkit');
    const installees = { pdfkit: versionDe(pdfkit, 'pdfkit'), fontkit: versionDe(createRequire(pdfkit).resolve('fontkit'), 'fontkit') };
    assert.deepEqual(
      installees,
      VERIFIE_AVEC,
      `gabarit.ts remplace des méthodes privées de pdfkit et de fontkit, vérifiées avec ${JSON.stringify(VERIFIE_AVEC)}. ` +
        `Avant de changer VERIFIE_AVEC, refaites les vérifications de ${ADR} (« Mise à jour de pdfkit ou de fontkit »).`,
    );
  });
});

/** The Marianne file a subset was cut from, from its BaseFont (XXXXXX+Marianne-Bold). */
function originalDe(p: PoliceIntegree): string {
  const face = p.nom.replace(/^[A-Z]{6}\+/, '');
  const fichier = path.join(POLICES_DSFR, `${face}.woff2`);
  assert.ok(fs.existsSync(fichier), `police ${p.nom} : aucune police d’origine ${fichier}`);
  return fichier;
}

/** Everything wrong with one embedded font, as sentences (none: the font is sound). */
function defautsDe(p: PoliceIntegree, lu: ReturnType<typeof lireProgrammes>[number]): string[] {
  if (lu.erreur !== null) return [`${p.nom} : fontTools ne lit pas le programme de police (${lu.erreur})`];
  const defauts: string[] = [];
  if (p.typeProgramme !== 'CIDFontType0C') defauts.push(`${p.nom} : programme ${p.typeProgramme} au lieu d’un CFF (CIDFontType0C)`);
  if (!lu.cidKeyed || lu.ros.join('-') !== 'Adobe-Identity-0') defauts.push(`${p.nom} : CFF non indexé par CID Adobe-Identity (${lu.ros.join('-')})`);
  if (lu.nbGlyphes !== p.largeurs.length || lu.nbGlyphes !== p.unicode.size) {
    defauts.push(`${p.nom} : ${lu.nbGlyphes} glyphes dans le programme, ${p.largeurs.length} largeurs (/W), ${p.unicode.size} entrées ToUnicode`);
  }
  if (lu.glyphes.length === 0) defauts.push(`${p.nom} : aucun glyphe dessiné`);
  for (const g of lu.glyphes) {
    const texte = String.fromCodePoint(...(p.unicode.get(g.cid) ?? []));
    const quoi = `${p.nom}, CID ${g.cid} (« ${texte} »)`;
    if (!g.present) {
      defauts.push(`${quoi} : absent du programme`);
      continue;
    }
    if (g.glypheDuCaractere !== null ? !g.memeTraceQue.includes(g.glypheDuCaractere) : g.memeTraceQue.length === 0) {
      defauts.push(`${quoi} : le tracé n’est pas celui de Marianne (${g.glypheDuCaractere ?? 'aucun glyphe d’origine identique'})`);
    }
    if (texte.trim() !== '' && g.operations === 0) defauts.push(`${quoi} : glyphe vide`);
    const largeur = (g.largeur * 1000) / lu.upmOriginal;
    if (Math.abs(largeur - p.largeurs[g.cid]!) > 1e-6) defauts.push(`${quoi} : largeur ${largeur} dans le programme, ${p.largeurs[g.cid]} dans /W`);
  }
  return defauts;
}

/** The version in the package.json of the installed package that `fichier` belongs to. */
function versionDe(fichier: string, nom: string): string {
  for (let d = path.dirname(fichier); d !== path.dirname(d); d = path.dirname(d)) {
    const p = path.join(d, 'package.json');
    if (fs.existsSync(p)) {
      const paquet = JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string; version: string };
      if (paquet.name === nom) return paquet.version;
    }
  }
  throw new Error(`package.json de ${nom} introuvable au-dessus de ${fichier}`);
}
