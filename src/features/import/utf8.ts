/**
 * Strict UTF-8 decoding of a file fed in byte chunks. The BOM is dropped at the start of the file only;
 * an invalid byte sequence stops decoding with the line where it occurs (lines counted on LF bytes).
 */

export type ResultatDecodage = { ok: true; texte: string } | { ok: false; ligne: number; octet: number };

export type DecodeurUtf8 = {
  /** Decodes the next chunk; `fin` = no more bytes after it. After a failure, every call fails the same way. */
  decoder(octets: Uint8Array, fin?: boolean): ResultatDecodage;
};

const LF = 0x0a;

function compterLf(octets: Uint8Array, jusqua: number): number {
  let n = 0;
  for (let i = octets.indexOf(LF); i >= 0 && i < jusqua; i = octets.indexOf(LF, i + 1)) n++;
  return n;
}

/** Length of the sequence announced by a lead byte, 0 for a byte that cannot start one. */
function longueurSequence(octet: number): number {
  if (octet < 0x80) return 1;
  if (octet >= 0xc2 && octet <= 0xdf) return 2;
  if (octet >= 0xe0 && octet <= 0xef) return 3;
  if (octet >= 0xf0 && octet <= 0xf4) return 4;
  return 0;
}

/** Offset of the first byte of the first invalid sequence (overlongs, surrogates and > U+10FFFF included). */
export function premierOctetInvalide(octets: Uint8Array): number {
  let i = 0;
  while (i < octets.length) {
    const b = octets[i]!;
    const n = longueurSequence(b);
    if (n === 0 || i + n > octets.length) return i;
    const b1 = octets[i + 1] ?? 0;
    if (n >= 2) {
      const min = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const max = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      if (b1 < min || b1 > max) return i;
      for (let k = 2; k < n; k++) if ((octets[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += n;
  }
  return -1;
}

/** Number of bytes at the end that start a sequence not yet complete (kept for the next chunk). */
function queueIncomplete(octets: Uint8Array): number {
  for (let recul = 1; recul <= Math.min(3, octets.length); recul++) {
    const b = octets[octets.length - recul]!;
    if ((b & 0xc0) === 0x80) continue;
    const n = longueurSequence(b);
    return n > recul ? recul : 0;
  }
  return 0;
}

export function creerDecodeurUtf8(): DecodeurUtf8 {
  const decodeur = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let reste = new Uint8Array(0);
  let debut = true;
  let lignesAvant = 0;
  let octetsAvant = 0;
  let echec: ResultatDecodage | null = null;
  return {
    decoder(octets, fin = false) {
      if (echec) return echec;
      let tampon = reste.length ? concat(reste, octets) : octets;
      if (debut) {
        // The BOM can only be recognised once three bytes are known.
        if (tampon.length < 3 && !fin) {
          reste = tampon.slice();
          return { ok: true, texte: '' };
        }
        if (tampon[0] === 0xef && tampon[1] === 0xbb && tampon[2] === 0xbf) {
          tampon = tampon.subarray(3);
          octetsAvant += 3;
        }
        debut = false;
      }
      const coupe = fin ? tampon.length : tampon.length - queueIncomplete(tampon);
      const complet = tampon.subarray(0, coupe);
      try {
        const texte = decodeur.decode(complet);
        reste = tampon.slice(coupe);
        lignesAvant += compterLf(complet, complet.length);
        octetsAvant += complet.length;
        return { ok: true, texte };
      } catch {
        const position = premierOctetInvalide(complet);
        const ou = position < 0 ? complet.length : position;
        echec = { ok: false, ligne: lignesAvant + compterLf(complet, ou) + 1, octet: octetsAvant + ou };
        return echec;
      }
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length);
  c.set(a, 0);
  c.set(b, a.length);
  return c;
}

/** Whole-buffer convenience. */
export function decoderUtf8(octets: Uint8Array): ResultatDecodage {
  return creerDecodeurUtf8().decoder(octets, true);
}
