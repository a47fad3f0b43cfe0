import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refusAJournaliser } from './limite-connexions.ts';

describe('refus de la limite par adresse inscrits au journal', () => {
  test('le premier refus d’une adresse dans une fenêtre, pas les suivants ; de nouveau à la fenêtre suivante', () => {
    const noter = refusAJournaliser();
    assert.equal(noter('198.51.100.7', 1_000, 60_000), true);
    assert.equal(noter('198.51.100.7', 2_000, 59_000), false);
    assert.equal(noter('198.51.100.7', 60_999, 1), false);
    assert.equal(noter('198.51.100.8', 2_000, 59_000), true, 'une autre adresse');
    assert.equal(noter('198.51.100.7', 61_000, 60_000), true, 'fenêtre suivante');
  });

  test('mémoire bornée : les fenêtres finies partent d’abord, puis la plus ancienne', () => {
    const noter = refusAJournaliser(2);
    assert.equal(noter('a', 0, 10), true);
    assert.equal(noter('b', 0, 1_000), true);
    assert.equal(noter('c', 20, 1_000), true, '« a » (finie) fait place');
    assert.equal(noter('b', 30, 1_000), false, '« b » est encore retenue');
    assert.equal(noter('d', 30, 1_000), true, 'plein : la plus ancienne (« b ») part');
    assert.equal(noter('b', 40, 1_000), true);
  });

  test('mémoire pleine : c’est la fenêtre finie qui part, même quand elle n’est pas la plus ancienne', () => {
    const noter = refusAJournaliser(2);
    assert.equal(noter('b', 0, 1_000), true);
    assert.equal(noter('a', 5, 15), true, '« a » finit à 20');
    assert.equal(noter('c', 20, 1_000), true, 'à 20, la fenêtre de « a » est finie (instant exclu) : « a » fait place');
    assert.equal(noter('b', 30, 1_000), false, '« b », plus ancienne mais en cours, est encore retenue');
  });

  test('capacité 1 : la seconde adresse chasse la première, la mémoire ne dépasse jamais la capacité', () => {
    const noter = refusAJournaliser(1);
    assert.equal(noter('a', 0, 1_000), true);
    assert.equal(noter('b', 0, 1_000), true);
    assert.equal(noter('a', 1, 1_000), true, '« a » a été oubliée');
    assert.equal(noter('a', 2, 1_000), false, '« a » est de nouveau retenue');
  });
});
