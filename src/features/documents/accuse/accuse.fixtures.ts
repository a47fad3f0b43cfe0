import type { DonneesAccuse } from '../contrats.ts';
import { CAMPAGNE, IDENTITE, PERIODES } from '../fiche/fiche.fixtures.ts';

export const SHA_FICHE = '9b2e6f1c0d4a8e7f3b5c9d1e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a';

/** An accusé with accents and typographic signs; `n` varies the reference (batch renders). */
export function accuseExemple(n = 123): DonneesAccuse {
  return {
    reference: `CE-2019-PE-${String(n).padStart(6, '0')}`,
    campagne: CAMPAGNE,
    identite: IDENTITE,
    // 18:32 in Paris.
    valideeLe: new Date('2019-04-10T16:32:00Z'),
    deposeeLe: CAMPAGNE.fermeture,
    periodes: PERIODES,
    sha256Fiche: SHA_FICHE,
    // 12:05 in Paris.
    emisLe: new Date('2019-04-12T10:05:00Z'),
  };
}
