import { parentPort } from 'node:worker_threads';
import type { DonneesAccuse, DonneesFiche } from '../contrats.ts';
import { rendreDepot, type DonneesDepot } from '../depot.ts';
import { rendreAccuse } from './accuse.pdf.ts';
import { rendreFiche } from '../fiche/fiche.pdf.ts';

/**
 * Worker thread of the accusés pool (../lot.ts): renders each request with the same renderer as in-thread and answers
 * with the bytes (transferred, not copied) or the error's name, message and stack.
 */

/** An accusé (the default), a fiche, or at closing both documents of a deposit (../depot.ts). */
export type Demande =
  | { id: number; donnees: DonneesAccuse; type?: 'ACCUSE' }
  | { id: number; donnees: DonneesFiche; type: 'FICHE' }
  | { id: number; donnees: DonneesDepot; type: 'DEPOT' };
export type Reponse =
  | { id: number; pdf: Uint8Array }
  | { id: number; depot: { fiche: Uint8Array; sha256Fiche: string; accuse: Uint8Array; sha256Accuse: string } }
  | { id: number; erreur: { name: string; message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('accuse/worker.ts se lance comme thread de travail (voir lot.ts), pas directement.');

/** A Buffer may be a view on a larger shared pool: copied when so, so that its memory can be handed over whole. */
const transferable = (pdf: Buffer): Uint8Array => (pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? new Uint8Array(pdf.buffer, 0, pdf.byteLength) : new Uint8Array(pdf));

port.on('message', async (demande: Demande) => {
  const { id } = demande;
  try {
    if (demande.type === 'DEPOT') {
      const d = await rendreDepot(demande.donnees);
      const fiche = transferable(d.fiche);
      const accuse = transferable(d.accuse);
      port.postMessage({ id, depot: { fiche, sha256Fiche: d.sha256Fiche, accuse, sha256Accuse: d.sha256Accuse } } satisfies Reponse, [fiche.buffer as ArrayBuffer, accuse.buffer as ArrayBuffer]);
      return;
    }
    const octets = transferable(demande.type === 'FICHE' ? await rendreFiche(demande.donnees) : await rendreAccuse(demande.donnees));
    port.postMessage({ id, pdf: octets } satisfies Reponse, [octets.buffer as ArrayBuffer]);
  } catch (e) {
    const erreur = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ id, erreur: { name: erreur.name, message: erreur.message, stack: erreur.stack } } satisfies Reponse);
  }
});
