import { SEGMENT_RUBRIQUE, type RubriqueCv } from './cv.rules.ts';

/** Typed URL builders of the dossier feature (the shared builders keep the portal's). */
export const ONGLETS = ['identite', 'situation', 'affectations', 'fonctions', 'activites', 'qualifications', 'formations', 'signalements', 'consultations'] as const;
export type Onglet = (typeof ONGLETS)[number];

/** The CV rubrique each CV tab shows. */
export const RUBRIQUE_DE_L_ONGLET = { activites: 'ACTIVITE', qualifications: 'QUALIFICATION', formations: 'FORMATION' } as const satisfies Partial<Record<Onglet, RubriqueCv>>;

export type CibleSignalee = 'identite' | 'carriere' | 'position' | 'service';

export const urlsDossier = {
  /** The agent's own dossier: `onglet` undefined or 'identite' is the first tab. */
  dossier: (onglet?: Onglet) => (!onglet || onglet === 'identite' ? '/iprof/dossier' : `/iprof/dossier/${onglet}`),
  /** A staff member's read-only view of an agent's dossier. */
  agent: (agentId: string, onglet?: Onglet) =>
    !onglet || onglet === 'identite' ? `/iprof/agents/${encodeURIComponent(agentId)}` : `/iprof/agents/${encodeURIComponent(agentId)}/${onglet}`,
  agents: (q?: string) => (q ? `/iprof/agents?q=${encodeURIComponent(q)}` : '/iprof/agents'),
  cvNouveau: (r: RubriqueCv) => `/iprof/dossier/cv/${SEGMENT_RUBRIQUE[r]}/nouveau`,
  cvCreer: (r: RubriqueCv) => `/iprof/dossier/cv/${SEGMENT_RUBRIQUE[r]}`,
  cvModifier: (r: RubriqueCv, id: string) => `/iprof/dossier/cv/${SEGMENT_RUBRIQUE[r]}/${id}`,
  cvSupprimer: (r: RubriqueCv, id: string) => `/iprof/dossier/cv/${SEGMENT_RUBRIQUE[r]}/${id}/supprimer`,
  signaler: (cible: CibleSignalee, id: string) => `/iprof/dossier/signaler/${cible}/${encodeURIComponent(id)}`,
  monSignalement: (id: string) => `/iprof/dossier/signalements/${id}`,
  piece: (id: string) => `/iprof/pieces/${id}`,
  gestionSignalements: (statut?: string) => (statut ? `/iprof/gestion/signalements?statut=${encodeURIComponent(statut)}` : '/iprof/gestion/signalements'),
  gestionSignalement: (id: string) => `/iprof/gestion/signalements/${id}`,
  accepter: (id: string) => `/iprof/gestion/signalements/${id}/accepter`,
  rejeter: (id: string) => `/iprof/gestion/signalements/${id}/rejeter`,
  messages: () => '/iprof/messages',
  message: (id: string) => `/iprof/messages/${id}`,
  mesDonnees: () => '/iprof/mes-donnees',
  mesDonneesJson: () => '/iprof/mes-donnees/export.json',
  mesDonneesPdf: () => '/iprof/mes-donnees/export.pdf',
} as const;
