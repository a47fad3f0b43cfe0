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
});

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
  urlMotDePasseOublie: string | null;
  urlIdentifiantOublie: string | null;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.superRefine(coherenceLdap).superRefine(processusSurPostgres).safeParse(emptyAsUndefined(env));
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
    urlMotDePasseOublie: e.VIVIER_URL_MOT_DE_PASSE_OUBLIE ?? null,
    urlIdentifiantOublie: e.VIVIER_URL_IDENTIFIANT_OUBLIE ?? null,
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
