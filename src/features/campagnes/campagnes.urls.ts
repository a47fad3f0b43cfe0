export const urlsCampagnes = {
  candidater: () => '/iprof/candidater',
  candidature: (id: string) => `/iprof/candidater/${id}`,
  commencer: (id: string) => `/iprof/candidater/${id}/commencer`,
  periodes: (id: string) => `/iprof/candidater/${id}/periodes`,
  supprimerPeriode: (id: string, periodeId: string) => `/iprof/candidater/${id}/periodes/${periodeId}/supprimer`,
  fiche: (id: string) => `/iprof/candidater/${id}/fiche`,
  fichePdf: (id: string) => `/iprof/candidater/${id}/fiche.pdf`,
  valider: (id: string) => `/iprof/candidater/${id}/valider`,
  annuler: (id: string) => `/iprof/candidater/${id}/annuler`,
  accusePdf: (id: string) => `/iprof/candidater/${id}/accuse.pdf`,
  gestion: () => '/iprof/gestion/campagnes',
  gestionCampagne: (id: string) => `/iprof/gestion/campagnes/${id}`,
} as const;
