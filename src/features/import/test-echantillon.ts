/** The sample académie (copied into the repository: test/academie-exemple/README.md), for tests. */

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validerImport } from './import.rules.ts';
import type { JeuDonnees } from '../../carriere/enregistrements.ts';

const racine = fileURLToPath(new URL('../../..', import.meta.url));
export const DOSSIER_ECHANTILLON = path.join(racine, 'test', 'academie-exemple');

export function chargerEchantillon(): JeuDonnees {
  const fichiers = new Map<string, Uint8Array>();
  for (const f of readdirSync(DOSSIER_ECHANTILLON)) if (f.endsWith('.csv')) fichiers.set(f, readFileSync(path.join(DOSSIER_ECHANTILLON, f)));
  const r = validerImport(fichiers);
  if (!r.ok) throw new Error(`L'échantillon ne passe pas l'import : ${JSON.stringify(r.erreurs.slice(0, 5))}`);
  return r.jeu;
}

/** Expected files of `expected/` matching a pattern, with their captured groups. */
export function fichiersAttendus(motif: RegExp): Array<{ fichier: string; groupes: string[] }> {
  return readdirSync(path.join(DOSSIER_ECHANTILLON, 'expected'))
    .map((f) => motif.exec(f))
    .filter((x) => x !== null)
    .map((x) => ({ fichier: x[0], groupes: x.slice(1) }));
}

export function lireAttendu(fichier: string): string {
  return readFileSync(path.join(DOSSIER_ECHANTILLON, 'expected', fichier), 'utf8');
}
