import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { databaseDeTest } from '../test/database.ts';
import type { Database, DatabaseHandle } from '../db/connection.ts';
import { fixedClock } from '../shared/clock.ts';
import { createImportService } from '../features/import/import.service.ts';
import { sourceDossier } from '../features/import/import.source.ts';
import { DOSSIER_ECHANTILLON, lireAttendu } from '../features/import/test-echantillon.ts';
import { exporterEligibiliteCorps } from '../features/dossier/eligibilite.service.ts';
import type { FormatTableur } from '../shared/tableurs/tableur.ts';
import { commandeTableau } from './tableau.ts';
import { exporterVers, ouvrirSortie } from './sortie.ts';

/**
 * The XLSX and ODS exports opened by LibreOffice (Debian `libreoffice-calc-nogui`, installed by .ci/run): each workbook
 * is converted back to CSV, one file per sheet, and its cells compared with the CSV export of the same data. LibreOffice
 * quotes every text cell and no other: a number written as text would show as `"12"`, a date as `"2019-08-31"` instead
 * of 31/08/2019; and a name starting with `=` shows as written, not as the result of a formula.
 */
const executer = promisify(execFile);
const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-tableurs-'));
let h: DatabaseHandle;
const FORMULE = '=1+1';
const AGENT_FORMULE = 'A9898926'; // first of tableau-PE-2019-P20.csv

before(async () => {
  h = await databaseDeTest();
  const r = await createImportService({ db: h.db, clock: fixedClock('2026-11-30T09:00:00Z') }).importer(sourceDossier(DOSSIER_ECHANTILLON), { lanceParCompteId: null });
  assert.equal(r.ok, true);
  await h.db.updateTable('agent').set({ prenom: FORMULE }).where('agent_id', '=', AGENT_FORMULE).execute();
});
after(async () => {
  await h.close();
  fs.rmSync(dossier, { recursive: true, force: true });
});

const base = <T>(f: (db: Database) => Promise<T>) => f(h.db);

