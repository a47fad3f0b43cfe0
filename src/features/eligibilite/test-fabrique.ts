/** Small dossiers for the rule tests: one line per fact, readable in a table. */

import type { DateIso, LigneService } from '../../carriere/enregistrements.ts';
import type { Corps, Fonction, Grade, Label, Position } from '../../carriere/vocabulaire.ts';
import type { DossierEligibilite, IndexLabels } from './dossier.ts';

/** UAIs of the test world: one per label (labelled every school year 1980–2030), one without label. */
export const UAI = { REP: '0000001A', REP_PLUS: '0000002B', CLA: '0000003C', SANS_LABEL: '0000009Z', PENITENTIAIRE_CEF: '0000004D' } as const;

export function labelsDeTest(exceptions: Array<[uai: string, annee: number, label: Label]> = []): IndexLabels {
  const index = new Map<string, Map<number, Label[]>>();
  const ajouter = (uai: string, annee: number, label: Label) => {
    if (!index.has(uai)) index.set(uai, new Map());
    const m = index.get(uai)!;
    m.set(annee, [...(m.get(annee) ?? []), label]);
  };
  for (let annee = 1980; annee <= 2030; annee++)
    for (const label of ['REP', 'REP_PLUS', 'CLA', 'PENITENTIAIRE_CEF'] as const) ajouter(UAI[label], annee, label);
  for (const [uai, annee, label] of exceptions) ajouter(uai, annee, label);
  return index;
}

export type OptionsService = { statut?: 'TITULAIRE' | 'STAGIAIRE'; ff?: boolean };

export function service(date_debut: DateIso, date_fin: DateIso | null, uai: string, fonction: Fonction = 'ENSEIGNEMENT', part_service = 100, o: OptionsService = {}): LigneService {
  return { agent_id: 'A1', date_debut, date_fin, uai, fonction, part_service, statut: o.statut ?? 'TITULAIRE', faisant_fonction: o.ff ?? false };
}

/** A full school year `Y-(Y+1)` in one row. */
export function anneeEntiere(y: number, uai: string, fonction: Fonction = 'ENSEIGNEMENT', part = 100, o: OptionsService = {}): LigneService {
  return service(`${y}-09-01`, `${y + 1}-08-31`, uai, fonction, part, o);
}

/** `n` full school years ending with `derniere-(derniere+1)`, in a REP school. */
export function anneesRep(n: number, derniere: number): LigneService[] {
  return Array.from({ length: n }, (_, i) => anneeEntiere(derniere - n + 1 + i, UAI.REP));
}

export type OptionsDossier = {
  agent_id?: string;
  corps?: Corps;
  carriere?: Array<[DateIso, Grade, number]>;
  positions?: Array<[DateIso, DateIso | null, Position]>;
  services?: LigneService[];
  labels?: IndexLabels;
};

export function dossier(o: OptionsDossier = {}): DossierEligibilite {
  const agent_id = o.agent_id ?? 'A1';
  return {
    agent: { agent_id, corps: o.corps ?? 'PE' },
    carriere: (o.carriere ?? [['2010-09-01', 'HC', 3]]).map(([date_effet, grade, echelon]) => ({ agent_id, date_effet, grade, echelon })),
    positions: (o.positions ?? []).map(([date_debut, date_fin, position]) => ({ agent_id, date_debut, date_fin, position })),
    services: (o.services ?? []).map((s) => ({ ...s, agent_id })),
    labels: o.labels ?? labelsDeTest(),
  };
}
