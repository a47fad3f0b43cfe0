import * as oidc from 'openid-client';
import type { ConfigOidc } from '../../config.ts';
import { lireIdentite, type IdentiteOidc } from './proconnect.rules.ts';

/** The provider could not answer (down, too slow, 5xx): not the user's fault, nothing was checked. */
export class FournisseurIndisponibleError extends Error {
  override name = 'FournisseurIndisponibleError';
}

/**
 * The provider's answer was refused: state or nonce not the expected ones, code expired or already used, a signature
 * that does not verify, a claim missing. Its message is for the log, never for the user.
 */
export class ReponseOidcRefuseeError extends Error {
  override name = 'ReponseOidcRefuseeError';
}

/** A sign-in sent to the provider: where to send the browser, and what to check when it comes back. */
export type DemandeAutorisation = { url: string; state: string; nonce: string; verificateur: string | null };

export type FournisseurOidc = {
  emetteur: string;
  /** The callback (`redirect_uri`), exactly as registered with the provider. */
  urlRetour: string;
  /** Where the provider sends the browser back after its logout (`post_logout_redirect_uri`). */
  urlRetourDeconnexion: string;
  /** The origin the browser is sent to (the login and logout forms' redirections: CSP `form-action`). */
  origine: string;
  demander(): Promise<DemandeAutorisation>;
  /** The code exchanged, the ID token and the signed userinfo checked: the person as the provider knows them. */
  terminer(parametres: URLSearchParams, attendu: { state: string; nonce: string; verificateur: string | null }): Promise<IdentiteOidc>;
  /** The provider's end-session address with exactly the three parameters ProConnect requires. */
  urlDeconnexion(idToken: string, state: string): Promise<string>;
};

/** The callback paths, under Vivier's public address. */
export const CHEMINS_OIDC = { retour: '/connexion/proconnect/retour', retourDeconnexion: '/deconnexion/proconnect/retour' } as const;

/**
 * ProConnect (or another OpenID Connect provider) through `openid-client`: discovery once (again after a failure), the
 * authorization code flow with state and nonce (PKCE when configured: ProConnect refuses its parameters), the ID
 * token and the userinfo JWT checked against the provider's keys (`enableNonRepudiationChecks`: ProConnect's userinfo
 * is a signed JWT, `application/jwt`).
 */
