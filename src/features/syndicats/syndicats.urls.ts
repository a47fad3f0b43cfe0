import type { SlugPortee } from './syndicats.rules.ts';

/** Typed URL builders of the union-information pages (agent, correspondent, administrator). */
export const urlsSyndicats = {
  abonnements: (portee: SlugPortee) => `/portail/abonnements/${portee}`,
  correspondant: () => '/portail/correspondant',
  exportAbonnes: (syndicatId: string, listeId: string) => `/portail/correspondant/syndicats/${syndicatId}/listes/${listeId}/export`,
  admin: () => '/admin/syndicats',
  adminNouveau: () => '/admin/syndicats/nouveau',
  adminSyndicat: (id: string) => `/admin/syndicats/${id}`,
  adminListeNouvelle: (id: string) => `/admin/syndicats/${id}/listes/nouvelle`,
  adminListe: (id: string, listeId: string) => `/admin/syndicats/${id}/listes/${listeId}`,
  adminCorrespondants: (id: string) => `/admin/syndicats/${id}/correspondants`,
  adminCorrespondantRetirer: (id: string, compteId: string) => `/admin/syndicats/${id}/correspondants/${compteId}/retirer`,
} as const;
