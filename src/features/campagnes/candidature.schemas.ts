import { z } from 'zod';
import { texte } from '../../shared/http/formulaire.ts';

/** JJ/MM/AAAA, as the message asks and as one types where the browser has no date picker, becomes AAAA-MM-JJ (what the picker sends). */
function versIso(v: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : v;
}

const dateIso = (libelle: string) =>
  z
    .string({ error: `${libelle} : valeur invalide.` })
    .trim()
    .transform(versIso)
    .refine((v) => v !== '', `${libelle} : la date est obligatoire.`)
    .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), `${libelle} : date attendue au format JJ/MM/AAAA.`)
    .refine((v) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return true;
      const [a, m, j] = v.split('-').map(Number) as [number, number, number];
      return a >= 1950 && a <= 2100 && m >= 1 && m <= 12 && j >= 1 && j <= new Date(Date.UTC(a, m, 0)).getUTCDate();
    }, `${libelle} : cette date n’existe pas.`);

/** A period the agent declares; `fonctions` are the codes eligible for the campaign's year. */
export function periodeDeclaree(fonctions: readonly string[], dateObservation: string) {
  return z
    .object({
      du: z.preprocess((v) => v ?? '', dateIso('Du')),
      au: z.preprocess((v) => v ?? '', dateIso('Au')),
      nature: z.enum(['FONCTION', 'EDUCATION_PRIORITAIRE'], { error: 'Choisissez la nature de la période.' }),
      fonction: z.preprocess((v) => v ?? '', z.string({ error: 'Fonction : valeur invalide.' })),
      etablissement: texte('L’établissement ou le service', { min: 1, max: 200 }),
      commentaire: texte('Les précisions', { max: 1000, multiligne: true }),
    })
    .superRefine((p, ctx) => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(p.du) && /^\d{4}-\d{2}-\d{2}$/.test(p.au)) {
        if (p.au < p.du) ctx.addIssue({ code: 'custom', path: ['au'], message: 'La fin de la période précède son début.' });
        if (p.du > dateObservation) ctx.addIssue({ code: 'custom', path: ['du'], message: 'La période commence après la date d’observation de la campagne : elle ne peut pas compter.' });
      }
      if (p.nature === 'FONCTION' && !fonctions.includes(p.fonction)) ctx.addIssue({ code: 'custom', path: ['fonction'], message: 'Choisissez une fonction de la liste des fonctions retenues pour cette campagne.' });
      if (p.nature === 'EDUCATION_PRIORITAIRE' && p.fonction !== '') ctx.addIssue({ code: 'custom', path: ['fonction'], message: 'Une affectation en éducation prioritaire ne précise pas de fonction : laissez « — ».' });
    })
    .transform((p) => ({ ...p, fonction: p.nature === 'FONCTION' ? p.fonction : null, commentaire: p.commentaire === '' ? null : p.commentaire }));
}
