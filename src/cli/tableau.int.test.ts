import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databaseDeTest } from '../test/database.ts';
import type { Database, DatabaseHandle } from '../db/connection.ts';
import { fixedClock } from '../shared/clock.ts';
import { RegleMetierError } from '../shared/errors.ts';
import { createImportService } from '../features/import/import.service.ts';
import { sourceDossier } from '../features/import/import.source.ts';
import { DOSSIER_ECHANTILLON, fichiersAttendus, lireAttendu } from '../features/import/test-echantillon.ts';
import { chargerEchantillon } from '../features/import/test-echantillon.ts';
import { CORPS } from '../carriere/vocabulaire.ts';
import { evaluerCampagne } from '../features/eligibilite/export.ts';
import { reglesPour } from '../features/eligibilite/regles.ts';
import { chargerLabels, parcourirDossiers } from '../features/dossier/eligibilite.repository.ts';
import { echelonMinimumClasse } from '../features/evaluation/classement.rules.ts';
import { commandeTableau } from './tableau.ts';
import { UsageError } from './sortie.ts';

/**
 * `vivier tableau` through the database: the sample académie imported by the real importer, then the command's code
 * path (options, output file, tableau.service.ts) on that database — PGlite by default, PostgreSQL with VIVIER_TEST_PG.
 */
const attendus = fichiersAttendus(/^tableau-([A-Z]+)-(\d{4})-P(\d+)\.csv$/).map(({ fichier, groupes: [corps, annee, p] }) => ({ fichier, corps: corps!, annee: Number(annee), promotions: Number(p) }));
const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-tableau-'));
let h: DatabaseHandle;
const clock = fixedClock('2026-11-30T09:00:00Z');

before(async () => {
  h = await databaseDeTest();
  const r = await createImportService({ db: h.db, clock }).importer(sourceDossier(DOSSIER_ECHANTILLON), { lanceParCompteId: null });
  assert.equal(r.ok, true);
});
after(async () => {
  await h.close();
  fs.rmSync(dossier, { recursive: true, force: true });
});

const base = <T>(f: (db: Database) => Promise<T>) => f(h.db);
const tableau = (args: string[]) => commandeTableau(args, base);
const fichiersDuDossier = () => fs.readdirSync(dossier).sort();

