import { createTransport } from 'nodemailer';

/** What the sender hands to the mail transport; a dependency, so tests may pass their own. */
export type MessageSortant = { de: string; a: string; sujet: string; texte: string; pieceJointe: { nom: string; contenu: Buffer } | null };

export type Messager = {
  envoyer(m: MessageSortant): Promise<void>;
  fermer(): void;
  /** Strings never to store or log (the SMTP password), masked in recorded errors. */
  secrets: readonly string[];
};

/** smtp://[user:password@]host[:port] or smtps://… (TLS from the first byte); user and password URL-encoded. */
export function optionsSmtp(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass } : undefined,
  };
}

/**
 * A pooled nodemailer SMTP transport. Timeouts are short: a silent server costs one attempt (recorded,
 * retried later), not a stuck sweep. `ignoreTLS` is for tests against a loopback peer without STARTTLS.
 */
export function messagerSmtp(url: string, o: { ignoreTLS?: boolean } = {}): Messager {
  const options = optionsSmtp(url);
  const transport = createTransport({
    ...options,
    pool: true,
    maxConnections: 1,
    maxMessages: 100,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ignoreTLS: o.ignoreTLS ?? false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const u = new URL(url);
  const secrets = [options.auth?.pass, u.password].filter((s): s is string => !!s);
  return {
    secrets,
    async envoyer(m) {
      await transport.sendMail({
        from: m.de,
        to: m.a,
        subject: m.sujet,
        text: m.texte,
        attachments: m.pieceJointe ? [{ filename: m.pieceJointe.nom, content: m.pieceJointe.contenu, contentType: 'application/pdf' }] : [],
      });
    },
    fermer() {
      transport.close();
    },
  };
}
