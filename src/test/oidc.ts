import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import type { ConfigOidc } from '../config.ts';
import { CHEMINS_OIDC } from '../features/portail/proconnect.ts';

/**
 * A real OpenID Connect provider for the tests (`oidc-provider`), on a loopback port, configured as ProConnect behaves
 * (its documentation, doc_fs/implementation_technique.md): code flow, client_secret_post, ID token and **userinfo as a
 * signed JWT** (RS256), ProConnect's claims (`given_name`, `usual_name`, `email`, `uid`, `siret`, `idp_id`), a `sub`
 * per person, codes valid 30 s, access tokens 60 s; the authorize request refused for any parameter ProConnect does
 * not list (PKCE parameters included, unless the provider is started as a generic one with PKCE required), for a state
 * or nonce under 32 characters; the end-session request refused without exactly id_token_hint, state and
 * post_logout_redirect_uri. Its sign-in page asks for an e-mail (no password: the identity providers behind ProConnect
 * are not under test); consent is implicit, as at ProConnect.
 */
export type PersonneOidc = { sub: string; email: string; given_name: string; usual_name: string; uid: string; siret: string; idp_id: string };

export const PERSONNES_OIDC: PersonneOidc[] = [
  { sub: 'f1b3c0d2e4a5968778695a4b3c2d1e0f', email: 'camille.roux@ac-test.fr', given_name: 'Camille', usual_name: 'Roux', uid: 'croux', siret: '13002526500013', idp_id: 'fia-education' },
  { sub: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', email: 'jean.dupont@ac-test.fr', given_name: 'Jean', usual_name: 'Dupont', uid: 'jdupont3', siret: '13002526500013', idp_id: 'fia-education' },
];

export const CLIENT_OIDC = { id: 'vivier-test', secret: 'secret-de-test-du-client-vivier-0123456789' } as const;

/** The parameters ProConnect accepts on its authorize endpoint (any other: error Y000400). */
const PARAMETRES_PROCONNECT = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'claims', 'prompt', 'idp_hint', 'acr_values']);

export type FournisseurDeTest = {
  issuer: string;
  /** The configuration Vivier is given for this provider (`urlPublique`: Vivier's address, known once it listens). */
  config(urlPublique: string, autres?: Partial<ConfigOidc>): ConfigOidc;
  /** Lifetime of the next codes, in seconds (30 as at ProConnect). */
  dureeCodeS: number;
  /** Requests refused by the strict checks (the tests assert there are none in the normal journeys). */
  refus: string[];
  arreter(): Promise<void>;
  demarrer(): Promise<void>;
  fermer(): Promise<void>;
};

