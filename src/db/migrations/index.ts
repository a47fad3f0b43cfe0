import type { Migration } from 'kysely';
import * as portail from './2026-11-30T1000_portail.ts';
import * as donneesRh from './2026-11-30T1100_donnees_rh.ts';
import * as importEtapes from './2026-11-30T1130_import_etapes.ts';
import * as dossier from './2026-11-30T1200_dossier.ts';
import * as campagnes from './2026-11-30T1300_campagnes.ts';
import * as contestations from './2026-11-30T1400_contestations.ts';
import * as courrielsEnvoi from './2026-11-30T1500_courriels_envoi.ts';
import * as importEtapesSansIndex from './2026-11-30T1630_import_etapes_sans_index.ts';
import * as fichiersSansCompression from './2026-11-30T1700_fichiers_sans_compression.ts';
import * as cleOtpEssaisActivation from './2026-12-01T0900_cle_otp_essais_activation.ts';
import * as journalConnexionDeconnexions from './2026-12-01T0910_journal_connexion_deconnexions.ts';
import * as longueursRh from './2026-12-01T1000_longueurs_rh.ts';
import * as importStatuts from './2026-12-01T1010_import_statuts.ts';
import * as evaluation from './2026-12-06T1000_evaluation.ts';
import * as limiteAdresse from './2026-12-06T1200_limite_adresse.ts';
import * as abonnementsSyndicaux from './2026-12-06T1300_abonnements_syndicaux.ts';
import * as compteDnAnnuaire from './2026-12-06T1310_compte_dn_annuaire.ts';
import * as proconnect from './2026-12-06T1400_proconnect.ts';
import * as clesAccesSessions from './2026-12-06T1500_cles_acces_sessions.ts';
import * as clePubliqueStockage from './2026-12-06T1510_cle_publique_stockage.ts';
import * as accuseBail from './2026-12-06T1545_accuse_bail.ts';
import * as importSansEtapesDesAgents from './2026-12-06T1610_import_sans_etapes_des_agents.ts';
import * as importDossierTemporaire from './2026-12-06T1800_import_dossier_temporaire.ts';

/** Every migration, by timestamped name; Kysely applies them in name order on PGlite and PostgreSQL alike. */
export const migrations: Record<string, Migration> = {
  '2026-11-30T1000_portail': portail,
  '2026-11-30T1100_donnees_rh': donneesRh,
  '2026-11-30T1130_import_etapes': importEtapes,
  '2026-11-30T1200_dossier': dossier,
  '2026-11-30T1300_campagnes': campagnes,
  '2026-11-30T1400_contestations': contestations,
  '2026-11-30T1500_courriels_envoi': courrielsEnvoi,
  '2026-11-30T1630_import_etapes_sans_index': importEtapesSansIndex,
  '2026-11-30T1700_fichiers_sans_compression': fichiersSansCompression,
  '2026-12-01T0900_cle_otp_essais_activation': cleOtpEssaisActivation,
  '2026-12-01T0910_journal_connexion_deconnexions': journalConnexionDeconnexions,
  '2026-12-01T1000_longueurs_rh': longueursRh,
  '2026-12-01T1010_import_statuts': importStatuts,
  '2026-12-06T1000_evaluation': evaluation,
  '2026-12-06T1200_limite_adresse': limiteAdresse,
  '2026-12-06T1300_abonnements_syndicaux': abonnementsSyndicaux,
  '2026-12-06T1310_compte_dn_annuaire': compteDnAnnuaire,
  '2026-12-06T1400_proconnect': proconnect,
  '2026-12-06T1500_cles_acces_sessions': clesAccesSessions,
  '2026-12-06T1510_cle_publique_stockage': clePubliqueStockage,
  '2026-12-06T1545_accuse_bail': accuseBail,
  '2026-12-06T1610_import_sans_etapes_des_agents': importSansEtapesDesAgents,
  '2026-12-06T1800_import_dossier_temporaire': importDossierTemporaire,
};
