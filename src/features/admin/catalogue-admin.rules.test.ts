import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { problemeUrlApplication } from './catalogue-admin.rules.ts';
import { motifRecherche, paginer } from './admin.rules.ts';

describe('adresse d’une application du catalogue', () => {
  for (const ok of ['https://dt.ac-amiens.fr/', 'https://gaia.example.invalid/acces?x=1#a', '/iprof', '/portail/favoris', 'HTTPS://EXEMPLE.FR/']) {
    test(`« ${ok} » est acceptée`, () => assert.equal(problemeUrlApplication(ok), null));
  }
  const refusees: Array<[string, string]> = [
    ['vide', ''],
    ['javascript:', 'javascript:alert(1)'],
    ['http sans chiffrement', 'http://exemple.fr/'],
    ['protocole relatif', '//evil.example/'],
    ['barre oblique inverse', '/\\evil.example'],
    ['avec un espace', 'https://exemple.fr/a b'],
    ['avec un saut de ligne', '/iprof\n'],
    ['avec identifiants', 'https://user:pass@exemple.fr/'],
    ['sans hôte', 'https://'],
    ['data:', 'data:text/html,<script>'],
    ['relative', 'iprof'],
    ['trop longue', `https://exemple.fr/${'a'.repeat(500)}`],
  ];
  for (const [titre, url] of refusees) test(`refusée : ${titre}`, () => assert.match(problemeUrlApplication(url) ?? '', /^L’adresse|^Un chemin/));
});

describe('pagination', () => {
  const cas: Array<[string, number, number, number, { page: number; pages: number; decalage: number }]> = [
    ['aucun élément : une page vide', 0, 1, 25, { page: 1, pages: 1, decalage: 0 }],
    ['page 2 de 60 éléments', 60, 2, 25, { page: 2, pages: 3, decalage: 25 }],
    ['une page trop loin montre la dernière', 60, 9, 25, { page: 3, pages: 3, decalage: 50 }],
    ['la page 0 montre la première', 60, 0, 25, { page: 1, pages: 3, decalage: 0 }],
    ['exactement deux pages pleines', 50, 2, 25, { page: 2, pages: 2, decalage: 25 }],
  ];
  for (const [titre, total, page, parPage, attendu] of cas) {
    test(titre, () => {
      const p = paginer(total, page, parPage);
      assert.deepEqual({ page: p.page, pages: p.pages, decalage: p.decalage }, attendu);
    });
  }
});

describe('motif de recherche', () => {
  test('le texte est cherché partout', () => assert.equal(motifRecherche('dup'), '%dup%'));
  test('les jokers saisis sont pris à la lettre', () => assert.equal(motifRecherche('50%_a\\b'), '%50\\%\\_a\\\\b%'));
});
