import { LIMITES_ENREGISTREMENT, type LimitesEnregistrement } from './limites.ts';

/**
 * RFC 4180 CSV reader fed with text chunks, so that a national-size file can be streamed:
 * `pousser(morceau)` returns the records complete so far, `terminer()` the last ones.
 * The separator is `;` if the header line contains one, else `,`. Records end on LF, CR or CRLF;
 * quoted fields may hold separators, doubled quotes and line breaks. Blank lines are skipped.
 * `ligne` is the physical line (1 = header) where the record starts.
 *
 * A record is bounded (limites.ts): one longer than `caracteresMax` (a huge value, or a quote opened and never
 * closed) is reported as soon as that many characters are seen, and reading resumes after the end of its first
 * physical line, so that no file makes the reader hold more than one chunk and one record. A record with more than
 * `champsMax` fields, or holding a NUL character (which PostgreSQL's text refuses, and no text file holds), is
 * reported instead of returned. The result does not depend on where the text is cut into chunks.
 */

export type SeparateurCsv = ';' | ',';

export type CodeErreurCsv = 'SYNTAXE_CSV' | 'LIGNE_TROP_LONGUE' | 'TROP_DE_CHAMPS' | 'CARACTERE_INTERDIT';

export type ElementCsv =
  | { type: 'enregistrement'; ligne: number; champs: string[] }
  /** `champ`: index of the field at fault, when one is; `champs`: the record's fields, when it could be read whole. */
  | { type: 'erreur'; ligne: number; code: CodeErreurCsv; message: string; champ: number | null; champs?: string[] };

export type AnalyseurCsv = {
  pousser(morceau: string): ElementCsv[];
  terminer(): ElementCsv[];
  /** Known once the header line has been seen. */
  separateur(): SeparateurCsv | null;
};

const GUILLEMET = 34;
const LF = 10;
const CR = 13;

type Lecture =
  | { etat: 'incomplet' }
  | { etat: 'ok'; champs: string[]; suite: number; sauts: number; vide: boolean }
  | { etat: 'erreur'; message: string; suite: number; sauts: number };

