import { dateParis, heureParis } from '../../shared/dates.ts';
import type { IdentiteDocument, PeriodeDocument } from './contrats.ts';
import { LARGEUR_LIBELLE, MARGES, POLICE, POLICE_GRASSE, assurerPlace, champ, estimerHauteur, largeur, paragraphe, type Document } from './gabarit.ts';

/**
 * Blocks and formats shared by the fiche and the accusé. The contracts are trusted for their shape (TypeScript) but
 * not for their values: a document of record must not show "Invalid Date" or a truncated fingerprint, so a bad value
 * stops the rendering with an error naming the field.
 */

export function verifierDate(champ: string, d: Date): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`Date invalide pour « ${champ} » : ${String(d)}`);
  return d;
}

/** "JJ/MM/AAAA à HH:MM" (Europe/Paris). */
export function instant(champ: string, d: Date): string {
  verifierDate(champ, d);
  return `${dateParis(d)} à ${heureParis(d)}`;
}

/** YYYY-MM-DD → JJ/MM/AAAA (a calendar day, no time zone involved). */
export function jourFr(champ: string, iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`Jour invalide pour « ${champ} » (attendu AAAA-MM-JJ) : ${iso}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

export function verifierSha256(champ: string, sha: string): string {
  if (!/^[0-9a-f]{64}$/i.test(sha)) throw new RangeError(`Empreinte SHA-256 invalide pour « ${champ} » : ${sha}`);
  return sha.toLowerCase();
}

/** The first 12 hexadecimal digits: enough to tell pieces apart on paper; the full value stays in the archive. */
export function shaCourt(champ: string, sha: string): string {
  return `${verifierSha256(champ, sha).slice(0, 12)}…`;
}

export function blocIdentite(doc: Document, i: IdentiteDocument, o: { corps: boolean; situation: boolean }): void {
  champ(doc, 'Nom et prénom', `${i.civilite} ${i.nom} ${i.prenom}`, { gras: true });
  champ(doc, 'Numéro d’agent', i.agentId);
  champ(doc, 'Date de naissance', jourFr('identite.dateNaissance', i.dateNaissance));
  if (o.corps) champ(doc, 'Corps', i.corps);
  champ(doc, 'Discipline', i.discipline);
  if (o.situation) champ(doc, 'Situation', i.situation ?? 'Non renseignée');
}

/** The declared functions and missions, each with its pièces justificatives (name and short fingerprint). */
export function blocPeriodes(doc: Document, periodes: readonly PeriodeDocument[]): void {
  if (periodes.length === 0) {
    paragraphe(doc, 'Aucune fonction ni mission déclarée.');
    return;
  }
  periodes.forEach((p, n) => {
    const nom = `periodes[${n}]`;
    const entete = `Du ${jourFr(`${nom}.du`, p.du)} au ${jourFr(`${nom}.au`, p.au)} — ${p.nature}`;
    const pieces = p.pieces.map((piece, k) => `• ${piece.nom} — SHA-256 ${shaCourt(`${nom}.pieces[${k}].sha256`, piece.sha256)}`);
    const champs: Array<[string, string]> = [['Établissement', p.etablissement], ['Origine', p.source]];
    if (p.commentaire) champs.push(['Commentaire', p.commentaire]);
    champs.push(['Pièces justificatives', pieces.length > 0 ? pieces.join('\n') : 'Aucune']);
    // A period is one row of the table of record: it never starts on one page and ends on the next (a reader would
    // take its lines on page 2 for another period). It moves whole to a new page unless it is taller than a page.
    doc.font(POLICE_GRASSE).fontSize(10);
    const lv = largeur(doc) - LARGEUR_LIBELLE;
    const hauteur =
      estimerHauteur(doc, entete, largeur(doc), 10) +
      doc.currentLineHeight(true) * 0.65 +
      champs.reduce((h, [, v]) => h + estimerHauteur(doc.font(POLICE).fontSize(10), v, lv, 10) + doc.currentLineHeight(true) * 0.1 + 2, 0);
    assurerPlace(doc, Math.min(hauteur, doc.page.maxY() - MARGES.top));
    if (n > 0 && doc.y > MARGES.top + 80) doc.moveDown(0.5);
    paragraphe(doc, entete, { gras: true });
    doc.moveDown(0.15);
    for (const [libelle, valeur] of champs) champ(doc, libelle, valeur);
  });
  doc.font(POLICE).fillColor('black');
  doc.x = MARGES.left;
}

