/**
 * "The database is not answering": the errors after which a request cannot be served now but could be in a
 * moment (server restarting, connection cut, server unreachable), as pg 8.23 / pg-pool 3.14 and Node report
 * them. Everything else (a constraint, a syntax error, a bug) is not this, and stays a 500.
 */

/**
 * SQLSTATE codes: class 08 (connection exception) and the server shutting down or not yet accepting
 * connections: 57P01 admin_shutdown (fast stop, pg_terminate_backend), 57P02 crash_shutdown (immediate
 * stop, crash of another backend), 57P03 cannot_connect_now (starting up, shutting down, recovery), and
 * 53300 too_many_connections (full for now: retrying later is the answer too).
 */
const ETATS_SQL = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Node's system errors of a socket (connect, read, write, DNS: they carry `syscall`). An HTTP request aborted by
 * its client is also an ECONNRESET, without `syscall`: that one is not the database's.
 */
const ERREURS_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * pg and pg-pool report these without a code; their texts are the only mark (pg-pool's worker errors
 * forwarded by pg-boss get a suffix, hence "begins with"). The fault tests (*.pannes.test.ts) meet them
 * for real, so an upgrade that rewords them fails there.
 */
const MESSAGES_PG: ReadonlyArray<readonly [debut: string, code: string]> = [
  ['Connection terminated unexpectedly', 'CONNEXION_INTERROMPUE'], // the socket closed under a live client
  ['Connection terminated due to connection timeout', 'DELAI_CONNEXION'], // pg-pool: connectionTimeoutMillis while connecting
  ['timeout exceeded when trying to connect', 'DELAI_CONNEXION'], // pg-pool: no client free within connectionTimeoutMillis
  ['timeout expired', 'DELAI_CONNEXION'], // pg.Client: its own connectionTimeoutMillis
  ['Client has encountered a connection error and is not queryable', 'CONNEXION_INTERROMPUE'], // a query on a client already dead
];

/**
 * The code to log when `err` means "the database is not answering", null otherwise. Looks through `cause`
 * and the errors of an AggregateError (pg-pool wraps its timeout, Node aggregates the addresses of a host).
 */
export function codeBaseInjoignable(err: unknown): string | null {
  return chercher(err, 0);
}

function chercher(err: unknown, profondeur: number): string | null {
  if (profondeur > 5 || typeof err !== 'object' || err === null) return null;
  // For the background loops (scheduler, e-mails, purge): a read-only folder is "not answering", tried again later.
  if (err instanceof DossierLectureSeuleError) return 'EROFS';
  const { code, syscall, message, cause, errors } = err as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (ETATS_SQL.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return code;
    if (ERREURS_SOCKET.has(code) && typeof syscall === 'string') return code;
  }
  if (typeof message === 'string') {
    for (const [debut, c] of MESSAGES_PG) if (message.startsWith(debut)) return c;
  }
  const dedans = chercher(cause, profondeur + 1);
  if (dedans) return dedans;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      const c = chercher(e, profondeur + 1);
      if (c) return c;
    }
  }
  return null;
}

/**
 * The database's disk is full (SQLSTATE 53100 disk_full: "could not extend file … No space left on device"), on
 * PostgreSQL and on PGlite alike: nothing of the statement was written, the rest of the data is intact, and writes
 * work again as soon as space is freed (src/db/disque.pannes.test.ts).
 */
export function estDisquePlein(err: unknown, profondeur = 0): boolean {
  if (profondeur > 5 || typeof err !== 'object' || err === null) return false;
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  return code === '53100' || estDisquePlein(cause, profondeur + 1);
}

/**
 * The embedded database's data folder turned read-only while the server ran (a disk error: ext4 with
 * `errors=remount-ro` puts itself read-only). PGlite 0.5.17 answers the first statement that cannot write with an error
 * ("could not write to log file …: Read-only file system", or "could not open file …" for a table not opened yet),
 * and the statement sent after such an error never returns, blocking the process's only thread
 * (src/db/lecture-seule.pannes.test.ts). So once PGlite has said so, Vivier sends it nothing more: every statement
 * fails at once with this error (503 that says it), until the server is restarted on a writable folder.
 */
export class DossierLectureSeuleError extends Error {
  readonly code = 'EROFS';
  constructor(
    readonly dossier: string,
    options?: { cause?: unknown },
  ) {
    super(
      `La base embarquée ne peut plus écrire dans son dossier de données ${dossier} (système de fichiers passé en lecture seule, EROFS) : ` +
        'Vivier ne lui envoie plus aucune requête. Les données enregistrées avant la panne ne sont pas touchées ; rétablissez le disque ' +
        '(vérification, remontage en lecture-écriture), puis redémarrez Vivier.',
      options,
    );
  }
}

/** A PGlite error that says a file of the data folder cannot be written (strerror(EROFS) in its message). */
export function estEchecLectureSeule(err: unknown): boolean {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /Read-only file system/.test(message);
}

export function estDossierLectureSeule(err: unknown, profondeur = 0): boolean {
  if (profondeur > 5 || typeof err !== 'object' || err === null) return false;
  return err instanceof DossierLectureSeuleError || estDossierLectureSeule((err as { cause?: unknown }).cause, profondeur + 1);
}
