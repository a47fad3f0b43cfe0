import { z } from 'zod';

/** Environment variables read once at start; a wrong value stops the start with a message naming it. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'valeurs possibles : development, production, test' }).default('development'),
  PORT: z.coerce.number({ error: 'doit être un numéro de port (1 à 65535)' }).int('doit être un numéro de port (1 à 65535)').min(1, 'doit être un numéro de port (1 à 65535)').max(65535, 'doit être un numéro de port (1 à 65535)').default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  VIVIER_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// ou postgresql://')
    .optional(),
  /** Application processes (node cluster) on the same PostgreSQL; PGlite is single-process. */
  VIVIER_PROCESSUS: z.coerce
    .number({ error: 'doit être un nombre de processus (1 à 64)' })
    .int('doit être un nombre de processus (1 à 64)')
    .min(1, 'doit être un nombre de processus (1 à 64)')
    .max(64, 'doit être un nombre de processus (1 à 64)')
    .default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'valeurs possibles : fatal, error, warn, info, debug, trace, silent' }).default('info'),
  /** Behind a reverse proxy, trust X-Forwarded-* (needed for the per-address rate limit). */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'], { error: 'valeurs possibles : 0, 1, true, false' })
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Secure cookies with the __Host- prefix; on by default in production only (plain http on localhost otherwise). */
  COOKIE_SECURE: z.enum(['0', '1', 'true', 'false'], { error: 'valeurs possibles : 0, 1, true, false' }).optional(),
  /** Seed the demo académie on first start (never in production). */
  VIVIER_DEMO: z.enum(['0', '1', 'true', 'false'], { error: 'valeurs possibles : 0, 1, true, false' }).default('1'),
  /** SMTP server the outbox is sent through; absent: e-mails stay in the outbox, read by administrators. */
  SMTP_URL: z
    .string()
    .refine(estUrlSmtp, 'doit être de la forme smtp://hôte:port ou smtp://utilisateur:mot-de-passe@hôte:port (smtps:// pour TLS direct)')
    .optional(),
  COURRIEL_EXPEDITEUR: z
    .string()
    .regex(/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/, 'doit être une adresse (ne-pas-repondre@exemple.fr) ou « Nom <adresse> »')
    .default('Vivier <ne-pas-repondre@vivier.invalid>'),
  /** The académie's LDAP directory; absent: local accounts only (the embedded demo). See the README, « Configuration ». */
  VIVIER_LDAP_URL: z.string().regex(/^ldaps?:\/\/[^/\s]+\/?$/, 'doit être de la forme ldap://hôte:port ou ldaps://hôte:port').optional(),
  VIVIER_LDAP_BASE: z.string().min(1).optional(),
  VIVIER_LDAP_BIND_DN: z.string().min(1).optional(),
  VIVIER_LDAP_BIND_MOT_DE_PASSE: z.string().min(1).optional(),
  VIVIER_LDAP_FILTRE: z
    .string()
    .refine((v) => v.includes('{identifiant}') && v.startsWith('(') && v.endsWith(')'), 'doit être un filtre LDAP entre parenthèses contenant {identifiant}, par exemple (uid={identifiant})')
    .default('(uid={identifiant})'),
  VIVIER_LDAP_STARTTLS: z.enum(['0', '1', 'true', 'false'], { error: 'valeurs possibles : 0, 1, true, false' }).default('0'),
  /** PEM file of the certification authority the directory's certificate is checked against (default: the system's). */
  VIVIER_LDAP_CA: z.string().min(1).optional(),
  VIVIER_LDAP_ATTR_IDENTIFIANT: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'doit être un nom d’attribut LDAP (lettres, chiffres, tiret)').default('uid'),
  VIVIER_LDAP_ATTR_NOM: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'doit être un nom d’attribut LDAP (lettres, chiffres, tiret)').default('displayName'),
  VIVIER_LDAP_ATTR_COURRIEL: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'doit être un nom d’attribut LDAP (lettres, chiffres, tiret)').default('mail'),
  VIVIER_LDAP_DELAI_MS: z.coerce
    .number({ error: 'doit être un nombre de millisecondes (100 à 60000)' })
    .int('doit être un nombre de millisecondes (100 à 60000)')
    .min(100, 'doit être un nombre de millisecondes (100 à 60000)')
    .max(60_000, 'doit être un nombre de millisecondes (100 à 60000)')
    .default(5000),
  VIVIER_LDAP_CONNEXIONS: z.coerce.number({ error: 'doit être un nombre de connexions (1 à 50)' }).int('doit être un nombre de connexions (1 à 50)').min(1, 'doit être un nombre de connexions (1 à 50)').max(50, 'doit être un nombre de connexions (1 à 50)').default(4),
  /** The académie's own « forgotten password / identifier » services; absent: a page says whom to ask. */
  VIVIER_URL_MOT_DE_PASSE_OUBLIE: z.url({ protocol: /^https?$/, error: 'doit être une adresse http:// ou https://' }).optional(),
  VIVIER_URL_IDENTIFIANT_OUBLIE: z.url({ protocol: /^https?$/, error: 'doit être une adresse http:// ou https://' }).optional(),
  /** ProConnect (OpenID Connect): the four go together; absent: no ProConnect button. See the README, « ProConnect ». */
  VIVIER_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'doit être l’adresse de l’émetteur OpenID Connect, par exemple https://auth.agentconnect.gouv.fr/api/v2' }).optional(),
  VIVIER_OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  VIVIER_OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** The address the users reach Vivier at (scheme, host, port), from which the callback addresses are made. */
  VIVIER_URL_PUBLIQUE: z.url({ protocol: /^https?$/, error: 'doit être une adresse http:// ou https://, par exemple https://vivier.ac-exemple.fr' }).optional(),
  /** PKCE: refused by ProConnect (any extra parameter is), wanted by generic providers. Default: off for ProConnect's domains only. */
  VIVIER_OIDC_PKCE: z.enum(['0', '1', 'true', 'false'], { error: 'valeurs possibles : 0, 1, true, false' }).optional(),
  VIVIER_OIDC_ALG: z.enum(['RS256', 'ES256', 'PS256', 'EdDSA'], { error: 'valeurs possibles : RS256, ES256, PS256, EdDSA (signature asymétrique vérifiable par la clé publique du fournisseur)' }).default('RS256'),
  VIVIER_OIDC_SCOPES: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]+( [A-Za-z0-9_:.-]+)*$/, 'doit être une liste de scopes séparés par une espace')
    .refine((v) => v.split(' ').includes('openid') && v.split(' ').includes('email'), 'doit contenir openid et email')
    .default('openid email given_name usual_name uid siret idp_id'),
  VIVIER_OIDC_DELAI_MS: z.coerce
    .number({ error: 'doit être un nombre de millisecondes (500 à 60000)' })
    .int('doit être un nombre de millisecondes (500 à 60000)')
    .min(500, 'doit être un nombre de millisecondes (500 à 60000)')
    .max(60_000, 'doit être un nombre de millisecondes (500 à 60000)')
    .default(5000),
});

