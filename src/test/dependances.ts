import fs from 'node:fs';
import path from 'node:path';

/**
 * The import graph of `src/` and the rules of its layers (docs/ARCHITECTURE.md, "Couches"): dependencies run one way,
 * features → career model / shared kit / db, never back; rules are pure. Read from the source text: an `import` or
 * `export … from` with a string specifier, `import type` included (a type is a dependency too).
 */

export type Graphe = ReadonlyMap<string, readonly string[]>;
export type Violation = { fichier: string; regle: string; chemin: string[] };

const SPECIFICATEUR = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function estTest(fichier: string): boolean {
  return /\.(test|spec)\.tsx?$/.test(fichier) || fichier.startsWith('src/test/');
}

/** Every `.ts`/`.tsx` file under `racine/src` (paths relative to `racine`, with `/`), and what each imports. */
export function lireGraphe(racine: string): Graphe {
  const graphe = new Map<string, string[]>();
  for (const f of fs.readdirSync(path.join(racine, 'src'), { recursive: true }).map(String)) {
    if (!/\.tsx?$/.test(f) || f.endsWith('.d.ts')) continue;
    const fichier = `src/${f.split(path.sep).join('/')}`;
    const texte = fs.readFileSync(path.join(racine, fichier), 'utf8');
    const cibles: string[] = [];
    for (const m of texte.matchAll(SPECIFICATEUR)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      cibles.push(spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(fichier), spec)) : spec);
    }
    graphe.set(fichier, cibles);
  }
  return graphe;
}

/** Pure files: the career model, the eligibility rules, and every `*.rules.ts` / `*.machine.ts` / `*.urls.ts`. */
export function estPur(fichier: string): boolean {
  if (estTest(fichier)) return false;
  return fichier.startsWith('src/carriere/') || fichier.startsWith('src/features/eligibilite/') || /\.(rules|machine|urls)\.ts$/.test(fichier);
}

/** What a pure file may never reach, even through another module: the database, HTTP, views, I/O, other processes. */
const PAQUETS_INTERDITS_AUX_REGLES = /^(fastify|@fastify\/|kysely|pg|pg-boss|@electric-sql\/|preact|nodemailer|pdfkit|qrcode|node:(fs|net|http|https|child_process|worker_threads|dgram|cluster)$|fs$|net$|http$)/;

function interditAuxRegles(cible: string): boolean {
  if (!cible.startsWith('src/')) return PAQUETS_INTERDITS_AUX_REGLES.test(cible);
  return cible.startsWith('src/db/') || cible.startsWith('src/shared/http/') || cible.startsWith('src/shared/views/') || cible.endsWith('.tsx');
}

/** The first chain of imports from `depart` to a module `interdit` accepts, or null. */
function chaine(graphe: Graphe, depart: string, interdit: (cible: string) => boolean): string[] | null {
  const vus = new Set<string>([depart]);
  const file: string[][] = [[depart]];
  while (file.length > 0) {
    const c = file.shift()!;
    for (const cible of graphe.get(c[c.length - 1]!) ?? []) {
      if (interdit(cible)) return [...c, cible];
      if (cible.startsWith('src/') && !vus.has(cible)) {
        vus.add(cible);
        file.push([...c, cible]);
      }
    }
  }
  return null;
}

export function violations(graphe: Graphe): Violation[] {
  const trouvees: Violation[] = [];
  for (const [fichier, cibles] of graphe) {
    if (estPur(fichier)) {
      const c = chaine(graphe, fichier, interditAuxRegles);
      if (c) trouvees.push({ fichier, regle: 'une règle pure n’atteint ni la base, ni HTTP, ni les vues, ni les entrées-sorties', chemin: c });
    }
    if (fichier.startsWith('src/carriere/') && !estTest(fichier)) {
      for (const cible of cibles)
        if (!cible.startsWith('src/carriere/')) trouvees.push({ fichier, regle: 'le modèle de carrière ne dépend que de lui-même', chemin: [fichier, cible] });
    }
    if ((fichier.startsWith('src/shared/') || fichier.startsWith('src/db/')) && !estTest(fichier)) {
      for (const cible of cibles)
        if (/^src\/(features|demo)\/|^src\/(app|server|cli|worker)\.ts$/.test(cible))
          trouvees.push({ fichier, regle: 'src/shared/ et src/db/ n’importent aucune fonctionnalité', chemin: [fichier, cible] });
    }
  }
  return trouvees;
}
