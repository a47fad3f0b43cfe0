import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { creerDecodeurUtf8, decoderUtf8, premierOctetInvalide } from './utf8.ts';

const octets = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

describe('décodage UTF-8 strict', () => {
  test('un texte UTF-8 valide est décodé, le BOM de début retiré', () => {
    assert.deepEqual(decoderUtf8(octets([0xef, 0xbb, 0xbf], 'a;é\n')), { ok: true, texte: 'a;é\n' });
  });

  const invalides: Array<[titre: string, contenu: Uint8Array, ligne: number, octet: number]> = [
    ['un octet Latin-1 (é = E9) est refusé avec sa ligne', octets('a;b\n1;2\nRen', [0xe9], '\n'), 3, 11],
    ['un octet de continuation isolé est refusé', octets('a\n', [0x80]), 2, 2],
    ['une forme trop longue (C0 AF) est refusée', octets([0xc0, 0xaf]), 1, 0],
    ['un demi-substitut codé (ED A0 80) est refusé', octets('x', [0xed, 0xa0, 0x80]), 1, 1],
    ['un fichier coupé au milieu d’un caractère est refusé', octets('ab', [0xc3]), 1, 2],
  ];
  for (const [titre, contenu, ligne, octet] of invalides) test(titre, () => assert.deepEqual(decoderUtf8(contenu), { ok: false, ligne, octet }));

  test('les octets d’un caractère coupé entre deux morceaux sont recollés', () => {
    const tout = octets('\ufeffé;€;𝄞\n');
    for (let coupe = 0; coupe <= tout.length; coupe++) {
      const d = creerDecodeurUtf8();
      const a = d.decoder(tout.subarray(0, coupe));
      const b = d.decoder(tout.subarray(coupe), true);
      assert.ok(a.ok && b.ok, `coupure à ${coupe}`);
      assert.equal(a.texte + b.texte, 'é;€;𝄞\n', `coupure à ${coupe}`);
    }
  });

  test('en flux, la ligne de l’octet invalide compte les lignes des morceaux précédents', () => {
    const d = creerDecodeurUtf8();
    assert.ok(d.decoder(octets('a\nb\n')).ok);
    assert.deepEqual(d.decoder(octets('c\nd', [0xff])), { ok: false, ligne: 4, octet: 7 });
  });

  test('le premier octet invalide est trouvé', () => assert.equal(premierOctetInvalide(octets('abc', [0xf8])), 3));
});
