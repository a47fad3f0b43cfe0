import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { analyserFormulaire, listeDe, texte } from './formulaire.ts';

describe('lecture des formulaires', () => {
  const schema = z.object({ nom: texte('Le nom', { min: 1, max: 10 }), roles: listeDe('Les rôles', ['A', 'B'] as const) });
  const cas: Array<[string, unknown, { ok: true; valeurs: unknown } | { ok: false; erreurs: Record<string, string> }]> = [
    ['aucune case cochée donne une liste vide', { nom: 'x' }, { ok: true, valeurs: { nom: 'x', roles: [] } }],
    ['une case cochée donne une liste d’un élément', { nom: 'x', roles: 'A' }, { ok: true, valeurs: { nom: 'x', roles: ['A'] } }],
    ['les doublons sont fusionnés', { nom: 'x', roles: ['A', 'A', 'B'] }, { ok: true, valeurs: { nom: 'x', roles: ['A', 'B'] } }],
    ['une valeur inconnue est refusée en français', { nom: 'x', roles: ['C'] }, { ok: false, erreurs: { roles: 'Les rôles : valeur inconnue.' } }],
    ['un champ absent est obligatoire, en français', { roles: 'A' }, { ok: false, erreurs: { nom: 'Le nom est obligatoire.' } }],
    ['un texte trop long', { nom: 'x'.repeat(11) }, { ok: false, erreurs: { nom: 'Le nom ne doit pas dépasser 10 caractères.' } }],
    ['un texte envoyé deux fois', { nom: ['a', 'b'] }, { ok: false, erreurs: { nom: 'Le nom : valeur invalide.' } }],
    ['des caractères de contrôle', { nom: 'a\u0007b' }, { ok: false, erreurs: { nom: 'Le nom contient des caractères non autorisés.' } }],
    ['les espaces autour sont retirés', { nom: '  x  ' }, { ok: true, valeurs: { nom: 'x', roles: [] } }],
  ];
  for (const [titre, corps, attendu] of cas) test(titre, () => assert.deepEqual(analyserFormulaire(schema, corps), attendu));
});
