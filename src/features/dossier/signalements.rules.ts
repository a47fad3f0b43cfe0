import { z } from 'zod';
import { caseACocher, choix, texte } from '../../shared/saisie.ts';
import { CORPS, ECHELON_MAXIMUM, FONCTIONS, GRADES, POSITIONS, STATUTS } from '../../carriere/vocabulaire.ts';
import { lireDate } from './cv.rules.ts';
import { dateFr, libelle, periodeFr } from './libelles.ts';
import type { CibleSignalee } from './dossier.urls.ts';

/** Error reports: what can be targeted, the agent's message, the gestionnaire's corrections. Pure. */
export const TYPES_CIBLE = { identite: 'IDENTITE', carriere: 'CARRIERE', position: 'POSITION', service: 'SERVICE' } as const satisfies Record<CibleSignalee, string>;
export type TypeCible = (typeof TYPES_CIBLE)[CibleSignalee];
export const SEGMENT_CIBLE: Record<TypeCible, CibleSignalee> = { IDENTITE: 'identite', CARRIERE: 'carriere', POSITION: 'position', SERVICE: 'service' };

/** Identity fields an agent may report, with their label. */
export const CHAMPS_IDENTITE = {
  civilite: 'Civilité',
  nom: 'Nom',
  prenom: 'Prénom',
  date_naissance: 'Date de naissance',
  email: 'Adresse électronique',
  corps: 'Corps',
  discipline: 'Discipline',
  date_entree_corps: 'Date d’entrée dans le corps',
} as const;
export type ChampIdentite = keyof typeof CHAMPS_IDENTITE;
export function estChampIdentite(v: string): v is ChampIdentite {
  return Object.hasOwn(CHAMPS_IDENTITE, v);
}

export const STATUTS_SIGNALEMENT = ['EN_ATTENTE', 'ACCEPTE', 'REJETE'] as const;
export type StatutSignalement = (typeof STATUTS_SIGNALEMENT)[number];
export const LIBELLE_STATUT: Record<StatutSignalement, string> = { EN_ATTENTE: 'En attente', ACCEPTE: 'Accepté', REJETE: 'Rejeté' };

/** A readable name of the reported item, kept with the report (the row may change later). */
export function libelleCible(type: TypeCible, valeur: Record<string, unknown>, champ?: string): string {
  const s = (k: string) => String(valeur[k] ?? '');
  switch (type) {
    case 'IDENTITE':
      return `Identité — ${CHAMPS_IDENTITE[champ as ChampIdentite] ?? champ}`;
    case 'CARRIERE':
      return `Carrière — ${libelle.grade(s('grade'))}, échelon ${s('echelon')} au ${dateFr(s('date_effet'))}`;
    case 'POSITION':
      return `Position — ${libelle.position(s('position'))} ${periodeFr(s('date_debut'), (valeur.date_fin as string | null) ?? null)}`;
    case 'SERVICE':
      return `Affectation — ${s('uai')}, ${libelle.fonction(s('fonction'))} ${periodeFr(s('date_debut'), (valeur.date_fin as string | null) ?? null)}`;
  }
}

export const schemaSignalement = z.object({ message: texte('Le message', { max: 4000, min: 10, multiligne: true }) });
export const schemaRejet = z.object({ motif: texte('Le motif du rejet', { max: 2000, min: 5, multiligne: true }) });

function date(libelleChamp: string, requis: boolean) {
  return texte(libelleChamp, { max: 10 }).transform((v, ctx) => {
    if (v === '') {
      if (requis) ctx.addIssue({ code: 'custom', message: `${libelleChamp} est obligatoire.` });
      return null;
    }
    const iso = lireDate(v);
    if (!iso) ctx.addIssue({ code: 'custom', message: `${libelleChamp} n’est pas une date valide (format JJ/MM/AAAA).` });
    return iso;
  });
}

function entier(libelleChamp: string, min: number, max: number) {
  return texte(libelleChamp, { max: 3 }).transform((v, ctx) => {
    if (!/^\d{1,3}$/.test(v) || Number(v) < min || Number(v) > max) {
      ctx.addIssue({ code: 'custom', message: `${libelleChamp} doit être un nombre entier entre ${min} et ${max}.` });
      return 0;
    }
    return Number(v);
  });
}

function finApresDebut(v: { date_debut: string | null; date_fin: string | null }, ctx: z.RefinementCtx) {
  if (v.date_debut && v.date_fin && v.date_fin < v.date_debut) {
    ctx.addIssue({ code: 'custom', path: ['date_fin'], message: 'La date de fin doit être postérieure ou égale à la date de début.' });
  }
}

const CHAMP_IDENTITE_SCHEMA: Record<ChampIdentite, z.ZodType<string | null>> = {
  civilite: choix('La civilité', ['M.', 'Mme']),
  nom: texte('Le nom', { max: 100, min: 1 }),
  prenom: texte('Le prénom', { max: 100, min: 1 }),
  date_naissance: date('La date de naissance', true),
  email: texte('L’adresse électronique', { max: 200, min: 1 }).refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: 'L’adresse électronique n’est pas valide.' }),
  corps: choix('Le corps', CORPS),
  discipline: texte('La discipline', { max: 100, min: 1 }),
  date_entree_corps: date('La date d’entrée dans le corps', true),
};

/** The gestionnaire's correction form of each kind of target; values are the row's new columns. */
export function schemaCorrection(type: TypeCible, champ?: string): z.ZodType<Record<string, unknown>> {
  switch (type) {
    case 'IDENTITE': {
      const s = estChampIdentite(champ ?? '') ? CHAMP_IDENTITE_SCHEMA[champ as ChampIdentite] : null;
      if (!s) throw new Error(`champ d’identité inconnu : ${champ}`);
      return z.object({ valeur: s }).transform((v) => ({ [champ!]: v.valeur }));
    }
    case 'CARRIERE':
      return z.object({ date_effet: date('La date d’effet', true), grade: choix('Le grade', GRADES), echelon: entier('L’échelon', 1, ECHELON_MAXIMUM) });
    case 'POSITION':
      return z.object({ date_debut: date('La date de début', true), date_fin: date('La date de fin', false), position: choix('La position', POSITIONS) }).superRefine(finApresDebut);
    case 'SERVICE':
      return z
        .object({
          date_debut: date('La date de début', true),
          date_fin: date('La date de fin', false),
          uai: texte('L’UAI', { max: 8, min: 1 }).transform((v) => v.toUpperCase()).refine((v) => /^\d{7}[A-Z]$/.test(v), { message: 'L’UAI doit comporter 7 chiffres et une lettre.' }),
          fonction: choix('La fonction', FONCTIONS),
          part_service: entier('La quotité de service', 1, 100),
          statut: choix('Le statut', STATUTS),
          faisant_fonction: caseACocher(),
        })
        .superRefine(finApresDebut);
  }
}

/** The columns of a target row that a correction may change, and so the before/after of its history. */
export const COLONNES: Record<Exclude<TypeCible, 'IDENTITE'>, readonly string[]> = {
  CARRIERE: ['date_effet', 'grade', 'echelon'],
  POSITION: ['date_debut', 'date_fin', 'position'],
  SERVICE: ['date_debut', 'date_fin', 'uai', 'fonction', 'part_service', 'statut', 'faisant_fonction'],
};

/** Keeps only the listed columns, in order: the before/after snapshots of the history. */
export function extraire(ligne: Record<string, unknown>, colonnes: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(colonnes.map((c) => [c, ligne[c] ?? null]));
}
