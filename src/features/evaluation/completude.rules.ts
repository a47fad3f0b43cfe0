import type { Vivier } from '../../carriere/vocabulaire.ts';

/**
 * What is still missing before the table of a campaign can be arrêté (pure): regimes A/B, the autorité's final
 * appreciation of each agent in each list they are examined in; regime C, each avis a promouvable needs. The
 * évaluateurs' texts (A/B) are counted too, but do not block: the autorité may appreciate without one.
 */

/** One agent of the campaign's table-to-be: the lists they are examined in (A/B) or the avis they need (C, else 0). */
export type Examine = { agent_id: string; listes: readonly Vivier[]; avisRequis: 0 | 1 | 2 };

export type Manquant =
  | { agent_id: string; objet: 'APPRECIATION_AUTORITE'; vivier: Vivier }
  | { agent_id: string; objet: 'AVIS'; numero: 1 | 2 }
  | { agent_id: string; objet: 'APPRECIATION_EVALUATEUR' };

/** What is stored: keys `agent:vivier` (final appreciations), `agent:numero` (avis), agent ids (évaluateurs' texts). */
export type Saisies = { appreciations: ReadonlySet<string>; avis: ReadonlySet<string>; textes: ReadonlySet<string> };

export const cleListe = (agentId: string, n: number) => `${agentId}:${n}`;

/** Every missing input, in the order of `examines`: blocking ones first for each agent, then the évaluateur's text. */
export function manquantsDe(examines: readonly Examine[], s: Saisies): Manquant[] {
  const r: Manquant[] = [];
  for (const e of examines) {
    for (const vivier of e.listes) if (!s.appreciations.has(cleListe(e.agent_id, vivier))) r.push({ agent_id: e.agent_id, objet: 'APPRECIATION_AUTORITE', vivier });
    for (let n = 1 as 1 | 2; n <= e.avisRequis; n++) if (!s.avis.has(cleListe(e.agent_id, n))) r.push({ agent_id: e.agent_id, objet: 'AVIS', numero: n });
    if (e.listes.length > 0 && !s.textes.has(e.agent_id)) r.push({ agent_id: e.agent_id, objet: 'APPRECIATION_EVALUATEUR' });
  }
  return r;
}

/** Whether a missing input blocks « arrêter le tableau ». */
export const estBloquant = (m: Manquant): boolean => m.objet !== 'APPRECIATION_EVALUATEUR';

/** The French name of what is missing, for pages and refusals. */
export function libelleManquant(m: Manquant): string {
  if (m.objet === 'APPRECIATION_AUTORITE') return `appréciation finale de l’autorité (vivier ${m.vivier})`;
  if (m.objet === 'AVIS') return m.numero === 1 ? 'avis n° 1 (chef d’établissement ou IEN)' : 'avis n° 2 (inspecteur de la discipline)';
  return 'appréciation de l’évaluateur';
}

/** The refusal of « arrêter » while something blocks, or null. */
export function messageBlocage(bloquants: number, regimeC: boolean): string | null {
  if (bloquants === 0) return null;
  const quoi = regimeC ? (bloquants > 1 ? 'avis manquent' : 'avis manque') : bloquants > 1 ? 'appréciations finales manquent' : 'appréciation finale manque';
  return `Le tableau ne peut pas être arrêté : ${bloquants} ${quoi}. La page de suivi de la campagne dit lesquels.`;
}
