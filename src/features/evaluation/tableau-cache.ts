/**
 * The tables the pages show, kept in memory by a key that names their inputs (campaign, parameters, signature of
 * the data, or the id of an arrêté snapshot, which never changes): a national corps is ranked once, then every page,
 * sort and filter reads the same result. Concurrent requests for one key share one computation (the first one's); a
 * failed computation is not kept. At most `max` entries (the least recently used goes).
 *
 * An entry older than `ttlMs` (a bound on staleness for whatever its key would not see) is computed again in the
 * background while the pages keep reading the one they have; the new value replaces it once computed (a failure
 * keeps the old one, tried again after `ttlMs`). So a national table (seconds of ranking) or the signature of its
 * inputs (a statement over every avis) is never waited for by the pages once it exists; `vider` drops everything,
 * and the next reader waits for a new computation.
 */
export type CacheTableaux = {
  obtenir<T>(cle: string, calculer: () => Promise<T>): Promise<T>;
  vider(): void;
};

type Entree = { valeur: Promise<unknown>; le: number; renouvellement: boolean };

export function createCacheTableaux(opts: { max?: number; ttlMs?: number; maintenant?: () => number } = {}): CacheTableaux {
  // A national table is tens of MB in memory: a few of them (the current one, the snapshot, some simulations).
  const max = opts.max ?? 8;
  const ttl = opts.ttlMs ?? 10 * 60_000;
  const maintenant = opts.maintenant ?? Date.now;
  const entrees = new Map<string, Entree>();

  function ranger(cle: string, e: Entree) {
    // Most recently used last: Map keeps insertion order.
    entrees.delete(cle);
    entrees.set(cle, e);
    while (entrees.size > max) entrees.delete(entrees.keys().next().value!);
  }

  function renouveler(cle: string, e: Entree, calculer: () => Promise<unknown>) {
    e.renouvellement = true;
    const valeur = calculer();
    valeur.then(
      () => {
        // Unless the entry was dropped (vider) or replaced meanwhile.
        if (entrees.get(cle) === e) entrees.set(cle, { valeur, le: maintenant(), renouvellement: false });
      },
      () => {
        e.renouvellement = false;
        e.le = maintenant();
      },
    );
  }

  return {
    obtenir<T>(cle: string, calculer: () => Promise<T>): Promise<T> {
      const e = entrees.get(cle);
      if (e) {
        ranger(cle, e);
        if (maintenant() - e.le >= ttl && !e.renouvellement) renouveler(cle, e, calculer);
        return e.valeur as Promise<T>;
      }
      const valeur = calculer();
      const nouvelle: Entree = { valeur, le: maintenant(), renouvellement: false };
      ranger(cle, nouvelle);
      valeur.catch(() => {
        if (entrees.get(cle) === nouvelle) entrees.delete(cle);
      });
      return valeur;
    },
    vider() {
      entrees.clear();
    },
  };
}
