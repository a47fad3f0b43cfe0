import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chargerEchantillon, fichiersAttendus, lireAttendu } from '../import/test-echantillon.ts';
import { estCorps } from '../../carriere/vocabulaire.ts';
import { evaluerCampagne } from '../eligibilite/export.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { classerRegimeC, classerViviers } from './classement.rules.ts';
import { exporterTableau } from './tableau.ts';

const attendus = fichiersAttendus(/^tableau-([A-Z]+)-(\d{4})-P(\d+)\.csv$/).map(({ fichier, groupes: [corps, annee, p] }) => ({ fichier, corps: corps!, annee: Number(annee), promotions: Number(p) }));

describe("tableaux d'avancement de l'académie d'exemple", () => {
  const jeu = chargerEchantillon();
  const agents = new Map(jeu.agents.map((a) => [a.agent_id, a]));

  test('chaque tableau attendu est présent', () => assert.ok(attendus.length >= 9));

  for (const { fichier, corps, annee, promotions } of attendus)
    test(`le tableau ${corps} ${annee} à ${promotions} promotions reproduit ${fichier} à l'octet près`, () => {
      assert.ok(estCorps(corps));
      const regles = reglesPour(annee);
      const entrees = evaluerCampagne(jeu, corps, regles).map((verdict) => ({ agent: agents.get(verdict.agent_id)!, verdict }));
      // Regime A tables are in simulation mode: the import holds no candidatures (expected/README.md).
      const tableau = regles.regimeC ? classerRegimeC(entrees, jeu.avis, regles, promotions) : classerViviers(entrees, jeu.appreciations, regles, promotions, 'SIMULATION');
      assert.equal(exporterTableau(tableau), lireAttendu(fichier));
    });
});
