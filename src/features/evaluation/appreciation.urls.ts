/** Addresses of the appreciations, avis and follow-up pages (one builder each, no literal elsewhere). */
const avecPage = (chemin: string, page?: number) => (page && page > 1 ? `${chemin}?page=${page}` : chemin);

export const urlsEvaluation = {
  accueil: () => '/iprof/evaluation',
  evaluateur: (id: string, page?: number) => avecPage(`/iprof/evaluation/campagnes/${id}`, page),
  agent: (id: string, agentId: string) => `/iprof/evaluation/campagnes/${id}/agents/${encodeURIComponent(agentId)}`,
  finales: (id: string, page?: number) => avecPage(`/iprof/evaluation/campagnes/${id}/finales`, page),
  chargement: (id: string) => `/iprof/evaluation/campagnes/${id}/chargement`,
  suivi: (id: string) => `/iprof/gestion/campagnes/${id}/suivi`,
  rappel: (id: string) => `/iprof/gestion/campagnes/${id}/suivi/rappel`,
} as const;
