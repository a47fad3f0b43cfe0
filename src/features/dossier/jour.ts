import type { Clock } from '../../shared/clock.ts';

const jourParis = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's calendar date in Paris, YYYY-MM-DD: what "current" means for assignments and what bounds CV dates. */
export function aujourdhui(clock: Clock): string {
  return jourParis.format(clock.now());
}
