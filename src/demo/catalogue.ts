import type { Role } from '../shared/roles.ts';

/** The catalogue of the seed document (DOMAIN.md §2): rubrics in order, then applications by rubric and group. */
export const RUBRIQUES_DEMO = [
  'Scolarité du 1er degré',
  'Scolarité du 2nd degré',
  'Examens et concours',
  'Gestion des personnels',
  'Enquêtes et Pilotage',
  'Formation et Ressources',
  'Intranet, Référentiels et Outils',
  'Support et Assistance',
] as const;

const TOUS: Role[] = ['AGENT', 'GESTIONNAIRE', 'EVALUATEUR', 'AUTORITE', 'ADMINISTRATEUR', 'CORRESPONDANT_SYNDICAL'];
const PERSONNELS: Role[] = ['GESTIONNAIRE', 'EVALUATEUR', 'AUTORITE', 'ADMINISTRATEUR'];

export type ApplicationDemo = { rubrique: (typeof RUBRIQUES_DEMO)[number]; groupe: string; libelle: string; description?: string; url: string; interne?: boolean; roles: Role[] };

export const APPLICATIONS_DEMO: ApplicationDemo[] = [
  { rubrique: 'Gestion des personnels', groupe: 'Gestion des déplacements temporaires (DT)', libelle: 'Déplacements Temporaires', url: 'https://dt.example.invalid/', roles: TOUS },
  { rubrique: 'Gestion des personnels', groupe: 'I-Prof Assistant Carrière', libelle: 'I-Prof Enseignant', description: 'Votre dossier de carrière et vos candidatures', url: '/iprof', interne: true, roles: TOUS },
  { rubrique: 'Gestion des personnels', groupe: 'Gestion de la formation continue (GAIA)', libelle: 'GAIA-CERPEP Dispositifs nationaux - Accès individuel', url: 'https://gaia-cerpep.example.invalid/', roles: TOUS },
  { rubrique: 'Gestion des personnels', groupe: 'Gestion de la formation continue (GAIA)', libelle: 'GAIA - Accès individuel', url: 'https://gaia.example.invalid/', roles: TOUS },
  { rubrique: 'Gestion des personnels', groupe: 'Gestion de la formation continue (GAIA)', libelle: 'OSCAR - Saisie de l’offre de formation', url: 'https://oscar.example.invalid/', roles: PERSONNELS },
  { rubrique: 'Gestion des personnels', groupe: 'Mon Portail Agent', libelle: 'Mon Portail Agent', url: 'https://portail-agent.example.invalid/', roles: TOUS },
  { rubrique: 'Gestion des personnels', groupe: 'Elections professionnelles', libelle: 'Gérer ses abonnements : infos syndicales nationales', url: '/portail/abonnements/nationales', interne: true, roles: TOUS },
  { rubrique: 'Gestion des personnels', groupe: 'Elections professionnelles', libelle: 'Gérer ses abonnements : infos syndicales académiques', url: '/portail/abonnements/academiques', interne: true, roles: TOUS },
  { rubrique: 'Gestion des personnels', groupe: 'Elections professionnelles', libelle: 'Abonnés des listes de mon syndicat', description: 'Export des abonnés (correspondants syndicaux)', url: '/portail/correspondant', interne: true, roles: ['CORRESPONDANT_SYNDICAL'] },
  { rubrique: 'Scolarité du 1er degré', groupe: 'ONDE', libelle: 'ONDE - Base élèves 1er degré', url: 'https://onde.example.invalid/', roles: PERSONNELS },
  { rubrique: 'Scolarité du 2nd degré', groupe: 'SIECLE', libelle: 'SIECLE - Vie de l’établissement', url: 'https://siecle.example.invalid/', roles: PERSONNELS },
  { rubrique: 'Examens et concours', groupe: 'Cyclades', libelle: 'Cyclades - Inscriptions aux examens', url: 'https://cyclades.example.invalid/', roles: TOUS },
  { rubrique: 'Enquêtes et Pilotage', groupe: 'Enquêtes', libelle: 'Enquêtes académiques', url: 'https://enquetes.example.invalid/', roles: PERSONNELS },
  { rubrique: 'Formation et Ressources', groupe: 'Magistère', libelle: 'M@gistère - Formation à distance', url: 'https://magistere.example.invalid/', roles: TOUS },
  { rubrique: 'Intranet, Référentiels et Outils', groupe: 'Intranet', libelle: 'Intranet académique', url: 'https://intranet.example.invalid/', roles: TOUS },
  { rubrique: 'Support et Assistance', groupe: 'Assistance', libelle: 'Plateforme d’assistance', url: 'https://assistance.example.invalid/', roles: TOUS },
];
