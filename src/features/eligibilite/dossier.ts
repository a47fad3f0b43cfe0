import type { Agent, JeuDonnees, LigneCarriere, LignePosition, LigneService } from '../../carriere/enregistrements.ts';
import { lireAnneeScolaire } from '../../carriere/dates.ts';
import type { Corps, Label } from '../../carriere/vocabulaire.ts';

/** Labels by establishment (UAI) then by school year (its first calendar year: 2015 for 2015-2016). */
export type IndexLabels = ReadonlyMap<string, ReadonlyMap<number, readonly Label[]>>;

/** A row of one agent's dossier: the agent is the dossier's (`agent`), not repeated on every row. */
export type LigneDuDossier<T extends { agent_id: string }> = Omit<T, 'agent_id'>;

/** Everything the eligibility rules read about one agent. Rows in any order. */
export type DossierEligibilite = {
  agent: Pick<Agent, 'agent_id' | 'corps'>;
  carriere: readonly LigneDuDossier<LigneCarriere>[];
  positions: readonly LigneDuDossier<LignePosition>[];
  services: readonly LigneDuDossier<LigneService>[];
  labels: IndexLabels;
};

export function indexerLabels(labels: JeuDonnees['labels']): IndexLabels {
  const index = new Map<string, Map<number, Label[]>>();
  for (const l of labels) {
    const annee = lireAnneeScolaire(l.annee_scolaire);
    if (annee === null) continue;
    let parAnnee = index.get(l.uai);
    if (!parAnnee) index.set(l.uai, (parAnnee = new Map()));
    const liste = parAnnee.get(annee);
    if (!liste) parAnnee.set(annee, [l.label]);
    else if (!liste.includes(l.label)) liste.push(l.label);
  }
  return index;
}

/** Rows by agent, in their order. */
export function grouper<T extends { agent_id: string }>(lignes: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const l of lignes) {
    const liste = m.get(l.agent_id);
    if (liste) liste.push(l);
    else m.set(l.agent_id, [l]);
  }
  return m;
}

/** The dossiers of the agents of one corps (all corps if absent), sorted by agent_id as text. One pass per file. */
export function dossiersDuJeu(jeu: JeuDonnees, corps?: Corps): DossierEligibilite[] {
  const labels = indexerLabels(jeu.labels);
  const carriere = grouper(jeu.carriere);
  const positions = grouper(jeu.positions);
  const services = grouper(jeu.services);
  return jeu.agents
    .filter((a) => corps === undefined || a.corps === corps)
    .map((a) => ({
      agent: { agent_id: a.agent_id, corps: a.corps },
      carriere: carriere.get(a.agent_id) ?? [],
      positions: positions.get(a.agent_id) ?? [],
      services: services.get(a.agent_id) ?? [],
      labels,
    }))
    .sort((x, y) => (x.agent.agent_id < y.agent.agent_id ? -1 : x.agent.agent_id > y.agent.agent_id ? 1 : 0));
}
