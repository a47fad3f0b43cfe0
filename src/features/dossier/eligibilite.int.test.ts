import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { databaseDeTest } from '../../test/database.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { fixedClock } from '../../shared/clock.ts';
import { createImportService } from '../import/import.service.ts';
import { sourceDossier } from '../import/import.source.ts';
import { estCorps } from '../../carriere/vocabulaire.ts';
import { exporterEligibilite } from '../eligibilite/export.ts';
import { eligibiliteAgent, exporterEligibiliteCorps } from './eligibilite.service.ts';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ECHANTILLON = path.join(racine, 'test', 'academie-exemple');
const attendus = fs
  .readdirSync(path.join(ECHANTILLON, 'expected'))
  .map((f) => /^eligibilite-([A-Z]+)-(\d{4})\.csv$/.exec(f))
  .filter((x) => x !== null)
  .map(([fichier, corps, annee]) => ({ fichier: fichier!, corps: corps!, annee: Number(annee) }));

let h: DatabaseHandle;
before(async () => {
  h = await databaseDeTest();
  const r = await createImportService({ db: h.db, clock: fixedClock('2026-11-30T09:00:00Z') }).importer(sourceDossier(ECHANTILLON), { lanceParCompteId: null });
  assert.equal(r.ok, true);
});
after(async () => {
  await h.close();
});

function collecteur() {
  const morceaux: string[] = [];
  return { flux: new Writable({ write: (c, _e, cb) => (morceaux.push(String(c)), cb()) }), texte: () => morceaux.join('') };
}

describe('export d’éligibilité depuis la base', () => {
  test('il y a des fichiers attendus à reproduire', () => assert.ok(attendus.length >= 5));
  for (const { fichier, corps, annee } of attendus) {
    test(`${corps} ${annee} : l’export reproduit ${fichier} à l’octet près, par pages`, async () => {
      assert.ok(estCorps(corps));
      const c = collecteur();
      await exporterEligibiliteCorps(h.db, corps, annee, c.flux);
      assert.equal(c.texte(), fs.readFileSync(path.join(ECHANTILLON, 'expected', fichier), 'utf8'));
    });
  }

  for (const { fichier, corps, annee } of attendus) {
    test(`${corps} ${annee} : le dossier d’un agent lu seul (page de candidature) donne la ligne de ${fichier}`, async () => {
      const lignes = fs.readFileSync(path.join(ECHANTILLON, 'expected', fichier), 'utf8').trimEnd().split('\n').slice(1);
      assert.ok(lignes.length > 0);
      for (const attendue of lignes) {
        const agentId = attendue.split(';')[0]!;
        const r = await eligibiliteAgent(h.db, agentId, annee);
        assert.ok(r, agentId);
        assert.equal(exporterEligibilite([r.verdict]).split('\n')[1], attendue, agentId);
      }
    });
  }

  test('un corps sans agent donne l’en-tête seul', async () => {
    const vide = await databaseDeTest();
    try {
      const c = collecteur();
      const r = await exporterEligibiliteCorps(vide.db, 'PEPS', 2019, c.flux);
      assert.equal(r.agents, 0);
      assert.equal(c.texte(), 'agent_id;promouvable;vivier1;annees_vivier1;vivier2;candidature;motifs\n');
    } finally {
      await vide.close();
    }
  });

  test('le verdict détaillé d’un agent donne une ligne par année scolaire', async () => {
    const r = await eligibiliteAgent(h.db, 'A0102997', 2019);
    assert.ok(r);
    assert.equal(r.verdict.annees.filter((a) => a.qualifiante).length, r.verdict.annees_vivier1);
    assert.ok(r.verdict.annees.length > 0);
    assert.equal(await eligibiliteAgent(h.db, 'INCONNU', 2019), undefined);
  });
});
