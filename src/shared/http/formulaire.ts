import { z } from 'zod';

/** Form fields arrive as strings (or arrays when repeated): these builders give French messages for every failure. */

const CONTROLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function texte(libelle: string, opts: { max: number; min?: number; multiligne?: boolean } = { max: 200 }) {
  const min = opts.min ?? 0;
  const chaine = z
    .string({ error: `${libelle} : valeur invalide.` })
    .transform((v) => (opts.multiligne ? v.replace(/\r\n/g, '\n') : v.trim()))
    .refine((v) => !CONTROLE.test(v) && (opts.multiligne || !/[\n\r\t]/.test(v)), { message: `${libelle} contient des caractères non autorisés.` })
    .refine((v) => v.length <= opts.max, { message: `${libelle} ne doit pas dépasser ${opts.max} caractères.` })
    .refine((v) => v.length >= min, { message: min <= 1 ? `${libelle} est obligatoire.` : `${libelle} doit contenir au moins ${min} caractères.` });
  // An absent field is an empty one: the "obligatoire" message then names it.
  return z.preprocess((v) => (v === undefined || v === null ? '' : v), chaine);
}

/** A checkbox group: absent → [], one value → [v], several → [...]. */
export function listeDe<T extends string>(libelle: string, valeurs: readonly T[]) {
  const liste = z
    .union([z.string(), z.array(z.string())], { error: `${libelle} : valeur invalide.` })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .refine((v) => v.every((x) => (valeurs as readonly string[]).includes(x)), { message: `${libelle} : valeur inconnue.` })
    .transform((v) => [...new Set(v)] as T[]);
  // No box ticked: the browser sends no key at all.
  return z.preprocess((v) => (v === undefined || v === null ? [] : v), liste);
}

export function choix<T extends string>(libelle: string, valeurs: readonly [T, ...T[]]) {
  return z.enum(valeurs, { error: `${libelle} : choisissez une valeur de la liste.` });
}

export function caseACocher() {
  return z
    .union([z.literal('on'), z.literal('1'), z.literal('true'), z.undefined()])
    .catch(undefined)
    .transform((v) => v !== undefined);
}

export type ResultatFormulaire<T> = { ok: true; valeurs: T } | { ok: false; erreurs: Record<string, string> };

export function analyserFormulaire<S extends z.ZodType>(schema: S, corps: unknown): ResultatFormulaire<z.output<S>> {
  const entree = corps && typeof corps === 'object' ? corps : {};
  const r = schema.safeParse(entree);
  if (r.success) return { ok: true, valeurs: r.data };
  const erreurs: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const champ = String(issue.path[0] ?? '_formulaire');
    erreurs[champ] ??= issue.message;
  }
  return { ok: false, erreurs };
}

/** Re-displays what the user typed (never a password) after a refused form. */
export function valeursSaisies(corps: unknown, champs: readonly string[]): Record<string, string> {
  const c = (corps && typeof corps === 'object' ? corps : {}) as Record<string, unknown>;
  return Object.fromEntries(champs.map((k) => [k, typeof c[k] === 'string' ? (c[k] as string).slice(0, 2000) : '']));
}
