import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row types of the database, kept by hand beside the migrations. bigint ids come back as strings from pg. */
type Id = ColumnType<string, never, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

import type { Perimetre, QualiteEvaluateur } from '../shared/perimetre.ts';

export type { Perimetre, QualiteEvaluateur };

export interface CompteTable {
  id: Id;
  identifiant: string;
  nom_affiche: string;
  email: string | null;
  mot_de_passe_hash: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  perimetre: ColumnType<Perimetre, string | undefined, string>;
  agent_id: string | null;
  qualite_evaluateur: ColumnType<QualiteEvaluateur | null, QualiteEvaluateur | null | undefined, QualiteEvaluateur | null>;
  /** The LDAP entry the account was linked to at its first directory sign-in (migration 2026-12-06T1310). */
  dn_annuaire: ColumnType<string | null, string | null | undefined, string | null>;
  actif: Generated<boolean>;
  echecs_consecutifs: Generated<number>;
  dernier_echec_le: Timestamp | null;
  verrouille_jusqu_au: Timestamp | null;
  derniere_connexion_le: Timestamp | null;
  precedente_connexion_le: Timestamp | null;
  /** The person asked for a passkey after their password or passcode. */
  cle_acces_exigee: Generated<boolean>;
  /** Failed sign-in attempts between the previous sign-in and the last one (said on the home page). */
  echecs_avant_connexion: Generated<number>;
  /** The opaque user handle given to authenticators (base64url), set at the first passkey. */
  poignee_webauthn: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** Names the session in pages and addresses (its id, the token's digest, is never shown). */
  numero: ColumnType<string, never, never>;
}

export interface CleAccesTable {
  id: Id;
  compte_id: string;
  /** The WebAuthn credential id, base64url. */
  identifiant_webauthn: string;
  cle_publique: Uint8Array;
  compteur: ColumnType<string, string | number | undefined, string | number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  nom: string;
  sauvegardee: Generated<boolean>;
  creee_le: Timestamp;
  utilisee_le: Timestamp | null;
}

export interface DefiWebauthnTable {
  /** The session's id, or before sign-in the digest of the browser's challenge cookie. */
  lien: string;
  usage: 'ENREGISTREMENT' | 'CONNEXION' | 'SECOND_FACTEUR';
  defi: string;
  compte_id: string | null;
  premier_facteur: 'MOT_DE_PASSE' | 'OTP' | null;
  retour: string | null;
  cree_le: Timestamp;
  expire_le: Timestamp;
}

export interface TentativeConnexionTable {
  id: Id;
  le: Timestamp;
  identifiant_saisi: string;
  compte_id: string | null;
  /** null: a logout, or a post refused by the per-address limit that named no secret. */
  methode: 'MOT_DE_PASSE' | 'OTP' | 'PROCONNECT' | 'CLE_ACCES' | null;
  resultat: string;
  adresse: string | null;
}

/** An identity of the OpenID Connect provider (ProConnect) linked to an account: the key is (issuer, idp_id, sub). */
export interface IdentiteOidcTable {
  emetteur: string;
  idp_id: string;
  sub: string;
  compte_id: string;
  courriel: string | null;
  liee_le: Timestamp;
  derniere_connexion_le: Timestamp | null;
}

/** A sign-in or logout sent to the provider, by the SHA-256 of its `state`: used once. */
export interface DemandeOidcTable {
  id: string;
  objet: 'CONNEXION' | 'DECONNEXION';
  nonce: string | null;
  verificateur: string | null;
  retour: string | null;
  cree_le: Timestamp;
}

/** An identity whose e-mail Vivier does not know, waiting for the person to confirm their account. */
export interface LiaisonOidcTable {
  id: string;
  emetteur: string;
  idp_id: string;
  sub: string;
  courriel: string;
  nom: string | null;
  id_token: string;
  retour: string | null;
  cree_le: Timestamp;
}

export interface SessionOidcTable {
  session_id: string;
  id_token: string;
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
  /** The folder of its files while it runs (removed at the end, or at the next start if the server stopped). */
  dossier_temporaire: ColumnType<string | null, string | null | undefined, string | null>;
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

/** A per-address limit's window (shared/http/limite-adresse.ts). */
export interface LimiteAdresseTable {
  cle: string;
  debut: Timestamp;
  compte: number;
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
  statut: 'PREPARATION' | 'OUVERTE' | 'CLOSE' | 'EN_EXAMEN' | 'ARRETEE' | 'PUBLIEE';
  cree_par_compte_id: string | null;
  cree_le: Timestamp;
  /** From this instant agents see their avis / appreciation in I-Prof (DOMAIN.md §7); null: not yet decided. */
  avis_visibles_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Scheduled publication of the arrêté table; null: not scheduled. */
  publication_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  publiee_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** Its accusé is being rendered by a process until then (documents.service.ts); null: not claimed. */
  accuse_bail_jusqua: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** Recevabilité of an AGENT period (a DOSSIER period is proven by the dossier and never decided by hand). */
  decision: ColumnType<'ACCEPTEE' | 'REJETEE' | null, 'ACCEPTEE' | 'REJETEE' | null | undefined, 'ACCEPTEE' | 'REJETEE' | null>;
  /** Code of the closed list of motifs (recevabilite.rules.ts), set exactly when rejected. */
  motif: ColumnType<string | null, string | null | undefined, string | null>;
  motif_texte: ColumnType<string | null, string | null | undefined, string | null>;
  decidee_par_compte_id: ColumnType<string | null, string | null | undefined, string | null>;
  decidee_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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

/** Issue 12 (migration 2026-12-06T1000_evaluation, docs/adr/0010-evaluation.md). */
export type AppreciationFinale = 'EXCELLENT' | 'TRES_SATISFAISANT' | 'SATISFAISANT' | 'INSATISFAISANT';
export type AvisTiers = 'TRES_FAVORABLE' | 'FAVORABLE' | 'DEFAVORABLE';

export interface AppreciationEvaluateurTable {
  campagne_id: string;
  agent_id: string;
  texte: string;
  par_compte_id: string | null;
  le: Timestamp;
}

export interface AppreciationAutoriteTable {
  campagne_id: string;
  agent_id: string;
  vivier: 1 | 2;
  appreciation: AppreciationFinale;
  par_compte_id: string | null;
  le: Timestamp;
}

export interface AvisCampagneTable {
  campagne_id: string;
  agent_id: string;
  /** 1: chef d'établissement (second degree) or IEN (PE); 2: inspector of the discipline (second degree). */
  numero: 1 | 2;
  avis: AvisTiers;
  texte: string | null;
  par_compte_id: string | null;
  le: Timestamp;
}

/** What a history row is about; `cle` then names the thing (a period id, a vivier, an avis numero). */
export type ObjetEvaluation = 'PERIODE' | 'RECEVABILITE' | 'APPRECIATION_EVALUATEUR' | 'APPRECIATION_AUTORITE' | 'AVIS' | 'RECOURS';

export interface EvaluationHistoriqueTable {
  id: Id;
  campagne_id: string;
  agent_id: string;
  objet: ObjetEvaluation;
  cle: string;
  avant: ColumnType<unknown, string | null, string | null>;
  apres: ColumnType<unknown, string | null, string | null>;
  source: 'PAGE' | 'CSV' | 'MOTEUR';
  par_compte_id: string | null;
  le: Timestamp;
}

export interface TableauTable {
  id: Id;
  campagne_id: string;
  statut: 'ARRETE' | 'ROUVERT' | 'PUBLIE';
  version_regles: string;
  parametres: Json<Record<string, unknown>>;
  /** sha256 (hex) of a canonical serialisation of every input of the ranking. */
  empreinte_entrees: string;
  nb_lignes: number;
  arrete_par_compte_id: string | null;
  arrete_le: Timestamp;
  rouvert_par_compte_id: string | null;
  rouvert_le: Timestamp | null;
  motif_reouverture: string | null;
}

export interface TableauLigneTable {
  tableau_id: string;
  /** 1 or 2: the vivier's list (regimes A, B); 0: the single list of regime C. */
  liste: 0 | 1 | 2;
  rang: number;
  agent_id: string;
  nom: string;
  prenom: string;
  vivier: 1 | 2 | null;
  bareme: number | null;
  palier: number | null;
  appreciation: string | null;
  promu: boolean;
}

export interface RecoursTable {
  id: Id;
  campagne_id: string;
  agent_id: string;
  texte: string;
  statut: 'DEPOSE' | 'ACCEPTE' | 'REJETE';
  reponse: string | null;
  repondu_par_compte_id: string | null;
  repondu_le: Timestamp | null;
  cree_le: Timestamp;
}

export interface RecoursPieceTable {
  id: Id;
  recours_id: string;
  nom_fichier: string;
  type_contenu: 'application/pdf' | 'image/jpeg' | 'image/png';
  taille: number;
  sha256: string;
  contenu: Buffer;
  cree_le: Timestamp;
}

export interface DB {
  appreciation_evaluateur: AppreciationEvaluateurTable;
  appreciation_autorite: AppreciationAutoriteTable;
  avis_campagne: AvisCampagneTable;
  evaluation_historique: EvaluationHistoriqueTable;
  tableau: TableauTable;
  tableau_ligne: TableauLigneTable;
  recours: RecoursTable;
  recours_piece: RecoursPieceTable;
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
  limite_adresse: LimiteAdresseTable;
  cle_acces: CleAccesTable;
  defi_webauthn: DefiWebauthnTable;
  tentative_connexion: TentativeConnexionTable;
  identite_oidc: IdentiteOidcTable;
  demande_oidc: DemandeOidcTable;
  liaison_oidc: LiaisonOidcTable;
  session_oidc: SessionOidcTable;
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
  syndicat: SyndicatTable;
  liste_syndicale: ListeSyndicaleTable;
  abonnement_syndical: AbonnementSyndicalTable;
  abonnement_syndical_historique: AbonnementSyndicalHistoriqueTable;
  correspondant_syndical: CorrespondantSyndicalTable;
}

/** Élections professionnelles (migration 2026-12-06T1300_abonnements_syndicaux). */
export interface SyndicatTable {
  id: Id;
  sigle: string;
  nom: string;
  ordre: ColumnType<number, number | undefined, number>;
  actif: ColumnType<boolean, boolean | undefined, boolean>;
  cree_le: DefaultTimestamp;
}

export interface ListeSyndicaleTable {
  id: Id;
  syndicat_id: string;
  portee: 'NATIONALE' | 'ACADEMIQUE';
  libelle: string;
  description: string | null;
  ordre: ColumnType<number, number | undefined, number>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  cree_le: DefaultTimestamp;
}

export interface AbonnementSyndicalTable {
  compte_id: string;
  liste_id: string;
  depuis_le: Timestamp;
}

export interface AbonnementSyndicalHistoriqueTable {
  id: Id;
  compte_id: string;
  liste_id: string;
  action: 'ABONNEMENT' | 'DESABONNEMENT';
  le: Timestamp;
}

export interface CorrespondantSyndicalTable {
  syndicat_id: string;
  compte_id: string;
  depuis_le: Timestamp;
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
