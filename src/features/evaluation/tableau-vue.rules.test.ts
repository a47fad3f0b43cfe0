import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LigneTableau, Tableau } from './classement.rules.ts';
import { coupures, dernierBaremePromu, mouvements, ordreDes, pageDuTableau, type VueDemandee } from './tableau-vue.rules.ts';

const ligne = (rang: number, agent_id: string, nom: string, vivier: 1 | 2, bareme: number, promu: boolean): LigneTableau => ({ rang, agent_id, nom, prenom: 'X', vivier, bareme, promu, appreciation: 'SATISFAISANT', palier: null });
const t: Tableau = {
  promotions: 3,
  sieges: { vivier1: 2, vivier2: 1 },
  lignes: [ligne(1, 'A1', 'Zola', 1, 180, true), ligne(2, 'A2', 'Émile', 1, 170, true), ligne(3, 'A3', 'Bovary', 1, 160, false), ligne(1, 'A3', 'Bovary', 2, 160, true), ligne(2, 'A4', 'eloise', 2, 100, false)],
};
const vue = (v: Partial<VueDemandee> = {}): VueDemandee => ({ vivier: null, promu: null, q: '', tri: 'rang', sens: 'asc', page: 1, ...v });

describe('page du tableau', () => {
  test('la ligne de coupure passe sous le dernier rang promu de chaque liste', () => {
    assert.deepEqual([...coupures(t)], [[1, 2], [2, 1]]);
    const p = pageDuTableau(t, ordreDes(t.lignes, 'rang'), vue());
    assert.deepEqual(p.lignes.map((l) => l.coupure), [false, true, false, true, false]);
  });
  test('trié par nom (accents et casse ignorés), pas de ligne de coupure hors de l’ordre du tableau', () => {
    const p = pageDuTableau(t, ordreDes(t.lignes, 'nom'), vue({ tri: 'nom' }));
    assert.deepEqual(p.lignes.map((l) => l.nom), ['Bovary', 'Bovary', 'eloise', 'Émile', 'Zola']);
    assert.ok(p.lignes.every((l) => !l.coupure));
  });
  test('filtres : vivier, promu, recherche sans accents, périmètre', () => {
    assert.deepEqual(pageDuTableau(t, ordreDes(t.lignes, 'rang'), vue({ vivier: 2 })).lignes.map((l) => l.agent_id), ['A3', 'A4']);
    assert.deepEqual(pageDuTableau(t, ordreDes(t.lignes, 'rang'), vue({ promu: false })).lignes.map((l) => l.agent_id), ['A3', 'A4']);
    assert.deepEqual(pageDuTableau(t, ordreDes(t.lignes, 'rang'), vue({ q: 'EMILE' })).lignes.map((l) => l.agent_id), ['A2']);
    assert.deepEqual(pageDuTableau(t, ordreDes(t.lignes, 'rang'), vue(), (id) => id !== 'A1').lignes.map((l) => l.agent_id), ['A2', 'A3', 'A3', 'A4']);
  });
  test('barème décroissant, puis sens inverse', () => {
    assert.deepEqual(pageDuTableau(t, ordreDes(t.lignes, 'bareme'), vue({ tri: 'bareme' })).lignes.map((l) => l.bareme), [180, 170, 160, 160, 100]);
    assert.deepEqual(pageDuTableau(t, ordreDes(t.lignes, 'bareme'), vue({ tri: 'bareme', sens: 'desc' })).lignes.map((l) => l.bareme), [100, 160, 160, 170, 180]);
  });
  test('une page au-delà de la fin montre la dernière', () => {
    const p = pageDuTableau(t, ordreDes(t.lignes, 'rang'), vue({ page: 99 }));
    assert.equal(p.pagination.page, 1);
    assert.equal(p.lignes.length, 5);
  });
  test('dernier barème promu d’une liste', () => {
    assert.equal(dernierBaremePromu(t, 1), 170);
    assert.equal(dernierBaremePromu(t, 2), 160);
  });
  test('simulation : qui entre, qui sort', () => {
    const simule: Tableau = { ...t, lignes: t.lignes.map((l) => (l.agent_id === 'A2' ? { ...l, promu: false } : l.agent_id === 'A4' ? { ...l, promu: true } : l)) };
    const m = mouvements(t, simule);
    assert.deepEqual(m.entrent.map((l) => l.agent_id), ['A4']);
    assert.deepEqual(m.sortent.map((l) => l.agent_id), ['A2']);
  });
});
