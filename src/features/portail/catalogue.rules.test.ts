import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deplacer, organiserCatalogue, type LigneApplication } from './catalogue.rules.ts';


function app(id: string, rubrique_id: string, groupe: string, favori_ordre: number | null = null): LigneApplication {
  return { id, rubrique_id, rubrique: `R${rubrique_id}`, rubrique_ordre: Number(rubrique_id), groupe, libelle: `App ${id}`, description: null, url: `https://x/${id}`, interne: false, ordre: 0, favori_ordre };
}

describe('catalogue', () => {
  const rubriques = [
    { id: '1', libelle: 'Scolarité du 1er degré' },
    { id: '2', libelle: 'Gestion des personnels' },
  ];
  test('les applications sont rangées par rubrique puis par groupe, dans l’ordre reçu', () => {
    const v = organiserCatalogue([app('10', '2', 'DT'), app('11', '2', 'I-Prof'), app('12', '2', 'DT')], rubriques);
    assert.deepEqual(
      v.rubriques[1]!.groupes.map((g) => [g.groupe, g.applications.map((a) => a.id)]),
      [
        ['DT', ['10', '12']],
        ['I-Prof', ['11']],
      ],
    );
    assert.deepEqual(v.rubriques[0]!.groupes, []);
  });
  test('les favoris viennent dans leur ordre à eux', () => {
    const v = organiserCatalogue([app('10', '2', 'DT', 2), app('11', '2', 'I-Prof', 1), app('12', '1', 'X')], rubriques);
    assert.deepEqual(v.favoris.map((a) => a.id), ['11', '10']);
    assert.equal(v.rubriques[1]!.groupes[0]!.applications[0]!.favori, true);
  });
});

describe('déplacer un favori', () => {
  const cas: Array<[string, string, 'haut' | 'bas', string[]]> = [
    ['monter le deuxième', 'b', 'haut', ['b', 'a', 'c']],
    ['descendre le deuxième', 'b', 'bas', ['a', 'c', 'b']],
    ['monter le premier ne change rien', 'a', 'haut', ['a', 'b', 'c']],
    ['descendre le dernier ne change rien', 'c', 'bas', ['a', 'b', 'c']],
    ['un élément absent ne change rien', 'z', 'haut', ['a', 'b', 'c']],
  ];
  for (const [titre, el, sens, attendu] of cas) test(titre, () => assert.deepEqual(deplacer(['a', 'b', 'c'], el, sens), attendu));
});
