import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geometrieGraphique } from './tableau-de-bord.rules.ts';

test('la plus haute barre occupe toute la hauteur utile, une valeur nulle n’a pas de hauteur', () => {
  const g = geometrieGraphique(
    [
      { jour: '2026-12-01', brouillons: 4, validations: 2, annulations: 0 },
      { jour: '2026-12-02', brouillons: 1, validations: 8, annulations: 1 },
    ],
    { largeur: 420, hauteur: 220, marge: 10 },
  );
  assert.equal(g.max, 8);
  assert.equal(g.barres.length, 6);
  const plus = g.barres.find((b) => b.valeur === 8)!;
  assert.equal(plus.hauteur, 200);
  assert.equal(plus.y, 10);
  assert.equal(g.barres.find((b) => b.serie === 'annulations' && b.valeur === 0)!.hauteur, 0);
});

test('sans donnée, pas de barre et pas de division par zéro', () => {
  const g = geometrieGraphique([], { largeur: 420, hauteur: 220, marge: 10 });
  assert.deepEqual(g.barres, []);
  assert.equal(g.max, 1);
});
