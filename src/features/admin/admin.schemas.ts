import { z } from 'zod';
import { RequeteInvalideError } from '../../shared/errors.ts';
import { listeDe } from '../../shared/http/formulaire.ts';
import { idDe } from '../../shared/http/parametres.ts';

/** Form and URL pieces shared by the administration pages: every failure gets a French message. */

const ID = /^\d{1,18}$/;

/** A bigint id from the URL (the shared parser); anything else is a 400 (a nonexistent id is a 404, decided by the service). */
export function parametreId(params: unknown, quoi: string): string {
  return idDe(params, 'id', () => new RequeteInvalideError('ID_INVALIDE', `Identifiant ${quoi} invalide : vérifiez l’adresse de la page.`));
}

/** An integer field between min and max. */
export function entier(libelle: string, min: number, max: number) {
  return z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z
      .string({ error: `${libelle} : valeur invalide.` })
      .transform((v) => v.trim())
      .refine((v) => v !== '', { message: `${libelle} est obligatoire.` })
      .refine((v) => /^-?\d{1,9}$/.test(v), { message: `${libelle} doit être un nombre entier.` })
      .transform(Number)
      .refine((n) => n >= min && n <= max, { message: `${libelle} doit être compris entre ${min} et ${max}.` }),
  );
}

/** A checkbox, strictly: absent is false, "on" is true, anything else (a value sent twice…) is an error. */
export function caseStricte(libelle: string) {
  // Preprocessed like `cases`: an unticked box is an absent key, which zod's object would otherwise call missing.
  return z.preprocess(
    (v) => (v === undefined ? false : v),
    z.union([z.literal(false), z.literal('on'), z.literal('1'), z.literal('true')], { error: `${libelle} : valeur invalide.` }).transform((v) => v !== false),
  );
}

/**
 * A checkbox group. The shared `listeDe` alone fails with zod's English "expected nonoptional" when no box is
 * ticked (the key is then absent from the body): the absent key is turned into an empty list first.
 */
export function cases<T extends string>(libelle: string, valeurs: readonly T[]) {
  return z.preprocess((v) => (v === undefined ? [] : v), listeDe(libelle, valeurs));
}

/** An id chosen in a list (a select): a malformed value is an error of that field. */
export function idChoisi(libelle: string) {
  return z.string({ error: `${libelle} : choisissez une valeur de la liste.` }).regex(ID, `${libelle} : choisissez une valeur de la liste.`);
}

/** What the user typed in a text field, to show it back (truncated; arrays and other types shown empty). */
export function saisieTexte(corps: unknown, champ: string): string {
  const v = (corps as Record<string, unknown> | undefined)?.[champ];
  return typeof v === 'string' ? v.slice(0, 2000) : '';
}

/** The boxes the user ticked in a checkbox group, to show them back. */
export function saisieListe(corps: unknown, champ: string): string[] {
  const v = (corps as Record<string, unknown> | undefined)?.[champ];
  const l = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return l.filter((x): x is string => typeof x === 'string').slice(0, 50);
}

export function saisieCase(corps: unknown, champ: string): boolean {
  const v = (corps as Record<string, unknown> | undefined)?.[champ];
  return v === 'on' || v === '1' || v === 'true';
}

/** The fixed confirmation message of a `?fait=code` redirect: the query string itself is never echoed. */
export function messageConfirmation(query: unknown, messages: Record<string, string>): string | null {
  const fait = (query as Record<string, unknown> | undefined)?.fait;
  return typeof fait === 'string' && Object.hasOwn(messages, fait) ? messages[fait]! : null;
}

/** The page number of a list (absent: 1); garbage is a 400. */
export function pageDemandee(query: unknown): number {
  const p = (query as Record<string, unknown> | undefined)?.page;
  if (p === undefined || p === '') return 1;
  if (typeof p !== 'string' || !/^\d{1,6}$/.test(p)) throw new RequeteInvalideError('PAGE_INVALIDE', 'Numéro de page invalide.');
  return Number(p);
}

/** 23505: a UNIQUE constraint refused the row (two administrators racing, or a check skipped). */
export function estViolationUnicite(err: unknown): boolean {
  return codeSql(err) === '23505';
}

/** 23503: a foreign key refused the change (the referenced row was deleted meanwhile, or is still referenced). */
export function estViolationReference(err: unknown): boolean {
  return codeSql(err) === '23503';
}

function codeSql(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}
