import { Secret, TOTP } from 'otpauth';

/** TOTP of RFC 6238 as the académie's security keys use it: SHA-1, 6 digits, 30-second step. */
export const PARAMETRES_TOTP = { algorithm: 'SHA1', digits: 6, period: 30, fenetre: 1 } as const;

function totp(secretBase32: string, digits: number = PARAMETRES_TOTP.digits): TOTP {
  return new TOTP({
    issuer: 'Vivier',
    label: 'Vivier',
    algorithm: PARAMETRES_TOTP.algorithm,
    digits,
    period: PARAMETRES_TOTP.period,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function pasDeTemps(instant: Date): number {
  return Math.floor(instant.getTime() / 1000 / PARAMETRES_TOTP.period);
}

export function genererCode(secretBase32: string, instant: Date, digits?: number): string {
  return totp(secretBase32, digits).generate({ timestamp: instant.getTime() });
}

/**
 * The time step the code belongs to (within ±1 step of `instant`), or null if it matches none.
 * The caller refuses a step already used: a code is accepted once.
 */
export function verifierCode(secretBase32: string, code: string, instant: Date, digits?: number): number | null {
  const delta = totp(secretBase32, digits).validate({ token: code, timestamp: instant.getTime(), window: PARAMETRES_TOTP.fenetre });
  // otpauth returns the step offset, 0 meaning "this very step": compare with null, never truthiness.
  return delta === null ? null : pasDeTemps(instant) + delta;
}

export function nouveauSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function uriOtpauth(secretBase32: string, identifiant: string): string {
  return new TOTP({
    issuer: 'Vivier',
    label: identifiant,
    algorithm: PARAMETRES_TOTP.algorithm,
    digits: PARAMETRES_TOTP.digits,
    period: PARAMETRES_TOTP.period,
    secret: Secret.fromBase32(secretBase32),
  }).toString();
}
