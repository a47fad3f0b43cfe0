import { parentPort } from 'node:worker_threads';
import type { DonneesAccuse, DonneesFiche } from '../contrats.ts';
import { rendreAccuse } from './accuse.pdf.ts';
import { rendreFiche } from '../fiche/fiche.pdf.ts';

/**
 * Worker thread of the accusés pool (../lot.ts): renders each request with the same renderer as in-thread and answers
 * with the bytes (transferred, not copied) or the error's name, message and stack.
 */

/** An accusé (the default) or, at closing, the fiche archived with it. */
export type Demande = { id: number; donnees: DonneesAccuse; type?: 'ACCUSE' } | { id: number; donnees: DonneesFiche; type: 'FICHE' };
export type Reponse = { id: number; pdf: Uint8Array } | { id: number; erreur: { name: string; message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('accuse/worker.ts se lance comme thread de travail (voir lot.ts), pas directement.');

port.on('message', async (demande: Demande) => {
  const { id } = demande;
  try {
    const pdf = demande.type === 'FICHE' ? await rendreFiche(demande.donnees) : await rendreAccuse(demande.donnees);
    // A Buffer may be a view on a larger shared pool: copy when so, then hand the memory over.
    const octets = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? new Uint8Array(pdf.buffer, 0, pdf.byteLength) : new Uint8Array(pdf);
    port.postMessage({ id, pdf: octets } satisfies Reponse, [octets.buffer as ArrayBuffer]);
  } catch (e) {
    const erreur = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ id, erreur: { name: erreur.name, message: erreur.message, stack: erreur.stack } } satisfies Reponse);
  }
});
