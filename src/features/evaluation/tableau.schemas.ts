import { z } from 'zod';
import { texte } from '../../shared/saisie.ts';
import { SENS, TRIS_TABLEAU } from './tableau-vue.rules.ts';

/** The table page's URL parameters and forms, validated at the edge with French messages (a wrong one is a 400). */

const vide = (v: unknown) => (v === undefined || v === null ? '' : v);
const choixListe = <T extends string>(libelle: string, valeurs: readonly [T, ...T[]]) => z.preprocess(vide, z.enum(valeurs, { error: `${libelle} : choisissez une valeur de la liste.` }));

/** An optional whole number typed in a field: '' → null. */
const entierOptionnel = (libelle: string, min: number, max: number) =>
  z.preprocess(
    vide,
    z
      .string({ error: `${libelle} : valeur invalide.` })
      .trim()
      .refine((v) => v === '' || (/^\d{1,7}$/.test(v) && Number(v) >= min && Number(v) <= max), { message: `${libelle} : un nombre entier de ${min} à ${max}.` })
      .transform((v) => (v === '' ? null : Number(v))),
  );

/** The view of the table: page, sort, filters. Every parameter is optional; the page can be reloaded and bookmarked. */
export const vueTableau = z.object({
  page: z.preprocess(vide, z.string().regex(/^(\d{1,6})?$/, 'Numéro de page invalide.').transform((v) => (v === '' ? 1 : Math.max(1, Number(v))))),
  tri: z.preprocess((v) => (v === undefined || v === '' ? 'rang' : v), z.enum(TRIS_TABLEAU, { error: 'Tri : choisissez une valeur de la liste.' })),
  sens: z.preprocess((v) => (v === undefined || v === '' ? 'asc' : v), z.enum(SENS, { error: 'Sens : choisissez une valeur de la liste.' })),
  vivier: choixListe('Vivier', ['', '1', '2']).transform((v) => (v === '' ? null : (Number(v) as 1 | 2))),
  promu: choixListe('Résultat', ['', 'oui', 'non']).transform((v) => (v === '' ? null : v === 'oui')),
  q: texte('La recherche', { max: 100 }),
});

/** The simulation (GET, nothing saved): P, the ratio (regime C), the V2 share, the EXCELLENT quotas (A/B), every vivier-1 agent as a candidate. */
export const simulationTableau = z.object({
  sim_p: entierOptionnel('Nombre de promotions', 0, 1_000_000),
  sim_part: entierOptionnel('Part du vivier 2 (%)', 0, 100),
  sim_exc1: entierOptionnel('Quota « Excellent » du vivier 1 (%)', 0, 100),
  sim_exc2: entierOptionnel('Quota « Excellent » du vivier 2 (%)', 0, 100),
  sim_ratio: z.preprocess(
    vide,
    z
      .string({ error: 'Taux de promotion : valeur invalide.' })
      .trim()
      .transform((v) => v.replace(',', '.'))
      .refine((v) => v === '' || (/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/.test(v)), { message: 'Taux de promotion : un nombre de 0 à 1 (par exemple 0,2).' })
      .transform((v) => (v === '' ? null : Number(v))),
  ),
  sim_tous: z.preprocess(vide, z.enum(['', '1'], { error: 'Candidats : valeur invalide.' })).transform((v) => v === '1'),
});

export type SaisieSimulation = { sim_p: string; sim_part: string; sim_exc1: string; sim_exc2: string; sim_ratio: string; sim_tous: string };
export const CHAMPS_SIMULATION = ['sim_p', 'sim_part', 'sim_exc1', 'sim_exc2', 'sim_ratio', 'sim_tous'] as const;
export const CHAMPS_VUE = ['tri', 'sens', 'vivier', 'promu', 'q'] as const;

/** Arrêté: the publication date and time, Paris time (datetime-local or typed). */
export const formulaireArrete = z.object({ publication: texte('La date de publication', { min: 1, max: 40 }) });

/** Reopening: the motif is required (it is audited and shown in the table's history). */
export const formulaireReouverture = z.object({ motif: texte('Le motif', { min: 5, max: 2000, multiligne: true }) });
