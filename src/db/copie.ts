import type pg from 'pg';
import type { Kysely } from 'kysely';

/**
 * Rows copied into a table by `COPY … FROM`, the way PostgreSQL loads data fastest (no statement per batch to parse,
 * no array to unpack): `donnees` is COPY's text format, one line per row, fields separated by a tab, `\N` for null
 * (see `champCopie`). One small layer per driver, the same SQL on both:
 * - PostgreSQL: `COPY … FROM STDIN` on a connection of the pool (the protocol's CopyData messages, sent by pg's
 *   own connection: no extra dependency);
 * - PGlite: `COPY … FROM '/dev/blob'` with the data as the query's blob (its node-postgres adapter cannot carry
 *   COPY FROM STDIN), while holding the pool's one connection, so that no other request's transaction is in the
 *   session meanwhile.
 * Outside any transaction: each copy is its own statement (a failed one leaves nothing).
 */
export type CopieLignes = (table: string, colonnes: readonly string[], donnees: Buffer) => Promise<number>;

const copies = new WeakMap<object, CopieLignes>();

const IDENTIFIANT = /^[a-z_][a-z0-9_]*$/;

function instruction(table: string, colonnes: readonly string[], source: string): string {
  for (const nom of [table, ...colonnes]) if (!IDENTIFIANT.test(nom)) throw new Error(`Nom de table ou de colonne refusé pour COPY : ${nom}`);
  return `COPY ${table} (${colonnes.join(', ')}) FROM ${source}`;
}

/** Registered by openDatabase for the Kysely instance it returns. */
export function enregistrerCopie(db: Kysely<unknown> | object, copie: CopieLignes): void {
  copies.set(db, copie);
}

/** Copies `donnees` into `table` through the driver `db` was opened with; returns the number of rows copied. */
export function copierLignes(db: object, table: string, colonnes: readonly string[], donnees: Buffer): Promise<number> {
  const copie = copies.get(db);
  if (!copie) throw new Error('Cette base n’a pas été ouverte par openDatabase : copie de lignes impossible.');
  return copie(table, colonnes, donnees);
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

export function copiePostgres(pool: pg.Pool): CopieLignes {
  return async (table, colonnes, donnees) => {
    const client = await pool.connect();
    try {
      const copie = new CopieDepuisStdin(instruction(table, colonnes, 'STDIN'), donnees);
      void client.query(copie as unknown as pg.QueryConfig);
      return await copie.fin;
    } finally {
      client.release();
    }
  };
}

type PGliteCopie = { query(texte: string, params: unknown[], options: { blob: Blob }): Promise<{ affectedRows?: number }> };

export function copiePglite(pool: pg.Pool, pglite: PGliteCopie): CopieLignes {
  return async (table, colonnes, donnees) => {
    const client = await pool.connect();
    try {
      const r = await pglite.query(instruction(table, colonnes, `'/dev/blob'`), [], { blob: new Blob([donnees as Uint8Array<ArrayBuffer>]) });
      return r.affectedRows ?? 0;
    } finally {
      client.release();
    }
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
