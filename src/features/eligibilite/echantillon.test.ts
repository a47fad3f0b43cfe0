import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chargerEchantillon, fichiersAttendus, lireAttendu } from '../import/test-echantillon.ts';
import { estCorps } from '../../carriere/vocabulaire.ts';
import { dossiersDuJeu } from './dossier.ts';
import { evaluerEligibilite } from './eligibilite.rules.ts';
import { evaluerCampagne, exporterEligibilite } from './export.ts';
import { reglesPour } from './regles.ts';

const attendus = fichiersAttendus(/^eligibilite-([A-Z]+)-(\d{4})\.csv$/).map(({ fichier, groupes: [corps, annee] }) => ({ fichier, corps: corps!, annee: Number(annee) }));

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
      assert.equal(produit, lireAttendu(fichier));
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
