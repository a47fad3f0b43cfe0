import type { Agent, Etablissement, JeuDonnees, LabelEtablissement, LigneAppreciation, LigneAvis, LigneCarriere, LignePosition, LigneService } from '../../carriere/enregistrements.ts';
import type { LectureLigne } from './ligne.ts';
import type { FichierImport } from './limites.ts';
import { AVIS, APPRECIATIONS, CORPS, ECHELON_MAXIMUM, FONCTIONS, GRADES, LABELS, POSITIONS, STATUTS, type Vivier } from '../../carriere/vocabulaire.ts';

/**
 * One validator per file of DOMAIN.md §8: its columns, how a line becomes a typed record, and which
 * key must be unique within the file. Checks across files (references) are in import.rules.ts.
 */
export type DefinitionFichier<T> = {
  /** Its columns' maximum lengths are in limites.ts, under this name. */
  fichier: FichierImport;
  /** Where the records go in the dataset. */
  cle: keyof JeuDonnees;
  obligatoire: boolean;
  colonnes: readonly string[];
  lire(l: LectureLigne): T | null;
  /**
   * Key that must be unique within the file, the column to blame and the message for the repeat. With `groupe`,
   * the key is unique within its group (a number: small memory for millions of rows, see validateur.ts).
   */
  unicite?: UniciteFichier<T>;
};

export type UniciteFichier<T> = { colonne: string; code: 'DOUBLON' | 'CARRIERE_MEME_DATE'; message(t: T, premiereLigne: number): string } & (
  | { cle(t: T): string; groupe?: undefined }
  | { groupe(t: T): string; cle(t: T): number }
);

/** `YYYY-MM-DD` (already checked) → the number YYYYMMDD. */
function jourEnNombre(d: string): number {
  return Number(d.slice(0, 4)) * 10000 + Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10));
}

function periode(l: LectureLigne, debut: string | undefined, fin: string | null | undefined): void {
  if (debut && fin && fin < debut) l.signaler('date_fin', 'DATE_FIN_AVANT_DEBUT', `La date de fin ${fin} précède la date de début ${debut}.`);
}

export const ETABLISSEMENTS: DefinitionFichier<Etablissement> = {
  fichier: 'etablissements.csv',
  cle: 'etablissements',
  obligatoire: true,
  colonnes: ['uai', 'nom', 'commune', 'type'],
  lire: (l) => l.valide({ uai: l.texte('uai'), nom: l.texte('nom'), commune: l.texteFacultatif('commune'), type: l.texteFacultatif('type') }),
  unicite: { cle: (e) => e.uai, colonne: 'uai', code: 'DOUBLON', message: (e, n) => `L'UAI ${e.uai} figure déjà à la ligne ${n}.` },
};

export const LABELS_ETABLISSEMENTS: DefinitionFichier<LabelEtablissement> = {
  fichier: 'labels_etablissements.csv',
  cle: 'labels',
  obligatoire: false,
  colonnes: ['uai', 'annee_scolaire', 'label'],
  lire: (l) => l.valide({ uai: l.texte('uai'), annee_scolaire: l.anneeScolaire('annee_scolaire'), label: l.code('label', LABELS) }),
};

export const AGENTS: DefinitionFichier<Agent> = {
  fichier: 'agents.csv',
  cle: 'agents',
  obligatoire: true,
  colonnes: ['agent_id', 'identifiant', 'civilite', 'nom', 'prenom', 'date_naissance', 'email', 'corps', 'discipline', 'date_entree_corps'],
  lire: (l) =>
    l.valide({
      agent_id: l.texte('agent_id'),
      identifiant: l.texte('identifiant'),
      civilite: l.texteFacultatif('civilite'),
      nom: l.texte('nom'),
      prenom: l.texte('prenom'),
      date_naissance: l.date('date_naissance'),
      email: l.texteFacultatif('email'),
      corps: l.code('corps', CORPS),
      discipline: l.texteFacultatif('discipline'),
      date_entree_corps: l.date('date_entree_corps'),
    }),
  unicite: { cle: (a) => a.agent_id, colonne: 'agent_id', code: 'DOUBLON', message: (a, n) => `L'agent ${a.agent_id} figure déjà à la ligne ${n}.` },
};

