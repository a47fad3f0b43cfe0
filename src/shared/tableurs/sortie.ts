import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes with backpressure. A failed output (file system full, reader gone: EPIPE) ends the export with its error:
 * a stream in error never emits 'drain', and waiting for it alone would hang (once() also rejects on 'error').
 */
export async function ecrire(sortie: Writable, morceau: string | Uint8Array): Promise<void> {
  if (sortie.errored) throw sortie.errored;
  if (!sortie.write(morceau)) {
    if (sortie.errored) throw sortie.errored;
    await once(sortie, 'drain');
  }
}

/** Gathers small strings into chunks of about `taille` characters before they are written (one write per chunk). */
export class Tampon {
  private morceaux: string[] = [];
  private longueur = 0;
  constructor(private readonly taille = 64 * 1024) {}
  ajouter(texte: string): boolean {
    this.morceaux.push(texte);
    this.longueur += texte.length;
    return this.longueur >= this.taille;
  }
  vider(): string {
    const t = this.morceaux.join('');
    this.morceaux = [];
    this.longueur = 0;
    return t;
  }
}
