import fs from 'node:fs';
import type pg from 'pg';
import { sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Rows copied into a table by `COPY … FROM`, the way PostgreSQL loads data fastest (no statement per batch to parse,
 * no array to unpack): `donnees` is COPY's text format, one line per row, fields separated by a tab, `\N` for null
 * (see `champCopie`). One small layer per driver, the same SQL on both:
 * - PostgreSQL: `COPY … FROM STDIN` on a connection of the pool (the protocol's CopyData messages, sent by pg's
 *   own connection: no extra dependency);
 * - PGlite: `COPY … FROM '/dev/blob'` with the data as the query's blob (its node-postgres adapter cannot carry
 *   COPY FROM STDIN), while holding the pool's one connection, so that no other request's transaction is in the
 *   session meanwhile.
 * `copierLignes` runs outside any transaction: each copy is its own statement (a failed one leaves nothing).
 * `copierFichier` runs inside a transaction of the same database, on its connection.
 */
export type CopieLignes = (table: string, colonnes: readonly string[], donnees: Buffer) => Promise<number>;
/** The same on the connection that runs `trx`. */
export type CopieDansTransaction = (trx: Transaction<DB>, table: string, colonnes: readonly string[], donnees: Buffer) => Promise<number>;

export type Copies = { seule: CopieLignes; dansTransaction: CopieDansTransaction };

const copies = new WeakMap<object, Copies>();

const IDENTIFIANT = /^[a-z_][a-z0-9_]*$/;

function instruction(table: string, colonnes: readonly string[], source: string): string {
  for (const nom of [table, ...colonnes]) if (!IDENTIFIANT.test(nom)) throw new Error(`Nom de table ou de colonne refusé pour COPY : ${nom}`);
  return `COPY ${table} (${colonnes.join(', ')}) FROM ${source}`;
}

/** Registered by openDatabase for the Kysely instance it returns. */
export function enregistrerCopie(db: object, c: Copies): void {
  copies.set(db, c);
}

function copiesDe(db: object): Copies {
  const c = copies.get(db);
  if (!c) throw new Error('Cette base n’a pas été ouverte par openDatabase : copie de lignes impossible.');
  return c;
}

/** Copies `donnees` into `table` through the driver `db` was opened with; returns the number of rows copied. */
export function copierLignes(db: object, table: string, colonnes: readonly string[], donnees: Buffer): Promise<number> {
  return copiesDe(db).seule(table, colonnes, donnees);
}

/** At most this many bytes per COPY statement when a file is copied: memory stays bounded whatever its size. */
const OCTETS_PAR_COPIE = 8 << 20;

/**
 * Copies a file in COPY's text format (whole lines, each ending with a line feed) into `table`, inside the transaction
 * `trx` of the database `db` (a failure rolls back with it). Read and sent by slices of at most 8 Mio cut at line ends,
 * one COPY statement each. Returns the number of rows copied.
 */
export async function copierFichier(db: object, trx: Transaction<DB>, table: string, colonnes: readonly string[], chemin: string): Promise<number> {
  const copie = copiesDe(db).dansTransaction;
  const fichier = await fs.promises.open(chemin, 'r');
  try {
    let total = 0;
    let reste: Buffer = Buffer.alloc(0);
    const lu = Buffer.allocUnsafe(OCTETS_PAR_COPIE);
    for (;;) {
      const { bytesRead } = await fichier.read(lu, 0, OCTETS_PAR_COPIE, null);
      const bloc = Buffer.concat([reste, lu.subarray(0, bytesRead)]);
      if (bytesRead === 0) {
        if (bloc.length > 0) total += await copie(trx, table, colonnes, bloc);
        return total;
      }
      const fin = bloc.lastIndexOf(0x0a) + 1;
      if (fin > 0) total += await copie(trx, table, colonnes, bloc.subarray(0, fin));
      reste = Buffer.from(bloc.subarray(fin));
    }
  } finally {
    await fichier.close();
  }
}

/** COPY FROM STDIN as a pg "submittable": pg's Client sends the statement, then hands over the connection on CopyInResponse. */
class CopieDepuisStdin {
  private erreur: unknown = null;
  private lignes = 0;
  readonly fin: Promise<number>;
  private resoudre!: (n: number) => void;
  private rejeter!: (err: unknown) => void;