export const CARRIERE: DefinitionFichier<LigneCarriere> = {
  fichier: 'carriere.csv',
  cle: 'carriere',
  obligatoire: false,
  colonnes: ['agent_id', 'date_effet', 'grade', 'echelon'],
  lire: (l) => l.valide({ agent_id: l.texte('agent_id'), date_effet: l.date('date_effet'), grade: l.code('grade', GRADES), echelon: l.entier('echelon', 1, ECHELON_MAXIMUM) }),
  // A row holds until the agent's next one: two rows on the same day would overlap.
  unicite: {
    groupe: (c) => c.agent_id,
    cle: (c) => jourEnNombre(c.date_effet),
    colonne: 'date_effet',
    code: 'CARRIERE_MEME_DATE',
    message: (c, n) => `L'agent ${c.agent_id} a déjà une ligne de carrière à la date d'effet ${c.date_effet} (ligne ${n}).`,
  },
};

export const POSITIONS_FICHIER: DefinitionFichier<LignePosition> = {
  fichier: 'positions.csv',
  cle: 'positions',
  obligatoire: false,
  colonnes: ['agent_id', 'date_debut', 'date_fin', 'position'],
  lire(l) {
    const v = { agent_id: l.texte('agent_id'), date_debut: l.date('date_debut'), date_fin: l.dateFacultative('date_fin'), position: l.code('position', POSITIONS) };
    periode(l, v.date_debut, v.date_fin);
    return l.valide(v);
  },
};

export const SERVICES: DefinitionFichier<LigneService> = {
  fichier: 'services.csv',
  cle: 'services',
  obligatoire: false,
  colonnes: ['agent_id', 'date_debut', 'date_fin', 'uai', 'fonction', 'part_service', 'statut', 'faisant_fonction'],
  lire(l) {
    const ff = l.code('faisant_fonction', ['0', '1'] as const);
    const v = {
      agent_id: l.texte('agent_id'),
      date_debut: l.date('date_debut'),
      date_fin: l.dateFacultative('date_fin'),
      uai: l.texte('uai'),
      fonction: l.code('fonction', FONCTIONS),
      part_service: l.entier('part_service', 1, 100),
      statut: l.code('statut', STATUTS),
      faisant_fonction: ff === undefined ? undefined : ff === '1',
    };
    periode(l, v.date_debut, v.date_fin);
    return l.valide(v);
  },
};

export const APPRECIATIONS_FICHIER: DefinitionFichier<LigneAppreciation> = {
  fichier: 'appreciations.csv',
  cle: 'appreciations',
  obligatoire: false,
  colonnes: ['agent_id', 'vivier', 'appreciation'],
  lire(l) {
    const vivier = l.code('vivier', ['1', '2'] as const);
    return l.valide({ agent_id: l.texte('agent_id'), vivier: vivier === undefined ? undefined : (Number(vivier) as Vivier), appreciation: l.code('appreciation', APPRECIATIONS) });
  },
  unicite: {
    cle: (a) => `${a.agent_id}\u0000${a.vivier}`,
    colonne: 'agent_id',
    code: 'DOUBLON',
    message: (a, n) => `L'agent ${a.agent_id} a déjà une appréciation pour le vivier ${a.vivier} (ligne ${n}).`,
  },
};

export const AVIS_FICHIER: DefinitionFichier<LigneAvis> = {
  fichier: 'avis.csv',
  cle: 'avis',
  obligatoire: false,
  colonnes: ['agent_id', 'avis_1', 'avis_2'],
  lire: (l) => l.valide({ agent_id: l.texte('agent_id'), avis_1: l.code('avis_1', AVIS), avis_2: l.codeFacultatif('avis_2', AVIS) }),
  unicite: { cle: (a) => a.agent_id, colonne: 'agent_id', code: 'DOUBLON', message: (a, n) => `L'agent ${a.agent_id} a déjà une ligne d'avis (ligne ${n}).` },
};

/** Every file of the folder, in the order they are read and their errors listed. */
export const FICHIERS = [ETABLISSEMENTS, LABELS_ETABLISSEMENTS, AGENTS, CARRIERE, POSITIONS_FICHIER, SERVICES, APPRECIATIONS_FICHIER, AVIS_FICHIER] as const;
