import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row types of the database, kept by hand beside the migrations. bigint ids come back as strings from pg. */
type Id = ColumnType<string, never, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

import type { Perimetre } from '../shared/perimetre.ts';

export type { Perimetre };

export interface CompteTable {
  id: Id;
  identifiant: string;
  nom_affiche: string;
  email: string | null;
  mot_de_passe_hash: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  perimetre: ColumnType<Perimetre, string | undefined, string>;
  agent_id: string | null;
  actif: Generated<boolean>;
  echecs_consecutifs: Generated<number>;
  dernier_echec_le: Timestamp | null;
  verrouille_jusqu_au: Timestamp | null;
  derniere_connexion_le: Timestamp | null;
  precedente_connexion_le: Timestamp | null;
  cree_le: DefaultTimestamp;
  modifie_le: DefaultTimestamp;
}

export interface CleOtpTable {
  compte_id: string;
  secret_base32: string;
  statut: 'EMISE' | 'ACTIVE';
  pin_hash: string | null;
  dernier_pas: ColumnType<string, string | number | undefined, string | number>;
  emise_le: DefaultTimestamp;
  activee_le: Timestamp | null;
  /** Wrong activation codes since the key was issued (the login's lockout rules apply to them). */
  echecs_activation: ColumnType<number, number | undefined, number>;
  activation_suspendue_jusqu_au: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface SessionTable {
  id: string;
  compte_id: string;
  jeton_csrf: string;
  cree_le: Timestamp;
  vue_le: Timestamp;
  adresse: string | null;
  agent_utilisateur: string | null;
}

export interface TentativeConnexionTable {
  id: Id;
  le: Timestamp;
  identifiant_saisi: string;
  compte_id: string | null;
  /** null: a logout, or a post refused by the per-address limit that named no secret. */
  methode: 'MOT_DE_PASSE' | 'OTP' | null;
  resultat: string;
  adresse: string | null;
}

export interface JournalAuditTable {
  id: Id;
  le: Timestamp;
  acteur_compte_id: string | null;
  action: string;
  cible: string | null;
  details: Json<Record<string, unknown>>;
}

export interface RubriqueTable {
  id: Id;
  libelle: string;
  ordre: Generated<number>;
}

export interface ApplicationTable {
  id: Id;
  rubrique_id: string;
  groupe: string;
  libelle: string;
  description: string | null;
  url: string;
  interne: Generated<boolean>;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  ordre: Generated<number>;
  actif: Generated<boolean>;
}

export interface FavoriTable {
  compte_id: string;
  application_id: string;
  ordre: number;
}

export interface BandeauTable {
  id: Id;
  titre: string;
  message: string;
  niveau: 'info' | 'warning' | 'alert';
  debut: Timestamp | null;
  fin: Timestamp | null;
  actif: Generated<boolean>;
  cree_le: DefaultTimestamp;
}

export interface ParametreTable {
  cle: string;
  valeur: Json<unknown>;
  modifie_le: DefaultTimestamp;
}

/** DATE columns are 'YYYY-MM-DD' strings on both backends (see db/connection.ts). */
type DateIso = string;

export interface ImportRhTable {
  id: Id;
  lance_par_compte_id: string | null;
  source: string;
  debut: Timestamp;
  fin: Timestamp | null;
  /** ECHEC: refused, the errors of the files listed; INTERROMPU: the server stopped during it; ERREUR_TECHNIQUE: an unexpected failure. */
  statut: 'EN_COURS' | 'REUSSI' | 'ECHEC' | 'INTERROMPU' | 'ERREUR_TECHNIQUE';
  compteurs: Json<Record<string, number>>;
  progression: ColumnType<{ fichier: string; pourcent: number; lignes: number } | null, string | null | undefined, string | null>;
  erreurs: Json<unknown[]>;
  nb_erreurs: Generated<number>;
}

export interface EtablissementTable {
  uai: string;
  nom: string;
  commune: string;
  type: string;
  departement: string;
}

export interface EtablissementLabelTable {
  uai: string;
  annee_scolaire: number;
  label: string;
}

export interface AgentTable {
  agent_id: string;
  identifiant: string;
  civilite: string;
  nom: string;
  prenom: string;
  date_naissance: DateIso;
  email: string;
  corps: string;
  discipline: string;
  date_entree_corps: DateIso;
  import_id: string | null;
}

export interface AgentCarriereTable {
  id: Id;
  agent_id: string;
  date_effet: DateIso;
  grade: string;
  echelon: number;
}

export interface AgentPositionTable {
  id: Id;
  agent_id: string;
  date_debut: DateIso;
  date_fin: DateIso | null;
  position: string;
}

export interface AgentServiceTable {
  id: Id;
  agent_id: string;
  date_debut: DateIso;
  date_fin: DateIso | null;
  uai: string;
  fonction: string;
  part_service: number;
  statut: string;
  faisant_fonction: boolean;
}

export interface AgentAppreciationTable {
  agent_id: string;
  vivier: number;
  appreciation: string;
}

export interface AgentAvisTable {
  agent_id: string;
  avis_1: string;
  avis_2: string | null;
}

export interface CampagneTable {
  id: Id;
  corps: string;
  annee: number;
  regime: 'A' | 'B' | 'C';
  ouverture: Timestamp;
  fermeture: Timestamp;
  promotions: number;
  parametres: Json<Record<string, unknown>>;
  statut: 'PREPARATION' | 'OUVERTE' | 'CLOSE' | 'PUBLIEE';
  cree_par_compte_id: string | null;
  cree_le: Timestamp;
}

export interface CampagneHistoriqueTable {
  id: Id;
  campagne_id: string;
  de: string | null;
  vers: string;
  evenement: string;
  le: Timestamp;
  par_compte_id: string | null;
}

export interface CandidatureTable {
  id: Id;
  campagne_id: string;
  agent_id: string;
  statut: 'BROUILLON' | 'ENREGISTREE' | 'ANNULEE' | 'DEPOSEE' | 'RECEVABLE' | 'IRRECEVABLE' | 'PROMU' | 'NON_PROMU';
  cree_le: Timestamp;
  modifie_le: Timestamp;
  validee_le: Timestamp | null;
  reference: string | null;
}

export interface CandidatureHistoriqueTable {
  id: Id;
  candidature_id: string;
  de: string | null;
  vers: string;
  evenement: string;
  le: Timestamp;
  par_compte_id: string | null;
  details: Json<Record<string, unknown>>;
}

export interface CandidaturePeriodeTable {
  id: Id;
  candidature_id: string;
  du: DateIso;
  au: DateIso;
  nature: 'FONCTION' | 'EDUCATION_PRIORITAIRE';
  fonction: string | null;
  etablissement: string;
  source: 'DOSSIER' | 'AGENT';
  commentaire: string | null;
}

export interface CandidaturePieceTable {
  id: Id;
  periode_id: string;
  nom_fichier: string;
  type_contenu: 'application/pdf' | 'image/jpeg' | 'image/png';
  taille: number;
  sha256: string;
  contenu: Buffer;
  cree_le: Timestamp;
}

export interface CandidatureDocumentTable {
  id: Id;
  candidature_id: string;
  type: 'FICHE' | 'ACCUSE_RECEPTION';
  emis_le: Timestamp;
  sha256: string;
  pdf: Buffer;
}

export interface CourrielTable {
  id: Id;
  cle: string;
  destinataire: string;
  sujet: string;
  corps: string;
  document_type: string | null;
  document_id: string | null;
  cree_le: Timestamp;
  envoye_le: Timestamp | null;
  tentatives: Generated<number>;
  derniere_erreur: string | null;
  /** Lease while a sender holds the row, then the retry time after a failure; null: due now. */
  prochain_essai_le: Timestamp | null;
}

export interface ContestationTable {
  id: Id;
  campagne_id: string;
  agent_id: string;
  message: string;
  statut: 'EN_ATTENTE' | 'ACCEPTEE' | 'REJETEE';
  cree_le: Timestamp;
  decidee_le: Timestamp | null;
  decidee_par_compte_id: string | null;
  decision: string | null;
}

export interface ContestationPieceTable {
  id: Id;
  contestation_id: string;
  nom_fichier: string;
  type_contenu: 'application/pdf' | 'image/jpeg' | 'image/png';
  taille: number;
  sha256: string;
  contenu: Buffer;
  cree_le: Timestamp;
}

export interface DB {
  contestation: ContestationTable;
  contestation_piece: ContestationPieceTable;
  courriel: CourrielTable;
  campagne: CampagneTable;
  campagne_historique: CampagneHistoriqueTable;
  candidature: CandidatureTable;
  candidature_historique: CandidatureHistoriqueTable;
  candidature_periode: CandidaturePeriodeTable;
  candidature_piece: CandidaturePieceTable;
  candidature_document: CandidatureDocumentTable;
  parametre: ParametreTable;
  agent_appreciation: AgentAppreciationTable;
  agent_avis: AgentAvisTable;
  import_rh: ImportRhTable;
  etablissement: EtablissementTable;
  etablissement_label: EtablissementLabelTable;
  agent: AgentTable;
  agent_carriere: AgentCarriereTable;
  agent_position: AgentPositionTable;
  agent_service: AgentServiceTable;
  compte: CompteTable;
  cle_otp: CleOtpTable;
  session: SessionTable;
  tentative_connexion: TentativeConnexionTable;
  journal_audit: JournalAuditTable;
  rubrique: RubriqueTable;
  application: ApplicationTable;
  favori: FavoriTable;
  bandeau: BandeauTable;
  cv_element: CvElementTable;
  signalement: SignalementTable;
  piece_justificative: PieceJustificativeTable;
  correction_dossier: CorrectionDossierTable;
  message: MessageTable;
  consultation_dossier: ConsultationDossierTable;
}

export type Compte = Selectable<CompteTable>;
export type NouveauCompte = Insertable<CompteTable>;
export type CompteModif = Updateable<CompteTable>;
export type Application = Selectable<ApplicationTable>;
export type Bandeau = Selectable<BandeauTable>;

/** The career dossier (migration 2026-11-30T1200_dossier): CV, error reports, corrections, mailbox, staff reads. */
export interface CvElementTable {
  id: Id;
  agent_id: string;
  rubrique: 'ACTIVITE' | 'QUALIFICATION' | 'FORMATION';
  categorie: string | null;
  intitule: string;
  organisme: string | null;
  niveau: string | null;
  date_debut: DateIso | null;
  date_fin: DateIso | null;
  duree_heures: number | null;
  description: string | null;
  cree_le: Timestamp;
  modifie_le: Timestamp;
}

export interface SignalementTable {
  id: Id;
  agent_id: string;
  auteur_compte_id: string | null;
  cible_type: 'IDENTITE' | 'CARRIERE' | 'POSITION' | 'SERVICE';
  cible_id: string;
  cible_libelle: string;
  valeur_signalee: Json<Record<string, unknown>>;
  message: string;
  statut: ColumnType<'EN_ATTENTE' | 'ACCEPTE' | 'REJETE', 'EN_ATTENTE' | 'ACCEPTE' | 'REJETE' | undefined, 'EN_ATTENTE' | 'ACCEPTE' | 'REJETE'>;
  cree_le: Timestamp;
  traite_le: Timestamp | null;
  traite_par_compte_id: string | null;
  motif_rejet: string | null;
}

export interface PieceJustificativeTable {
  id: Id;
  signalement_id: string;
  nom_fichier: string;
  type_contenu: 'application/pdf' | 'image/jpeg' | 'image/png';
  taille: number;
  sha256: string;
  contenu: Buffer;
  cree_le: Timestamp;
}

export interface CorrectionDossierTable {
  id: Id;
  agent_id: string;
  signalement_id: string | null;
  cible_type: string;
  cible_id: string;
  avant: Json<Record<string, unknown>>;
  apres: Json<Record<string, unknown>>;
  par_compte_id: string | null;
  par_nom: string;
  le: Timestamp;
}

export interface MessageTable {
  id: Id;
  compte_id: string | null;
  agent_id: string | null;
  categorie: string;
  sujet: string;
  corps: string;
  cree_le: Timestamp;
  lu_le: Timestamp | null;
  document_type: string | null;
  document_id: string | null;
}

export interface ConsultationDossierTable {
  id: Id;
  agent_id: string;
  compte_id: string | null;
  nom_affiche: string;
  role: string;
  page: string;
  le: Timestamp;
}