export function createFournisseurOidc(c: ConfigOidc): FournisseurOidc {
  const urlRetour = c.urlPublique + CHEMINS_OIDC.retour;
  const urlRetourDeconnexion = c.urlPublique + CHEMINS_OIDC.retourDeconnexion;
  const emetteur = c.issuer;
  const http = new URL(c.issuer).protocol === 'http:';

  let decouverte: Promise<oidc.Configuration> | null = null;
  /**
   * The provider's metadata, discovered again at every sign-in started (one request): a provider that is down is then
   * said so on Vivier's page, instead of the browser's own error at the provider's address. The keys already fetched
   * go on to the new configuration (no JWKS request per sign-in).
   */
  function decouvrir(): Promise<oidc.Configuration> {
    const precedente = decouverte;
    const p = oidc
      .discovery(
        new URL(c.issuer),
        c.clientId,
        { id_token_signed_response_alg: c.alg, userinfo_signed_response_alg: c.alg, redirect_uris: [urlRetour], response_types: ['code'] },
        oidc.ClientSecretPost(c.clientSecret),
        // Plain http only for an issuer on http (loopback tests: the configuration refuses it in production).
        { timeout: c.delaiMs / 1000, execute: http ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] : [oidc.enableNonRepudiationChecks] },
      )
      .then(async (config) => {
        const cles = precedente ? await precedente.then((x) => oidc.getJwksCache(x)).catch(() => undefined) : undefined;
        if (cles) oidc.setJwksCache(config, cles);
        return config;
      })
      .catch((e: unknown) => Promise.reject(classer(e, 'découverte')));
    decouverte = p;
    p.catch(() => {
      if (decouverte === p) decouverte = null;
    });
    return p;
  }
  const configuration = (): Promise<oidc.Configuration> => decouverte ?? decouvrir();

  /** A failure that may come from stale metadata or keys: the next sign-in discovers again. */
  function oublierSiIndisponible(e: Error): Error {
    if (e instanceof FournisseurIndisponibleError) decouverte = null;
    return e;
  }

  return {
    emetteur,
    urlRetour,
    urlRetourDeconnexion,
    origine: new URL(c.issuer).origin,

    async demander() {
      const config = await decouvrir();
      // 32 random bytes, base64url: 43 characters (ProConnect wants at least 32).
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const verificateur = c.pkce ? oidc.randomPKCECodeVerifier() : null;
      const parametres: Record<string, string> = { redirect_uri: urlRetour, scope: c.scopes, state, nonce };
      if (verificateur) {
        parametres.code_challenge = await oidc.calculatePKCECodeChallenge(verificateur);
        parametres.code_challenge_method = 'S256';
      }
      return { url: oidc.buildAuthorizationUrl(config, parametres).href, state, nonce, verificateur };
    },

    async terminer(parametres, attendu) {
      const config = await configuration();
      const courante = new URL(urlRetour);
      for (const [k, v] of parametres) courante.searchParams.append(k, v);
      try {
        const jetons = await oidc.authorizationCodeGrant(config, courante, {
          expectedState: attendu.state,
          expectedNonce: attendu.nonce,
          idTokenExpected: true,
          ...(attendu.verificateur ? { pkceCodeVerifier: attendu.verificateur } : {}),
        });
        const idToken = jetons.id_token;
        const sub = jetons.claims()?.sub;
        if (!idToken || !sub) throw new ReponseOidcRefuseeError('réponse du jeton sans ID token');
        // The userinfo's `sub` must be the ID token's (checked by openid-client), its JWT signature the provider's.
        const infos = await oidc.fetchUserInfo(config, jetons.access_token, sub);
        const identite = lireIdentite(emetteur, infos, idToken);
        if (!identite.ok) throw new ReponseOidcRefuseeError(identite.raison);
        return identite.identite;
      } catch (e) {
        throw oublierSiIndisponible(classer(e, 'retour'));
      }
    },

    async urlDeconnexion(idToken, state) {
      const config = await configuration();
      const fin = config.serverMetadata().end_session_endpoint;
      if (!fin) throw new FournisseurIndisponibleError(`fournisseur OIDC ${c.issuer} : pas de end_session_endpoint dans sa configuration`);
      // Built by hand: openid-client adds client_id, and ProConnect lists exactly these three parameters.
      const u = new URL(fin);
      u.searchParams.set('id_token_hint', idToken);
      u.searchParams.set('state', state);
      u.searchParams.set('post_logout_redirect_uri', urlRetourDeconnexion);
      return u.href;
    },
  };

  function classer(e: unknown, etape: string): Error {
    if (e instanceof FournisseurIndisponibleError || e instanceof ReponseOidcRefuseeError) return e;
    const message = `fournisseur OIDC ${c.issuer} (${etape}) : ${e instanceof Error ? e.message : String(e)}`;
    if (estIndisponibilite(e)) return new FournisseurIndisponibleError(message, { cause: e });
    return new ReponseOidcRefuseeError(message, { cause: e });
  }
}

/** Network failures, timeouts and server errors of the provider, through openid-client's wrapping. */
function estIndisponibilite(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  // fetch's own failure (refused, reset, DNS): a TypeError whose cause is the system error.
  if (e instanceof TypeError && e.message === 'fetch failed') return true;
  if (e instanceof oidc.ResponseBodyError) return e.status >= 500;
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Response) return cause.status >= 500 || cause.status === 429;
  return cause instanceof Error ? estIndisponibilite(cause) : false;
}
