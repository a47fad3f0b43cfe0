import pg from 'pg';

/** Limits of the automatic naming: a bounded number of statements per connection, none of them huge. */
export const LIMITES_PREPAREES = { instructions: 2000, longueur: 16_000 } as const;

/**
 * A `pg.Client` whose parameterised queries become named prepared statements, so that PostgreSQL (or PGlite)
 * parses and plans each distinct statement once per connection instead of at every execution: the session
 * lookup of every page, the login, the candidature. Kysely sends every query as `query(sql, parameters)`;
 * the same SQL text always gets the same name (the registry belongs to one pool), so a connection prepares
 * it at its first use and then only binds and executes it. Left alone: queries without parameters (simple
 * protocol, several statements allowed: migrations), texts over `longueur` characters, and new texts once
 * `instructions` names are given (an `in (…)` list of every length would otherwise grow the server's memory
 * without bound). PostgreSQL chooses between custom and generic plans by itself (plan_cache_mode = auto) and
 * replans a statement when a table it reads changes (the import's index rebuilds). See docs/adr/0006.
 */
export function classeClientPrepare(limites: { instructions: number; longueur: number } = LIMITES_PREPAREES) {
  const noms = new Map<string, string>();
  return class ClientPrepare extends pg.Client {
    // The overloads of pg.Client#query are kept: only the (text, values) form without callback is rewritten.
    override query(...args: unknown[]): never {
      const requete = super.query as unknown as (this: pg.Client, ...a: unknown[]) => never;
      const [texte, valeurs, rappel] = args;
      if (typeof texte === 'string' && Array.isArray(valeurs) && valeurs.length > 0 && rappel === undefined && texte.length <= limites.longueur) {
        let nom = noms.get(texte);
        if (nom === undefined && noms.size < limites.instructions) {
          nom = `vivier_${noms.size + 1}`;
          noms.set(texte, nom);
        }
        if (nom !== undefined) return requete.call(this, { name: nom, text: texte, values: valeurs });
      }
      return requete.apply(this, args);
    }
  };
}