export async function demarrerFournisseurOidc(opts: { pkce?: boolean; urlPublique?: string | (() => string) } = {}): Promise<FournisseurDeTest> {
  const pkce = opts.pkce ?? false;
  let port = 0;
  let serveur: http.Server | null = null;
  const refus: string[] = [];
  const etat = { dureeCodeS: 30 };
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'cle-de-test-1', alg: 'RS256', use: 'sig' };

  // The provider is created once the port is known (the issuer contains it); a restart keeps the port.
  let provider: Provider | null = null;
  let urlPublique = '';
  const creer = (issuer: string, retourVivier: string): Provider => {
    const configuration: Configuration = {
      clients: [
        {
          client_id: CLIENT_OIDC.id,
          client_secret: CLIENT_OIDC.secret,
          redirect_uris: [retourVivier + CHEMINS_OIDC.retour],
          post_logout_redirect_uris: [retourVivier + CHEMINS_OIDC.retourDeconnexion],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
          id_token_signed_response_alg: 'RS256',
          userinfo_signed_response_alg: 'RS256',
        },
      ],
      jwks: { keys: [jwk as never] },
      cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
      scopes: ['openid', 'email', 'given_name', 'usual_name', 'uid', 'siret', 'idp_id'],
      claims: { openid: ['sub'], email: ['email'], given_name: ['given_name'], usual_name: ['usual_name'], uid: ['uid'], siret: ['siret'], idp_id: ['idp_id'] },
      features: {
        devInteractions: { enabled: false },
        jwtUserinfo: { enabled: true },
        rpInitiatedLogout: { enabled: true, logoutSource: pageDeconnexion, postLogoutSuccessSource: async (ctx) => void (ctx.body = 'Déconnecté.') },
      },
      pkce: { required: () => pkce },
      ttl: { AuthorizationCode: () => etat.dureeCodeS, AccessToken: 60, IdToken: 3600, Interaction: 600, Session: 12 * 3600, Grant: 12 * 3600 },
      findAccount: async (_ctx, sub) => {
        const p = PERSONNES_OIDC.find((x) => x.sub === sub);
        return p ? { accountId: sub, claims: async () => ({ ...p }) } : undefined;
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Erreur</title></head><body><main><h1>Erreur du fournisseur</h1><p>${echapper(String(out.error))} : ${echapper(String(out.error_description ?? ''))}</p></main></body></html>`;
      },
    };
    const p = new Provider(issuer, configuration);
    // Silence the provider's own error events (the refusals are what the tests look at).
    p.on('server_error', () => {});
    return p;
  };

  async function gerer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const p = provider!;
    const u = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (u.pathname === '/auth' && req.method === 'GET') {
      const inconnus = [...u.searchParams.keys()].filter((k) => !PARAMETRES_PROCONNECT.has(k) && !(pkce && (k === 'code_challenge' || k === 'code_challenge_method')));
      const courts = ['state', 'nonce'].filter((k) => (u.searchParams.get(k) ?? '').length < 32);
      if (inconnus.length > 0 || courts.length > 0) return refuser(res, `authorize : paramètres refusés ${[...inconnus, ...courts.map((k) => `${k} < 32 caractères`)].join(', ')}`);
    }
    if (u.pathname === '/session/end' && req.method === 'GET') {
      const cles = [...u.searchParams.keys()].sort().join(',');
      if (cles !== 'id_token_hint,post_logout_redirect_uri,state') return refuser(res, `session/end : paramètres ${cles}`);
    }
    if (u.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const m = /^\/interaction\/([\w-]+)(\/connexion)?$/.exec(u.pathname);
    if (m) return interaction(p, req, res, m[2] !== undefined);
    p.callback()(req, res);
  }

  function refuser(res: http.ServerResponse, motif: string): void {
    refus.push(motif);
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Y000400', error_description: `Bad Request Exception (${motif})` }));
  }

  async function interaction(p: Provider, req: http.IncomingMessage, res: http.ServerResponse, envoi: boolean): Promise<void> {
    const details = await p.interactionDetails(req, res);
    if (details.prompt.name === 'consent') {
      // Consent is implicit at ProConnect: the scopes asked are granted.
      const grant = new p.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await p.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    if (!envoi) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageConnexion(details.uid));
      return;
    }
    const corps = new URLSearchParams(await lireCorps(req));
    const personne = PERSONNES_OIDC.find((x) => x.email === corps.get('email')?.trim().toLowerCase());
    if (!personne) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageConnexion(details.uid, 'Adresse inconnue du fournisseur d’identité de test.'));
      return;
    }
    await p.interactionFinished(req, res, { login: { accountId: personne.sub } }, { mergeWithLastSubmission: false });
  }

  async function demarrer(): Promise<void> {
    const s = http.createServer((req, res) => {
      gerer(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`erreur du fournisseur de test : ${e instanceof Error ? e.message : String(e)}`);
      });
    });
    await new Promise<void>((ok, ko) => {
      s.once('error', ko);
      s.listen(port, '127.0.0.1', () => ok());
    });
    port = (s.address() as AddressInfo).port;
    serveur = s;
  }

  async function arreter(): Promise<void> {
    const s = serveur;
    serveur = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
  }

  await demarrer();
  const issuer = `http://127.0.0.1:${port}`;
  const lireUrlPublique = () => (typeof opts.urlPublique === 'function' ? opts.urlPublique() : (opts.urlPublique ?? urlPublique));
  return {
    issuer,
    config(url, autres = {}) {
      urlPublique = url;
      provider ??= creer(issuer, lireUrlPublique());
      return { issuer, clientId: CLIENT_OIDC.id, clientSecret: CLIENT_OIDC.secret, urlPublique: url, pkce, alg: 'RS256', scopes: 'openid email given_name usual_name uid siret idp_id', delaiMs: 2000, ...autres };
    },
    get dureeCodeS() {
      return etat.dureeCodeS;
    },
    set dureeCodeS(v: number) {
      etat.dureeCodeS = v;
    },
    refus,
    arreter,
    demarrer,
    fermer: arreter,
  };
}

function echapper(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function lireCorps(req: http.IncomingMessage): Promise<string> {
  return new Promise((ok, ko) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (s += d));
    req.on('end', () => ok(s));
    req.on('error', ko);
  });
}

function pageConnexion(uid: string, erreur?: string): string {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Fournisseur d’identité de test</title></head><body><main>
<h1>Fournisseur d’identité de test</h1>${erreur ? `<p role="alert">${echapper(erreur)}</p>` : ''}
<form method="post" action="/interaction/${echapper(uid)}/connexion">
<label for="email">Adresse électronique professionnelle</label> <input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">Se connecter</button></form></main></body></html>`;
}

/** The provider's logout page: its form (with its xsrf field) submitted at once, as ProConnect redirects without asking. */
async function pageDeconnexion(ctx: { body: unknown }, form: string): Promise<void> {
  ctx.body = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Déconnexion</title></head><body><main>
<h1>Déconnexion du fournisseur d’identité de test</h1>${form}
<button id="deconnecter" type="submit" form="op.logoutForm" value="yes" name="logout">Se déconnecter</button>
<script>document.getElementById('deconnecter').click()</script></main></body></html>`;
}

/**
 * A browser's part, without a browser, for the integration tests: follows the provider's redirections with its cookies,
 * signs in with an e-mail on its page, and stops at the first address outside the provider (Vivier's callback).
 */
export function navigateurFournisseur(issuer: string) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const garder = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv!.indexOf('=');
      const k = kv!.slice(0, i);
      const v = kv!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || v === '') jar.delete(k);
      else jar.set(k, v);
    }
  };
  async function suivre(url: string, init: RequestInit = {}): Promise<{ url: URL; reponse: Response | null }> {
    let courante = new URL(url);
    let requete: RequestInit = init;
    for (let i = 0; i < 20; i++) {
      if (courante.origin !== new URL(issuer).origin) return { url: courante, reponse: null };
      const r = await fetch(courante, { ...requete, redirect: 'manual', headers: { ...(requete.headers as Record<string, string>), cookie: cookie() } });
      garder(r);
      const loc = r.headers.get('location');
      if (r.status >= 300 && r.status < 400 && loc) {
        await r.arrayBuffer();
        courante = new URL(loc, courante);
        requete = {};
        continue;
      }
      return { url: courante, reponse: r };
    }
    throw new Error('trop de redirections chez le fournisseur de test');
  }
  return {
    /** From Vivier's redirection to the provider, through its sign-in page, to Vivier's callback address. */
    async seConnecter(urlAutorisation: string, email: string): Promise<URL> {
      const page = await suivre(urlAutorisation);
      if (!page.reponse) return page.url; // Its session still open: straight back (single sign-on).
      const html = await page.reponse.text();
      const action = /action="([^"]+\/connexion)"/.exec(html)?.[1];
      if (!action) throw new Error(`pas de page de connexion chez le fournisseur (${page.reponse.status}) : ${html.slice(0, 300)}`);
      const retour = await suivre(new URL(action, page.url).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email }).toString() });
      if (retour.reponse) throw new Error(`le fournisseur n’a pas renvoyé vers Vivier (${retour.reponse.status}) : ${(await retour.reponse.text()).slice(0, 300)}`);
      return retour.url;
    },
    /** From Vivier's redirection to the end-session endpoint, through the provider's logout form, back to Vivier. */
    async seDeconnecter(urlFin: string): Promise<URL> {
      const page = await suivre(urlFin);
      if (!page.reponse) return page.url;
      const html = await page.reponse.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
      if (!action || !xsrf) throw new Error(`pas de formulaire de déconnexion chez le fournisseur (${page.reponse.status}) : ${html.slice(0, 300)}`);
      const retour = await suivre(new URL(action, page.url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
      });
      if (retour.reponse) throw new Error(`le fournisseur n’a pas renvoyé vers Vivier après sa déconnexion (${retour.reponse.status})`);
      return retour.url;
    },
    /** The provider's session cookies are gone (after its logout). */
    aUneSession: () => [...jar.keys()].some((k) => k.startsWith('_session') && !k.endsWith('.legacy')),
  };
}
