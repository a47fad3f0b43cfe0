import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `vivier eligibilite` when its output fails: a French message and status 1, never an unheard 'error' event. */
const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-cli-'));

after(() => fs.rmSync(dossier, { recursive: true, force: true }));

function cli(args: string[], o: { fermerLaSortie?: boolean } = {}): Promise<{ code: number | null; erreurs: string }> {
  return new Promise((ok, ko) => {
    // A base of its own (the embedded one), in a folder of this test; DATABASE_URL of the environment is ignored.
    const env: NodeJS.ProcessEnv = { ...process.env, VIVIER_DATA_DIR: path.join(dossier, 'donnees') };
    delete env.DATABASE_URL;
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: racine, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away before the first line, as `vivier eligibilite … | head -0` would.
    if (o.fermerLaSortie) p.stdout.destroy();
    else p.stdout.resume();
    let erreurs = '';
    p.stderr.on('data', (d) => (erreurs += d));
    p.on('error', ko);
    p.on('close', (code) => ok({ code, erreurs }));
  });
}

describe('vivier eligibilite : sortie impossible', () => {
  test('--out dans un dossier qui n’existe pas : message en français avant toute ouverture de la base', async () => {
    const r = await cli(['eligibilite', '--corps', 'PE', '--annee', '2019', '--out', path.join(dossier, 'absent', 'eligibilite.csv')]);
    assert.equal(r.code, 1);
    assert.match(r.erreurs, /Impossible de créer .*eligibilite\.csv \(dossier introuvable\) : rien n’a été exporté\./);
    assert.doesNotMatch(r.erreurs, /Unhandled 'error' event/);
    assert.equal(fs.existsSync(path.join(dossier, 'donnees')), false, 'la base n’a pas été ouverte');
  });

  test('sortie standard fermée par le lecteur (EPIPE) : message, statut 1, base refermée', async () => {
    const r = await cli(['eligibilite', '--corps', 'PE', '--annee', '2019'], { fermerLaSortie: true });
    assert.doesNotMatch(r.erreurs, /Unhandled 'error' event/);
    assert.match(r.erreurs, /La sortie a été fermée avant la fin de l’export \(EPIPE\) : le CSV reçu est incomplet\./);
    assert.equal(r.code, 1);
    assert.equal(fs.existsSync(path.join(dossier, 'donnees', 'vivier.lock')), false, 'le verrou de la base embarquée est rendu');
  });
});

describe('vivier tableau : refus', () => {
  test('régime A sans campagne ni --simulation : message en français, statut 1, aucun fichier', async () => {
    const out = path.join(dossier, 'tableau.csv');
    const r = await cli(['tableau', '--corps', 'PE', '--annee', '2019', '--promotions', '20', '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.erreurs, /^Aucune campagne PE 2019 en base : le tableau du régime A classe au vivier 1 les candidatures recevables d’une campagne\. Sans campagne, seule la simulation \(chaque agent du vivier 1 pris comme candidat recevable\) est possible\.\n$/);
    assert.deepEqual(fs.readdirSync(dossier).filter((f) => f.includes('tableau')), [], 'ni le fichier ni son brouillon');
  });

  test('option inconnue : l’aide, statut 1', async () => {
    const r = await cli(['tableau', '--corps', 'PE', '--annee', '2019', '--promotions', '20', '--classeur', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.erreurs, /^Option invalide : Unknown option '--classeur'/);
    assert.match(r.erreurs, /tableau --corps C --annee N --promotions P \[--simulation\] \[--format csv\|xlsx\|ods\] \[--out F\]/);
  });
});
