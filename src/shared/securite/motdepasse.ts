import { hash, verify } from '@node-rs/argon2';

/** argon2id (algorithm 2 of @node-rs/argon2's const enum) with OWASP's recommended parameters (m = 19 MiB, t = 2, p = 1). */
export const PARAMETRES_ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hacher(secret: string): Promise<string> {
  return hash(secret, PARAMETRES_ARGON2);
}

export async function verifier(empreinte: string, secret: string): Promise<boolean> {
  try {
    return await verify(empreinte, secret);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

let empreinteLeurre: Promise<string> | null = null;

/**
 * Spends the time of one real verification, for unknown identifiers and locked accounts,
 * so that a response's timing does not tell whether an account exists.
 */
export async function verificationLeurre(secret: string): Promise<void> {
  empreinteLeurre ??= hacher('vivier-leurre-jamais-valide');
  await verifier(await empreinteLeurre, secret);
}

/** Password policy for passwords set by administrators or users. */
export function problemeMotDePasse(mdp: string): string | null {
  if (mdp.length < 12) return 'Le mot de passe doit contenir au moins 12 caractères.';
  if (mdp.length > 128) return 'Le mot de passe ne doit pas dépasser 128 caractères.';
  const familles = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(mdp)).length;
  if (familles < 3) return 'Le mot de passe doit mêler au moins trois types de caractères : minuscules, majuscules, chiffres, symboles.';
  return null;
}
