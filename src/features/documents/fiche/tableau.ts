import { BLEU_FRANCE, GRIS_CLAIR, MARGES, POLICE, POLICE_GRASSE, largeur, type Document } from '../gabarit.ts';

/**
 * A table whose cells wrap, whose rows stay on one page when they can, and whose header is repeated on each new page.
 * pdfkit's own `table()` neither repeats headers nor splits a row taller than a page; this one does both by laying
 * out the lines itself (a row taller than a whole page continues on the next, marked "(suite)").
 */

export type Colonne = { titre: string; /** share of the width */ part: number; gras?: boolean };

const TAILLE = 9;
const MARGE_CELLULE = 4;
const FOND_ENTETE = '#E3E3FD';
const FOND_ALTERNE = '#F6F6F6';

export function tableau(doc: Document, colonnes: readonly Colonne[], lignes: ReadonlyArray<readonly string[]>): void {
  const total = colonnes.reduce((s, c) => s + c.part, 0);
  const largeurs = colonnes.map((c) => (largeur(doc) * c.part) / total);
  const abscisses = largeurs.map((_, i) => MARGES.left + largeurs.slice(0, i).reduce((s, l) => s + l, 0));
  doc.fontSize(TAILLE);
  const interligne = doc.font(POLICE).currentLineHeight(true);

  const coupe = (texte: string, i: number, gras: boolean) => {
    doc.font(gras ? POLICE_GRASSE : POLICE).fontSize(TAILLE);
    return couperEnLignes(texte, largeurs[i]! - 2 * MARGE_CELLULE, (t) => doc.widthOfString(t));
  };
  const entete = colonnes.map((c, i) => coupe(c.titre, i, true));
  const hauteurEntete = Math.max(...entete.map((l) => l.length)) * interligne + 2 * MARGE_CELLULE;

  const dessinerLigne = (cellules: string[][], nbLignes: number, fond: string | null, gras: (i: number) => boolean) => {
    const h = nbLignes * interligne + 2 * MARGE_CELLULE;
    const y = doc.y;
    if (fond) doc.rect(MARGES.left, y, largeur(doc), h).fill(fond);
    cellules.forEach((lignesCellule, i) => {
      doc.font(gras(i) ? POLICE_GRASSE : POLICE).fontSize(TAILLE).fillColor('black');
      lignesCellule.slice(0, nbLignes).forEach((l, k) => {
        doc.text(l, abscisses[i]! + MARGE_CELLULE, y + MARGE_CELLULE + k * interligne, { lineBreak: false });
      });
    });
    doc.moveTo(MARGES.left, y + h).lineTo(MARGES.left + largeur(doc), y + h).lineWidth(0.5).strokeColor(GRIS_CLAIR).stroke();
    doc.y = y + h;
  };
  const dessinerEntete = () => {
    dessinerLigne(entete, Math.max(...entete.map((l) => l.length)), FOND_ENTETE, () => true);
    doc.moveTo(MARGES.left, doc.y).lineTo(MARGES.left + largeur(doc), doc.y).lineWidth(1).strokeColor(BLEU_FRANCE).stroke();
  };
  const place = () => doc.page.maxY() - doc.y;
  const hauteurPage = doc.page.maxY() - MARGES.top;

  if (place() < hauteurEntete + interligne + 2 * MARGE_CELLULE) doc.addPage();
  dessinerEntete();
  lignes.forEach((ligne, n) => {
    let cellules = ligne.map((t, i) => coupe(t, i, colonnes[i]?.gras ?? false));
    const fond = n % 2 === 1 ? FOND_ALTERNE : null;
    const hauteur = (k: number) => k * interligne + 2 * MARGE_CELLULE;
    let reste = Math.max(...cellules.map((c) => c.length));
    // A row that fits on a fresh page is moved there whole; a taller one is split line by line.
    if (hauteur(reste) > place() && hauteur(reste) <= hauteurPage - hauteurEntete) {
      doc.addPage();
      dessinerEntete();
    }
    for (;;) {
      const tient = Math.floor((place() - 2 * MARGE_CELLULE) / interligne);
      if (tient >= reste) {
        dessinerLigne(cellules, reste, fond, (i) => colonnes[i]?.gras ?? false);
        return;
      }
      if (tient > 0) dessinerLigne(cellules, tient, fond, (i) => colonnes[i]?.gras ?? false);
      cellules = cellules.map((c, i) => (i === 0 ? coupe(`${ligne[0] ?? ''} (suite)`, 0, colonnes[0]?.gras ?? false) : c.slice(Math.max(tient, 0))));
      reste = Math.max(...cellules.map((c) => c.length));
      doc.addPage();
      dessinerEntete();
    }
  });
  doc.x = MARGES.left;
  doc.font(POLICE).fontSize(10).fillColor('black');
}

/**
 * Greedy line breaking on ordinary spaces and line feeds. No-break spaces (French « » : ; ! ?) never break; a word
 * wider than the line (a file name, a URL) is cut between characters.
 */
export function couperEnLignes(texte: string, largeurMax: number, mesure: (t: string) => number): string[] {
  const lignes: string[] = [];
  for (const paragraphe of texte.split('\n')) {
    let courante = '';
    for (const mot of paragraphe.split(' ').filter((m) => m !== '')) {
      const essai = courante ? `${courante} ${mot}` : mot;
      if (mesure(essai) <= largeurMax) {
        courante = essai;
        continue;
      }
      if (courante) lignes.push(courante);
      courante = '';
      let reste = mot;
      while (mesure(reste) > largeurMax && reste.length > 1) {
        let n = reste.length - 1;
        while (n > 1 && mesure(reste.slice(0, n)) > largeurMax) n--;
        lignes.push(reste.slice(0, n));
        reste = reste.slice(n);
      }
      courante = reste;
    }
    lignes.push(courante);
  }
  return lignes;
}
