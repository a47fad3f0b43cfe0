import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The command line as an operator runs it: its output for a bad folder or a failure says what is wrong, in French, without a stack. */
const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; sortie: string; erreurs: string }> {
  // DATABASE_URL of the caller must not leak in: each run gets its own database.
  const { DATABASE_URL: _, ...ambiant } = process.env;
  return new Promise((ok) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(racine, 'src/cli.ts'), ...args], { cwd: racine, env: { ...ambiant, ...env }, timeout: 120_000 }, (err, sortie, erreurs) =>
      ok({ code: err ? Number(err.code ?? 1) : 0, sortie, erreurs }),
    );
  });
}

const PILE = /^\s+at /m;
let dossier: string;
before(() => {
  dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-cli-'));
});
after(() => {
  fs.rmSync(dossier, { recursive: true, force: true });
});

describe('vivier import en ligne de commande', () => {
  test('un caractère nul, un nom démesuré et un fichier illisible sont listés par fichier, ligne et colonne, sans pile d’appels', async () => {
    fs.writeFileSync(path.join(dossier, 'etablissements.csv'), 'uai;nom;commune;type\n0800001A;École A;Amiens;ECOLE\n');
    fs.writeFileSync(
      path.join(dossier, 'agents.csv'),
      'agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\n' +
        'C1;cun;M.;N\0UL;Camille;1970-01-01;;PE;;1995-09-01\n' +
        `C2;cdeux;M.;${'N'.repeat(10_240)};Camille;1970-01-01;;PE;;1995-09-01\n`,
    );
    fs.mkdirSync(path.join(dossier, 'carriere.csv'));
    const r = await cli(['import', dossier], { VIVIER_DATA_DIR: 'memory://' });
    assert.equal(r.code, 1, r.erreurs);
    assert.doesNotMatch(r.erreurs, PILE);
    const lignes = r.erreurs.split('\n');
    assert.ok(lignes.includes('Import refusé : 3 erreur(s), aucune donnée modifiée.'), r.erreurs);
    assert.ok(lignes.some((l) => l.startsWith('  agents.csv, ligne 2, colonne nom : Caractère nul')), r.erreurs);
    assert.ok(lignes.includes('  agents.csv, ligne 3, colonne nom : La valeur de la colonne nom compte 10\u202f240 caractères : 100 au plus.'), r.erreurs);
    assert.ok(lignes.some((l) => l.startsWith('  carriere.csv : Le fichier n’a pas pu être lu jusqu’au bout (EISDIR)')), r.erreurs);
  });

  test('une erreur technique est dite en une phrase ; la pile d’appels seulement sur demande', async () => {
    const base = { VIVIER_DATA_DIR: 'memory://', DATABASE_URL: 'postgres://127.0.0.1:1/injoignable' };
    const r = await cli(['import', dossier], base);
    assert.equal(r.code, 1);
    assert.match(r.erreurs, /^Erreur technique inattendue : .*ECONNREFUSED/m);
    assert.doesNotMatch(r.erreurs, PILE);
    const trace = await cli(['import', dossier], { ...base, VIVIER_TRACE: '1' });
    assert.match(trace.erreurs, PILE);
  });
});
