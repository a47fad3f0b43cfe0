import { z } from 'zod';
import { choix, texte } from '../../shared/saisie.ts';
import { caseStricte, entier } from '../admin/admin.schemas.ts';
import { PORTEES } from './syndicats.rules.ts';

/** The forms of the union-information pages, read with French messages for every failure. */

const ID = /^\d{1,18}$/;

/** The agent's ticked lists: absent (nothing ticked), one id or several; anything else is refused. */
export const formulaireAbonnements = z.object({
  listes: z.preprocess(
    (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.string().regex(ID), { error: 'Listes : valeur invalide.' })
      .max(500, { message: 'Listes : trop de listes cochées.' })
      .transform((l) => [...new Set(l)]),
  ),
});

export const formulaireSyndicat = z.object({
  sigle: texte('Le sigle', { min: 1, max: 30 }),
  nom: texte('Le nom', { min: 1, max: 200 }),
  ordre: entier('L’ordre', 0, 9999),
  actif: caseStricte('Syndicat actif'),
});
export type SyndicatSaisi = z.output<typeof formulaireSyndicat>;

export const formulaireListe = z.object({
  libelle: texte('Le libellé', { min: 1, max: 150 }),
  description: texte('La description', { max: 500 }).transform((v) => (v === '' ? null : v)),
  portee: choix('La portée', PORTEES),
  ordre: entier('L’ordre', 0, 9999),
  active: caseStricte('Liste ouverte aux abonnements'),
});
export type ListeSaisie = z.output<typeof formulaireListe>;

export const formulaireCorrespondant = z.object({
  identifiant: texte('L’identifiant du compte', { min: 1, max: 200 }).transform((v) => v.toLowerCase()),
});
