import type { Role } from '../shared/roles.ts';
import type { Perimetre, QualiteEvaluateur } from '../shared/perimetre.ts';

/** Demo accounts of the README (passwords for the demo académie only, never seeded in production). */
export type CompteDemo = { identifiant: string; nomAffiche: string; motDePasse: string; roles: Role[]; perimetre?: Perimetre; qualiteEvaluateur?: QualiteEvaluateur; agentId?: string; otp?: { pin: string; secret: string } };

export const COMPTES_DEMO: CompteDemo[] = [
  { identifiant: 'jdupont', nomAffiche: 'Jean Dupont', motDePasse: 'Demo-Agent-2026!', roles: ['AGENT'], agentId: 'DEMO0001', otp: { pin: '1984', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' } },
  { identifiant: 'mmartin', nomAffiche: 'Marie Martin', motDePasse: 'Demo-Agent-2026!', roles: ['AGENT'], agentId: 'DEMO0002' },
  { identifiant: 'gestion1', nomAffiche: 'Gaëlle Estion', motDePasse: 'Demo-Gestion-2026!', roles: ['GESTIONNAIRE'], perimetre: { corps: ['PE', 'CERTIFIE', 'AGREGE', 'PLP', 'PEPS', 'CPE', 'PSYEN'] } },
  { identifiant: 'ien1', nomAffiche: 'Inès Enault', motDePasse: 'Demo-Eval-2026!', roles: ['EVALUATEUR'], perimetre: { corps: ['PE'], departements: ['080'] }, qualiteEvaluateur: 'INSPECTEUR' },
  { identifiant: 'chef1', nomAffiche: 'Charles Chef', motDePasse: 'Demo-Eval-2026!', roles: ['EVALUATEUR'], perimetre: { corps: ['CERTIFIE', 'AGREGE', 'PLP', 'PEPS', 'CPE', 'PSYEN'], etablissements: ['0800012B'] }, qualiteEvaluateur: 'CHEF_ETABLISSEMENT' },
  { identifiant: 'recteur1', nomAffiche: 'Régis Recteur', motDePasse: 'Demo-Recteur-2026!', roles: ['AUTORITE'], perimetre: { corps: ['PE', 'CERTIFIE', 'AGREGE', 'PLP', 'PEPS', 'CPE', 'PSYEN'] } },
  { identifiant: 'admin1', nomAffiche: 'Adèle Admin', motDePasse: 'Demo-Admin-2026!', roles: ['ADMINISTRATEUR'] },
  { identifiant: 'synd1', nomAffiche: 'Sylvain Syndic', motDePasse: 'Demo-Synd-2026!', roles: ['CORRESPONDANT_SYNDICAL'] },
];
