import crypto from 'node:crypto';
import { COMPTES_DEMO } from '../src/demo/comptes.ts';

/**
 * A login request as a browser sends it. The anonymous CSRF protection is a double submit: the `vivier_csrf`
 * cookie must equal the `_csrf` field, so one precomputed random pair (43 base64url characters) serves every request.
 */
export function requeteConnexion(identifiant = 'jdupont'): { headers: Record<string, string>; body: string } {
  const compte = COMPTES_DEMO.find((c) => c.identifiant === identifiant);
  if (!compte) throw new Error(`compte de démonstration inconnu : ${identifiant}`);
  const csrf = crypto.randomBytes(32).toString('base64url');
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vivier_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, identifiant, mot_de_passe: compte.motDePasse }).toString(),
  };
}

/** Logs in `nombre` times (a few at a time) and returns the session tokens: one per load-generator connection. */
export async function ouvrirSessions(urlApp: string, nombre: number, enParallele = 4): Promise<string[]> {
  const jetons: string[] = [];
  const une = async () => {
    const { headers, body } = requeteConnexion();
    const r = await fetch(`${urlApp}/connexion`, { method: 'POST', headers, body, redirect: 'manual' });
    if (r.status !== 303) throw new Error(`connexion de préparation refusée : ${r.status}`);
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('vivier_session='));
    if (!cookie) throw new Error('connexion de préparation : pas de cookie de session');
    jetons.push(cookie.slice('vivier_session='.length).split(';')[0]!);
  };
  for (let i = 0; i < nombre; i += enParallele) await Promise.all(Array.from({ length: Math.min(enParallele, nombre - i) }, une));
  return jetons;
}

/** Logs one account in through POST /connexion (double-submit CSRF) and returns its session token. */
export async function connecter(urlApp: string, identifiant: string, motDePasse: string): Promise<string> {
  const csrf = crypto.randomBytes(32).toString('base64url');
  const r = await fetch(`${urlApp}/connexion`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vivier_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, identifiant, mot_de_passe: motDePasse }).toString(),
    redirect: 'manual',
  });
  await r.arrayBuffer();
  if (r.status !== 303) throw new Error(`connexion de ${identifiant} refusée : ${r.status}`);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('vivier_session='));
  if (!cookie) throw new Error(`connexion de ${identifiant} : pas de cookie de session`);
  return cookie.slice('vivier_session='.length).split(';')[0]!;
}

/** Logs several accounts in, `enParallele` at a time; tokens in the order of `comptes`. */
export async function connecterComptes(urlApp: string, comptes: ReadonlyArray<{ identifiant: string; motDePasse: string }>, enParallele = 4): Promise<string[]> {
  const jetons: string[] = new Array(comptes.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: enParallele }, async () => {
      while (i < comptes.length) {
        const k = i++;
        jetons[k] = await connecter(urlApp, comptes[k]!.identifiant, comptes[k]!.motDePasse);
      }
    }),
  );
  return jetons;
}
