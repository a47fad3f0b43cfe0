#!/usr/bin/env node
// Node 20's test runner does not expand globs: this finds the test files of a suite and runs them
// through `node --import tsx --test`, passing on the exit code.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Fault tests (*.pannes.test.ts) stop and restart a PostgreSQL of their own (root and the Debian PostgreSQL tools
// needed): their own suite, outside `all`.
const pannes = (f) => /\.pannes\.test\.tsx?$/.test(f);
// Directory tests (*.ldap.test.ts) run a real OpenLDAP (Debian slapd and ldap-utils, installed by .ci/run): their own
// suite, outside `all`, where a missing slapd is a failure, not a skip.
const ldap = (f) => /\.ldap\.test\.tsx?$/.test(f);
const suites = {
  all: { dir: 'src', match: (f) => /\.test\.tsx?$/.test(f) && !pannes(f) && !ldap(f), concurrency: 2 },
  int: { dir: 'src', match: (f) => /\.int\.test\.tsx?$/.test(f), concurrency: 2 },
  pannes: { dir: 'src', match: pannes, concurrency: 1 },
  ldap: { dir: 'src', match: ldap, concurrency: 1 },
  e2e: { dir: 'e2e', match: (f) => /\.spec\.tsx?$/.test(f), concurrency: 1 },
};
const nom = process.argv[2] ?? 'all';
const suite = suites[nom];
if (!suite) {
  console.error(`Suite inconnue « ${nom} » : ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
const fichiers = readdirSync(suite.dir, { recursive: true, withFileTypes: false })
  .map(String)
  .filter((f) => !f.split(path.sep).includes('node_modules') && suite.match(f))
  .map((f) => path.join(suite.dir, f))
  .sort();
if (fichiers.length === 0) {
  console.error(`Aucun fichier de test pour la suite « ${nom} ».`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${suite.concurrency}`, ...process.argv.slice(3), ...fichiers], { stdio: 'inherit' });
process.exit(r.status ?? 1);
