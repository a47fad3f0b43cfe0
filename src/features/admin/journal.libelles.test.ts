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
  assert.deepEqual(lignesDetails({ corps: 'PE', annee: 2019 }), ['corps : Professeurs des écoles (PE)', 'année : 2019']);
  assert.deepEqual(lignesDetails({ avant: { libelle: 'Outils', ordre: 1 }, apres: { libelle: 'Outils numériques', ordre: 1 } }), ['libellé : Outils → Outils numériques']);
  assert.deepEqual(lignesDetails({ identifiant: 'x', roles: ['AGENT'], motDePasseInitial: true, perimetre: {} }), ['identifiant : x', 'rôles : Agent', 'mot de passe initial : oui', 'périmètre : aucun']);
  assert.deepEqual(lignesDetails({ echecs: 5, jusqu_au: '2026-12-01T08:00:00.000Z' }), ['échecs consécutifs : 5', 'jusqu’au : 01/12/2026 à 09:00']);
  for (const l of lignesDetails({ avant: { a: { b: 1 } }, apres: { a: { b: 2 } } })) assert.doesNotMatch(l, /[{}"]/);
});

test('les détails d’un import RH : chaque compteur sous un libellé accentué, aucun nom de code', () => {
  const details = { source: 'Dépôt web', etablissements: 3, labels: 2, agents: 32, carriere: 40, positions: 5, services: 60, appreciations: 0, avis: 0, comptesCrees: 30, courrielsRecopies: 2, tablesEnMasse: 1 };
  assert.deepEqual(lignesDetails(details), [
    'source : Dépôt web',
    'établissements : 3',
    'labels d’éducation prioritaire : 2',
    'agents : 32',
    'lignes de carrière : 40',
    'positions : 5',
    'services : 60',
    'appréciations : 0',
    'avis : 0',
    'comptes créés : 30',
    'adresses électroniques recopiées du dossier dans le compte : 2',
    'tables fusionnées en masse : 1',
  ]);
});

test('les valeurs qui sont des codes se lisent par leur nom : rôles, corps, qualité d’évaluateur, portée', () => {
  assert.deepEqual(lignesDetails({ roles: ['AGENT', 'CORRESPONDANT_SYNDICAL'], qualiteEvaluateur: 'CHEF_ETABLISSEMENT' }), ['rôles : Agent, Correspondant syndical', 'qualité d’évaluateur : Chef d’établissement']);
  assert.deepEqual(lignesDetails({ perimetre: { corps: ['PE', 'CPE'] } }), ['périmètre : corps : Professeurs des écoles (PE), Conseillers principaux d’éducation (CPE)']);
  assert.deepEqual(lignesDetails({ syndicat: 'SDEP', avant: { portee: 'NATIONALE' }, apres: { portee: 'ACADEMIQUE' } }), ['syndicat : SDEP', 'portée : Nationale → Académique']);
  // A code no table knows is shown as it is, not dropped.
  assert.deepEqual(lignesDetails({ roles: ['INCONNU'] }), ['rôles : INCONNU']);
});
