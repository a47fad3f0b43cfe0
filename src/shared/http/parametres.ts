import { IntrouvableError, type ErreurMetier } from '../errors.ts';

/**
 * The parameters of a route's URL, read one way everywhere. Every id that reaches SQL as a bigint goes through `idDe`:
 * a malformed one ("nom", "1e3", 20 digits) never reaches the database, where it would fail the cast (a 500).
 */

/** A text parameter of the URL ('' when absent). */
export function parametre(params: unknown, nom: string): string {
  const v = (params as Record<string, unknown> | undefined)?.[nom];
  return typeof v === 'string' ? v : '';
}

/** 1 to 18 digits: always within PostgreSQL's bigint. */
const ID = /^\d{1,18}$/;

export function estId(v: unknown): v is string {
  return typeof v === 'string' && ID.test(v);
}

/**
 * A bigint id of the URL. A malformed id names nothing: 404 by default, like an unknown one (the administration pages
 * pass their own 400, `refus`).
 */
export function idDe(params: unknown, nom = 'id', refus: () => ErreurMetier = () => new IntrouvableError()): string {
  const v = parametre(params, nom);
  if (!estId(v)) throw refus();
  return v;
}
