import crypto from 'node:crypto';
import type { LigneAppreciation, LigneAvis } from '../../carriere/enregistrements.ts';
import type { ReglesCampagne } from '../eligibilite/regles.ts';
import type { Candidatures, Entree } from './classement.rules.ts';

/**
 * The version of a rule set as the arrêté records it: its year and the first 16 hex digits of the SHA-256 of its
 * numbers (the same year with other numbers — a correction of the rule file — gives another version).
 */
export function versionRegles(regles: ReglesCampagne): string {
  return `${regles.annee}-${crypto.createHash('sha256').update(JSON.stringify(regles)).digest('hex').slice(0, 16)}`;
}

export type EntreesTableau = {
  regles: ReglesCampagne;
  promotions: number;
  entrees: readonly Entree[];
  appreciations: readonly LigneAppreciation[];
  avis: readonly LigneAvis[];
  candidatures: Candidatures | undefined;
};

const parTexte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * SHA-256 (hex) of every input of the ranking, in a canonical order (by agent id, then vivier): the rule-set version,
 * P, then for each listed agent what the ranking reads (identity, dates of the order, verdict, grade at D, admissible
 * candidature), then the appreciations or avis. Two computations on the same inputs give the same hash, whatever the
 * order in which the database returned the rows; any change of one of them changes it.
 */
export function empreinteEntrees(e: EntreesTableau): string {
  const h = crypto.createHash('sha256');
  const ligne = (x: unknown[]) => h.update(JSON.stringify(x) + '\n');
  ligne(['vivier-tableau-v1', versionRegles(e.regles), e.promotions]);
  const candidat = (id: string) => (e.candidatures === undefined ? null : e.candidatures === 'SIMULATION' ? 'S' : e.candidatures.has(id));
  for (const x of [...e.entrees].sort((a, b) => parTexte(a.agent.agent_id, b.agent.agent_id))) {
    const { agent: a, verdict: v } = x;
    const g = v.grade;
    ligne(['A', a.agent_id, a.nom, a.prenom, a.corps, a.date_entree_corps, a.date_naissance, v.promouvable, v.vivier1, v.vivier2, g?.grade ?? null, g?.echelon ?? null, g?.date_echelon ?? null, g?.date_entree_hc ?? null, g?.annees_echelon ?? null, candidat(a.agent_id)]);
  }
  for (const x of [...e.appreciations].sort((a, b) => parTexte(a.agent_id, b.agent_id) || a.vivier - b.vivier)) ligne(['P', x.agent_id, x.vivier, x.appreciation]);
  for (const x of [...e.avis].sort((a, b) => parTexte(a.agent_id, b.agent_id))) ligne(['V', x.agent_id, x.avis_1, x.avis_2]);
  return h.digest('hex');
}

/**
 * Regime C: the promouvables whose avis are incomplete (no avis, or one avis where the corps takes two). The arrêté is
 * refused while there are any: the ranking would silently leave them off the table.
 */
export function avisIncomplets(e: Pick<EntreesTableau, 'regles' | 'entrees' | 'avis'>): string[] {
  const c = e.regles.regimeC;
  if (!c) return [];
  const parAgent = new Map(e.avis.map((a) => [a.agent_id, a]));
  return e.entrees
    .filter((x) => x.verdict.promouvable)
    .filter((x) => {
      const a = parAgent.get(x.agent.agent_id);
      return !a || (!c.paliers.corpsUnAvis.includes(x.agent.corps) && a.avis_2 === null);
    })
    .map((x) => x.agent.agent_id);
}
