import type { Compilable, CompiledQuery } from 'kysely';
import type { Database } from './connection.ts';

// Stands for the one parameter while a statement is compiled (no key we look up holds a NUL character).
const CLE = '\u0000cle';

/**
 * A read built and compiled once per database handle, then run with one key (an agent's id, an identifiant): its
 * text never changes, each call only puts the key in its parameters. Building and compiling a Kysely query was a
 * good part of the CPU time of a hot page; the unchanged text is also what lets it run as a prepared statement
 * (preparees.ts). Resolves to the first row, or undefined.
 */
export function compileeUneFois<O>(construire: (db: Database, cle: string) => Compilable<O>) {
  const compilees = new WeakMap<Database, CompiledQuery<O>>();
  return async (db: Database, cle: string): Promise<O | undefined> => {
    let q = compilees.get(db);
    if (!q) compilees.set(db, (q = construire(db, CLE).compile()));
    const { rows } = await db.executeQuery<O>({ ...q, parameters: q.parameters.map((p) => (p === CLE ? cle : p)) });
    return rows[0];
  };
}
