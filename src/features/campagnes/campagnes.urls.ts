/** A list's address with its filters (empty ones left out), so that a page link keeps them. */
function avecFiltres(chemin: string, filtres: Record<string, string> = {}): string {
  const q = new URLSearchParams(Object.entries(filtres).filter(([, v]) => v !== '')).toString();
  return q ? `${chemin}?${q}` : chemin;
}

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
  contester: (id: string) => `/iprof/candidater/${id}/contester`,
  contestations: (id: string) => `/iprof/gestion/campagnes/${id}/contestations`,
  contestation: (id: string, cid: string) => `/iprof/gestion/campagnes/${id}/contestations/${cid}`,
  gestion: () => '/iprof/gestion/campagnes',
  gestionCampagne: (id: string) => `/iprof/gestion/campagnes/${id}`,
  candidaturesGestion: (id: string, filtres?: Record<string, string>) => avecFiltres(`/iprof/gestion/campagnes/${id}/candidatures`, filtres),
  candidatureGestion: (id: string, cid: string) => `/iprof/gestion/campagnes/${id}/candidatures/${cid}`,
  periodeGestion: (id: string, cid: string, pid: string) => `/iprof/gestion/campagnes/${id}/candidatures/${cid}/periodes/${pid}`,
  pieceCandidature: (id: string, cid: string, pid: string) => `/iprof/gestion/campagnes/${id}/candidatures/${cid}/pieces/${pid}`,
  deciderPeriode: (id: string, cid: string, pid: string) => `/iprof/gestion/campagnes/${id}/candidatures/${cid}/periodes/${pid}/decider`,
  declarerCandidature: (id: string, cid: string) => `/iprof/gestion/campagnes/${id}/candidatures/${cid}/declarer`,
  recevabilite: (id: string, filtres?: Record<string, string>) => avecFiltres(`/iprof/gestion/campagnes/${id}/recevabilite`, filtres),
} as const;
