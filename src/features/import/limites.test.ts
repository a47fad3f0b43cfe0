import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CODES_ERREUR_IMPORT } from './erreurs.ts';
import { FICHIERS } from './fichiers.ts';
import { depasse, LIMITES_ENREGISTREMENT, LONGUEURS_MAX } from './limites.ts';

const doc = fs.readFileSync(fileURLToPath(new URL('../../../docs/IMPORT.md', import.meta.url)), 'utf8');

describe('limites de l’import', () => {
  test('chaque colonne de chaque fichier a une longueur maximale, et aucune autre', () => {
    for (const def of FICHIERS) assert.deepEqual(Object.keys(LONGUEURS_MAX[def.fichier]), [...def.colonnes], def.fichier);
    assert.deepEqual(Object.keys(LONGUEURS_MAX).sort(), FICHIERS.map((d) => d.fichier).sort());
  });

  test('docs/IMPORT.md donne exactement les maxima de limites.ts', () => {
    const lignes = [...doc.matchAll(/^\| `([a-z_]+\.csv)` \| `([a-z_0-9]+)` \| (\d+) \|/gm)].map((m) => [m[1], m[2], Number(m[3])]);
    const attendu = Object.entries(LONGUEURS_MAX).flatMap(([fichier, colonnes]) => Object.entries(colonnes).map(([colonne, max]) => [fichier, colonne, max]));
    assert.deepEqual(lignes, attendu);
  });

  test('docs/IMPORT.md donne les limites d’une ligne et chaque code d’erreur', () => {
    const fr = (n: number) => n.toLocaleString('fr-FR').replace(/\s/g, ' ');
    assert.ok(doc.includes(`**${fr(LIMITES_ENREGISTREMENT.caracteresMax)} caractères**`));
    assert.ok(doc.includes(`**${LIMITES_ENREGISTREMENT.champsMax} champs**`));
    for (const code of CODES_ERREUR_IMPORT) assert.match(doc, new RegExp(`^\\| \`${code}\` \\|`, 'm'), code);
  });

  const longueurs: Array<[titre: string, texte: string, max: number, attendu: number | null]> = [
    ['un texte de la longueur maximale passe', 'abc', 3, null],
    ['un caractère de plus est signalé avec la longueur reçue', 'abcd', 3, 4],
    ['un caractère hors du plan de base compte pour un', '𝒜𝒜𝒜', 3, null],
    ['quatre caractères hors du plan de base en font quatre', '𝒜𝒜𝒜𝒜', 3, 4],
  ];
  for (const [titre, texte, max, attendu] of longueurs) test(titre, () => assert.equal(depasse(texte, max), attendu));
});
