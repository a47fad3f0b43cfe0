#!/usr/bin/env node
// `npm run mutation [module…]`: StrykerJS on each module of scripts/mutation.modules.mjs, one after the other (the
// machine's cores are shared), then a table of the scores read back from the JSON reports (reports/mutation/).
// Exits 1 if a module scores under the goal of docs/MUTATION.md.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MODULES } from './mutation.modules.mjs';

const OBJECTIF = 85;
const demandes = process.argv.slice(2);
const inconnus = demandes.filter((m) => !(m in MODULES));
if (inconnus.length > 0) {
  console.error(`Module inconnu : ${inconnus.join(', ')} (modules : ${Object.keys(MODULES).join(', ')})`);
  process.exit(2);
}
const noms = demandes.length > 0 ? demandes : Object.keys(MODULES);
const stryker = path.join('node_modules', '.bin', 'stryker');

/** Stryker's mutation score: killed and timed-out mutants over the valid ones (compile errors and ignored ones aside). */
function score(rapport) {
  const n = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, RuntimeError: 0, CompileError: 0, Ignored: 0 };
  for (const f of Object.values(rapport.files)) for (const m of f.mutants) n[m.status] = (n[m.status] ?? 0) + 1;
  const detectes = n.Killed + n.Timeout;
  const valides = detectes + n.Survived + n.NoCoverage;
  return { ...n, valides, score: valides === 0 ? 100 : (100 * detectes) / valides };
}

const lignes = [];
let echec = false;
for (const nom of noms) {
  console.log(`\n== Mutation : ${nom} (${MODULES[nom].libelle})`);
  const debut = Date.now();
  const r = spawnSync(stryker, ['run', 'stryker.config.mjs'], { stdio: 'inherit', env: { ...process.env, VIVIER_MUTATION_MODULE: nom } });
  const duree = Math.round((Date.now() - debut) / 1000);
  if (r.status !== 0) {
    console.error(`Stryker a échoué sur ${nom} (code ${r.status ?? r.signal}).`);
    lignes.push({ nom, duree, s: null });
    echec = true;
    continue;
  }
  const s = score(JSON.parse(readFileSync(`reports/mutation/${nom}.json`, 'utf8')));
  if (s.score < OBJECTIF) echec = true;
  lignes.push({ nom, duree, s });
}

console.log('\n| Module | Score | Tués | Délais | Survivants | Non couverts | Erreurs de compilation | Durée |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { nom, duree, s } of lignes) {
  if (!s) console.log(`| ${nom} | échec | | | | | | ${duree} s |`);
  else console.log(`| ${nom} | ${s.score.toFixed(1)} % | ${s.Killed} | ${s.Timeout} | ${s.Survived} | ${s.NoCoverage} | ${s.CompileError} | ${duree} s |`);
}
console.log(`\nObjectif : ${OBJECTIF} % par module. Rapports : reports/mutation/<module>.html`);
process.exit(echec ? 1 : 0);
