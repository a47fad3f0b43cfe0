import { z } from 'zod';
import { texte } from '../../shared/saisie.ts';
import { ROLES } from '../../shared/roles.ts';
import { cases, caseStricte, entier, idChoisi } from './admin.schemas.ts';
import { MAX_URL, problemeUrlApplication } from './catalogue-admin.rules.ts';

/** The catalogue forms of the administration. */

export const ORDRE_MAX = 9999;

export const formulaireRubrique = z.object({
  libelle: texte('Le libellé', { min: 1, max: 100 }),
  ordre: entier('L’ordre', 0, ORDRE_MAX),
});
export type RubriqueSaisie = z.output<typeof formulaireRubrique>;

export const formulaireApplication = z.object({
  rubrique_id: idChoisi('La rubrique'),
  groupe: texte('Le groupe', { min: 1, max: 150 }),
  libelle: texte('Le libellé', { min: 1, max: 150 }),
  description: texte('La description', { max: 500 }),
  url: texte('L’adresse', { min: 1, max: MAX_URL }).superRefine((v, ctx) => {
    const probleme = problemeUrlApplication(v);
    if (probleme) ctx.addIssue({ code: 'custom', message: probleme });
  }),
  interne: caseStricte('Application interne'),
  roles: cases('Rôles', ROLES).refine((v) => v.length > 0, { message: 'Cochez au moins un rôle qui voit l’application.' }),
  ordre: entier('L’ordre', 0, ORDRE_MAX),
  actif: caseStricte('Application active'),
});
export type ApplicationSaisie = z.output<typeof formulaireApplication>;
