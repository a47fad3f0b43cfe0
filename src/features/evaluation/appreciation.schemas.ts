import { z } from 'zod';
import { texte } from '../../shared/saisie.ts';
import { APPRECIATIONS, AVIS } from '../../carriere/vocabulaire.ts';

/** The forms of the appreciations and avis, validated at the edge with French messages. */

const vide = (v: unknown) => (v === undefined || v === null ? '' : v);

/** An agent id as the HR data writes them (letters, digits), checked before any query. */
export const agentIdValide = (v: string) => /^[A-Za-z0-9_-]{1,32}$/.test(v);

export const formulaireTexte = z.object({ texte: texte('L’appréciation', { max: 4000, min: 1, multiligne: true }).transform((v) => v.trim()) }).refine((v) => v.texte !== '', {
  path: ['texte'],
  message: 'L’appréciation est obligatoire.',
});

export const formulaireAvis = z.object({
  avis: z.preprocess(vide, z.enum(AVIS, { error: 'Choisissez l’avis : très favorable, favorable ou défavorable.' })),
  texte: texte('Le commentaire', { max: 2000, multiligne: true }).transform((v) => (v.trim() === '' ? null : v.trim())),
});

export const formulaireFinale = z.object({
  agent_id: z.preprocess(vide, z.string().refine(agentIdValide, 'Agent inconnu : rechargez la page.')),
  vivier: z.preprocess(vide, z.enum(['1', '2'], { error: 'Vivier inconnu : rechargez la page.' })).transform((v) => Number(v) as 1 | 2),
  appreciation: z.preprocess(vide, z.enum(APPRECIATIONS, { error: 'Choisissez l’appréciation finale dans la liste.' })),
  /** The page of the list the form was on, to come back to it. */
  page: z.preprocess((v) => (v === undefined || v === '' ? '1' : v), z.string().regex(/^\d{1,6}$/, 'Page inconnue : rechargez la page.')).transform(Number),
  /** The list was filtered to the appreciations still to give. */
  a_donner: z.preprocess(vide, z.enum(['', '1'], { error: 'Filtre inconnu : rechargez la page.' })).transform((v) => v === '1'),
});
