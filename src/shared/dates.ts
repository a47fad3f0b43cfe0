const PARIS = 'Europe/Paris';

const HEURE_MS = 3_600_000;
const partiesFmt = new Intl.DateTimeFormat('en-US', { timeZone: PARIS, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });

/**
 * Offset of Europe/Paris from UTC (ms) during the UTC hour `heure` (ms since the epoch ÷ 1 h), read from Intl
 * once per hour and kept: the zone's offsets are whole hours and change only at whole UTC hours (01:00 UTC,
 * last Sundays of March and October, and every historical change of the tz database for this zone), so the
 * offset at the start of an hour holds for all of it. Bounded: the table restarts past 50,000 hours.
 */
const decalages = new Map<number, number>();
function decalageParis(t: number): number {
  const heure = Math.floor(t / HEURE_MS);
  let d = decalages.get(heure);
  if (d === undefined) {
    const debut = heure * HEURE_MS;
    const p: Record<string, number> = {};
    for (const x of partiesFmt.formatToParts(debut)) if (x.type !== 'literal') p[x.type] = Number(x.value);
    d = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - debut;
    if (decalages.size >= 50_000) decalages.clear();
    decalages.set(heure, d);
  }
  return d;
}

const deux = (n: number) => (n < 10 ? `0${n}` : String(n));

/** JJ/MM/AAAA in Europe/Paris. */
export function dateParis(d: Date): string {
  const l = new Date(d.getTime() + decalageParis(d.getTime()));
  return `${deux(l.getUTCDate())}/${deux(l.getUTCMonth() + 1)}/${String(l.getUTCFullYear()).padStart(4, '0')}`;
}

/** AAAA-MM-JJ in Europe/Paris (the calendar day of an instant, for files). */
export function dateIsoParis(d: Date): string {
  const l = new Date(d.getTime() + decalageParis(d.getTime()));
  return `${String(l.getUTCFullYear()).padStart(4, '0')}-${deux(l.getUTCMonth() + 1)}-${deux(l.getUTCDate())}`;
}

/** HH:MM in Europe/Paris. */
export function heureParis(d: Date): string {
  const l = new Date(d.getTime() + decalageParis(d.getTime()));
  return `${deux(l.getUTCHours())}:${deux(l.getUTCMinutes())}`;
}

/** "le JJ/MM/AAAA à HH:MM" in Europe/Paris. */
export function dateHeureParis(d: Date): string {
  return `le ${dateParis(d)} à ${heureParis(d)}`;
}

/** "JJ/MM/AAAA à HH:MM" in Europe/Paris (for table cells headed "le"). */
export function dateHeureCourte(d: Date): string {
  return `${dateParis(d)} à ${heureParis(d)}`;
}
