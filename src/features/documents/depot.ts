import crypto from 'node:crypto';
import { rendreAccuse } from './accuse/accuse.pdf.ts';
import type { DonneesAccuse, DonneesFiche } from './contrats.ts';
import { rendreFiche } from './fiche/fiche.pdf.ts';

/**
 * The two documents of a deposit, issued at closing: the fiche as deposited, then the accusé de réception that quotes
 * the fiche's SHA-256. Rendered together, in one request to the pool (lot.ts): the fiche's data cross the thread
 * boundary once (the accusé reuses its campaign, identity and periods), and the fingerprints are computed off the
 * main thread.
 */

export type DonneesDepot = {
  fiche: DonneesFiche;
  reference: string;
  valideeLe: Date;
  emisLe: Date;
};

export type DocumentsDepot = { fiche: Buffer; sha256Fiche: string; accuse: Buffer; sha256Accuse: string };

export const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/** The accusé of a deposit, given the fingerprint of its fiche: the deposit instant is the campaign's closing. */
export function donneesAccuse(d: DonneesDepot, sha256Fiche: string): DonneesAccuse {
  const f = d.fiche;
  return { reference: d.reference, campagne: f.campagne, identite: f.identite, valideeLe: d.valideeLe, deposeeLe: f.campagne.fermeture, periodes: f.periodes, sha256Fiche, emisLe: d.emisLe };
}

export async function rendreDepot(d: DonneesDepot): Promise<DocumentsDepot> {
  const fiche = await rendreFiche(d.fiche);
  const sha256Fiche = sha256(fiche);
  const accuse = await rendreAccuse(donneesAccuse(d, sha256Fiche));
  return { fiche, sha256Fiche, accuse, sha256Accuse: sha256(accuse) };
}
