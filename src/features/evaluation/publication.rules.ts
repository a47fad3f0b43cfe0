import { dateParis } from '../../shared/dates.ts';

/**
 * What the publication tells each agent (pure): the result, the ranking facts, the recours and its deadline.
 * DOMAIN.md §7: promotion takes effect on 1 September N; a recours gracieux is possible within two months of the
 * publication.
 */

const MOIS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 1er septembre 2027 » from an ISO date (YYYY-MM-DD). */
export function dateLongue(iso: string): string {
  const [a, m, j] = iso.split('-').map(Number) as [number, number, number];
  return `${j === 1 ? '1er' : j} ${MOIS[m - 1]} ${a}`;
}

/**
 * The last day of the recours (ISO date): two months after the publication day in Paris, same day of the month; when
 * that month is shorter, its last day (a publication on 31 December gives 28 or 29 February). The deadline is that
 * whole day.
 */
export function dateLimiteRecours(publieeLe: Date): string {
  const [j, m, a] = dateParis(publieeLe).split('/').map(Number) as [number, number, number];
  const mois = m - 1 + 2;
  const annee = a + Math.floor(mois / 12);
  const m2 = mois % 12;
  const dernier = new Date(Date.UTC(annee, m2 + 1, 0)).getUTCDate();
  return `${annee}-${String(m2 + 1).padStart(2, '0')}-${String(Math.min(j, dernier)).padStart(2, '0')}`;
}

/** Is a recours received at `instant` within the deadline (the whole last day, Paris time)? */
export function recoursDansLeDelai(publieeLe: Date, instant: Date): boolean {
  const [j, m, a] = dateParis(instant).split('/');
  return `${a}-${m}-${j}` <= dateLimiteRecours(publieeLe);
}

/** An agent's line(s) on the published table: one per list (an agent of both viviers can be on both). */
export type LigneAgent = { liste: 0 | 1 | 2; rang: number; vivier: 1 | 2 | null; bareme: number | null; palier: number | null; promu: boolean };

export type ResultatAgent =
  | { kind: 'PROMU'; dateEffet: string; ligne: LigneAgent }
  | { kind: 'NON_PROMU'; lignes: Array<LigneAgent & { dernierBaremePromu: number | null }> }
  | { kind: 'ABSENT' };

/** The agent's result from their lines and the barème of the last promoted agent of each list. */
export function resultatAgent(lignes: readonly LigneAgent[], dernierBareme: ReadonlyMap<number, number | null>, dateEffet: string): ResultatAgent {
  const promue = lignes.find((l) => l.promu);
  if (promue) return { kind: 'PROMU', dateEffet, ligne: promue };
  if (lignes.length === 0) return { kind: 'ABSENT' };
  return { kind: 'NON_PROMU', lignes: [...lignes].sort((a, b) => a.liste - b.liste).map((l) => ({ ...l, dernierBaremePromu: dernierBareme.get(l.liste) ?? null })) };
}

/** The result as one French paragraph (the I-Prof message and the result page say the same). */
export function texteResultat(r: ResultatAgent): string {
  if (r.kind === 'PROMU') return `Vous êtes promu(e) à la classe exceptionnelle, avec effet au ${dateLongue(r.dateEffet)}.`;
  if (r.kind === 'ABSENT') return 'Vous ne figurez pas au tableau d’avancement de cette campagne.';
  const details = r.lignes.map((l) =>
    l.vivier === null
      ? `rang ${l.rang}, palier ${l.palier ?? '—'}`
      : `vivier ${l.vivier} : rang ${l.rang}, barème ${l.bareme ?? '—'}${l.dernierBaremePromu === null ? ', aucun agent promu sur cette liste' : `, dernier barème promu ${l.dernierBaremePromu}`}`,
  );
  return `Vous n’êtes pas promu(e) cette année. Votre classement au tableau : ${details.join(' ; ')}.`;
}

/** The recours information, with its deadline as a date. */
export function texteRecours(publieeLe: Date): string {
  return `Vous pouvez former un recours gracieux contre ce résultat jusqu’au ${dateLongue(dateLimiteRecours(publieeLe))} inclus (deux mois après la publication), en ligne dans I-Prof, rubrique « Mes résultats ».`;
}
