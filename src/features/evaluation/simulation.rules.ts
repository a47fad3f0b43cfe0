import { RegleMetierError } from '../../shared/errors.ts';
import type { LigneAppreciation } from '../../carriere/enregistrements.ts';
import type { Vivier } from '../../carriere/vocabulaire.ts';
import type { ReglesCampagne } from '../eligibilite/regles.ts';
import { bareme } from './bareme.rules.ts';
import type { Candidatures, Entree } from './classement.rules.ts';
import { ordonner } from './ordre.rules.ts';

/**
 * A simulated EXCELLENT quota (regimes A/B, pure): what the table would be if the autorité could give at most `part` %
 * of each list « Excellent » (the quota of appreciation.rules.ts, on the same lists: vivier 1 of the admissible
 * candidates, vivier 2 of every V2 promouvable). A lower quota than what was given keeps the « Excellent » of the best
 * placed of the list — the list's own order among its « Excellent » (barème, then the rule set's tie-breaks) — and
 * counts the others « Très satisfaisant », the next appreciation down. A higher quota changes nothing: who would get
 * the extra « Excellent » is the autorité's call, not a computation. Nothing is saved.
 */

export type PartsExcellent = Partial<Record<Vivier, number>>;

export type QuotaSimule = { vivier: Vivier; part: number; effectif: number; max: number; donnes: number; ramenes: string[] };

export function plafonnerExcellent(
  entrees: readonly Entree[],
  appreciations: readonly LigneAppreciation[],
  regles: ReglesCampagne,
  candidatures: Candidatures | undefined,
  parts: PartsExcellent,
): { appreciations: LigneAppreciation[]; quotas: QuotaSimule[] } {
  const c = regles.classement;
  if (!c) throw new RegleMetierError('REGIME_SANS_APPRECIATION', `La campagne ${regles.annee} (régime ${regles.regime}) ne recueille pas d’appréciations.`);
  const candidat = (id: string) => !regles.candidatureRequise || candidatures === 'SIMULATION' || (candidatures?.has(id) ?? false);
  const excellent = new Set(appreciations.filter((a) => a.appreciation === 'EXCELLENT').map((a) => `${a.agent_id}\u0000${a.vivier}`));
  const ramenes = new Set<string>();
  const quotas: QuotaSimule[] = [];
  for (const vivier of [1, 2] as const) {
    const part = parts[vivier];
    if (part === undefined) continue;
    const liste = entrees.filter((e) => (vivier === 1 ? e.verdict.vivier1 && candidat(e.agent.agent_id) : e.verdict.vivier2));
    const max = Math.floor((liste.length * part) / 100);
    const excellents = ordonner(
      liste.filter((e) => excellent.has(`${e.agent.agent_id}\u0000${vivier}`)).map((e) => ({ ...e, grade: e.verdict.grade!, bareme: bareme('EXCELLENT', e.agent.corps, e.verdict.grade!, c) })),
      c.ordre,
    );
    const enTrop = excellents.slice(max).map((e) => e.agent.agent_id);
    for (const id of enTrop) ramenes.add(`${id}\u0000${vivier}`);
    quotas.push({ vivier, part, effectif: liste.length, max, donnes: excellents.length, ramenes: enTrop });
  }
  return {
    appreciations: appreciations.map((a) => (ramenes.has(`${a.agent_id}\u0000${a.vivier}`) ? { ...a, appreciation: 'TRES_SATISFAISANT' as const } : a)),
    quotas,
  };
}
