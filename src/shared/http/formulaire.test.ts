import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { analyserFormulaire, choix, estIllisible, listeDe, texte } from './formulaire.ts';

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

describe('texte illisible pour la base : refusé quel que soit le schéma du champ', () => {
  const schema = z.object({ libre: z.string({ error: 'Libre : valeur invalide.' }).max(40), code: choix('Le code', ['A', 'B']), nom: texte('Le nom', { max: 10 }) });
  const cas: Array<[string, unknown, { ok: true; valeurs: unknown } | { ok: false; erreurs: Record<string, string> }]> = [
    ['un caractère nul dans un champ libre que le schéma accepterait', { libre: 'a\u0000b', code: 'A', nom: 'x' }, { ok: false, erreurs: { libre: 'Ce champ contient un caractère non autorisé.' } }],
    ['une moitié de paire UTF-16 seule', { libre: 'a\ud800', code: 'A', nom: 'x' }, { ok: false, erreurs: { libre: 'Ce champ contient un caractère non autorisé.' } }],
    ['un caractère nul dans une valeur répétée', { libre: 'a', code: ['A', '\u0000'], nom: 'x' }, { ok: false, erreurs: { code: 'Le code : choisissez une valeur de la liste.' } }],
    ['un caractère nul dans un champ hors du schéma, envoyé deux fois', { libre: 'a', code: 'A', nom: 'x', _csrf: ['y', 'z\u0000'] }, { ok: false, erreurs: { _csrf: 'Ce champ contient un caractère non autorisé.' } }],
    ['le message du schéma passe en premier', { libre: 'a', code: 'A', nom: 'a\u0000' }, { ok: false, erreurs: { nom: 'Le nom contient des caractères non autorisés.' } }],
    ['un champ inconnu au nom illisible', { libre: 'a', code: 'A', nom: 'x', 'x\u0000': 'y' }, { ok: false, erreurs: { _formulaire: 'Ce champ contient un caractère non autorisé.' } }],
    ['une vraie paire UTF-16 (émoji) passe', { libre: 'école 🎓', code: 'B', nom: 'x' }, { ok: true, valeurs: { libre: 'école 🎓', code: 'B', nom: 'x' } }],
  ];
  for (const [titre, corps, attendu] of cas) test(titre, () => assert.deepEqual(analyserFormulaire(schema, corps), attendu));

  test('ce qui est illisible et ce qui ne l’est pas', () => {
    assert.deepEqual(['\u0000', 'a\udc00', '\ud800', 'ok', 'é', '🎓', '\u0001', '\ufffd'].map(estIllisible), [true, true, true, false, false, false, false, false]);
  });
});
