/**
 * Wraps a service so that `apres()` runs after each of its writing methods settles (names starting with
 * creer, modifier or supprimer): caches fed by the data it changes are dropped even when the write failed
 * halfway, at worst a needless reload.
 */
export function apresEcriture<S extends Record<string, unknown>>(service: S, apres: () => void): S {
  const enveloppe: Record<string, unknown> = {};
  for (const [nom, valeur] of Object.entries(service)) {
    enveloppe[nom] =
      typeof valeur === 'function' && /^(creer|modifier|supprimer)/.test(nom)
        ? async (...args: unknown[]) => {
            try {
              return await (valeur as (...a: unknown[]) => Promise<unknown>).apply(service, args);
            } finally {
              apres();
            }
          }
        : valeur;
  }
  return enveloppe as S;
}
