import { test } from 'node:test';
import assert from 'node:assert/strict';
import { libelleCible, libelleEvenement, lignesDetails } from './journal.libelles.ts';

test('un événement du journal se lit en français, un code inconnu en mots', () => {
  assert.equal(libelleEvenement('CLE_OTP_EMISE'), 'Clé OTP émise');
  assert.equal(libelleEvenement('AVIS_DONNE'), 'Avis donne');
  assert.equal(libelleCible('campagne:12'), 'Campagne n° 12');
  assert.equal(libelleCible(null), '—');
});

test('les détails : une ligne par champ, un changement « avant → après » par champ modifié, pas de JSON', () => {
  assert.deepEqual(lignesDetails({ corps: 'PE', annee: 2019 }), ['corps : PE', 'année : 2019']);
  assert.deepEqual(lignesDetails({ avant: { libelle: 'Outils', ordre: 1 }, apres: { libelle: 'Outils numériques', ordre: 1 } }), ['libellé : Outils → Outils numériques']);
  assert.deepEqual(lignesDetails({ identifiant: 'x', roles: ['AGENT'], motDePasseInitial: true, perimetre: {} }), ['identifiant : x', 'rôles : AGENT', 'mot de passe initial : oui', 'périmètre : aucun']);
  assert.deepEqual(lignesDetails({ echecs: 5, jusqu_au: '2026-12-01T08:00:00.000Z' }), ['échecs consécutifs : 5', 'jusqu’au : 01/12/2026 à 09:00']);
  for (const l of lignesDetails({ avant: { a: { b: 1 } }, apres: { a: { b: 2 } } })) assert.doesNotMatch(l, /[{}"]/);
});