/** How to reach the OpenID Connect provider (`VIVIER_OIDC_*`): ProConnect, or a generic provider. */
export type ConfigOidc = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Vivier's public base address, without a trailing slash: the callbacks are made from it. */
  urlPublique: string;
  /** Send a PKCE challenge (S256). ProConnect rejects any parameter it does not list: off there. */
  pkce: boolean;
  /** The signature algorithm of the ID token and of the userinfo JWT (ProConnect: chosen at registration). */
  alg: 'RS256' | 'ES256' | 'PS256' | 'EdDSA';
  scopes: string;
  delaiMs: number;
};

/** ProConnect's domains (production, integration, RIE): PKCE off by default there. */
export function estProConnect(issuer: string): boolean {
  const hote = new URL(issuer).hostname;
  return /(^|\.)(proconnect\.gouv\.fr|agentconnect\.gouv\.fr|dev-agentconnect\.fr|dev-proconnect\.fr)$/.test(hote);
}

/** How to reach the académie's directory (`VIVIER_LDAP_*`). */
export type ConfigLdap = {
  url: string;
  base: string;
  bindDn: string | null;
  bindMotDePasse: string | null;
  /** Search filter, `{identifiant}` replaced by the escaped identifiant (RFC 4515). */
  filtre: string;
  startTls: boolean;
  /** Path of a PEM file; null: the system's authorities. */
  ca: string | null;
  attributs: { identifiant: string; nom: string; courriel: string };
  delaiMs: number;
  connexions: number;
};