describe('vivier tableau depuis la base', () => {
  test('les neuf tableaux attendus sont là', () => assert.equal(attendus.length, 9));

  for (const { fichier, corps, annee, promotions } of attendus) {
    const simulation = annee <= 2020;
    test(`${corps} ${annee} à ${promotions} promotions${simulation ? ' (--simulation)' : ''} : reproduit ${fichier} à l’octet près`, async () => {
      const out = path.join(dossier, fichier);
      const resume = await tableau(['--corps', corps.toLowerCase(), '--annee', String(annee), '--promotions', String(promotions), ...(simulation ? ['--simulation'] : []), '--out', out]);
      assert.equal(fs.readFileSync(out, 'utf8'), lireAttendu(fichier));
      assert.match(resume, new RegExp(`^${out.replaceAll('/', '\\/')} : ${corps} ${annee}, ${promotions} promotion\\(s\\), \\d+ ligne\\(s\\) dont \\d+ promu\\(s\\)`));
      fs.rmSync(out);
    });
  }

  test('les dossiers lus (hors-classe à D, échelon minimum des listes) comprennent chaque agent classable, de 2017 à 2025', async () => {
    const jeu = chargerEchantillon();
    const labels = await chargerLabels(h.db);
    let lus = 0;
    let tous = 0;
    for (let annee = 2017; annee <= 2025; annee++) {
      const regles = reglesPour(annee);
      for (const corps of CORPS) {
        const verdicts = evaluerCampagne(jeu, corps, regles);
        const classables = verdicts.filter((v) => (regles.regimeC ? v.promouvable : v.vivier1 || v.vivier2)).map((v) => v.agent_id);
        const filtres = new Set<string>();
        for await (const page of parcourirDossiers(h.db, corps, labels, { taillePage: 7, horsClasse: { date: regles.dateObservation, echelon: echelonMinimumClasse(regles, corps) } }))
          for (const d of page) filtres.add(d.agent.agent_id);
        assert.deepEqual(classables.filter((id) => !filtres.has(id)), [], `${corps} ${annee}`);
        lus += filtres.size;
        tous += verdicts.length;
      }
    }
    assert.ok(lus < tous / 2, `${lus} dossiers lus sur ${tous}`);
  });

  test('régime A sans campagne ni --simulation : message en français, aucun fichier écrit', async () => {
    const out = path.join(dossier, 'refuse.csv');
    await assert.rejects(tableau(['--corps', 'PE', '--annee', '2019', '--promotions', '20', '--out', out]), (e: unknown) => {
      assert.ok(e instanceof RegleMetierError);
      assert.equal(e.code, 'CANDIDATURES_REQUISES');
      assert.match(e.message, /^Aucune campagne PE 2019 en base : le tableau du régime A classe au vivier 1 les candidatures recevables d’une campagne\. Sans campagne, seule la simulation/);
      return true;
    });
    assert.deepEqual(fichiersDuDossier(), [], 'ni le fichier ni son brouillon');
  });

  test('--simulation hors régime A : refusé en français', async () => {
    await assert.rejects(tableau(['--corps', 'PE', '--annee', '2022', '--promotions', '20', '--simulation']), /La simulation des candidatures ne concerne que les campagnes à candidature \(régime A, 2017 à 2020\) : la campagne 2022 \(régime B\) n’en a pas\./);
  });

  test('options invalides : corps, année, promotions, format contradictoire', async () => {
    await assert.rejects(tableau(['--corps', 'XX', '--annee', '2019', '--promotions', '1']), (e) => e instanceof UsageError && /--corps est obligatoire, parmi : /.test(e.message));
    await assert.rejects(tableau(['--corps', 'PE', '--annee', '2016', '--promotions', '1']), (e) => e instanceof UsageError && /--annee est obligatoire/.test(e.message));
    await assert.rejects(tableau(['--corps', 'PE', '--annee', '2019']), (e) => e instanceof UsageError && /--promotions est obligatoire/.test(e.message));
    await assert.rejects(tableau(['--corps', 'PE', '--annee', '2019', '--promotions=-3']), (e) => e instanceof UsageError && /--promotions est obligatoire/.test(e.message));
    await assert.rejects(tableau(['--corps', 'PE', '--annee', '2019', '--promotions', '2.5']), (e) => e instanceof UsageError && /--promotions est obligatoire/.test(e.message));
    await assert.rejects(tableau(['--corps', 'PE', '--annee', '2019', '--promotions', '3', '--format', 'pdf']), (e) => e instanceof UsageError && e.message === '--format : csv, xlsx, ods (reçu « pdf »).');
    await assert.rejects(
      tableau(['--corps', 'PE', '--annee', '2019', '--promotions', '3', '--format', 'ods', '--out', path.join(dossier, 't.xlsx')]),
      (e) => e instanceof UsageError && /--format ods et --out .*t\.xlsx se contredisent/.test(e.message),
    );
    assert.deepEqual(fichiersDuDossier(), []);
  });

  test('un agent listé sans appréciation : refus qui le nomme, aucun fichier écrit', async () => {
    const out = path.join(dossier, 'manque.csv');
    const ligne = lireAttendu('tableau-PE-2022-P7.csv').split('\n')[1]!.split(';');
    const agentId = ligne[1]!;
    const retiree = await h.db.deleteFrom('agent_appreciation').where('agent_id', '=', agentId).where('vivier', '=', 1).returningAll().executeTakeFirstOrThrow();
    try {
      await assert.rejects(tableau(['--corps', 'PE', '--annee', '2022', '--promotions', '7', '--out', out]), new RegExp(`Appréciation du vivier 1 manquante pour 1 agent\\(s\\) : ${agentId}\\.`));
      assert.deepEqual(fichiersDuDossier(), []);
    } finally {
      await h.db.insertInto('agent_appreciation').values(retiree).execute();
    }
  });

  test('appreciations.csv mal formé : erreurs par fichier et ligne, rien d’importé, tableau inchangé', async () => {
    const mauvais = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-tableau-import-'));
    try {
      for (const f of fs.readdirSync(DOSSIER_ECHANTILLON).filter((x) => x.endsWith('.csv'))) fs.copyFileSync(path.join(DOSSIER_ECHANTILLON, f), path.join(mauvais, f));
      // Every appreciation EXCELLENT (a table that would change), with line 4 broken and line 6 of an unknown agent.
      const lignes = fs.readFileSync(path.join(mauvais, 'appreciations.csv'), 'utf8').trimEnd().split('\n');
      const sep = lignes[0]!.includes(';') ? ';' : ',';
      const entete = lignes[0]!.split(sep);
      const changer = (l: string, colonne: string, valeur: string) => l.split(sep).map((c, j) => (j === entete.indexOf(colonne) ? valeur : c)).join(sep);
      const modifiees = lignes.map((l, i) => (i === 0 ? l : changer(l, 'appreciation', 'EXCELLENT')));
      modifiees[3] = changer(modifiees[3]!, 'appreciation', 'PASSABLE');
      modifiees[5] = changer(modifiees[5]!, 'agent_id', 'INCONNU');
      fs.writeFileSync(path.join(mauvais, 'appreciations.csv'), modifiees.join('\n') + '\n');
      const r = await createImportService({ db: h.db, clock }).importer(sourceDossier(mauvais), { lanceParCompteId: null });
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.deepEqual(
        r.erreurs.map((e) => [e.fichier, e.ligne, e.colonne, e.code]).sort((a, b) => Number(a[1]) - Number(b[1])),
        [
          ['appreciations.csv', 4, 'appreciation', 'CODE_INCONNU'],
          ['appreciations.csv', 6, 'agent_id', 'AGENT_INCONNU'],
        ],
      );
      const out = path.join(dossier, 'apres.csv');
      await tableau(['--corps', 'PE', '--annee', '2022', '--promotions', '20', '--out', out]);
      assert.equal(fs.readFileSync(out, 'utf8'), lireAttendu('tableau-PE-2022-P20.csv'));
      fs.rmSync(out);
    } finally {
      fs.rmSync(mauvais, { recursive: true, force: true });
    }
  });

  test('un nom qui commence comme une formule : neutralisé dans le CSV par une apostrophe', async () => {
    const ligne = lireAttendu('tableau-CERTIFIE-2024-P12.csv').split('\n')[2]!.split(';');
    const agentId = ligne[1]!;
    const avant = await h.db.selectFrom('agent').select(['nom', 'prenom']).where('agent_id', '=', agentId).executeTakeFirstOrThrow();
    await h.db.updateTable('agent').set({ nom: '=HYPERLINK("http://exemple.invalid";"x")', prenom: '@SOMME(1;2)' }).where('agent_id', '=', agentId).execute();
    try {
      const out = path.join(dossier, 'formule.csv');
      await tableau(['--corps', 'CERTIFIE', '--annee', '2024', '--promotions', '12', '--out', out]);
      const attendu = lireAttendu('tableau-CERTIFIE-2024-P12.csv').replace(`;${agentId};${avant.nom};${avant.prenom};`, `;${agentId};"'=HYPERLINK(""http://exemple.invalid"";""x"")";"'@SOMME(1;2)";`);
      assert.notEqual(attendu, lireAttendu('tableau-CERTIFIE-2024-P12.csv'));
      assert.equal(fs.readFileSync(out, 'utf8'), attendu);
      fs.rmSync(out);
    } finally {
      await h.db.updateTable('agent').set(avant).where('agent_id', '=', agentId).execute();
    }
  });
});
