import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PERIODES } from '../fiche/fiche.fixtures.ts';
import { aplatir, relirePdf } from '../relecture.ts';
import { SHA_FICHE, accuseExemple } from './accuse.fixtures.ts';
import { rendreAccuse } from './accuse.pdf.ts';

describe('Accusé de réception (PDF)', () => {
  test('l’accusé relu contient la référence, l’identité, la campagne, la validation et le dépôt à l’heure de Paris, les périodes, l’empreinte entière et la date d’émission', async () => {
    const { texte, pages, info } = relirePdf(await rendreAccuse(accuseExemple()));
    const plat = aplatir(texte);
    for (const attendu of [
      'RÉPUBLIQUE',
      'Académie — I-Prof',
      'Accusé de réception',
      'Référence de l’accusé de réception',
      'CE-2019-PE-000123',
      'Le présent document accuse réception de votre candidature, déposée à la date de fermeture du',
      'Accès à la classe exceptionnelle — professeurs des écoles —',
      'Candidature validée le 10/04/2019 à 18:32',
      'Déposée à la clôture le 12/04/2019 à 12:00',
      'Mme LEFÈVRE-CŒUR Hélène',
      'A0012345',
      'Hors-classe, 3e échelon depuis le 01/03/2018',
      'Du 01/09/2010 au 31/08/2014 — Fonction : directrice d’école',
      'École primaire Louise Michel, Amiens (0801500K) — « REP+ »',
      'œuvre collective avec l’équipe ; ça compte',
      'rapport_activité_REP+.pdf — SHA-256 3f2a9c1b77de…',
      SHA_FICHE,
      'Accusé de réception émis le 12/04/2019 à 12:05.',
      'Page 1 / 1',
    ]) {
      assert.ok(plat.includes(attendu), `« ${attendu} » manque dans :\n${texte}`);
    }
    assert.equal(pages, 1, 'un accusé ordinaire tient sur une page');
    assert.equal(info.CreationDate, '2019-04-12T10:05:00Z');
  });

  test('avec beaucoup de périodes, l’accusé continue sur des pages numérotées et garde l’empreinte entière', async () => {
    const periodes = Array.from({ length: 9 }, (_, i) => ({ ...PERIODES[1]!, du: `${2000 + i}-09-01`, au: `${2001 + i}-08-31` }));
    const { texte, pages } = relirePdf(await rendreAccuse({ ...accuseExemple(), periodes, reference: 'CE-2019-PE-RÉFÉRENCE-TRÈS-LONGUE-0000000000000042' }));
    assert.ok(pages > 1);
    const plat = aplatir(texte);
    assert.ok(plat.includes(`Page ${pages} / ${pages}`));
    assert.ok(plat.includes('Du 01/09/2008 au 31/08/2009'));
    assert.ok(plat.includes('CE-2019-PE-RÉFÉRENCE-TRÈS-LONGUE-0000000000000042'), 'une longue référence n’est jamais coupée');
    assert.ok(plat.includes(SHA_FICHE));
  });

  test('une période déclarée n’est jamais coupée entre deux pages : son en-tête, son origine et sa dernière pièce sont sur la même page', async () => {
    // Several counts, so that page breaks fall at every height of a period.
    for (let nombre = 2; nombre <= 12; nombre++) {
      const periodes = Array.from({ length: nombre }, (_, i) => ({ ...PERIODES[1]!, du: `${2000 + i}-09-01`, au: `${2001 + i}-08-31` }));
      const { texte, pages } = relirePdf(await rendreAccuse({ ...accuseExemple(), periodes }));
      // pdftotext separates pages with a form feed.
      const parPage = texte.split('\f').slice(0, pages);
      let vues = 0;
      parPage.forEach((page, k) => {
        const compter = (motif: RegExp) => (page.match(motif) ?? []).length;
        const entetes = compter(/Du \d{2}\/\d{2}\/\d{4} au \d{2}\/\d{2}\/\d{4}/g);
        vues += entetes;
        assert.equal(compter(/Origine/g), entetes, `${nombre} périodes, page ${k + 1} : une période coupée (origine sans son en-tête ou l’inverse)\n${page}`);
        assert.equal(compter(/rapport_activité_REP\+\.pdf/g), entetes, `${nombre} périodes, page ${k + 1} : une période coupée (dernière pièce sur une autre page)\n${page}`);
      });
      assert.equal(vues, nombre, `${nombre} périodes : chacune une fois`);
    }
  });

  test('deux rendus des mêmes données donnent les mêmes octets', async () => {
    const a = await rendreAccuse(accuseExemple(7));
    await rendreAccuse(accuseExemple(8));
    assert.ok(a.equals(await rendreAccuse(accuseExemple(7))));
    assert.ok(!a.equals(await rendreAccuse(accuseExemple(8))));
  });

  test('les caches du fil (formes des mots, fichiers de police) ne changent pas un octet : rendu avant puis après d’autres noms et d’autres glyphes', async () => {
    const a = await rendreAccuse(accuseExemple(9));
    for (const [nom, prenom] of [['ŻÓŁW-QUIXOTE', 'Jérémÿ'], ['N’GUYEN', 'Ægir'], ['ÇAĞLAR', 'Øystein']] as const) {
      const autre = await rendreAccuse({ ...accuseExemple(9), identite: { ...accuseExemple(9).identite, nom, prenom } });
      assert.match(aplatir(relirePdf(autre).texte), new RegExp(nom));
    }
    assert.ok(a.equals(await rendreAccuse(accuseExemple(9))));
  });

  test('une date invalide, une empreinte mal formée ou une référence vide sont refusées en nommant le champ', async () => {
    await assert.rejects(rendreAccuse({ ...accuseExemple(), deposeeLe: new Date(Number.NaN) }), { name: 'RangeError', message: /« deposeeLe »/ });
    await assert.rejects(rendreAccuse({ ...accuseExemple(), sha256Fiche: SHA_FICHE.slice(1) }), /« sha256Fiche »/);
    await assert.rejects(rendreAccuse({ ...accuseExemple(), reference: ' ' }), /« reference »/);
  });
});