function estUrlSmtp(v: string): boolean {
  if (!/^smtps?:\/\//.test(v)) return false;
  try {
    const u = new URL(v);
    return u.hostname !== '' && (u.pathname === '' || u.pathname === '/') && u.search === '';
  } catch {
    return false;
  }
}

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Processes of the server (node cluster); more than 1 only on PostgreSQL. */
  processus: number;
  logLevel: string;
  trustProxy: boolean;
  cookieSecure: boolean;
  demo: boolean;
  smtpUrl: string | undefined;
  courrielExpediteur: string;
  /** Null: local accounts only. */
  ldap: ConfigLdap | null;
  /** VIVIER_URL_PUBLIQUE without its trailing slash (the passkeys' relying party, ProConnect's callbacks); null: unset. */
  urlPublique: string | null;
  urlMotDePasseOublie: string | null;
  urlIdentifiantOublie: string | null;
  /** Null: no ProConnect button, local accounts (and the directory) only. */
  oidc: ConfigOidc | null;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema
    .superRefine(coherenceLdap)
    .superRefine(coherenceOidc)
    .superRefine(processusSurPostgres)
    .safeParse(emptyAsUndefined(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const cookieSecure = e.COOKIE_SECURE === undefined ? production : e.COOKIE_SECURE === '1' || e.COOKIE_SECURE === 'true';
  const demoWanted = e.VIVIER_DEMO === '1' || e.VIVIER_DEMO === 'true';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.VIVIER_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    processus: e.VIVIER_PROCESSUS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    cookieSecure,
    demo: demoWanted && !production,
    smtpUrl: e.SMTP_URL,
    courrielExpediteur: e.COURRIEL_EXPEDITEUR,
    ldap: e.VIVIER_LDAP_URL
      ? {
          url: e.VIVIER_LDAP_URL,
          base: e.VIVIER_LDAP_BASE!,
          bindDn: e.VIVIER_LDAP_BIND_DN ?? null,
          bindMotDePasse: e.VIVIER_LDAP_BIND_MOT_DE_PASSE ?? null,
          filtre: e.VIVIER_LDAP_FILTRE,
          startTls: e.VIVIER_LDAP_STARTTLS === '1' || e.VIVIER_LDAP_STARTTLS === 'true',
          ca: e.VIVIER_LDAP_CA ?? null,
          attributs: { identifiant: e.VIVIER_LDAP_ATTR_IDENTIFIANT, nom: e.VIVIER_LDAP_ATTR_NOM, courriel: e.VIVIER_LDAP_ATTR_COURRIEL },
          delaiMs: e.VIVIER_LDAP_DELAI_MS,
          connexions: e.VIVIER_LDAP_CONNEXIONS,
        }
      : null,
    urlPublique: e.VIVIER_URL_PUBLIQUE?.replace(/\/+$/, '') ?? null,
    urlMotDePasseOublie: e.VIVIER_URL_MOT_DE_PASSE_OUBLIE ?? null,
    urlIdentifiantOublie: e.VIVIER_URL_IDENTIFIANT_OUBLIE ?? null,
    oidc: e.VIVIER_OIDC_ISSUER
      ? {
          issuer: e.VIVIER_OIDC_ISSUER,
          clientId: e.VIVIER_OIDC_CLIENT_ID!,
          clientSecret: e.VIVIER_OIDC_CLIENT_SECRET!,
          urlPublique: e.VIVIER_URL_PUBLIQUE!.replace(/\/+$/, ''),
          pkce: e.VIVIER_OIDC_PKCE === undefined ? !estProConnect(e.VIVIER_OIDC_ISSUER) : e.VIVIER_OIDC_PKCE === '1' || e.VIVIER_OIDC_PKCE === 'true',
          alg: e.VIVIER_OIDC_ALG,
          scopes: e.VIVIER_OIDC_SCOPES,
          delaiMs: e.VIVIER_OIDC_DELAI_MS,
        }
      : null,
  };
}

/** Several processes share their state through PostgreSQL: PGlite's folder is opened by one process only (STACK.md). */
function processusSurPostgres(e: z.infer<typeof schema>, ctx: z.RefinementCtx): void {
  if (e.VIVIER_PROCESSUS > 1 && !e.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['VIVIER_PROCESSUS'],
      message: `${e.VIVIER_PROCESSUS} processus demandés, mais la base embarquée (PGlite) ne s’ouvre que dans un seul processus : mettez VIVIER_PROCESSUS=1, ou donnez DATABASE_URL (PostgreSQL) pour en lancer plusieurs`,
    });
  }
}

