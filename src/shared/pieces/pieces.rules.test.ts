import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detecterType, dispositionPiece, nomDeFichier, nomDeTelechargement, NOMBRE_MAX_PIECES, TAILLE_MAX_PIECE, tailleLisible, verifierPiece, verifierPieces } from './pieces.rules.ts';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode');

describe('type d’une pièce lu dans son contenu', () => {
  const cas: Array<[string, Buffer, string | null]> = [
    ['un PDF commence par %PDF-', PDF, 'application/pdf'],
    ['une image PNG a sa signature de 8 octets', PNG, 'image/png'],
    ['une image JPEG commence par FF D8 FF', JPEG, 'image/jpeg'],
    ['un exécutable Windows (MZ) n’est rien de tout cela', EXE, null],
    ['un texte qui contient %PDF plus loin n’est pas un PDF', Buffer.from('bonjour %PDF-1.4'), null],
    ['un début de signature PNG tronqué n’est pas un PNG', PNG.subarray(0, 5), null],
    ['un GIF n’est pas accepté', Buffer.from('GIF89a'), null],
    ['un contenu vide n’a pas de type', Buffer.alloc(0), null],
  ];
  for (const [titre, contenu, attendu] of cas) test(titre, () => assert.equal(detecterType(contenu), attendu));
});

describe('vérification d’une pièce reçue', () => {
  test('un PDF nommé .png est accepté comme PDF (le nom ne compte pas)', () => {
    assert.deepEqual(verifierPiece({ nom: 'scan.png', contenu: PDF, tronque: false }), { ok: true, type: 'application/pdf', nom: 'scan.png' });
  });
  test('un exécutable renommé en .pdf est refusé avec un message en français', () => {
    const v = verifierPiece({ nom: 'arrete.pdf', contenu: EXE, tronque: false });
    assert.equal(v.ok, false);
    assert.match(!v.ok ? v.message : '', /« arrete\.pdf » n’est ni un PDF, ni une image JPEG ou PNG/);
  });
  test('un fichier coupé à la limite est refusé comme trop gros', () => {
    const v = verifierPiece({ nom: 'gros.pdf', contenu: PDF, tronque: true });
    assert.match(!v.ok ? v.message : '', /dépasse la taille maximale de 10 Mio\./);
  });
  test('un fichier d’exactement 10 Mio (10 × 1024² octets) est accepté', () => {
    const c = Buffer.alloc(TAILLE_MAX_PIECE);
    PDF.copy(c);
    assert.equal(verifierPiece({ nom: 'a.pdf', contenu: c, tronque: false }).ok, true);
  });
  test('un fichier vide est refusé', () => {
    assert.match(JSON.stringify(verifierPiece({ nom: 'vide.pdf', contenu: Buffer.alloc(0), tronque: false })), /est vide/);
  });
  test('un fichier sans nom (partie sans filename) est refusé', () => {
    assert.deepEqual(verifierPiece({ nom: '', contenu: PDF, tronque: false }), { ok: false, message: 'Un des fichiers envoyés n’a pas de nom : choisissez-le à nouveau dans le formulaire.' });
  });
});

describe('vérification des pièces d’un formulaire', () => {
  test('les pièces acceptées gardent leur ordre ; le premier refus est retenu', () => {
    const erreurs: Record<string, string> = {};
    const pieces = verifierPieces(
      [
        { nom: 'a.pdf', contenu: PDF, tronque: false },
        { nom: 'b.exe', contenu: EXE, tronque: false },
        { nom: 'c.png', contenu: PNG, tronque: false },
        { nom: 'd.pdf', contenu: Buffer.alloc(0), tronque: false },
      ],
      erreurs,
    );
    assert.deepEqual(pieces.map((p) => [p.nom, p.type]), [['a.pdf', 'application/pdf'], ['c.png', 'image/png']]);
    assert.match(erreurs.pieces ?? '', /« b\.exe » n’est ni un PDF/);
  });
  test('une pièce de trop : le nombre maximal est dit', () => {
    const erreurs: Record<string, string> = {};
    verifierPieces(Array.from({ length: NOMBRE_MAX_PIECES + 1 }, (_, i) => ({ nom: `${i}.pdf`, contenu: PDF, tronque: false })), erreurs);
    assert.equal(erreurs.pieces, '5 pièces justificatives au plus.');
  });
});

describe('noms de fichiers', () => {
  test('le chemin et les caractères de contrôle sont retirés', () => assert.equal(nomDeFichier('C:\\Users\\x\\arr\u0007êté".pdf'), 'arrêté.pdf'));
  test('un nom vide devient « document »', () => assert.equal(nomDeFichier('../'), 'document'));
  const invisibles: Array<[string, string, string]> = [
    ['le renversement de sens U+202E (« facture », U+202E, « fdp.exe » s’afficherait « factureexe.pdf »)', 'facture\u202Efdp.exe', 'facturefdp.exe'],
    ['les isolats et marques de direction (U+2066–U+2069, U+200E, U+200F, U+061C)', '\u2066a\u2069b\u200Ec\u200Fd\u061C.pdf', 'abcd.pdf'],
    ['les espaces et liants de largeur nulle, le trait d’union conditionnel, l’indicateur d’ordre', 'a\u200Bb\u200Cc\u200Dd\u00ADe\uFEFF.pdf', 'abcde.pdf'],
    ['les contrôles C1 et les séparateurs de ligne et de paragraphe', 'a\u0085b\u009Bc\u2028d\u2029.pdf', 'abcd.pdf'],
  ];
  for (const [titre, brut, attendu] of invisibles) test(`sont retirés du nom : ${titre}`, () => assert.equal(nomDeFichier(brut), attendu));
  test('un nom fait seulement de caractères invisibles devient « document »', () => assert.equal(nomDeFichier('\u202E\u200B'), 'document'));
  test('les lettres accentuées, les espaces et les autres écritures restent', () => assert.equal(nomDeFichier('Arrêté n°3 — Ελληνικά 日本.pdf'), 'Arrêté n°3 — Ελληνικά 日本.pdf'));
  test('le nom téléchargé prend l’extension du type détecté', () => assert.equal(nomDeTelechargement('arrete.exe', 'application/pdf'), 'arrete.pdf'));
  test('l’en-tête Content-Disposition porte un nom ASCII et le nom UTF-8', () => {
    assert.equal(dispositionPiece('arrêté n°1.pdf'), `attachment; filename="arrete n1.pdf"; filename*=UTF-8''arr%C3%AAt%C3%A9%20n%C2%B01.pdf`);
  });
});

describe('les tailles annoncées disent l’unité de la limite (puissances de 1024)', () => {
  for (const [octets, attendu] of [
    [TAILLE_MAX_PIECE, '10 Mio'],
    [5 * TAILLE_MAX_PIECE + 1024 * 1024, '51 Mio'],
    [2 * 1024 ** 3, '2 Gio'],
    [1536, '1,5 Kio'],
    [10, '10 octets'],
  ] as const) {
    test(`${octets} octets s’écrivent « ${attendu} »`, () => assert.equal(tailleLisible(octets), attendu));
  }
});
