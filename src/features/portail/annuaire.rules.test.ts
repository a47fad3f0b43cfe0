import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { echapperValeurFiltre, filtreRecherche, premiereValeur } from './annuaire.rules.ts';

describe('filtre de recherche dans l’annuaire (RFC 4515)', () => {
  const cas: Array<[string, string, string]> = [
    ['un identifiant ordinaire est repris tel quel', 'jdupont3', '(uid=jdupont3)'],
    ['l’étoile ne devient pas un joker', '*', '(uid=\\2a)'],
    ['une parenthèse ne ferme pas le filtre', ')(uid=*', '(uid=\\29\\28uid=\\2a)'],
    ['la barre oblique inverse est échappée', 'a\\b', '(uid=a\\5cb)'],
    ['le caractère nul est échappé', 'a\u0000b', '(uid=a\\00b)'],
    ['les lettres accentuées restent en UTF-8', 'hélène', '(uid=hélène)'],
  ];
  for (const [titre, saisi, attendu] of cas) {
    test(titre, () => assert.equal(filtreRecherche('(uid={identifiant})', saisi), attendu));
  }
  test('chaque {identifiant} du filtre configuré est remplacé, et un $& saisi n’est pas interprété', () => {
    assert.equal(filtreRecherche('(&(objectClass=inetOrgPerson)(|(uid={identifiant})(mail={identifiant})))', 'x$&*'), '(&(objectClass=inetOrgPerson)(|(uid=x$&\\2a)(mail=x$&\\2a)))');
  });
  test('échapper deux fois n’est jamais nécessaire : la sortie ne contient plus aucun caractère spécial non échappé', () => {
    assert.doesNotMatch(echapperValeurFiltre('*()\\\u0000'), /[*()\u0000]/);
  });
});

describe('valeur d’un attribut d’une entrée', () => {
  test('texte, liste, octets, vide', () => {
    assert.equal(premiereValeur('Jean Dupont'), 'Jean Dupont');
    assert.equal(premiereValeur(['a@b.fr', 'c@d.fr']), 'a@b.fr');
    assert.equal(premiereValeur(Buffer.from('Hélène')), 'Hélène');
    assert.equal(premiereValeur(''), null);
    assert.equal(premiereValeur(undefined), null);
  });
});
