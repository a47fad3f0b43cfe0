import { RegleMetierError } from '../../shared/errors.ts';
import type { Agent, LigneAppreciation, LigneAvis } from '../../carriere/enregistrements.ts';
import type { Appreciation, Avis, Corps, Vivier } from '../../carriere/vocabulaire.ts';
import type { VerdictEligibilite } from '../eligibilite/eligibilite.rules.ts';
import type { ReglesCampagne, ReglesClassement } from '../eligibilite/regles.ts';
import type { GradeALaDate } from '../eligibilite/situation.ts';
import { bareme } from './bareme.rules.ts';
import { ordonner } from './ordre.rules.ts';

/** An agent of the campaign's corps with their eligibility verdict. */
export type Entree = { agent: Agent; verdict: VerdictEligibilite };

export type LigneTableau = {
  rang: number;
  agent_id: string;
  nom: string;
  prenom: string;
  /** Null in regime C. */
  vivier: Vivier | null;
  bareme: number | null;
  promu: boolean;
  /** Regimes A/B: the appreciation the barème used; regime C: the tier (1 or 2). */
  appreciation: Appreciation | null;
  palier: number | null;
};

export type Tableau = { lignes: LigneTableau[]; promotions: number; sieges: { vivier1: number; vivier2: number } | null };

/**
 * Regime A: agents whose vivier-1 candidature is admissible (RECEVABLE), or 'SIMULATION' to take every
 * vivier-1 agent as an admissible candidate (useful to HR before the window closes). Unused in B.
 */
export type Candidatures = ReadonlySet<string> | 'SIMULATION';

type Classe = Entree & { grade: GradeALaDate; bareme: number; appreciation: Appreciation };

function cle(agent_id: string, vivier: Vivier): string {
  return `${agent_id}\u0000${vivier}`;
}

/** Agents of a list without an appreciation for that vivier (ranking them is an error). */
export function appreciationsManquantes(liste: readonly Entree[], vivier: Vivier, appreciations: readonly LigneAppreciation[]): string[] {
  const connues = new Set(appreciations.map((a) => cle(a.agent_id, a.vivier)));
  return liste.filter((e) => !connues.has(cle(e.agent.agent_id, vivier))).map((e) => e.agent.agent_id);
}

function exigerAppreciations(liste: readonly Entree[], vivier: Vivier, appreciations: readonly LigneAppreciation[]): void {
  const manquantes = appreciationsManquantes(liste, vivier, appreciations);
  if (manquantes.length > 0)
    throw new RegleMetierError('APPRECIATION_MANQUANTE', `Appréciation du vivier ${vivier} manquante pour ${manquantes.length} agent(s) : ${manquantes.join(', ')}.`);
}

/** Ranks one list and gives its seats in order; an INSATISFAISANT agent keeps their rank but takes no seat. */
function classerListe(liste: readonly Entree[], vivier: Vivier, sieges: number, appreciations: ReadonlyMap<string, Appreciation>, regles: ReglesClassement): Array<Classe & { rang: number; promu: boolean }> {
  const classes: Classe[] = liste.map((e) => {
    const appreciation = appreciations.get(cle(e.agent.agent_id, vivier))!;
    const grade = e.verdict.grade!;
    return { ...e, grade, appreciation, bareme: bareme(appreciation, e.agent.corps, grade, regles) };
  });
  let restants = sieges;
  return ordonner(classes, regles.ordre).map((c, i) => {
    const promu = restants > 0 && c.appreciation !== 'INSATISFAISANT';
    if (promu) restants--;
    return { ...c, rang: i + 1, promu };
  });
}

/**
 * Regimes A and B (DOMAIN.md §7, §10): the vivier-1 list gets P − V2 seats, then the vivier-2 list
 * (V2 promouvables not promoted in V1) gets P × share // 100 seats; unused seats are lost.
 */
