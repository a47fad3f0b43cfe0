import type { Appreciation, Avis, Corps, Fonction, Grade, Label, Position, Statut, Vivier } from './vocabulaire.ts';

/** A calendar date `YYYY-MM-DD`, already checked to be a real date. */
export type DateIso = string;

/** One typed record per CSV line of DOMAIN.md §8; field names are the CSV column names. */
export type Etablissement = { uai: string; nom: string; commune: string; type: string };

/** `annee_scolaire` is `Y-(Y+1)`, e.g. `2015-2016`. */
export type LabelEtablissement = { uai: string; annee_scolaire: string; label: Label };

export type Agent = {
  agent_id: string;
  identifiant: string;
  civilite: string;
  nom: string;
  prenom: string;
  date_naissance: DateIso;
  email: string;
  corps: Corps;
  discipline: string;
  date_entree_corps: DateIso;
};

/** A row holds from `date_effet` until the agent's next row. */
export type LigneCarriere = { agent_id: string; date_effet: DateIso; grade: Grade; echelon: number };

/** `date_fin` null = ongoing; both bounds inclusive. */
export type LignePosition = { agent_id: string; date_debut: DateIso; date_fin: DateIso | null; position: Position };

export type LigneService = {
  agent_id: string;
  date_debut: DateIso;
  date_fin: DateIso | null;
  uai: string;
  fonction: Fonction;
  /** 1–100. */
  part_service: number;
  statut: Statut;
  faisant_fonction: boolean;
};

export type LigneAppreciation = { agent_id: string; vivier: Vivier; appreciation: Appreciation };

/** `avis_2` null for PE (one avis) or when missing. */
export type LigneAvis = { agent_id: string; avis_1: Avis; avis_2: Avis | null };

/** The whole HR import, in file order; optional files absent = empty lists. */
export type JeuDonnees = {
  etablissements: Etablissement[];
  labels: LabelEtablissement[];
  agents: Agent[];
  carriere: LigneCarriere[];
  positions: LignePosition[];
  services: LigneService[];
  appreciations: LigneAppreciation[];
  avis: LigneAvis[];
};
