import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyserCsv, creerAnalyseurCsv, type ElementCsv } from './csv.ts';

const enregistrements = (texte: string) => analyserCsv(texte).elements.map((e) => (e.type === 'enregistrement' ? [e.ligne, ...e.champs] : ['ERREUR', e.ligne, e.message]));

describe('lecture CSV', () => {
  const cas: Array<[titre: string, texte: string, attendu: unknown[]]> = [
    ['le séparateur est « ; » si la ligne d’en-tête en contient un', 'a;b\n1;2,5\n', [[1, 'a', 'b'], [2, '1', '2,5']]],
    ['sinon le séparateur est « , »', 'a,b\n1;2,5\n', [[1, 'a', 'b'], [2, '1;2', '5']]],
    ['le BOM de début est ignoré', '\ufeffa;b\n1;2\n', [[1, 'a', 'b'], [2, '1', '2']]],
    ['les fins de ligne CRLF sont acceptées', 'a;b\r\n1;2\r\n', [[1, 'a', 'b'], [2, '1', '2']]],
    ['la dernière ligne peut ne pas finir par un saut de ligne', 'a;b\n1;2', [[1, 'a', 'b'], [2, '1', '2']]],
    ['les lignes vides sont ignorées, la numérotation continue', 'a;b\n\n1;2\n\n', [[1, 'a', 'b'], [3, '1', '2']]],
    ['un champ vide en fin de ligne est un champ', 'a;b\n1;\n', [[1, 'a', 'b'], [2, '1', '']]],
    ['un champ entre guillemets peut contenir le séparateur', 'a;b\n"x;y";2\n', [[1, 'a', 'b'], [2, 'x;y', '2']]],
    ['un guillemet doublé est un guillemet', 'a;b\n"il dit ""oui""";2\n', [[1, 'a', 'b'], [2, 'il dit "oui"', '2']]],
    ['un champ entre guillemets peut contenir des sauts de ligne, la ligne suivante est numérotée après', 'a;b\n"l1\nl2\r\nl3";2\n3;4\n', [[1, 'a', 'b'], [2, 'l1\nl2\r\nl3', '2'], [5, '3', '4']]],
    ['un champ vide entre guillemets est vide', 'a;b\n"";2\n', [[1, 'a', 'b'], [2, '', '2']]],
    ['un guillemet dans un champ non entouré de guillemets est une erreur de la ligne', 'a;b\nx"y;2\n3;4\n', [[1, 'a', 'b'], ['ERREUR', 2, 'Guillemet dans un champ non entouré de guillemets.'], [3, '3', '4']]],
    ['du texte après un guillemet fermant est une erreur', 'a;b\n"x"y;2\n3;4\n', [[1, 'a', 'b'], ['ERREUR', 2, 'Caractère inattendu après un guillemet fermant.'], [3, '3', '4']]],
    ['un guillemet jamais fermé est une erreur', 'a;b\n"x;2\n3;4\n', [[1, 'a', 'b'], ['ERREUR', 2, 'Guillemet ouvrant sans guillemet fermant.']]],
  ];
  for (const [titre, texte, attendu] of cas) test(titre, () => assert.deepEqual(enregistrements(texte), attendu));

  test('le séparateur lu est exposé', () => {
    assert.equal(analyserCsv('a;b\n').separateur, ';');
    assert.equal(analyserCsv('a,b\n').separateur, ',');
  });
});

describe('lecture CSV en flux', () => {
  const texte = '\ufeffid;nom;note\r\n1;"Dupont; Jean";"a ""b""\nc"\r\n2;Martin;\r\n\r\n3;"";x\n4;é;ü';
  const entier = enregistrements(texte);

  test('le découpage en morceaux ne change pas le résultat, quel que soit l’endroit de la coupure', () => {
    for (let coupe = 0; coupe <= texte.length; coupe++) {
      const a = creerAnalyseurCsv();
      const elements: ElementCsv[] = [...a.pousser(texte.slice(0, coupe)), ...a.pousser(texte.slice(coupe)), ...a.terminer()];
      assert.deepEqual(elements.map((e) => (e.type === 'enregistrement' ? [e.ligne, ...e.champs] : ['ERREUR', e.ligne, e.message])), entier, `coupure à ${coupe}`);
    }
  });

  test('un caractère à la fois donne aussi le même résultat', () => {
    const a = creerAnalyseurCsv();
    const elements: ElementCsv[] = [];
    for (const c of texte) elements.push(...a.pousser(c));
    elements.push(...a.terminer());
    assert.equal(elements.length, entier.length);
  });

  test('un enregistrement complet est rendu dès que sa fin de ligne est lue', () => {
    const a = creerAnalyseurCsv();
    assert.deepEqual(a.pousser('a;b\n1;'), [{ type: 'enregistrement', ligne: 1, champs: ['a', 'b'] }]);
    assert.deepEqual(a.pousser('2\n'), [{ type: 'enregistrement', ligne: 2, champs: ['1', '2'] }]);
    assert.deepEqual(a.terminer(), []);
  });
});
