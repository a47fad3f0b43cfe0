import fs from 'node:fs';
import path from 'node:path';
import type { FichierSource } from './import.service.ts';

export class SourceIllisibleError extends Error {}

/** The CSV files of a folder (other files are ignored), as streamed sources. */
export function sourceDossier(dossier: string): { libelle: string; fichiers: FichierSource[] } {
  const absolu = path.resolve(dossier);
  let noms: string[];
  try {
    noms = fs.readdirSync(absolu).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  } catch {
    throw new SourceIllisibleError(`Dossier illisible : ${absolu} (vérifiez le chemin et les droits de lecture).`);
  }
  return {
    libelle: absolu,
    fichiers: noms.map((nom) => {
      const chemin = path.join(absolu, nom);
      return { nom, taille: fs.statSync(chemin).size, lire: () => fs.createReadStream(chemin, { highWaterMark: 1 << 20 }) };
    }),
  };
}
