import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validerImport } from '../import/import.rules.ts';
import type { JeuDonnees } from '../import/jeu.ts';
import { estCorps } from '../import/vocabulaire.ts';
import { dossiersDuJeu } from './dossier.ts';
import { evaluerEligibilite } from './eligibilite.rules.ts';
import { evaluerCampagne, exporterEligibilite } from './export.ts';
import { reglesPour } from './regles.ts';

// CI clones the repository with shared/ as a sibling.
const racine = fileURLToPath(new URL('../../..', import.meta.url));
export const DOSSIER_ECHANTILLON = path.resolve(racine, '..', 'shared', 'data', 'sample-academie');

export function chargerEchantillon(): JeuDonnees {
  const fichiers = new Map<string, Uint8Array>();
  for (const f of readdirSync(DOSSIER_ECHANTILLON)) if (f.endsWith('.csv')) fichiers.set(f, readFileSync(path.join(DOSSIER_ECHANTILLON, f)));
  const r = validerImport(fichiers);
  if (!r.ok) throw new Error(`L'échantillon ne passe pas l'import : ${JSON.stringify(r.erreurs.slice(0, 5))}`);
  return r.jeu;
}

const attendus = readdirSync(path.join(DOSSIER_ECHANTILLON, 'expected'))
  .map((f) => /^eligibilite-([A-Z]+)-(\d{4})\.csv$/.exec(f))
  .filter((x) => x !== null)
  .map(([fichier, corps, annee]) => ({ fichier: fichier!, corps: corps!, annee: Number(annee) }));

describe("l'académie d'exemple", () => {
  const jeu = chargerEchantillon();

  test("l'import de l'échantillon donne tous ses fichiers", () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(jeu).map(([k, v]) => [k, v.length])),
      { etablissements: 78, labels: 487, agents: 513, carriere: 6146, positions: 412, services: 3289, appreciations: 710, avis: 346 },
    );
  });

  test('chaque fichier attendu est présent', () => assert.ok(attendus.length >= 5));

  for (const { fichier, corps, annee } of attendus) {
    test(`l'export d'éligibilité ${corps} ${annee} reproduit ${fichier} à l'octet près`, () => {
      assert.ok(estCorps(corps));
      const produit = exporterEligibilite(evaluerCampagne(jeu, corps, reglesPour(annee)));
      assert.equal(produit, readFileSync(path.join(DOSSIER_ECHANTILLON, 'expected', fichier), 'utf8'));
    });

    test(`le détail année par année ${corps} ${annee} compte les mêmes années que le calcul de masse`, () => {
      assert.ok(estCorps(corps));
      const regles = reglesPour(annee);
      for (const d of dossiersDuJeu(jeu, corps)) {
        const detaille = evaluerEligibilite(d, regles);
        const masse = evaluerEligibilite(d, regles, { detail: false });
        assert.deepEqual({ ...detaille, annees: [] }, masse, d.agent.agent_id);
        if (detaille.annees_vivier1 !== null) assert.equal(detaille.annees.filter((a) => a.qualifiante).length, detaille.annees_vivier1);
      }
    });
  }
});
