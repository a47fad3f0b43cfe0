import { z } from 'zod';
import { analyserFormulaire, choix, texte, type ResultatFormulaire } from '../../shared/saisie.ts';

/** The CV the agent writes (DOMAIN.md §3): three rubrics, each with its own form. */
export const RUBRIQUES_CV = ['ACTIVITE', 'QUALIFICATION', 'FORMATION'] as const;
export type RubriqueCv = (typeof RUBRIQUES_CV)[number];

export const CATEGORIES_QUALIFICATION = ['DIPLOME', 'CERTIFICATION', 'LANGUE'] as const;
export type CategorieQualification = (typeof CATEGORIES_QUALIFICATION)[number];
export const LIBELLE_CATEGORIE: Record<CategorieQualification, string> = { DIPLOME: 'Diplôme', CERTIFICATION: 'Certification', LANGUE: 'Langue' };

export const NIVEAUX_LANGUE = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'MATERNELLE'] as const;
export const LIBELLE_NIVEAU: Record<(typeof NIVEAUX_LANGUE)[number], string> = {
  A1: 'A1 — introductif',
  A2: 'A2 — intermédiaire',
  B1: 'B1 — seuil',
  B2: 'B2 — avancé',
  C1: 'C1 — autonome',
  C2: 'C2 — maîtrise',
  MATERNELLE: 'Langue maternelle',
};

/** The earliest date a CV entry may carry: older dates are typing errors. */
export const DATE_MINIMALE = '1940-01-01';

/** Values ready to store: every optional field is null when empty. */
export type ValeursCv = {
  categorie: CategorieQualification | null;
  intitule: string;
  organisme: string | null;
  niveau: string | null;
  date_debut: string | null;
  date_fin: string | null;
  duree_heures: number | null;
  description: string | null;
};

export const CHAMPS_CV = ['categorie', 'intitule', 'organisme', 'niveau', 'date_debut', 'date_fin', 'duree_heures', 'description'] as const;

/** 'YYYY-MM-DD' or 'JJ/MM/AAAA' (browsers without a date picker) to ISO, or null when it is not a real calendar date. */
export function lireDate(saisie: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(saisie) ?? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(saisie);
  if (!m) return null;
  const [a, mo, j] = saisie.includes('/') ? [m[3]!, m[2]!, m[1]!] : [m[1]!, m[2]!, m[3]!];
  const d = new Date(`${a}-${mo}-${j}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== `${a}-${mo}-${j}`) return null;
  return `${a}-${mo}-${j}`;
}

function champDate(libelle: string, opts: { requis: boolean; aujourdhui: string; futurPermis?: boolean }) {
  return texte(libelle, { max: 10 }).transform((v, ctx) => {
    if (v === '') {
      if (opts.requis) ctx.addIssue({ code: 'custom', message: `${libelle} est obligatoire.` });
      return null;
    }
    const iso = lireDate(v);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: `${libelle} n’est pas une date valide (format JJ/MM/AAAA).` });
      return null;
    }
    if (iso < DATE_MINIMALE) ctx.addIssue({ code: 'custom', message: `${libelle} ne peut pas être antérieure au 01/01/1940.` });
    else if (!opts.futurPermis && iso > opts.aujourdhui) ctx.addIssue({ code: 'custom', message: `${libelle} ne peut pas être dans le futur.` });
    return iso;
  });
}

function optionnel(libelle: string, max: number, multiligne = false) {
  return texte(libelle, { max, multiligne }).transform((v) => (v === '' ? null : v));
}

const dureeHeures = texte('La durée', { max: 5 }).transform((v, ctx) => {
  if (v === '') return null;
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > 2000) {
    ctx.addIssue({ code: 'custom', message: 'La durée doit être un nombre entier d’heures entre 1 et 2000.' });
    return null;
  }
  return Number(v);
});

function finApresDebut(v: { date_debut: string | null; date_fin: string | null }, ctx: z.RefinementCtx) {
  if (v.date_debut && v.date_fin && v.date_fin < v.date_debut) {
    ctx.addIssue({ code: 'custom', path: ['date_fin'], message: 'La date de fin doit être postérieure ou égale à la date de début.' });
  }
}

/** The zod schema of a rubric's form; `aujourdhui` (YYYY-MM-DD, Paris) bounds the dates: rules never read the clock. */
export function schemaCv(rubrique: RubriqueCv, aujourdhui: string): z.ZodType<ValeursCv> {
  const description = optionnel('La description', 2000, true);
  if (rubrique === 'QUALIFICATION') {
    return z
      .object({
        categorie: choix('Le type de qualification', CATEGORIES_QUALIFICATION),
        intitule: texte('L’intitulé', { max: 200, min: 1 }),
        organisme: optionnel('L’organisme', 200),
        niveau: texte('Le niveau', { max: 20 }),
        date_debut: champDate('La date d’obtention', { requis: false, aujourdhui }),
        description,
      })
      .superRefine((v, ctx) => {
        if (v.categorie === 'LANGUE' && !(NIVEAUX_LANGUE as readonly string[]).includes(v.niveau)) {
          ctx.addIssue({ code: 'custom', path: ['niveau'], message: 'Pour une langue, choisissez le niveau dans la liste.' });
        }
        if (v.categorie !== 'LANGUE' && !v.date_debut) ctx.addIssue({ code: 'custom', path: ['date_debut'], message: 'La date d’obtention est obligatoire.' });
      })
      .transform((v) => ({ ...v, niveau: v.categorie === 'LANGUE' ? v.niveau : null, date_fin: null, duree_heures: null }));
  }
  const base = {
    intitule: texte('L’intitulé', { max: 200, min: 1 }),
    organisme: optionnel(rubrique === 'ACTIVITE' ? 'L’employeur ou l’établissement' : 'L’organisme de formation', 200),
    date_debut: champDate('La date de début', { requis: true, aujourdhui }),
    date_fin: champDate('La date de fin', { requis: false, aujourdhui }),
    description,
  };
  if (rubrique === 'ACTIVITE') {
    return z
      .object(base)
      .superRefine(finApresDebut)
      .transform((v) => ({ ...v, categorie: null, niveau: null, duree_heures: null }));
  }
  return z
    .object({ ...base, duree_heures: dureeHeures })
    .superRefine(finApresDebut)
    .transform((v) => ({ ...v, categorie: null, niveau: null }));
}

export function analyserCv(rubrique: RubriqueCv, corps: unknown, aujourdhui: string): ResultatFormulaire<ValeursCv> {
  return analyserFormulaire(schemaCv(rubrique, aujourdhui), corps);
}

/** URL segment of each rubric, and back. */
export const SEGMENT_RUBRIQUE: Record<RubriqueCv, string> = { ACTIVITE: 'activites', QUALIFICATION: 'qualifications', FORMATION: 'formations' };
export function rubriqueDeSegment(segment: unknown): RubriqueCv | null {
  return RUBRIQUES_CV.find((r) => SEGMENT_RUBRIQUE[r] === segment) ?? null;
}
