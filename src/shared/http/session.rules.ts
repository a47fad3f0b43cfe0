/**
 * Pure rules of a session's lifetime: idle limit, absolute limit, and when the last-seen instant is rewritten.
 * No clock, no database: callers pass the instant. They live beside the session store (session.ts), which applies
 * them on every request, and the purge of expired rows (session.jobs.ts), which applies them in SQL.
 */

export type PolitiqueSession = {
  inactiviteMs: number;
  dureeMaxMs: number;
  /** The last-seen instant is written at most this often (spares a write per request). */
  rafraichissementMs: number;
};

export const POLITIQUE_SESSION: PolitiqueSession = {
  inactiviteMs: 30 * 60_000,
  dureeMaxMs: 12 * 60 * 60_000,
  rafraichissementMs: 60_000,
};

export type EtatSession = 'VALIDE' | 'INACTIVE_TROP_LONGTEMPS' | 'DUREE_MAX_ATTEINTE';

export function etatSession(s: { creeLe: Date; vueLe: Date }, maintenant: Date, p: PolitiqueSession = POLITIQUE_SESSION): EtatSession {
  const t = maintenant.getTime();
  if (t - s.creeLe.getTime() >= p.dureeMaxMs) return 'DUREE_MAX_ATTEINTE';
  if (t - s.vueLe.getTime() >= p.inactiviteMs) return 'INACTIVE_TROP_LONGTEMPS';
  return 'VALIDE';
}

/** Whether a request at `maintenant` rewrites the last-seen instant `vueLe` (at most once per `rafraichissementMs`). */
export function doitRafraichir(vueLe: Date, maintenant: Date, p: PolitiqueSession = POLITIQUE_SESSION): boolean {
  return maintenant.getTime() - vueLe.getTime() >= p.rafraichissementMs;
}

/**
 * The same expiry as `etatSession`, as two bounds a query can compare columns with: a session is expired at
 * `maintenant` when it was created at or before `creeeAuPlusTard`, or last seen at or before `vueAuPlusTard`.
 */
export function bornesExpiration(maintenant: Date, p: PolitiqueSession = POLITIQUE_SESSION): { creeeAuPlusTard: Date; vueAuPlusTard: Date } {
  const t = maintenant.getTime();
  return { creeeAuPlusTard: new Date(t - p.dureeMaxMs), vueAuPlusTard: new Date(t - p.inactiviteMs) };
}
