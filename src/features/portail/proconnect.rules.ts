import { z } from 'zod';

/**
 * Pure rules of the ProConnect sign-in: reading the provider's claims, and the lifetimes of what waits for its answer.
 * No clock, no database, no network.
 */

/** The person as the provider describes them (ProConnect's claims: `usual_name`, not `family_name`). */
export type IdentiteOidc = {
  emetteur: string;
  sub: string;
  /** The identity provider behind ProConnect; '' for a provider that gives none. `sub` is specific to it. */
  idpId: string;
  courriel: string;
  prenom: string | null;
  nomUsuel: string | null;
  uid: string | null;
  siret: string | null;
  /** Kept with the session: ProConnect's logout needs it (`id_token_hint`). */
  idToken: string;
};

const facultatif = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(max).nullish()).transform((v) => v ?? null);

const claims = z.object({
  sub: z.string().min(1).max(255),
  email: z.email({ error: 'email absent ou invalide' }).max(320),
  given_name: facultatif(200),
  usual_name: facultatif(200),
  uid: facultatif(255),
  // ProConnect always sends 14 digits; a generic provider may not send it at all.
  siret: z
    .preprocess((v) => (v === '' ? null : v), z.string().regex(/^\d{14}$/, 'siret : 14 chiffres attendus').nullish())
    .transform((v) => v ?? null),
  idp_id: facultatif(255),
});

/** The userinfo's claims checked and named; a refusal says which claim is wrong (for the log). */
export function lireIdentite(emetteur: string, infos: unknown, idToken: string): { ok: true; identite: IdentiteOidc } | { ok: false; raison: string } {
  const r = claims.safeParse(infos);
  if (!r.success) return { ok: false, raison: `claims refusés : ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(' ; ')}` };
  const c = r.data;
  return {
    ok: true,
    identite: {
      emetteur,
      sub: c.sub,
      idpId: c.idp_id ?? '',
      courriel: c.email.toLowerCase(),
      prenom: c.given_name,
      nomUsuel: c.usual_name,
      uid: c.uid,
      siret: c.siret,
      idToken,
    },
  };
}

/** The name shown in Vivier: « Prénom NOM » from the claims, or null when the provider sends neither. */
export function nomAffiche(i: Pick<IdentiteOidc, 'prenom' | 'nomUsuel'>): string | null {
  const parts = [i.prenom, i.nomUsuel?.toUpperCase()].filter((x): x is string => !!x);
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * How long a sign-in sent to the provider may take to come back (the person types their password at their identity
 * provider), and how long an identity waits for its confirmation. ProConnect's code itself lives 30 s.
 */
export const DUREES_OIDC = { demandeMs: 10 * 60_000, liaisonMs: 10 * 60_000 } as const;

export function demandeEchue(creeLe: Date, maintenant: Date, dureeMs: number): boolean {
  return maintenant.getTime() - creeLe.getTime() > dureeMs;
}
