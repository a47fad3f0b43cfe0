const PARIS = 'Europe/Paris';

const dateFmt = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, day: '2-digit', month: '2-digit', year: 'numeric' });
const heureFmt = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** JJ/MM/AAAA in Europe/Paris. */
export function dateParis(d: Date): string {
  return dateFmt.format(d);
}

/** HH:MM in Europe/Paris. */
export function heureParis(d: Date): string {
  return heureFmt.format(d);
}

/** "le JJ/MM/AAAA à HH:MM" in Europe/Paris. */
export function dateHeureParis(d: Date): string {
  return `le ${dateParis(d)} à ${heureParis(d)}`;
}

/** "JJ/MM/AAAA à HH:MM" in Europe/Paris (for table cells headed "le"). */
export function dateHeureCourte(d: Date): string {
  return `${dateParis(d)} à ${heureParis(d)}`;
}