  constructor(
    private readonly texte: string,
    private readonly donnees: Buffer,
  ) {
    this.fin = new Promise((resoudre, rejeter) => {
      this.resoudre = resoudre;
      this.rejeter = rejeter;
    });
  }

  submit(connection: { query(texte: string): void }): void {
    connection.query(this.texte);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    // The whole batch as CopyData messages of at most 1 Mio, then CopyDone.
    for (let i = 0; i < this.donnees.length; i += 1 << 20) connection.sendCopyFromChunk(this.donnees.subarray(i, i + (1 << 20)));
    connection.endCopyFrom();
  }
  handleCommandComplete(msg: { text?: string }): void {
    this.lignes = Number(/(\d+)$/.exec(msg.text ?? '')?.[1] ?? 0);
  }
  /** pg's Client forgets a query in error at once (no ReadyForQuery is handed to it afterwards). */
  handleError(err: unknown): void {
    this.erreur = err;
    this.rejeter(err);
  }
  handleReadyForQuery(): void {
    if (this.erreur === null) this.resoudre(this.lignes);
  }
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

function copierSur(client: pg.ClientBase, table: string, colonnes: readonly string[], donnees: Buffer): Promise<number> {
  const copie = new CopieDepuisStdin(instruction(table, colonnes, 'STDIN'), donnees);
  void client.query(copie as unknown as pg.QueryConfig);
  return copie.fin;
}

/**
 * PostgreSQL: the pool's connections are followed as they open and close, so that a transaction's connection is found
 * by its server process (pg_backend_pid()): Kysely does not hand out the pg.Client behind a transaction.
 */
export function copiePostgres(pool: pg.Pool): Copies {
  const clients = new Set<pg.PoolClient>();
  pool.on('connect', (client) => clients.add(client));
  pool.on('remove', (client) => clients.delete(client));
  return {
    async seule(table, colonnes, donnees) {
      const client = await pool.connect();
      try {
        return await copierSur(client, table, colonnes, donnees);
      } finally {
        client.release();
      }
    },
    async dansTransaction(trx, table, colonnes, donnees) {
      const r = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
      const pid = r.rows[0]!.pid;
      const client = [...clients].find((c) => (c as unknown as { processID?: number }).processID === pid);
      if (!client) throw new Error(`Connexion de la transaction introuvable (processus ${pid}) : copie impossible.`);
      return copierSur(client, table, colonnes, donnees);
    },
  };
}

type PGliteCopie = { query(texte: string, params: unknown[], options: { blob: Blob }): Promise<{ affectedRows?: number }> };

/**
 * PGlite is one session: a transaction holds the pool's one connection, and a query sent straight to PGlite runs in it.
 * `garder` wraps each statement sent (connection.ts: a data folder gone read-only gets none).
 */
export function copiePglite(pool: pg.Pool, pglite: PGliteCopie, garder: <T>(envoi: () => Promise<T>) => Promise<T> = (envoi) => envoi()): Copies {
  const copier = async (table: string, colonnes: readonly string[], donnees: Buffer) => {
    const texte = instruction(table, colonnes, `'/dev/blob'`);
    const r = await garder(() => pglite.query(texte, [], { blob: new Blob([donnees as Uint8Array<ArrayBuffer>]) }));
    return r.affectedRows ?? 0;
  };
  return {
    async seule(table, colonnes, donnees) {
      const client = await pool.connect();
      try {
        return await copier(table, colonnes, donnees);
      } finally {
        client.release();
      }
    },
    dansTransaction: (_trx, table, colonnes, donnees) => copier(table, colonnes, donnees),
  };
}

/**
 * One field in COPY's text format: null is `\N`; a backslash, a tab, a line feed or a carriage return in a text is
 * escaped (a CSV field between quotes may hold line breaks). Numbers, booleans and `YYYY-MM-DD` dates as they are.
 */
export function champCopie(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return SPECIAUX.test(v) ? v.replace(SPECIAUX_TOUS, (c) => ECHAPPEMENTS[c]!) : v;
}

const SPECIAUX = /[\\\t\n\r]/;
const SPECIAUX_TOUS = /[\\\t\n\r]/g;
const ECHAPPEMENTS: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
