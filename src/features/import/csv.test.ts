import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyserCsv, creerAnalyseurCsv, type ElementCsv } from './csv.ts';
import { LIMITES_ENREGISTREMENT, type LimitesEnregistrement } from './limites.ts';

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

describe('lecture CSV bornée (limites.ts)', () => {
  const petites: LimitesEnregistrement = { caracteresMax: 20, champsMax: 4 };
  const resumer = (e: ElementCsv) => (e.type === 'enregistrement' ? [e.ligne, ...e.champs] : [e.code, e.ligne, e.champ]);
  const lire = (texte: string, limites = petites) => analyserCsv(texte, limites).elements.map(resumer);
  const cas: Array<[titre: string, texte: string, attendu: unknown[]]> = [
    ['une ligne trop longue est une erreur de la ligne ; la lecture reprend à la suivante', `a;b\n1;${'x'.repeat(30)}\n3;4\n`, [[1, 'a', 'b'], ['LIGNE_TROP_LONGUE', 2, null], [3, '3', '4']]],
    ['une ligne de la longueur limite, fin de ligne comprise, est lue', `a;b\n1;${'x'.repeat(17)}\n`, [[1, 'a', 'b'], [2, '1', 'x'.repeat(17)]]],
    [
      'un guillemet jamais fermé ne fait pas lire le reste du fichier comme un seul champ',
      'a;b\n"x;2\n3;4\n5;6\n7;8\n9;10\n11;12\n',
      [[1, 'a', 'b'], ['LIGNE_TROP_LONGUE', 2, null], [3, '3', '4'], [4, '5', '6'], [5, '7', '8'], [6, '9', '10'], [7, '11', '12']],
    ],
    ['une ligne d’en-tête trop longue est signalée en ligne 1', `${'a;'.repeat(15)}\n1;2\n`, [['LIGNE_TROP_LONGUE', 1, null], [2, '1', '2']]],
    ['une ligne de trop de champs est une erreur de la ligne', 'a;b\n1;2;3;4;5\n3;4\n', [[1, 'a', 'b'], ['TROP_DE_CHAMPS', 2, null], [3, '3', '4']]],
    ['un caractère nul est une erreur de la ligne, avec le champ qui le contient', 'a;b\n1;x\0y\n3;4\n', [[1, 'a', 'b'], ['CARACTERE_INTERDIT', 2, 1], [3, '3', '4']]],
    ['un caractère nul entre guillemets aussi', 'a;b\n"\0";2\n', [[1, 'a', 'b'], ['CARACTERE_INTERDIT', 2, 0]]],
    ['un caractère nul dans l’en-tête', 'a;\0\n1;2\n', [['CARACTERE_INTERDIT', 1, 1], [2, '1', '2']]],
  ];
  for (const [titre, texte, attendu] of cas) test(titre, () => assert.deepEqual(lire(texte), attendu));

  test('les limites par défaut laissent passer une ligne de 700 caractères et 20 champs', () => {
    const ligne = Array.from({ length: 20 }, () => 'é'.repeat(35)).join(';');
    assert.deepEqual(lire(`a;b\n${ligne}\n`, LIMITES_ENREGISTREMENT), [[1, 'a', 'b'], [2, ...ligne.split(';')]]);
  });

  test('le découpage en morceaux ne change pas le résultat, erreurs de limite comprises', () => {
    const texte = `a;b\r\n1;${'x'.repeat(25)}\r\n"y;\r\n2;3\r\n4;\0\r\n5;6;7;8;9\r\n"${'z'.repeat(14)}\r\n""";8\r\n9;${'w'.repeat(40)}`;
    const entier = lire(texte);
    for (const code of ['LIGNE_TROP_LONGUE', 'CARACTERE_INTERDIT', 'TROP_DE_CHAMPS']) assert.ok(entier.some((e) => e[0] === code), code);
    const enMorceaux = (morceaux: string[]) => {
      const a = creerAnalyseurCsv(petites);
      return [...morceaux.flatMap((m) => a.pousser(m)), ...a.terminer()].map(resumer);
    };
    for (let coupe = 0; coupe <= texte.length; coupe++) assert.deepEqual(enMorceaux([texte.slice(0, coupe), texte.slice(coupe)]), entier, `coupure à ${coupe}`);
    assert.deepEqual(enMorceaux([...texte]), entier, 'un caractère à la fois');
  });

  test('une ligne de 50 Mo sans fin de ligne est signalée dès qu’elle dépasse la limite, sans être gardée pour la suite', () => {
    const a = creerAnalyseurCsv();
    assert.deepEqual(a.pousser('agent_id;nom\nA1;'), [{ type: 'enregistrement', ligne: 1, champs: ['agent_id', 'nom'] }]);
    const mo = 'x'.repeat(1 << 20);
    assert.deepEqual(a.pousser(mo).map((e) => e.type === 'erreur' && [e.code, e.ligne]), [['LIGNE_TROP_LONGUE', 2]]);
    for (let i = 1; i < 50; i++) assert.deepEqual(a.pousser(mo), [], `morceau ${i + 1}`);
    assert.deepEqual(a.pousser('\nA2;Martin\n'), [{ type: 'enregistrement', ligne: 3, champs: ['A2', 'Martin'] }]);
    assert.deepEqual(a.terminer(), []);
  });
});
