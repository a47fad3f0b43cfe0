import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyserCv, lireDate, rubriqueDeSegment } from './cv.rules.ts';

const AUJOURDHUI = '2026-11-30';

function erreurs(r: ReturnType<typeof analyserCv>): Record<string, string> {
  return r.ok ? {} : r.erreurs;
}

describe('lecture des dates saisies', () => {
  const cas: Array<[string, string, string | null]> = [
    ['le format ISO du sélecteur de date', '2019-09-01', '2019-09-01'],
    ['le format français JJ/MM/AAAA', '01/09/2019', '2019-09-01'],
    ['un 29 février d’année bissextile', '29/02/2024', '2024-02-29'],
    ['un 29 février d’année non bissextile est refusé', '2023-02-29', null],
    ['un mois 13 est refusé', '2019-13-01', null],
    ['du texte est refusé', 'hier', null],
    ['une date américaine est refusée', '2019/09/01', null],
  ];
  for (const [titre, saisie, attendu] of cas) test(titre, () => assert.equal(lireDate(saisie), attendu));
});

describe('une activité professionnelle', () => {
  test('intitulé et date de début suffisent ; les champs vides deviennent null', () => {
    const r = analyserCv('ACTIVITE', { intitule: '  Directrice d’école  ', date_debut: '2015-09-01', date_fin: '', organisme: '', description: '' }, AUJOURDHUI);
    assert.deepEqual(r, {
      ok: true,
      valeurs: { intitule: 'Directrice d’école', organisme: null, date_debut: '2015-09-01', date_fin: null, description: null, categorie: null, niveau: null, duree_heures: null },
    });
  });
  const refus: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['un intitulé vide', { intitule: '   ', date_debut: '2015-09-01' }, 'intitule', /L’intitulé est obligatoire/],
    ['un intitulé de 10 000 caractères', { intitule: 'x'.repeat(10_000), date_debut: '2015-09-01' }, 'intitule', /ne doit pas dépasser 200 caractères/],
    ['un intitulé avec un caractère de contrôle', { intitule: 'Poste\u0000caché', date_debut: '2015-09-01' }, 'intitule', /caractères non autorisés/],
    ['un intitulé envoyé deux fois (tableau)', { intitule: ['a', 'b'], date_debut: '2015-09-01' }, 'intitule', /valeur invalide/],
    ['une date de début manquante', { intitule: 'Poste' }, 'date_debut', /La date de début est obligatoire/],
    ['une date impossible', { intitule: 'Poste', date_debut: '2019-02-30' }, 'date_debut', /n’est pas une date valide/],
    ['une date dans le futur', { intitule: 'Poste', date_debut: '2027-01-01' }, 'date_debut', /ne peut pas être dans le futur/],
    ['une date avant 1940', { intitule: 'Poste', date_debut: '1900-01-01' }, 'date_debut', /antérieure au 01\/01\/1940/],
    ['une fin avant le début', { intitule: 'Poste', date_debut: '2019-09-01', date_fin: '2018-08-31' }, 'date_fin', /postérieure ou égale à la date de début/],
    ['une description de plus de 2000 caractères', { intitule: 'Poste', date_debut: '2019-09-01', description: 'é'.repeat(2001) }, 'description', /2000 caractères/],
  ];
  for (const [titre, corps, champ, message] of refus) {
    test(`refusée : ${titre}`, () => assert.match(erreurs(analyserCv('ACTIVITE', corps, AUJOURDHUI))[champ] ?? '', message));
  }
  test('une description sur plusieurs lignes est acceptée', () => {
    const r = analyserCv('ACTIVITE', { intitule: 'Poste', date_debut: '2019-09-01', description: 'ligne 1\r\nligne 2' }, AUJOURDHUI);
    assert.equal(r.ok && r.valeurs.description, 'ligne 1\nligne 2');
  });
});

describe('une qualification', () => {
  test('une certification CAFIPEMF avec sa date d’obtention', () => {
    const r = analyserCv('QUALIFICATION', { categorie: 'CERTIFICATION', intitule: 'CAFIPEMF', date_debut: '12/06/2012', niveau: 'B2' }, AUJOURDHUI);
    assert.equal(r.ok, true);
    assert.equal(r.ok && r.valeurs.niveau, null, 'le niveau ne vaut que pour une langue');
    assert.equal(r.ok && r.valeurs.date_debut, '2012-06-12');
  });
  test('une langue sans date mais avec son niveau', () => {
    const r = analyserCv('QUALIFICATION', { categorie: 'LANGUE', intitule: 'Anglais', niveau: 'C1' }, AUJOURDHUI);
    assert.equal(r.ok && r.valeurs.niveau, 'C1');
  });
  test('refusée : une langue sans niveau', () => {
    assert.match(erreurs(analyserCv('QUALIFICATION', { categorie: 'LANGUE', intitule: 'Anglais', niveau: '' }, AUJOURDHUI)).niveau ?? '', /choisissez le niveau/);
  });
  test('refusée : un diplôme sans date d’obtention', () => {
    assert.match(erreurs(analyserCv('QUALIFICATION', { categorie: 'DIPLOME', intitule: 'Master MEEF' }, AUJOURDHUI)).date_debut ?? '', /date d’obtention est obligatoire/);
  });
  test('refusée : un type inconnu', () => {
    assert.match(erreurs(analyserCv('QUALIFICATION', { categorie: 'PERMIS', intitule: 'B', date_debut: '2000-01-01' }, AUJOURDHUI)).categorie ?? '', /choisissez une valeur de la liste/);
  });
});

describe('une formation', () => {
  test('avec une durée en heures', () => {
    const r = analyserCv('FORMATION', { intitule: 'Formation de formateurs', date_debut: '2020-01-06', date_fin: '2020-01-10', duree_heures: '30' }, AUJOURDHUI);
    assert.equal(r.ok && r.valeurs.duree_heures, 30);
  });
  test('refusée : une durée négative', () => {
    assert.match(erreurs(analyserCv('FORMATION', { intitule: 'F', date_debut: '2020-01-06', duree_heures: '-3' }, AUJOURDHUI)).duree_heures ?? '', /entre 1 et 2000/);
  });
});

describe('adresses des rubriques', () => {
  test('chaque segment connu donne sa rubrique', () => assert.equal(rubriqueDeSegment('formations'), 'FORMATION'));
  test('un segment inconnu ne donne rien', () => assert.equal(rubriqueDeSegment('constructor'), null));
});
