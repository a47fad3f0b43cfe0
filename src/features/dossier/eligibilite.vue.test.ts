import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { anneesRep, dossier } from '../eligibilite/test-fabrique.ts';
import { vueEligibilite } from './eligibilite.vue.ts';

describe('« Mon éligibilité » en français simple', () => {
  test('un agent du premier vivier en 2019 doit candidater', () => {
    const r = reglesPour(2019);
    const v = vueEligibilite(evaluerEligibilite(dossier({ agent_id: 'A1', carriere: [['2015-09-01', 'HC', 3]], services: anneesRep(8, 2018) }), r), r);
    assert.equal(v.titre, 'Vous êtes promouvable');
    assert.equal(v.candidatureRequise, true);
    assert.match(v.constats[0]!, /premier vivier .* 8 années retenues sur 8 requises/);
    assert.equal(v.annees.filter((a) => a.qualifiante).length, 8);
    assert.deepEqual(v.manques, []);
  });

  test('deux années manquantes sont dites avec leur nombre', () => {
    const r = reglesPour(2019);
    const v = vueEligibilite(evaluerEligibilite(dossier({ agent_id: 'A2', carriere: [['2015-09-01', 'HC', 3]], services: anneesRep(6, 2018) }), r), r);
    assert.equal(v.titre, 'Vous n’êtes pas promouvable');
    assert.match(v.manques[0]!, /il vous manque 2 années de fonctions ou de missions particulières : 6 années retenues sur 8 requises/);
    assert.equal(v.candidatureRequise, false);
  });

  test('une seule année manquante est au singulier', () => {
    const r = reglesPour(2019);
    const v = vueEligibilite(evaluerEligibilite(dossier({ agent_id: 'A3', carriere: [['2015-09-01', 'HC', 3]], services: anneesRep(7, 2018) }), r), r);
    assert.match(v.manques[0]!, /il vous manque 1 année de/);
  });

  test('hors de la hors-classe, le motif est expliqué', () => {
    const r = reglesPour(2019);
    const v = vueEligibilite(evaluerEligibilite(dossier({ agent_id: 'A4', carriere: [['2015-09-01', 'CN', 9]] }), r), r);
    assert.ok(v.manques.includes('Vous n\'êtes pas à la hors-classe à la date d\'observation.'));
    assert.match(v.situation!, /classe normale, 9e échelon depuis le 01\/09\/2015/);
  });

  test('en régime C, pas de viviers ni de tableau par année', () => {
    const r = reglesPour(2024);
    const v = vueEligibilite(evaluerEligibilite(dossier({ agent_id: 'A5', carriere: [['2020-09-01', 'HC', 5]] }), r), r);
    assert.equal(v.promouvable, true);
    assert.deepEqual(v.annees, []);
    assert.equal(v.anneesRequises, null);
  });
});