export function classerViviers(entrees: readonly Entree[], appreciations: readonly LigneAppreciation[], regles: ReglesCampagne, promotions: number, candidatures?: Candidatures): Tableau {
  const c = regles.classement;
  if (!c) throw new RegleMetierError('REGIME_SANS_VIVIERS', `La campagne ${regles.annee} (régime ${regles.regime}) ne se classe pas par viviers.`);
  if (regles.candidatureRequise && candidatures === undefined)
    throw new RegleMetierError('CANDIDATURES_REQUISES', `Le classement de la campagne ${regles.annee} demande les candidatures recevables (ou le mode simulation).`);
  const vivier2 = Math.floor((promotions * c.partSiegesVivier2) / 100);
  const vivier1 = promotions - vivier2;
  const candidat = (id: string) => !regles.candidatureRequise || candidatures === 'SIMULATION' || (candidatures?.has(id) ?? false);
  const listeV1 = entrees.filter((e) => e.verdict.vivier1 && candidat(e.agent.agent_id));
  exigerAppreciations(listeV1, 1, appreciations);
  const parCle = new Map(appreciations.map((a) => [cle(a.agent_id, a.vivier), a.appreciation]));
  const v1 = classerListe(listeV1, 1, vivier1, parCle, c);
  const promusV1 = new Set(v1.filter((x) => x.promu).map((x) => x.agent.agent_id));
  const listeV2 = entrees.filter((e) => e.verdict.vivier2 && !promusV1.has(e.agent.agent_id));
  exigerAppreciations(listeV2, 2, appreciations);
  const v2 = classerListe(listeV2, 2, vivier2, parCle, c);
  const ligne = (x: (typeof v1)[number], vivier: Vivier): LigneTableau => ({
    rang: x.rang,
    agent_id: x.agent.agent_id,
    nom: x.agent.nom,
    prenom: x.agent.prenom,
    vivier,
    bareme: x.bareme,
    promu: x.promu,
    appreciation: x.appreciation,
    palier: null,
  });
  return { lignes: [...v1.map((x) => ligne(x, 1)), ...v2.map((x) => ligne(x, 2))], promotions, sieges: { vivier1, vivier2 } };
}

/**
 * The lowest HC échelon at D with which an agent of the corps can be on the table: vivier 1 or vivier 2 (regimes A/B),
 * promouvable (C). Below it, or outside the hors-classe, nobody is listed: the table reads only the others' dossiers.
 */
export function echelonMinimumClasse(regles: ReglesCampagne, corps: Corps): number {
  if (regles.regimeC) return regles.regimeC.echelonMinimum[corps];
  return Math.min(regles.vivier1!.echelonMinimum[corps], regles.vivier2![corps].echelon);
}

/** Regime C: P = floor(ratio × promouvables); the product is rounded first so that 0.29 × 100 gives 29, not 28. */
export function promotionsRegimeC(ratio: number, promouvables: number): number {
  return Math.floor(Math.round(ratio * promouvables * 1e9) / 1e9);
}

/** Regime C tier (1 = best) from the avis, or null when not listed. */
export function palier(e: Entree, avis: LigneAvis | undefined, regles: ReglesCampagne): number | null {
  const p = regles.regimeC!.paliers;
  if (!avis) return null;
  const unAvis = p.corpsUnAvis.includes(e.agent.corps);
  if (!unAvis && avis.avis_2 === null) return null;
  const donnes: Avis[] = unAvis ? [avis.avis_1] : [avis.avis_1, avis.avis_2!].sort();
  const i = (unAvis ? p.unAvis : p.deuxAvis).findIndex((combinaison) => combinaison.length === donnes.length && combinaison.every((x, k) => x === donnes[k]));
  return i < 0 ? null : i + 1;
}

/** Regime C (DOMAIN.md §7, §10): tier 1 then tier 2, each in the rule set's order; the first P are promoted. */
export function classerRegimeC(entrees: readonly Entree[], avis: readonly LigneAvis[], regles: ReglesCampagne, promotions: number): Tableau {
  const rc = regles.regimeC;
  if (!rc) throw new RegleMetierError('REGIME_AVEC_VIVIERS', `La campagne ${regles.annee} (régime ${regles.regime}) se classe par viviers.`);
  const parAgent = new Map(avis.map((a) => [a.agent_id, a]));
  const places = entrees
    .filter((e) => e.verdict.promouvable)
    .map((e) => ({ ...e, grade: e.verdict.grade!, bareme: null, palier: palier(e, parAgent.get(e.agent.agent_id), regles) }))
    .filter((e) => e.palier !== null);
  const paliers = [...new Set(places.map((e) => e.palier!))].sort((a, b) => a - b);
  const ordonnes = paliers.flatMap((n) => ordonner(places.filter((e) => e.palier === n), rc.ordre));
  const lignes = ordonnes.map((e, i): LigneTableau => ({ rang: i + 1, agent_id: e.agent.agent_id, nom: e.agent.nom, prenom: e.agent.prenom, vivier: null, bareme: null, promu: i < promotions, appreciation: null, palier: e.palier }));
  return { lignes, promotions, sieges: null };
}
