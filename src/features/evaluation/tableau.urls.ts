/** A page's address with its parameters (empty ones left out), so that a link keeps the view and the simulation. */
function avecParametres(chemin: string, p: Record<string, string> = {}): string {
  const q = new URLSearchParams(Object.entries(p).filter(([, v]) => v !== '')).toString();
  return q ? `${chemin}?${q}` : chemin;
}

const campagne = (id: string) => `/iprof/gestion/campagnes/${id}`;

/** Addresses of the table, its arrêté and publication, the agents' results and the recours. */
export const urlsTableau = {
  tableaux: () => '/iprof/gestion/tableaux',
  tableau: (id: string, p?: Record<string, string>) => avecParametres(`${campagne(id)}/tableau`, p),
  exportTableau: (id: string, format: string, p?: Record<string, string>) => avecParametres(`${campagne(id)}/tableau.${format}`, p),
  arreter: (id: string) => `${campagne(id)}/tableau/arreter`,
  rouvrir: (id: string) => `${campagne(id)}/tableau/rouvrir`,
  publication: (id: string) => `${campagne(id)}/tableau/publication`,
  recoursGestion: (id: string, p?: Record<string, string>) => avecParametres(`${campagne(id)}/recours`, p),
  unRecoursGestion: (id: string, rid: string) => `${campagne(id)}/recours/${rid}`,
  repondreRecours: (id: string, rid: string) => `${campagne(id)}/recours/${rid}/repondre`,
  pieceRecoursGestion: (id: string, rid: string, pid: string) => `${campagne(id)}/recours/${rid}/pieces/${pid}`,
  resultats: () => '/iprof/resultats',
  mesAvis: () => '/iprof/avis',
  resultat: (id: string) => `/iprof/resultats/${id}`,
  deposerRecours: (id: string) => `/iprof/resultats/${id}/recours`,
  pieceRecours: (id: string, rid: string, pid: string) => `/iprof/resultats/${id}/recours/${rid}/pieces/${pid}`,
} as const;
