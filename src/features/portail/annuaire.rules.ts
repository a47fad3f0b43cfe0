/**
 * Pure rules of the académie's LDAP directory: the search filter built from what the user typed.
 * No network here (annuaire.ts talks to the directory).
 */

/**
 * Escapes a value for an LDAP search filter (RFC 4515, section 3): `\`, `*`, `(`, `)` and NUL become `\5c`, `\2a`,
 * `\28`, `\29`, `\00`, so an identifiant such as `*` or `)(uid=*` is looked up literally, never as a wildcard nor as
 * extra filter terms.
 */
export function echapperValeurFiltre(valeur: string): string {
  return valeur.replace(/[\\*()\u0000]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The configured filter (`(uid={identifiant})` by default) with every `{identifiant}` replaced by the escaped value. */
export function filtreRecherche(modele: string, identifiant: string): string {
  const v = echapperValeurFiltre(identifiant);
  return modele.replaceAll('{identifiant}', () => v);
}

/** The first value of an attribute of a search entry, as text (ldapts gives a string, a list, or bytes). */
export function premiereValeur(v: unknown): string | null {
  const x = Array.isArray(v) ? v[0] : v;
  if (typeof x === 'string') return x.trim() === '' ? null : x.trim();
  if (Buffer.isBuffer(x)) return premiereValeur(x.toString('utf8'));
  return null;
}