/** Every sheet of each workbook as CSV (`;`, UTF-8, cells as shown), with a LibreOffice profile of this run. */
async function convertir(fichiers: string[]): Promise<void> {
  const profil = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-soffice-'));
  try {
    // Filter options: separator ;, quote ", UTF-8, from line 1, …, quote all text cells, cells as shown, all sheets
    // (-1), one file each.
    await executer('soffice', [`-env:UserInstallation=file://${profil}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,true,true,true,false,false,-1', '--outdir', path.join(dossier, 'lo'), ...fichiers], {
      timeout: 180_000,
    });
  } finally {
    fs.rmSync(profil, { recursive: true, force: true });
  }
}

/** `x-xlsx.xlsx`, `x-ods.ods`, `x-csv.csv`: LibreOffice names its CSV files after the workbook and the sheet. */
const fichier = (nom: string, f: FormatTableur) => path.join(dossier, `${nom}-${f}.${f}`);
const lu = (nom: string) => fs.readFileSync(path.join(dossier, 'lo', nom), 'utf8').replace(/\r\n/g, '\n');

/** RFC 4180 fields of a `;` CSV line. */
function champs(ligne: string): string[] {
  const r: string[] = [];
  let i = 0;
  while (i <= ligne.length) {
    if (ligne[i] === '"') {
      let v = '';
      for (i++; i < ligne.length; i++) {
        if (ligne[i] === '"' && ligne[i + 1] === '"') (v += '"'), i++;
        else if (ligne[i] === '"') break;
        else v += ligne[i];
      }
      r.push(v);
      i += 2;
    } else {
      const fin = ligne.indexOf(';', i) < 0 ? ligne.length : ligne.indexOf(';', i);
      r.push(ligne.slice(i, fin));
      i = fin + 1;
    }
  }
  return r;
}

/**
 * Our CSV as LibreOffice writes the workbook's cells: the header and the cells of the `texte` columns quoted (a
 * formula-like text as written, without our apostrophe), numbers bare, empty cells empty.
 */
function commeLibreOffice(csv: string, texte: ReadonlySet<number>): string {
  const q = (v: string) => `"${v.replaceAll('"', '""')}"`;
  return csv
    .trimEnd()
    .split('\n')
    .map((l, n) => champs(l).map((v, i) => (n === 0 ? q(v) : v === '' ? '' : texte.has(i) ? q(v.startsWith("'=") ? v.slice(1) : v) : v)).join(';'))
    .join('\n')
    .concat('\n');
}

const EXPORTS = [
  { nom: 'tableau-PE-2019', args: ['--corps', 'PE', '--annee', '2019', '--promotions', '20', '--simulation'], feuille: 'Tableau PE 2019' },
  { nom: 'tableau-CERTIFIE-2024', args: ['--corps', 'CERTIFIE', '--annee', '2024', '--promotions', '12'], feuille: 'Tableau CERTIFIE 2024' },
] as const;

describe('classeurs XLSX et ODS relus par LibreOffice', () => {
  const formats: FormatTableur[] = ['csv', 'xlsx', 'ods'];

  before(async () => {
    for (const e of EXPORTS) for (const f of formats) await commandeTableau([...e.args, '--out', fichier(e.nom, f)], base);
    await h.db
      .insertInto('campagne')
      .values({ corps: 'PE', annee: 2019, regime: 'A', ouverture: new Date('2019-01-10T08:00:00Z'), fermeture: new Date('2019-01-31T17:00:00Z'), promotions: 20, parametres: '{}', statut: 'CLOSE', cree_par_compte_id: null, cree_le: new Date('2019-01-01T08:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((c) => h.db.insertInto('candidature').values({ campagne_id: c.id, agent_id: AGENT_FORMULE, statut: 'DEPOSEE', cree_le: new Date('2019-01-20T08:00:00Z'), modifie_le: new Date('2019-01-20T08:00:00Z'), validee_le: null, reference: null }).execute());
    for (const f of formats) {
      const sortie = await ouvrirSortie(fichier('eligibilite-PE-2019', f), f);
      await exporterVers(sortie, (flux) => exporterEligibiliteCorps(h.db, 'PE', 2019, flux, f));
    }
    await convertir(fs.readdirSync(dossier).filter((x) => /\.(xlsx|ods)$/.test(x)).map((x) => path.join(dossier, x)));
  });

  test('le CSV du tableau PE 2019 neutralise le prénom « =1+1 » et reste celui de l’échantillon ailleurs', () => {
    const csv = fs.readFileSync(fichier('tableau-PE-2019', 'csv'), 'utf8');
    assert.equal(csv, lireAttendu('tableau-PE-2019-P20.csv').replace(/^(1;A9898926;Blanchard;)Valérie;/m, `$1'${FORMULE};`));
  });

  for (const e of EXPORTS)
    for (const f of ['xlsx', 'ods'] as const)
      test(`${e.nom}.${f} : la feuille « ${e.feuille} » a les cellules du CSV (texte « =1+1 » non évalué)`, () => {
        const csv = fs.readFileSync(fichier(e.nom, 'csv'), 'utf8');
        assert.ok(csv.split('\n').length > 10);
        // rang, vivier, bareme, promu are numbers; agent_id, nom, prenom text.
        assert.equal(lu(`${e.nom}-${f}-${e.feuille}.csv`), commeLibreOffice(csv, new Set([1, 2, 3])));
      });

  for (const f of ['xlsx', 'ods'] as const) {
    test(`tableau-PE-2019.${f} : feuille « Paramètres », dates en JJ/MM/AAAA et nombres`, () => {
      const lignes = fs.readFileSync(fichier('tableau-PE-2019', 'csv'), 'utf8').trimEnd().split('\n').slice(1);
      const promus = lignes.filter((l) => l.endsWith(';1')).length;
      assert.equal(
        lu(`tableau-PE-2019-${f}-Paramètres.csv`),
        '"corps";"annee";"regime";"date_observation";"date_effet";"promotions";"sieges_vivier1";"sieges_vivier2";"lignes";"promus";"mode";"donnees"\n' +
          `"PE";2019;"A";31/08/2019;01/09/2019;20;16;4;${lignes.length};${promus};"simulation : chaque agent du vivier 1 pris comme candidat recevable";"import RH (aucune campagne PE 2019 en base) : appreciations.csv"\n`,
      );
    });
    test(`eligibilite-PE-2019.${f} : la liste a les cellules du CSV, candidature comprise`, () => {
      const csv = fs.readFileSync(fichier('eligibilite-PE-2019', 'csv'), 'utf8');
      assert.match(csv, new RegExp(`^${AGENT_FORMULE};1;1;\\d+;\\d;DEPOSEE;`, 'm'));
      // agent_id, candidature, motifs are text; the flags and annees_vivier1 numbers.
      assert.equal(lu(`eligibilite-PE-2019-${f}-Éligibilité PE 2019.csv`), commeLibreOffice(csv, new Set([0, 5, 6])));
      assert.equal(lu(`eligibilite-PE-2019-${f}-Paramètres.csv`), `"corps";"annee";"regime";"date_observation";"agents"\n"PE";2019;"A";31/08/2019;${csv.trimEnd().split('\n').length - 1}\n`);
    });
  }
});
