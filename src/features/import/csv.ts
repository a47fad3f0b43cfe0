/**
 * RFC 4180 CSV reader fed with text chunks, so that a national-size file can be streamed:
 * `pousser(morceau)` returns the records complete so far, `terminer()` the last ones.
 * The separator is `;` if the header line contains one, else `,`. Records end on LF, CRLF or CR;
 * quoted fields may hold separators, doubled quotes and line breaks. Blank lines are skipped.
 * `ligne` is the physical line (1 = header) where the record starts.
 */

export type SeparateurCsv = ';' | ',';

export type ElementCsv =
  | { type: 'enregistrement'; ligne: number; champs: string[] }
  | { type: 'erreur'; ligne: number; message: string };

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

export function creerAnalyseurCsv(): AnalyseurCsv {
  let tampon = '';
  let ligne = 1;
  let sep: SeparateurCsv | null = null;
  let debutFichier = true;

  function avancer(fin: boolean): ElementCsv[] {
    const sortie: ElementCsv[] = [];
    if (debutFichier) {
      if (tampon.charCodeAt(0) === 0xfeff) tampon = tampon.slice(1);
      else if (tampon.length === 0 && !fin) return sortie;
      debutFichier = false;
    }
    if (sep === null) {
      const finEntete = tampon.search(/[\r\n]/);
      if (finEntete < 0 && !fin) return sortie;
      sep = (finEntete < 0 ? tampon : tampon.slice(0, finEntete)).includes(';') ? ';' : ',';
    }
    const code = sep.charCodeAt(0);
    let pos = 0;
    while (pos < tampon.length) {
      const lu = lireEnregistrement(tampon, pos, code, fin);
      if (lu.etat === 'incomplet') break;
      if (lu.etat === 'erreur') sortie.push({ type: 'erreur', ligne, message: lu.message });
      else if (!lu.vide) sortie.push({ type: 'enregistrement', ligne, champs: lu.champs });
      ligne += lu.sauts;
      pos = lu.suite;
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
export function analyserCsv(texte: string): { separateur: SeparateurCsv; elements: ElementCsv[] } {
  const analyseur = creerAnalyseurCsv();
  const elements = [...analyseur.pousser(texte), ...analyseur.terminer()];
  return { separateur: analyseur.separateur() ?? ',', elements };
}
