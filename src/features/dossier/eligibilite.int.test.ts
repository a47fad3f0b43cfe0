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
import { chargerDossier, chargerLabels, parcourirDossiers } from './eligibilite.repository.ts';

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

  test('la colonne candidature porte l’état de la candidature de l’agent dans la campagne du corps et de l’année', async () => {
    const attendu = fs.readFileSync(path.join(ECHANTILLON, 'expected', 'eligibilite-PE-2019.csv'), 'utf8').trimEnd().split('\n');
    const ids = attendu.slice(1, 7).map((l) => l.split(';')[0]!);
    const le = new Date('2019-03-01T10:00:00Z');
    const campagne = (corps: string, annee: number) =>
      h.db
        .insertInto('campagne')
        .values({ corps, annee, regime: 'A', ouverture: le, fermeture: new Date('2019-03-15T17:00:00Z'), promotions: 10, parametres: '{}', statut: 'CLOSE', cree_par_compte_id: null, cree_le: le })
        .returning('id')
        .executeTakeFirstOrThrow();
    const pe2019 = await campagne('PE', 2019);
    const pe2020 = await campagne('PE', 2020);
    const certifie2019 = await campagne('CERTIFIE', 2019);
    const etats = ['DEPOSEE', 'ANNULEE', 'RECEVABLE', 'IRRECEVABLE', 'ENREGISTREE', 'BROUILLON'] as const;
    const candidature = (campagne_id: string, agent_id: string, statut: (typeof etats)[number]) => ({ campagne_id, agent_id, statut, cree_le: le, modifie_le: le, validee_le: null, reference: null });
    await h.db
      .insertInto('candidature')
      .values([
        ...etats.map((statut, i) => candidature(pe2019.id, ids[i]!, statut)),
        // The same agents in another year or another corps's campaign: not the state of this campaign.
        candidature(pe2020.id, ids[0]!, 'RECEVABLE'),
        candidature(certifie2019.id, ids[1]!, 'DEPOSEE'),
      ])
      .execute();
    try {
      const c = collecteur();
      await exporterEligibiliteCorps(h.db, 'PE', 2019, c.flux);
      const produit = c.texte().trimEnd().split('\n');
      assert.equal(produit.length, attendu.length);
      const etatDe = new Map(ids.map((id, i) => [id, etats[i]!]));
      for (const [i, ligne] of produit.entries()) {
        const champs = ligne.split(';');
        const attendus = attendu[i]!.split(';');
        if (i > 0) attendus[5] = etatDe.get(champs[0]!) ?? '';
        assert.deepEqual(champs, attendus, ligne);
      }
      assert.deepEqual(produit.slice(1, 7).map((l) => l.split(';')[5]), [...etats]);
      const c2020 = collecteur();
      await exporterEligibiliteCorps(h.db, 'PE', 2020, c2020.flux);
      const candidats2020 = c2020.texte().trimEnd().split('\n').slice(1).map((l) => l.split(';')).filter((champs) => champs[5] !== '');
      assert.deepEqual(candidats2020.map((champs) => `${champs[0]}:${champs[5]}`), [`${ids[0]}:RECEVABLE`]);
    } finally {
      await h.db.deleteFrom('campagne').execute();
    }
  });

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

  test('par petites pages lues d’avance ou non : les mêmes dossiers, dans l’ordre, que chaque dossier lu seul', async () => {
    const labels = await chargerLabels(h.db);
    const lire = async (opts: { taillePage: number; enAvance: number }) => {
      const pages: string[][] = [];
      const dossiers = [];
      for await (const page of parcourirDossiers(h.db, 'PE', labels, opts)) {
        pages.push(page.map((d) => d.agent.agent_id));
        dossiers.push(...page);
      }
      return { pages, dossiers };
    };
    const reference = await lire({ taillePage: 5000, enAvance: 0 });
    const ids = reference.pages.flat();
    assert.ok(ids.length > 10, `${ids.length} agents PE`);
    assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'ordre des octets');
    for (const d of reference.dossiers) {
      const seul = await chargerDossier(h.db, d.agent.agent_id);
      assert.ok(seul);
      // Same rows in the same (file) order, without the agent's id on each (the dossier's); the labels of the whole
      // académie on one side, of the dossier's on the other.
      const sansAgent = (lignes: readonly object[]) => lignes.map((l) => Object.fromEntries(Object.entries(l).filter(([cle]) => cle !== 'agent_id')));
      assert.deepEqual({ ...d, labels: null }, { ...seul, carriere: sansAgent(seul.carriere), positions: sansAgent(seul.positions), services: sansAgent(seul.services), labels: null }, d.agent.agent_id);
    }
    for (const opts of [{ taillePage: 3, enAvance: 0 }, { taillePage: 3, enAvance: 1 }, { taillePage: 4, enAvance: 5 }]) {
      const r = await lire(opts);
      assert.deepEqual(r.pages.flat(), ids, JSON.stringify(opts));
      assert.ok(r.pages.every((p, i) => p.length === (i < r.pages.length - 1 ? opts.taillePage : p.length) && p.length > 0), JSON.stringify(opts));
      assert.deepEqual(r.dossiers, reference.dossiers, JSON.stringify(opts));
    }
    // A caller that stops after the first page leaves pages read ahead: nothing fails later, the database still answers.
    for await (const page of parcourirDossiers(h.db, 'PE', labels, { taillePage: 2, enAvance: 4 })) {
      assert.equal(page.length, 2);
      break;
    }
    assert.equal((await chargerDossier(h.db, ids[0]!))?.agent.agent_id, ids[0]);
  });

  test('le verdict détaillé d’un agent donne une ligne par année scolaire', async () => {
    const r = await eligibiliteAgent(h.db, 'A0102997', 2019);
    assert.ok(r);
    assert.equal(r.verdict.annees.filter((a) => a.qualifiante).length, r.verdict.annees_vivier1);
    assert.ok(r.verdict.annees.length > 0);
    assert.equal(await eligibiliteAgent(h.db, 'INCONNU', 2019), undefined);
  });
});
