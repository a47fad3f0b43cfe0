import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluerEligibilite } from './eligibilite.rules.ts';
import { exporterEligibilite } from './export.ts';
import { reglesPour } from './regles.ts';
import { anneesRep, dossier } from './test-fabrique.ts';

describe('export eligibilite.csv', () => {
  const r2019 = reglesPour(2019);
  const verdicts = [
    evaluerEligibilite(dossier({ agent_id: 'A9', carriere: [['2015-09-01', 'HC', 6]], services: anneesRep(8, 2018) }), r2019),
    evaluerEligibilite(dossier({ agent_id: 'A10', carriere: [['2015-09-01', 'CN', 9]] }), r2019),
    evaluerEligibilite(dossier({ agent_id: 'A1', carriere: [['2015-09-01', 'HC', 4]], positions: [['2019-01-01', null, 'DISPONIBILITE']] }), r2019),
  ];

  test('une ligne par agent, triée par agent_id comme du texte, avec les motifs séparés par |', () => {
    assert.equal(
      exporterEligibilite(verdicts),
      ['agent_id;promouvable;vivier1;annees_vivier1;vivier2;candidature;motifs', 'A1;0;0;0;0;;POSITION_DISPONIBILITE', 'A10;0;0;0;0;;GRADE_NON_HC', 'A9;1;1;8;1;;', ''].join('\n'),
    );
  });

  test('la colonne candidature reprend l’état connu de la candidature', () => {
    const lignes = exporterEligibilite(verdicts, new Map([['A9', 'DEPOSEE']])).split('\n');
    assert.equal(lignes[3], 'A9;1;1;8;1;DEPOSEE;');
  });

  test('en régime C, annees_vivier1 est vide et les viviers à 0', () => {
    const v = evaluerEligibilite(dossier({ agent_id: 'A2', corps: 'CERTIFIE', carriere: [['2020-09-01', 'HC', 5]], services: anneesRep(8, 2023) }), reglesPour(2024));
    assert.equal(exporterEligibilite([v]).split('\n')[1], 'A2;1;0;;0;;');
  });

  test('une liste vide donne l’en-tête seul', () => assert.equal(exporterEligibilite([]), 'agent_id;promouvable;vivier1;annees_vivier1;vivier2;candidature;motifs\n'));
});
