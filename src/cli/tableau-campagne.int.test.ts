import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databaseDeTest } from '../test/database.ts';
import type { Database, DatabaseHandle } from '../db/connection.ts';
import { fixedClock } from '../shared/clock.ts';
import { createImportService } from '../features/import/import.service.ts';
import { sourceDossier } from '../features/import/import.source.ts';
import { chargerEchantillon, DOSSIER_ECHANTILLON, lireAttendu } from '../features/import/test-echantillon.ts';
import { APPRECIATIONS, type Corps } from '../carriere/vocabulaire.ts';
import type { LigneAppreciation, LigneAvis } from '../carriere/enregistrements.ts';
import { evaluerCampagne } from '../features/eligibilite/export.ts';
import { reglesPour } from '../features/eligibilite/regles.ts';
import { classerRegimeC, classerViviers, type Candidatures } from '../features/evaluation/classement.rules.ts';
import { exporterTableau } from '../features/evaluation/tableau.ts';
import { commandeTableau } from './tableau.ts';

/**
 * `vivier tableau` when the campaign of the corps and year exists: its RECEVABLE candidatures (regime A) and the
 * appreciations or avis entered for it are read, not the imported files. The oracle is the pure ranking on the sample
 * read from its CSV files, given the same inputs.
 */
const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-tableau-campagne-'));
const jeu = chargerEchantillon();
const parId = new Map(jeu.agents.map((a) => [a.agent_id, a]));
const LE = new Date('2026-11-30T09:00:00Z');
let h: DatabaseHandle;

before(async () => {
  h = await databaseDeTest();
  const r = await createImportService({ db: h.db, clock: fixedClock(LE.toISOString()) }).importer(sourceDossier(DOSSIER_ECHANTILLON), { lanceParCompteId: null });
  assert.equal(r.ok, true);
});
after(async () => {
  await h.close();
  fs.rmSync(dossier, { recursive: true, force: true });
});

const base = <T>(f: (db: Database) => Promise<T>) => f(h.db);

async function tableauCli(corps: Corps, annee: number, promotions: number, simulation = false): Promise<string> {
  const out = path.join(dossier, `tableau-${corps}-${annee}.csv`);
  await commandeTableau(['--corps', corps, '--annee', String(annee), '--promotions', String(promotions), ...(simulation ? ['--simulation'] : []), '--out', out], base);
  const texte = fs.readFileSync(out, 'utf8');
  fs.rmSync(out);
  return texte;
}

async function creerCampagne(corps: Corps, annee: number): Promise<string> {
  const regime = reglesPour(annee).regime;
  const c = await h.db
    .insertInto('campagne')
    .values({ corps, annee, regime, ouverture: LE, fermeture: new Date('2026-12-15T16:00:00Z'), promotions: 1, parametres: '{}', statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: LE })
    .returning('id')
    .executeTakeFirstOrThrow();
  return c.id;
}

function entrees(corps: Corps, annee: number) {
  return evaluerCampagne(jeu, corps, reglesPour(annee)).map((verdict) => ({ agent: parId.get(verdict.agent_id)!, verdict }));
}

/** The sample's appreciations of a corps, each moved one step (EXCELLENT → TRES_SATISFAISANT … → EXCELLENT). */
function appreciationsDecalees(corps: Corps): LigneAppreciation[] {
  return jeu.appreciations.filter((a) => parId.get(a.agent_id)?.corps === corps).map((a) => ({ ...a, appreciation: APPRECIATIONS[(APPRECIATIONS.indexOf(a.appreciation) + 1) % APPRECIATIONS.length]! }));
}

async function saisirAppreciations(campagneId: string, lignes: readonly LigneAppreciation[]) {
  await h.db
    .insertInto('appreciation_autorite')
    .values(lignes.map((a) => ({ campagne_id: campagneId, agent_id: a.agent_id, vivier: a.vivier, appreciation: a.appreciation, par_compte_id: null, le: LE })))
    .execute();
}

