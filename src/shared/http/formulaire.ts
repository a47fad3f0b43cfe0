import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RequeteInvalideError } from '../errors.ts';

/** Form fields arrive as strings (or arrays when repeated): these builders give French messages for every failure. */

const CONTROLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Text no database can take: NUL (PostgreSQL refuses it in any text value, and the query fails: a 500) and UTF-16 halves
 * without their pair (JSON can carry them; they are no character at all). Nothing a person types.
 */
const ILLISIBLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function estIllisible(v: string): boolean {
  return ILLISIBLE.test(v);
}

/** Does a decoded query string or form value hold such text anywhere (strings, arrays, nested objects)? */
function contientIllisible(v: unknown, profondeur = 0): boolean {
  if (typeof v === 'string') return estIllisible(v);
  if (profondeur > 3 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => contientIllisible(x, profondeur + 1));
  return Object.entries(v).some(([k, x]) => estIllisible(k) || contientIllisible(x, profondeur + 1));
}

/**
 * Installed once for every route (app.ts): a query string is refused as a whole (400, a French page, nothing done) when
 * it holds text no database can take — whatever the route does with it next. Form bodies are checked field by field by
 * `analyserFormulaire`, so that the form comes back with the field's error; URL parameters by the route's own parsers
 * (`idDe`, closed lists), for which a malformed value names nothing (404).
 */
export async function refuserAdresseIllisible(request: FastifyRequest): Promise<void> {
  if (contientIllisible(request.query)) {
    throw new RequeteInvalideError('ADRESSE_ILLISIBLE', 'L’adresse demandée contient un caractère non autorisé (caractère nul ou mal encodé). Vérifiez-la : rien n’a été fait.');
  }
}

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

/**
 * Reads a form (or a query string) with its schema. Whatever the schema says of a field, a value holding text no database
 * can take (see `estIllisible`) is that field's error: no field the parser lets through can fail a query.
 */
export function analyserFormulaire<S extends z.ZodType>(schema: S, corps: unknown): ResultatFormulaire<z.output<S>> {
  const entree = (corps && typeof corps === 'object' ? corps : {}) as Record<string, unknown>;
  const r = schema.safeParse(entree);
  const erreurs: Record<string, string> = {};
  if (!r.success) {
    for (const issue of r.error.issues) {
      const champ = String(issue.path[0] ?? '_formulaire');
      erreurs[champ] ??= issue.message;
    }
  }
  for (const [champ, valeur] of Object.entries(entree)) {
    if (contientIllisible(valeur) || estIllisible(champ)) erreurs[estIllisible(champ) ? '_formulaire' : champ] ??= 'Ce champ contient un caractère non autorisé.';
  }
  if (r.success && Object.keys(erreurs).length === 0) return { ok: true, valeurs: r.data };
  return { ok: false, erreurs };
}

/** Re-displays what the user typed (never a password) after a refused form. */
export function valeursSaisies(corps: unknown, champs: readonly string[]): Record<string, string> {
  const c = (corps && typeof corps === 'object' ? corps : {}) as Record<string, unknown>;
  return Object.fromEntries(champs.map((k) => [k, typeof c[k] === 'string' ? (c[k] as string).slice(0, 2000) : '']));
}
