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
});

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
  logLevel: string;
  trustProxy: boolean;
  cookieSecure: boolean;
  demo: boolean;
  smtpUrl: string | undefined;
  courrielExpediteur: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(emptyAsUndefined(env));
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
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    cookieSecure,
    demo: demoWanted && !production,
    smtpUrl: e.SMTP_URL,
    courrielExpediteur: e.COURRIEL_EXPEDITEUR,
  };
}

function emptyAsUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const keys = Object.keys(schema.shape);
  return Object.fromEntries(keys.map((k) => [k, env[k] === '' ? undefined : env[k]]));
}
