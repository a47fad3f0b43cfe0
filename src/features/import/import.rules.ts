import type { ErreurImport } from './erreurs.ts';
import { AGENTS, ETABLISSEMENTS, FICHIERS, type DefinitionFichier } from './fichiers.ts';
import type { JeuDonnees } from '../../carriere/enregistrements.ts';
import { validerFichier, type Lu } from './validateur.ts';

export type ContenuFichiers = ReadonlyMap<string, string | Uint8Array> | Readonly<Record<string, string | Uint8Array>>;

/** Either the whole typed dataset, or every error found: an import with errors changes nothing. */
export type ResultatImport = { ok: true; jeu: JeuDonnees } | { ok: false; erreurs: ErreurImport[] };

/** Which files point at agents and establishments, by column. */
const REFERENCES_AGENT = ['carriere.csv', 'positions.csv', 'services.csv', 'appreciations.csv', 'avis.csv'];
const REFERENCES_UAI = ['labels_etablissements.csv', 'services.csv'];

/**
 * Validates a folder of HR CSV files given as file name → content (bytes, to detect invalid UTF-8,
 * or text). Files are checked one by one, then references across files. Errors come sorted by file
 * (folder order), then line.
 */
export function validerImport(fichiers: ContenuFichiers): ResultatImport {
  const contenus = fichiers instanceof Map ? fichiers : new Map(Object.entries(fichiers));
  const erreurs: ErreurImport[] = [];
  const connus = new Set<string>(FICHIERS.map((f) => f.fichier));
  for (const nom of contenus.keys()) {
    if (nom.toLowerCase().endsWith('.csv') && !connus.has(nom))
      erreurs.push({ fichier: nom, ligne: null, colonne: null, code: 'FICHIER_INCONNU', message: `Fichier inconnu : ${nom} (fichiers attendus : ${[...connus].join(', ')}).` });
  }

  const lus = new Map<string, Lu<unknown>[]>();
  /** Ids present in agents.csv / etablissements.csv, null when that file cannot be trusted for references. */
  let agentsConnus: ReadonlySet<string> | null = null;
  let uaiConnus: ReadonlySet<string> | null = null;
  for (const def of FICHIERS as readonly DefinitionFichier<unknown>[]) {
    const contenu = contenus.get(def.fichier);
    if (contenu === undefined) {
      if (def.obligatoire) erreurs.push({ fichier: def.fichier, ligne: null, colonne: null, code: 'FICHIER_OBLIGATOIRE_ABSENT', message: `Le fichier obligatoire ${def.fichier} est absent.` });
      continue;
    }
    const suivre = def === AGENTS ? ['agent_id'] : def === ETABLISSEMENTS ? ['uai'] : [];
    const { lus: l, validateur } = validerFichier(def, contenu, suivre);
    erreurs.push(...validateur.erreurs);
    lus.set(def.fichier, l);
    if (validateur.enteteValide() && def === AGENTS) agentsConnus = validateur.valeursVues('agent_id');
    if (validateur.enteteValide() && def === ETABLISSEMENTS) uaiConnus = validateur.valeursVues('uai');
  }

  const refs: Array<[string[], ReadonlySet<string> | null, 'agent_id' | 'uai']> = [
    [REFERENCES_AGENT, agentsConnus, 'agent_id'],
    [REFERENCES_UAI, uaiConnus, 'uai'],
  ];
  for (const [fichiersReferents, connusIci, colonne] of refs) {
    if (connusIci === null) continue;
    for (const fichier of fichiersReferents) {
      for (const { ligne, valeur } of lus.get(fichier) ?? []) {
        const id = (valeur as Record<string, string>)[colonne]!;
        if (connusIci.has(id)) continue;
        erreurs.push(
          colonne === 'agent_id'
            ? { fichier, ligne, colonne, code: 'AGENT_INCONNU', message: `Agent inconnu : ${id} ne figure pas dans agents.csv.` }
            : { fichier, ligne, colonne, code: 'UAI_INCONNU', message: `Établissement inconnu : l'UAI ${id} ne figure pas dans etablissements.csv.` },
        );
      }
    }
  }

  if (erreurs.length > 0) return { ok: false, erreurs: trierErreurs(erreurs) };
  const jeu = Object.fromEntries(FICHIERS.map((def) => [def.cle, (lus.get(def.fichier) ?? []).map((l) => l.valeur)])) as JeuDonnees;
  return { ok: true, jeu };
}

function trierErreurs(erreurs: ErreurImport[]): ErreurImport[] {
  const rang = new Map<string, number>(FICHIERS.map((f, i) => [f.fichier, i]));
  // Stable sort: within a line, errors keep the column order in which they were found.
  return erreurs
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (rang.get(a.e.fichier) ?? -1) - (rang.get(b.e.fichier) ?? -1) || (a.e.ligne ?? 0) - (b.e.ligne ?? 0) || a.i - b.i)
    .map((x) => x.e);
}