/** The ProConnect variables go together; in production the provider and Vivier are reached over https only. */
function coherenceOidc(e: z.infer<typeof schema>, ctx: z.RefinementCtx): void {
  const manque = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  // VIVIER_URL_PUBLIQUE alone is allowed: the passkeys' relying party is made from it too.
  if (e.NODE_ENV === 'production' && e.VIVIER_URL_PUBLIQUE?.startsWith('http://') && e.VIVIER_OIDC_ISSUER === undefined) {
    manque('VIVIER_URL_PUBLIQUE', 'en production, https:// obligatoire (les clés d’accès ne fonctionnent qu’en contexte sécurisé)');
  }
  const cles = ['VIVIER_OIDC_ISSUER', 'VIVIER_OIDC_CLIENT_ID', 'VIVIER_OIDC_CLIENT_SECRET', 'VIVIER_URL_PUBLIQUE'] as const;
  const presentes = cles.filter((k) => k !== 'VIVIER_URL_PUBLIQUE' && e[k] !== undefined);
  if (presentes.length === 0) {
    if (e.VIVIER_OIDC_PKCE !== undefined) manque('VIVIER_OIDC_PKCE', 'n’a de sens qu’avec VIVIER_OIDC_ISSUER (le fournisseur OpenID Connect)');
    return;
  }
  for (const k of cles) if (e[k] === undefined) manque(k, `obligatoire pour ProConnect : ${cles.join(', ')} vont ensemble`);
  if (e.NODE_ENV === 'production') {
    for (const k of ['VIVIER_OIDC_ISSUER', 'VIVIER_URL_PUBLIQUE'] as const) {
      if (e[k]?.startsWith('http://')) manque(k, 'en production, https:// obligatoire (les codes et jetons ne passent pas en clair)');
    }
  }
}

/** The LDAP variables only make sense together: a base with the URL, a service password with its DN, no StartTLS over ldaps. */
function coherenceLdap(e: z.infer<typeof schema>, ctx: z.RefinementCtx): void {
  const manque = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!e.VIVIER_LDAP_URL) {
    for (const k of ['VIVIER_LDAP_BASE', 'VIVIER_LDAP_BIND_DN', 'VIVIER_LDAP_BIND_MOT_DE_PASSE', 'VIVIER_LDAP_CA'] as const) {
      if (e[k] !== undefined) manque(k, 'n’a de sens qu’avec VIVIER_LDAP_URL (l’adresse de l’annuaire)');
    }
    return;
  }
  if (!e.VIVIER_LDAP_BASE) manque('VIVIER_LDAP_BASE', 'obligatoire avec VIVIER_LDAP_URL : la base de recherche des comptes, par exemple ou=people,dc=ac-exemple,dc=fr');
  if ((e.VIVIER_LDAP_BIND_DN === undefined) !== (e.VIVIER_LDAP_BIND_MOT_DE_PASSE === undefined)) {
    manque(e.VIVIER_LDAP_BIND_DN === undefined ? 'VIVIER_LDAP_BIND_DN' : 'VIVIER_LDAP_BIND_MOT_DE_PASSE', 'VIVIER_LDAP_BIND_DN et VIVIER_LDAP_BIND_MOT_DE_PASSE vont ensemble (compte de service de l’annuaire)');
  }
  const starttls = e.VIVIER_LDAP_STARTTLS === '1' || e.VIVIER_LDAP_STARTTLS === 'true';
  const loopback = /^ldap:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(e.VIVIER_LDAP_URL);
  if (e.NODE_ENV === 'production' && e.VIVIER_LDAP_URL.startsWith('ldap://') && !starttls && !loopback) {
    manque('VIVIER_LDAP_URL', 'en production, ldap:// sans StartTLS ferait passer les mots de passe en clair : utilisez ldaps:// ou VIVIER_LDAP_STARTTLS=1');
  }
  if (starttls && e.VIVIER_LDAP_URL.startsWith('ldaps://')) manque('VIVIER_LDAP_STARTTLS', 'inutile avec ldaps:// (la connexion est déjà chiffrée) : mettez 0 ou utilisez ldap://');
}

function emptyAsUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const keys = Object.keys(schema.shape);
  return Object.fromEntries(keys.map((k) => [k, env[k] === '' ? undefined : env[k]]));
}
