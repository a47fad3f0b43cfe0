import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { changementsAbonnements, nomFichierExport, porteeDuSlug } from './syndicats.rules.ts';

describe('Abonnements aux informations syndicales : ce que change un formulaire', () => {
  const cas: Array<[titre: string, proposees: string[], actuelles: string[], cochees: string[], attendu: ReturnType<typeof changementsAbonnements>]> = [
    ['une première case cochée abonne à cette liste', ['1', '2'], [], ['1'], { ajouts: ['1'], retraits: [] }],
    ['une case décochée désabonne de cette liste', ['1', '2'], ['1', '2'], ['2'], { ajouts: [], retraits: ['1'] }],
    ['le même choix renvoyé (double clic) ne change rien', ['1', '2'], ['1'], ['1'], { ajouts: [], retraits: [] }],
    ['rien de coché désabonne de toutes les listes de la page', ['1', '2'], ['1', '2'], [], { ajouts: [], retraits: ['1', '2'] }],
    ['une liste de l’autre page (autre portée) n’est pas touchée', ['1', '2'], ['1', '9'], [], { ajouts: [], retraits: ['1'] }],
    ['une liste que la page ne propose pas ne peut pas être cochée', ['1', '2'], [], ['1', '9'], null],
  ];
  for (const [titre, proposees, actuelles, cochees, attendu] of cas) {
    test(titre, () => assert.deepEqual(changementsAbonnements(proposees, actuelles, cochees), attendu));
  }
});

describe('Portée lue dans l’adresse', () => {
  test('« nationales » et « academiques » seulement', () => {
    assert.equal(porteeDuSlug('nationales'), 'NATIONALE');
    assert.equal(porteeDuSlug('academiques'), 'ACADEMIQUE');
    assert.equal(porteeDuSlug('constructor'), null);
    assert.equal(porteeDuSlug('Nationales'), null);
    assert.equal(porteeDuSlug(undefined), null);
  });
});

test('le nom du fichier exporté est en ASCII, sans espace ni accent', () => {
  assert.equal(nomFichierExport('SDEP', 'Lettre d’information académique (Amiens)', '2026-12-06'), 'abonnes-sdep-lettre-d-information-academique-amiens-2026-12-06.csv');
  assert.equal(nomFichierExport('«»', '', '2026-12-06'), 'abonnes-syndicat-liste-2026-12-06.csv');
});
