/**
 * Which refusals of the per-address login limit go to the sign-in log: the first of each address in each window of
 * the limit. A burst from one address (thousands of posts a second) then writes one row a window, not one a post:
 * the limit spares the database too, and the log still shows when and from where the limit was hit, and for which
 * identifiant first. Bounded memory: at most `capacite` addresses remembered (expired ones go first, then the oldest).
 */
export function refusAJournaliser(capacite = 10_000): (cle: string, maintenantMs: number, resteMs: number) => boolean {
  const finDeFenetre = new Map<string, number>();
  return (cle, maintenantMs, resteMs) => {
    const fin = finDeFenetre.get(cle);
    if (fin !== undefined && fin > maintenantMs) return false;
    finDeFenetre.delete(cle);
    if (finDeFenetre.size >= capacite) {
      for (const [k, f] of finDeFenetre) if (f <= maintenantMs) finDeFenetre.delete(k);
      if (finDeFenetre.size >= capacite) finDeFenetre.delete(finDeFenetre.keys().next().value!);
    }
    finDeFenetre.set(cle, maintenantMs + resteMs);
    return true;
  };
}