describe('vivier tableau avec la campagne du corps et de l’année en base', () => {
  test('régime A (PE 2019) : les candidatures RECEVABLE de la campagne au vivier 1 et les appréciations de l’autorité', async () => {
    const id = await creerCampagne('PE', 2019);
    try {
      const v1 = entrees('PE', 2019).filter((e) => e.verdict.vivier1).map((e) => e.agent.agent_id);
      assert.ok(v1.length >= 8);
      // One in two vivier-1 agents RECEVABLE (one of them already PROMU), the others in every other state.
      const etats = ['RECEVABLE', 'IRRECEVABLE', 'RECEVABLE', 'DEPOSEE', 'PROMU', 'ANNULEE', 'RECEVABLE', 'ENREGISTREE'] as const;
      const statut = (i: number) => etats[i % etats.length]!;
      await h.db
        .insertInto('candidature')
        .values(v1.map((agent_id, i) => ({ campagne_id: id, agent_id, statut: statut(i), cree_le: LE, modifie_le: LE, validee_le: LE, reference: null })))
        .returning(['id', 'statut'])
        .execute()
        // A PROMU candidature came from RECEVABLE at the publication: its history says so (candidatsRecevables reads it).
        .then((lignes) => lignes.filter((c) => c.statut === 'PROMU'))
        .then((promues) => h.db.insertInto('candidature_historique').values(promues.map((c) => ({ candidature_id: c.id, de: 'RECEVABLE', vers: 'PROMU', evenement: 'PROMOUVOIR', le: LE, par_compte_id: null, details: '{}' }))).execute());
      const recevables = new Set(v1.filter((_, i) => ['RECEVABLE', 'PROMU'].includes(statut(i))));
      const appreciations = appreciationsDecalees('PE');
      await saisirAppreciations(id, appreciations);

      const attendu = (c: Candidatures) => exporterTableau(classerViviers(entrees('PE', 2019), appreciations, reglesPour(2019), 7, c));
      const produit = await tableauCli('PE', 2019, 7);
      assert.equal(produit, attendu(recevables));
      assert.notEqual(produit, attendu('SIMULATION'), 'les candidatures non recevables ne sont pas classées');
      const listeV1 = produit.split('\n').filter((l) => l.split(';')[4] === '1').map((l) => l.split(';')[1]!);
      assert.ok(listeV1.length > 0 && listeV1.every((a) => recevables.has(a)));
      // --simulation with a campaign: every vivier-1 agent, still with the campaign's appreciations.
      assert.equal(await tableauCli('PE', 2019, 7, true), attendu('SIMULATION'));
      assert.notEqual(await tableauCli('PE', 2019, 7, true), lireAttendu('tableau-PE-2019-P7.csv'), 'les appréciations lues sont celles de la campagne');
    } finally {
      await h.db.deleteFrom('campagne').where('id', '=', id).execute();
    }
    // Without the campaign, the imported files again.
    assert.equal(await tableauCli('PE', 2019, 7, true), lireAttendu('tableau-PE-2019-P7.csv'));
  });

  test('régime B (PE 2022) : les appréciations de l’autorité de la campagne', async () => {
    const id = await creerCampagne('PE', 2022);
    try {
      const appreciations = appreciationsDecalees('PE');
      await saisirAppreciations(id, appreciations);
      const produit = await tableauCli('PE', 2022, 20);
      assert.equal(produit, exporterTableau(classerViviers(entrees('PE', 2022), appreciations, reglesPour(2022), 20)));
      assert.notEqual(produit, lireAttendu('tableau-PE-2022-P20.csv'));
    } finally {
      await h.db.deleteFrom('campagne').where('id', '=', id).execute();
    }
  });

  test('régime C (CERTIFIE 2024) : les avis de la campagne (numéro 1 et 2), un avis manquant écarte l’agent', async () => {
    const id = await creerCampagne('CERTIFIE', 2024);
    try {
      const avis: LigneAvis[] = jeu.avis.filter((a) => parId.get(a.agent_id)?.corps === 'CERTIFIE');
      assert.ok(avis.length >= 6);
      // Second avis and first avis swapped for one in three, the second made equal to the first for another one in
      // three; the agent ranked first with all these avis has only their second avis in the campaign.
      const modifies = avis.map((a, i) => (i % 3 === 0 && a.avis_2 ? { ...a, avis_1: a.avis_2, avis_2: a.avis_1 } : i % 3 === 1 ? { ...a, avis_2: a.avis_1 } : a));
      const tete = classerRegimeC(entrees('CERTIFIE', 2024), modifies, reglesPour(2024), 12).lignes[0]!.agent_id;
      const premier = modifies.find((a) => a.agent_id === tete);
      const autres = modifies.filter((a) => a.agent_id !== tete);
      await h.db
        .insertInto('avis_campagne')
        .values([
          ...(premier!.avis_2 ? [{ campagne_id: id, agent_id: premier!.agent_id, numero: 2 as const, avis: premier!.avis_2, texte: null, par_compte_id: null, le: LE }] : []),
          ...autres.flatMap((a) => [
            { campagne_id: id, agent_id: a.agent_id, numero: 1 as const, avis: a.avis_1, texte: null, par_compte_id: null, le: LE },
            ...(a.avis_2 ? [{ campagne_id: id, agent_id: a.agent_id, numero: 2 as const, avis: a.avis_2, texte: 'Avis de l’inspecteur', par_compte_id: null, le: LE }] : []),
          ]),
        ])
        .execute();
      const produit = await tableauCli('CERTIFIE', 2024, 12);
      assert.equal(produit, exporterTableau(classerRegimeC(entrees('CERTIFIE', 2024), autres, reglesPour(2024), 12)));
      assert.notEqual(produit, lireAttendu('tableau-CERTIFIE-2024-P12.csv'));
      assert.ok(!produit.includes(`;${premier!.agent_id};`), 'sans avis numéro 1, l’agent n’est pas classé');
    } finally {
      await h.db.deleteFrom('campagne').where('id', '=', id).execute();
    }
  });
});
