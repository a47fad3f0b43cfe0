import { z } from 'zod';
import { CORPS } from '../../carriere/vocabulaire.ts';
import { PREMIERE_CAMPAGNE } from '../eligibilite/regles.ts';

/** An ISO 8601 date-time with an explicit offset (Z or ±hh:mm): never a local time left to guess. */
const instant = (libelle: string) =>
  z
    .string({ error: `${libelle} : valeur invalide.` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, `${libelle} : date et heure ISO 8601 avec fuseau attendues, par exemple 2026-12-15T17:00:00+01:00.`)
    .transform((v, ctx) => {
      const d = new Date(v);
      const [a, m, j] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
      const jourValide = m >= 1 && m <= 12 && j >= 1 && j <= new Date(Date.UTC(a, m, 0)).getUTCDate();
      if (Number.isNaN(d.getTime()) || !jourValide) {
        ctx.addIssue({ code: 'custom', message: `${libelle} : date inexistante.` });
        return z.NEVER;
      }
      return d;
    });

/** A campaign as HR creates it (CLI or page). The page converts its Paris-time fields to instants first. */
export const nouvelleCampagne = z
  .object({
    corps: z.enum(CORPS, { error: `Le corps doit être l’un de : ${CORPS.join(', ')}.` }),
    // An empty field is missing, not year 0: "Première campagne : 2017." would answer a question nobody asked.
    annee: z.preprocess((v, ctx) => {
      if (typeof v !== 'string' || v.trim() !== '') return v;
      ctx.addIssue({ code: 'custom', message: 'L’année de la campagne est obligatoire.' });
      return z.NEVER;
    }, z.coerce.number({ error: 'L’année doit être un nombre.' }).int('L’année doit être un nombre entier.').min(PREMIERE_CAMPAGNE, `Première campagne : ${PREMIERE_CAMPAGNE}.`).max(2100, 'Année trop lointaine.')),
    ouverture: instant('L’ouverture'),
    fermeture: instant('La fermeture'),
    promotions: z.coerce.number({ error: 'Le nombre de promotions doit être un nombre.' }).int('Le nombre de promotions doit être entier.').min(0, 'Le nombre de promotions ne peut pas être négatif.').max(100_000, 'Nombre de promotions trop grand.'),
    ratio: z.coerce.number({ error: 'Le taux doit être un nombre.' }).min(0, 'Le taux est compris entre 0 et 1.').max(1, 'Le taux est compris entre 0 et 1.').optional(),
  })
  // Runs even when a field failed (zod 4): only compare two real dates.
  .refine((c) => !(c.ouverture instanceof Date && c.fermeture instanceof Date) || c.fermeture.getTime() > c.ouverture.getTime(), {
    path: ['fermeture'],
    message: 'La fermeture doit être postérieure à l’ouverture.',
  });

export type NouvelleCampagne = z.output<typeof nouvelleCampagne>;
