import pg from 'pg';

/** Time spent in one kind of SQL statement, from the driver's call to its result (parameters, network, server, parsing). */
export type StatRequete = { requete: string; appels: number; totalMs: number; maxMs: number; lignes: number };

/** "INSERT etape_carriere", "SELECT etablissement_label", "BEGIN"…: the verb and the first table named. */
export function classerSql(texte: string): string {
  const t = texte.replace(/\s+/g, ' ').trim();
  const verbe = /^(\w+)/.exec(t)?.[1]?.toUpperCase() ?? '?';
  const table = (v: RegExp) => v.exec(t)?.[1]?.replace(/"/g, '') ?? '';
  if (verbe === 'INSERT') return `INSERT ${table(/^insert into ("?[\w.]+"?)/i)}`;
  if (verbe === 'UPDATE') return `UPDATE ${table(/^update ("?[\w.]+"?)/i)}`;
  if (verbe === 'DELETE') return `DELETE ${table(/^delete from ("?[\w.]+"?)/i)}`;
  if (verbe === 'COPY') return `COPY ${table(/^copy ("?[\w.]+"?)/i)}`;
  if (verbe === 'SELECT' || verbe === 'WITH') return `${verbe} ${table(/ from ("?[\w.]+"?)/i)}${/ for (update|key share|share)/i.test(t) ? ' (verrou)' : ''}`;
  return verbe;
}

/**
 * Wraps pg's Client#query in this process (Kysely's pool hands out pg.Client instances) and adds up, per kind of
 * statement, the calls, the time until the result and the rows returned or written. With concurrent queries the
 * times overlap: they are cumulative, not wall time.
 */
export function chronometrerPg(classer: (sql: string) => string = classerSql) {
  type Query = (...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  const stats = new Map<string, StatRequete>();
  const noter = (cle: string, ms: number, lignes: number) => {
    let s = stats.get(cle);
    if (!s) stats.set(cle, (s = { requete: cle, appels: 0, totalMs: 0, maxMs: 0, lignes: 0 }));
    s.appels++;
    s.totalMs += ms;
    s.maxMs = Math.max(s.maxMs, ms);
    s.lignes += lignes;
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const r = original.apply(this, args) as Promise<{ rowCount?: number | null }> | undefined;
    const premier = args[0];
    const texte = typeof premier === 'string' ? premier : ((premier as { texte?: string; text?: string } | undefined)?.text ?? (premier as { texte?: string } | undefined)?.texte ?? '');
    const cle = classer(texte);
    const debut = performance.now();
    // A COPY … FROM STDIN (src/db/copie.ts) is a submittable: query() returns it, and its `fin` the rows copied.
    const fin = (r as { fin?: Promise<number> } | undefined)?.fin;
    if (r && fin && typeof fin.then === 'function') {
      fin.then(
        (n) => noter(cle, performance.now() - debut, n),
        () => noter(`${cle} (erreur)`, performance.now() - debut, 0),
      );
      return r;
    }
    if (!r || typeof (r as { then?: unknown }).then !== 'function') return r;
    return r.then(
      (res) => {
        noter(cle, performance.now() - debut, res?.rowCount ?? 0);
        return res;
      },
      (e: unknown) => {
        noter(`${cle} (erreur)`, performance.now() - debut, 0);
        throw e;
      },
    );
  };
  return {
    stats: (): StatRequete[] => [...stats.values()].sort((a, b) => b.totalMs - a.totalMs),
    remettreAZero: () => stats.clear(),
    arreter: () => void (proto.query = original),
  };
}

/** One statement as the driver sent it: its text and its parameters as sent (dates in ISO, objects as JSON). */
export type InstructionJournal = { texte: string; parametres: Array<string | null> };

function parametreEnvoye(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  if (Array.isArray(v)) return `{${v.map((x) => (x === null ? 'NULL' : `"${String(parametreEnvoye(x)).replace(/(["\\])/g, '\\$1')}"`)).join(',')}}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * The application's SQL journal for the bench: every statement this process sends through pg.Client#query, in order,
 * with its parameters, until `arreter`. What a closing validation sends, replayed by pgbench (national.ts).
 */
export function journaliserPg() {
  type Query = (...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  const journal: InstructionJournal[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [premier, deuxieme] = args;
    const texte = typeof premier === 'string' ? premier : ((premier as { text?: string } | undefined)?.text ?? '');
    const valeurs = (typeof premier === 'string' ? deuxieme : (premier as { values?: unknown[] } | undefined)?.values) as unknown[] | undefined;
    journal.push({ texte, parametres: Array.isArray(valeurs) ? valeurs.map(parametreEnvoye) : [] });
    return original.apply(this, args);
  };
  return {
    instructions: (): InstructionJournal[] => [...journal],
    arreter: () => void (proto.query = original),
  };
}
