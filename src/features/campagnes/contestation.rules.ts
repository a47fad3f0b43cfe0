/** Regime B: the contest window opens with the campaign and lasts `delaiJours` full days (Europe/Paris midnight not needed: instants). */
export function finContestation(ouverture: Date, delaiJours: number): Date {
  return new Date(ouverture.getTime() + delaiJours * 24 * 60 * 60 * 1000);
}

export function contestationPossible(c: { ouverture: Date; statut: string }, delaiJours: number | null, instant: Date): boolean {
  if (delaiJours === null || c.statut === 'PREPARATION') return false;
  const t = instant.getTime();
  return t >= c.ouverture.getTime() && t < finContestation(c.ouverture, delaiJours).getTime();
}
