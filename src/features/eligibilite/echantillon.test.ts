import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chargerEchantillon, fichiersAttendus, lireAttendu } from '../import/test-echantillon.ts';
import { CORPS, estCorps } from '../../carriere/vocabulaire.ts';
import { dossiersDuJeu } from './dossier.ts';
import { evaluerEligibilite } from './eligibilite.rules.ts';
import { evaluerCampagne, exporterEligibilite } from './export.ts';
import { PREMIERE_CAMPAGNE, reglesPour } from './regles.ts';

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

  // parcourirDossiers (`jusqua`) does not read the rows that begin after D: the verdict, detail included, must not
  // depend on them, in any campaign's rule set.
  test('les lignes qui commencent après la date d’observation ne changent aucun verdict, détail compris', () => {
    let coupees = 0;
    for (let annee = PREMIERE_CAMPAGNE; annee <= 2030; annee++) {
      const regles = reglesPour(annee);
      const D = regles.dateObservation;
      for (const corps of CORPS)
        for (const d of dossiersDuJeu(jeu, corps)) {
          const coupe = { ...d, carriere: d.carriere.filter((c) => c.date_effet <= D), positions: d.positions.filter((p) => p.date_debut <= D), services: d.services.filter((s) => s.date_debut <= D) };
          coupees += d.carriere.length + d.positions.length + d.services.length - coupe.carriere.length - coupe.positions.length - coupe.services.length;
          assert.deepEqual(evaluerEligibilite(coupe, regles), evaluerEligibilite(d, regles), `${corps} ${annee} ${d.agent.agent_id}`);
        }
    }
    assert.ok(coupees > 1000, `${coupees} lignes coupées`);
  });
});
