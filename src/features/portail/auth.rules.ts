/**
 * Pure rules of authentication: progressive lockout, passcode shape, return page after login.
 * No clock, no database: callers pass the instant. The session's lifetime is in shared/http/session.rules.ts.
 */

export type PolitiqueVerrouillage = {
  /** From this many consecutive failures, each new failure imposes a delay before the next attempt. */
  seuilRalentissement: number;
  /** From this many, the account is locked for `dureeVerrouillageMs` (or until an administrator unlocks it). */
  seuilVerrouillage: number;
  /** Delay after the first slowed-down failure; doubles with each further failure. */
  delaiInitialMs: number;
  dureeVerrouillageMs: number;
};

export const POLITIQUE_VERROUILLAGE: PolitiqueVerrouillage = {
  seuilRalentissement: 5,
  seuilVerrouillage: 10,
  delaiInitialMs: 60_000,
  dureeVerrouillageMs: 60 * 60_000,
};

/** Until when the account refuses attempts after its `echecs`-th consecutive failure at `maintenant` (null: no wait). */
export function verrouApresEchec(echecs: number, maintenant: Date, p: PolitiqueVerrouillage = POLITIQUE_VERROUILLAGE): Date | null {
  if (echecs >= p.seuilVerrouillage) return new Date(maintenant.getTime() + p.dureeVerrouillageMs);
  if (echecs >= p.seuilRalentissement) {
    return new Date(maintenant.getTime() + p.delaiInitialMs * 2 ** (echecs - p.seuilRalentissement));
  }
  return null;
}

export function estVerrouille(verrouilleJusquAu: Date | null, maintenant: Date): boolean {
  return verrouilleJusquAu !== null && verrouilleJusquAu.getTime() > maintenant.getTime();
}

/** A passcode is the 4-digit PIN immediately followed by the 6-digit code of the security key. */
export function decouperPasscode(passcode: string): { pin: string; code: string } | null {
  const m = /^(\d{4})(\d{6})$/.exec(passcode);
  return m ? { pin: m[1]!, code: m[2]! } : null;
}

/** A local path to go back to after login: only same-site absolute paths, never `//host` or a scheme. */
export function retourSur(valeur: unknown): string | null {
  if (typeof valeur !== 'string' || valeur.length > 2000) return null;
  if (!valeur.startsWith('/') || valeur.startsWith('//') || valeur.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\u007f]/.test(valeur)) return null;
  if (valeur.startsWith('/connexion') || valeur.startsWith('/deconnexion')) return null;
  return valeur;
}
