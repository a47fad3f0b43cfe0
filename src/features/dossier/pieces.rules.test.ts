import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detecterType, dispositionPiece, nomDeFichier, nomDeTelechargement, TAILLE_MAX_PIECE, verifierPiece } from './pieces.rules.ts';

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
    assert.match(!v.ok ? v.message : '', /dépasse la taille maximale de 10 Mo/);
  });
  test('un fichier d’exactement 10 Mo est accepté', () => {
    const c = Buffer.alloc(TAILLE_MAX_PIECE);
    PDF.copy(c);
    assert.equal(verifierPiece({ nom: 'a.pdf', contenu: c, tronque: false }).ok, true);
  });
  test('un fichier vide est refusé', () => {
    assert.match(JSON.stringify(verifierPiece({ nom: 'vide.pdf', contenu: Buffer.alloc(0), tronque: false })), /est vide/);
  });
});

describe('noms de fichiers', () => {
  test('le chemin et les caractères de contrôle sont retirés', () => assert.equal(nomDeFichier('C:\\Users\\x\\arr\u0007êté".pdf'), 'arrêté.pdf'));
  test('un nom vide devient « document »', () => assert.equal(nomDeFichier('../'), 'document'));
  test('le nom téléchargé prend l’extension du type détecté', () => assert.equal(nomDeTelechargement('arrete.exe', 'application/pdf'), 'arrete.pdf'));
  test('l’en-tête Content-Disposition porte un nom ASCII et le nom UTF-8', () => {
    assert.equal(dispositionPiece('arrêté n°1.pdf'), `attachment; filename="arrete n1.pdf"; filename*=UTF-8''arr%C3%AAt%C3%A9%20n%C2%B01.pdf`);
  });
});
