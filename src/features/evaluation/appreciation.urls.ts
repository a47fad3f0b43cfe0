/** Addresses of the appreciations, avis and follow-up pages (one builder each, no literal elsewhere). */
/** A list's address with its page (beyond the first) and its « à donner seulement » filter. */
const liste = (chemin: string, page?: number, aDonner?: boolean) => {
  const q = new URLSearchParams();
  if (aDonner) q.set('a_donner', '1');
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `${chemin}?${s}` : chemin;
};

export const urlsEvaluation = {
  accueil: () => '/iprof/evaluation',
  evaluateur: (id: string, page?: number, aDonner?: boolean) => liste(`/iprof/evaluation/campagnes/${id}`, page, aDonner),
  agent: (id: string, agentId: string) => `/iprof/evaluation/campagnes/${id}/agents/${encodeURIComponent(agentId)}`,
  finales: (id: string, page?: number, aDonner?: boolean) => liste(`/iprof/evaluation/campagnes/${id}/finales`, page, aDonner),
  chargement: (id: string) => `/iprof/evaluation/campagnes/${id}/chargement`,
  suivi: (id: string) => `/iprof/gestion/campagnes/${id}/suivi`,
  rappel: (id: string) => `/iprof/gestion/campagnes/${id}/suivi/rappel`,
} as const;
