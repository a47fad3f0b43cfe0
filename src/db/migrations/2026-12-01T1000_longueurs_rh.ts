import { sql, type Kysely } from 'kysely';

/**
 * The free-text columns of the HR tables get the maximum lengths the import enforces (src/features/import/limites.ts,
 * compared to these constraints by limites.int.test.ts), so that no other way in (a script, a future form) stores a
 * name of ten thousand characters that pages, PDFs and exports would then carry. Typed columns (dates, codes) are
 * already bounded by their type or vocabulary; the staging tables are not constrained, the import having checked
 * every value before it stages it.
 *
 * CHECK (char_length(…) <= n) rather than varchar(n): the same bound in characters, but agent_id and uai are keys
 * referenced as text by a dozen tables, whose type is left alone; a CHECK costs no table rewrite (a scan to
 * validate it) and names the column in its error. The numbers are written here, not read from limites.ts: a
 * migration is history and must not change when the table does.
 *
 * A base that already holds longer values (imported before this bound) is not refused: the constraint then stays
 * NOT VALID (checked on every new or updated row, the old rows untouched until a corrected import rewrites them).
 */
const BORNES: ReadonlyArray<[table: string, colonne: string, max: number]> = [
  ['etablissement', 'uai', 8],
  ['etablissement', 'nom', 150],
  ['etablissement', 'commune', 100],
  ['etablissement', 'type', 50],
  ['agent', 'agent_id', 20],
  ['agent', 'identifiant', 50],
  ['agent', 'civilite', 10],
  ['agent', 'nom', 100],
  ['agent', 'prenom', 100],
  ['agent', 'email', 254],
  ['agent', 'discipline', 100],
];

const nom = (table: string, colonne: string) => `${table}_${colonne}_longueur`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, colonne, max] of BORNES) {
    await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(nom(table, colonne))} CHECK (char_length(${sql.ref(colonne)}) <= ${sql.lit(max)}) NOT VALID`.execute(db);
    const trop = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE char_length(${sql.ref(colonne)}) > ${sql.lit(max)}`.execute(db);
    if (trop.rows[0]!.n === 0) await sql`ALTER TABLE ${sql.table(table)} VALIDATE CONSTRAINT ${sql.id(nom(table, colonne))}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, colonne] of BORNES) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT IF EXISTS ${sql.id(nom(table, colonne))}`.execute(db);
}