function compterSauts(texte: string): number {
  let n = 0;
  for (let i = 0; i < texte.length; i++) {
    const c = texte.charCodeAt(i);
    if (c === LF || (c === CR && texte.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

/** Skips to just after the end of the current physical line (error recovery). */
function finDeLigne(texte: string, depuis: number, fin: boolean): { suite: number } | null {
  for (let i = depuis; i < texte.length; i++) {
    const c = texte.charCodeAt(i);
    if (c === LF) return { suite: i + 1 };
    if (c === CR) {
      if (i + 1 === texte.length && !fin) return null;
      return { suite: texte.charCodeAt(i + 1) === LF ? i + 2 : i + 1 };
    }
  }
  return fin ? { suite: texte.length } : null;
}

function erreur(texte: string, pos: number, fin: boolean, message: string, sauts: number): Lecture {
  const f = finDeLigne(texte, pos, fin);
  return f ? { etat: 'erreur', message, suite: f.suite, sauts: sauts + 1 } : { etat: 'incomplet' };
}

/** Reads one record starting at `pos`; 'incomplet' when more text is needed to decide. */
function lireEnregistrement(texte: string, pos: number, sep: number, fin: boolean): Lecture {
  const champs: string[] = [];
  let sauts = 0;
  let guillemets = false;
  for (;;) {
    let c = texte.charCodeAt(pos);
    if (c === GUILLEMET) {
      guillemets = true;
      let valeur = '';
      let debut = pos + 1;
      for (;;) {
        const q = texte.indexOf('"', debut);
        if (q < 0 || (q + 1 === texte.length && !fin)) {
          if (!fin) return { etat: 'incomplet' };
          return { etat: 'erreur', message: 'Guillemet ouvrant sans guillemet fermant.', suite: texte.length, sauts: sauts + compterSauts(texte.slice(pos)) + 1 };
        }
        if (texte.charCodeAt(q + 1) === GUILLEMET) {
          valeur += texte.slice(debut, q + 1);
          debut = q + 2;
          continue;
        }
        valeur += texte.slice(debut, q);
        pos = q + 1;
        break;
      }
      sauts += compterSauts(valeur);
      champs.push(valeur);
      c = texte.charCodeAt(pos);
      if (c === sep) {
        pos++;
        continue;
      }
      if (c !== LF && c !== CR && pos < texte.length) return erreur(texte, pos, fin, 'Caractère inattendu après un guillemet fermant.', sauts);
    } else {
      let i = pos;
      for (; i < texte.length; i++) {
        c = texte.charCodeAt(i);
        if (c === sep || c === LF || c === CR) break;
        if (c === GUILLEMET) return erreur(texte, i, fin, 'Guillemet dans un champ non entouré de guillemets.', sauts);
      }
      if (i === texte.length && !fin) return { etat: 'incomplet' };
      champs.push(texte.slice(pos, i));
      pos = i;
      if (i < texte.length && c === sep) {
        pos++;
        continue;
      }
    }
    // End of record: pos is on LF, CR or the end of the text.
    if (pos >= texte.length) return { etat: 'ok', champs, suite: pos, sauts, vide: false };
    if (texte.charCodeAt(pos) === CR) {
      if (pos + 1 === texte.length && !fin) return { etat: 'incomplet' };
      pos += texte.charCodeAt(pos + 1) === LF ? 2 : 1;
    } else pos++;
    const vide = !guillemets && champs.length === 1 && champs[0] === '';
    return { etat: 'ok', champs, suite: pos, sauts: sauts + 1, vide };
  }
}

const nombre = (n: number) => n.toLocaleString('fr-FR');

export function creerAnalyseurCsv(limites: LimitesEnregistrement = LIMITES_ENREGISTREMENT): AnalyseurCsv {
  const max = limites.caracteresMax;
  let tampon = '';
  let ligne = 1;
  let sep: SeparateurCsv | null = null;
  let debutFichier = true;
  /** A record too long had no line end in the text yet: the rest of that physical line is dropped as it arrives. */
  let finDeLigneCherchee = false;

  const erreur = (code: CodeErreurCsv, message: string, champ: number | null = null, champs?: string[]): ElementCsv =>
    champs ? { type: 'erreur', ligne, code, message, champ, champs } : { type: 'erreur', ligne, code, message, champ };
  /** Keeps a CR ending the text: it may be the first half of a CRLF cut between two chunks. */
  const crFinal = () => (tampon.charCodeAt(tampon.length - 1) === CR ? '\r' : '');

  function avancer(fin: boolean): ElementCsv[] {
    const sortie: ElementCsv[] = [];
    if (debutFichier) {
      if (tampon.charCodeAt(0) === 0xfeff) tampon = tampon.slice(1);
      else if (tampon.length === 0 && !fin) return sortie;
      debutFichier = false;
    }
    if (finDeLigneCherchee) {
      const f = finDeLigne(tampon, 0, fin);
      if (!f) {
        tampon = crFinal();
        return sortie;
      }
      tampon = tampon.slice(f.suite);
      ligne++;
      finDeLigneCherchee = false;
    }
    if (sep === null) {
      const finEntete = tampon.search(/[\r\n]/);
      if (finEntete < 0 && !fin && tampon.length <= max) return sortie;
      // Read within the bound, so that a header too long gives the same separator however the text is cut.
      sep = tampon.slice(0, Math.min(finEntete < 0 ? tampon.length : finEntete, max)).includes(';') ? ';' : ',';
    }
    const code = sep.charCodeAt(0);
    let pos = 0;
    let nul = tampon.indexOf('\0');
    while (pos < tampon.length) {
      const lu = lireEnregistrement(tampon, pos, code, fin);
      if ((lu.etat === 'incomplet' ? tampon.length : lu.suite) - pos > max) {
        sortie.push(erreur('LIGNE_TROP_LONGUE', `La ligne dépasse ${nombre(max)} caractères (fin de ligne comprise) : une valeur démesurée, ou un guillemet ouvert et jamais fermé ; la lecture reprend à la ligne suivante.`));
        const f = finDeLigne(tampon, pos, fin);
        if (!f) {
          finDeLigneCherchee = true;
          tampon = crFinal();
          return sortie;
        }
        ligne++;
        pos = f.suite;
      } else if (lu.etat === 'incomplet') break;
      else {
        if (lu.etat === 'erreur') sortie.push(erreur('SYNTAXE_CSV', lu.message));
        else if (lu.champs.length > limites.champsMax) sortie.push(erreur('TROP_DE_CHAMPS', `La ligne compte ${nombre(lu.champs.length)} champs : ${nombre(limites.champsMax)} au plus sont lus.`, null, lu.champs));
        else if (nul >= 0 && nul < lu.suite) {
          const champ = lu.champs.findIndex((c) => c.includes('\0'));
          sortie.push(erreur('CARACTERE_INTERDIT', 'Caractère nul (octet 0) interdit : un fichier texte n’en contient pas (fichier binaire, ou export mal configuré).', champ < 0 ? null : champ, lu.champs));
        } else if (!lu.vide) sortie.push({ type: 'enregistrement', ligne, champs: lu.champs });
        ligne += lu.sauts;
        pos = lu.suite;
      }
      if (nul >= 0 && nul < pos) nul = tampon.indexOf('\0', pos);
    }
    tampon = tampon.slice(pos);
    return sortie;
  }

  return {
    pousser(morceau) {
      tampon += morceau;
      return avancer(false);
    },
    terminer() {
      return avancer(true);
    },
    separateur: () => sep,
  };
}

/** Whole-text convenience. */
export function analyserCsv(texte: string, limites?: LimitesEnregistrement): { separateur: SeparateurCsv; elements: ElementCsv[] } {
  const analyseur = creerAnalyseurCsv(limites);
  const elements = [...analyseur.pousser(texte), ...analyseur.terminer()];
  return { separateur: analyseur.separateur() ?? ',', elements };
}
