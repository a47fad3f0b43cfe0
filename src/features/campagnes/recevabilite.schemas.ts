import { z } from 'zod';
import { texte } from '../../shared/saisie.ts';
import { STATUTS_CANDIDATURE } from './candidature.machine.ts';
import { MOTIFS_REJET, MOTIF_A_PRECISER } from './recevabilite.rules.ts';

/** The forms of the candidatures' pages for HR, validated at the edge with French messages. */

const vide = (v: unknown) => (v === undefined || v === null ? '' : v);
const choixListe = <T extends string>(libelle: string, valeurs: readonly [T, ...T[]]) =>
  z.preprocess(vide, z.enum(valeurs, { error: `${libelle} : choisissez une valeur de la liste.` }));

/** The filters of a list (GET): the states it offers, an establishment (UAI) of the list, "pièce manquante", a search. */
export function filtresCandidatures<S extends string>(statuts: readonly [S, ...S[]]) {
  return z.object({
    q: texte('La recherche', { max: 100 }),
    statut: choixListe<'' | S>('État', ['', ...statuts]),
    etablissement: z.preprocess(vide, z.string({ error: 'Établissement : choisissez une valeur de la liste.' }).regex(/^(\d{7}[A-Z])?$/, 'Établissement : choisissez une valeur de la liste.')),
    piece: choixListe<'' | 'manquante'>('Pièces', ['', 'manquante']),
  });
}
export const filtresListe = filtresCandidatures(STATUTS_CANDIDATURE);
export const filtresFile = filtresCandidatures(['DEPOSEE', 'RECEVABLE', 'IRRECEVABLE']);

/** A decision on a declared period: a rejection names its motif (and « Autre » says which), an acceptance names none. */
export const formulaireDecision = z
  .object({
    decision: z.preprocess(vide, z.enum(['ACCEPTEE', 'REJETEE'], { error: 'Choisissez la décision : accepter ou rejeter la période.' })),
    motif: choixListe<'' | (typeof MOTIFS_REJET)[number]>('Motif', ['', ...MOTIFS_REJET]),
    motif_texte: texte('La précision', { max: 1000, multiligne: true }).transform((v) => v.trim()),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'REJETEE' && v.motif === '') ctx.addIssue({ code: 'custom', path: ['motif'], message: 'Choisissez le motif du rejet : il est communiqué à l’agent.' });
    if (v.decision === 'ACCEPTEE' && v.motif !== '') ctx.addIssue({ code: 'custom', path: ['motif'], message: 'Une période acceptée n’a pas de motif de rejet : choisissez « Aucun ».' });
    if (v.decision === 'REJETEE' && MOTIF_A_PRECISER.includes(v.motif as never) && v.motif_texte === '') {
      ctx.addIssue({ code: 'custom', path: ['motif_texte'], message: 'Précisez ce motif : le texte est communiqué à l’agent.' });
    }
  })
  .transform((v) => ({ decision: v.decision, motif: v.motif === '' ? null : v.motif, motifTexte: v.motif_texte === '' ? null : v.motif_texte }));
