/**
 * Pure helpers of the banners: the datetime-local fields are wall-clock times in Europe/Paris,
 * stored as instants. No clock: callers pass the values.
 */

export const NIVEAUX_BANDEAU = ['info', 'warning', 'alert'] as const;
export type NiveauBandeau = (typeof NIVEAUX_BANDEAU)[number];

export const LIBELLE_NIVEAU: Record<NiveauBandeau, string> = {
  info: 'Information',
  warning: 'Avertissement',
  alert: 'Alerte',
};

const PARIS = 'Europe/Paris';
const HEURE = 3_600_000;
const JOUR = 24 * HEURE;

const formatParis = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The wall-clock time in Paris of an instant, as milliseconds of a "UTC" date carrying those fields. */
function murParis(instant: number): number {
  const p: Record<string, number> = {};
  for (const part of formatParis.formatToParts(new Date(instant))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (instant % 1000);
}

function decalageParis(instant: number): number {
  return murParis(instant) - instant;
}

export type ConversionParis = { ok: true; instant: Date } | { ok: false; raison: 'FORMAT' | 'HEURE_INEXISTANTE' };

const SAISIE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "AAAA-MM-JJTHH:MM" read as Paris time. At the spring change (02:00 → 03:00) the skipped half-hours do not exist
 * and are refused; at the autumn change the repeated hour 02:00–02:59 is taken at its first occurrence (summer time).
 */
export function parisVersInstant(saisie: string): ConversionParis {
  const m = SAISIE.exec(saisie);
  if (!m) return { ok: false, raison: 'FORMAT' };
  const [a, mo, j, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as [number, number, number, number, number, number];
  if (a < 1900 || h > 23 || mi > 59 || s > 59) return { ok: false, raison: 'FORMAT' };
  const mur = Date.UTC(a, mo - 1, j, h, mi, s);
  const d = new Date(mur);
  // Date.UTC rolls 30 February over into March: a round trip detects impossible dates.
  if (d.getUTCFullYear() !== a || d.getUTCMonth() !== mo - 1 || d.getUTCDate() !== j) return { ok: false, raison: 'FORMAT' };
  // The offsets in force a day before and a day after cover both sides of any change near this time.
  const decalages = [...new Set([decalageParis(mur - JOUR), decalageParis(mur + JOUR)])];
  const candidats = decalages
    .map((o) => mur - o)
    .filter((t) => murParis(t) === mur)
    .sort((x, y) => x - y);
  const premier = candidats[0];
  return premier === undefined ? { ok: false, raison: 'HEURE_INEXISTANTE' } : { ok: true, instant: new Date(premier) };
}

const SAISIE_FRANCAISE = /^(\d{2})\/(\d{2})\/(\d{4}) +(\d{2}):(\d{2})$/;

/**
 * A date and time typed in Paris time, in either form a page may receive: "AAAA-MM-JJTHH:MM", what a datetime-local
 * field sends, or "JJ/MM/AAAA HH:MM", what a person types where the browser shows a plain text field instead.
 */
export function saisieParisVersInstant(saisie: string): ConversionParis {
  const v = saisie.trim();
  const fr = SAISIE_FRANCAISE.exec(v);
  return parisVersInstant(fr ? `${fr[3]}-${fr[2]}-${fr[1]}T${fr[4]}:${fr[5]}` : v);
}

/** The value of a datetime-local field showing this instant in Paris time ("AAAA-MM-JJTHH:MM"). */
export function instantVersSaisieParis(instant: Date): string {
  return new Date(murParis(instant.getTime())).toISOString().slice(0, 16);
}

/** Which fields of a banner's period are wrong, with French messages (empty when the period is valid). */
export function erreursPeriode(debut: Date | null, fin: Date | null): Record<string, string> {
  if (debut && fin && fin.getTime() <= debut.getTime()) return { fin: 'La fin doit être postérieure au début.' };
  return {};
}

export type EtatBandeau = 'DESACTIVE' | 'A_VENIR' | 'EN_COURS' | 'TERMINE';

export const LIBELLE_ETAT_BANDEAU: Record<EtatBandeau, string> = {
  DESACTIVE: 'Désactivé',
  A_VENIR: 'Programmé',
  EN_COURS: 'Affiché',
  TERMINE: 'Terminé',
};

/** Whether the portal home shows the banner now (the same reading as the portal: from début included to fin excluded). */
export function etatBandeau(b: { actif: boolean; debut: Date | null; fin: Date | null }, maintenant: Date): EtatBandeau {
  if (!b.actif) return 'DESACTIVE';
  if (b.debut && b.debut.getTime() > maintenant.getTime()) return 'A_VENIR';
  if (b.fin && b.fin.getTime() <= maintenant.getTime()) return 'TERMINE';
  return 'EN_COURS';
}
