/**
 * The tables the pages show, kept in memory by a key that names their inputs (campaign, parameters, signature of
 * the data, or the id of an arrêté snapshot, which never changes): a national corps is ranked once, then every page,
 * sort and filter reads the same result. Concurrent requests for one key share one computation (the first one's); a
 * failed computation is not kept. At most `max` entries (the least recently used goes), each for at most `ttlMs`
 * (a bound on staleness for whatever the signature would not see).
 */
export type CacheTableaux = {
  obtenir<T>(cle: string, calculer: () => Promise<T>): Promise<T>;
  vider(): void;
};

export function createCacheTableaux(opts: { max?: number; ttlMs?: number; maintenant?: () => number } = {}): CacheTableaux {
  // A national table is tens of MB in memory: a few of them (the current one, the snapshot, some simulations).
  const max = opts.max ?? 8;
  const ttl = opts.ttlMs ?? 10 * 60_000;
  const maintenant = opts.maintenant ?? Date.now;
  const entrees = new Map<string, { valeur: Promise<unknown>; le: number }>();
  return {
    obtenir<T>(cle: string, calculer: () => Promise<T>): Promise<T> {
      const e = entrees.get(cle);
      if (e && maintenant() - e.le < ttl) {
        // Most recently used last: Map keeps insertion order.
        entrees.delete(cle);
        entrees.set(cle, e);
        return e.valeur as Promise<T>;
      }
      const valeur = calculer();
      entrees.set(cle, { valeur, le: maintenant() });
      valeur.catch(() => {
        if (entrees.get(cle)?.valeur === valeur) entrees.delete(cle);
      });
      while (entrees.size > max) entrees.delete(entrees.keys().next().value!);
      return valeur;
    },
    vider() {
      entrees.clear();
    },
  };
}
