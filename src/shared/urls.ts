/** Typed URL builders: views never spell a path themselves. */
export const urls = {
  accueil: () => '/',
  connexion: (retour?: string | null) => (retour ? `/connexion?retour=${encodeURIComponent(retour)}` : '/connexion'),
  deconnexion: () => '/deconnexion',
  connexionProConnect: () => '/connexion/proconnect',
  connexionProConnectConfirmation: () => '/connexion/proconnect/confirmation',
  portail: () => '/portail',
  favoris: () => '/portail/favoris',
  favoriAjouter: () => '/portail/favoris/ajouter',
  favoriRetirer: (applicationId: string) => `/portail/favoris/${applicationId}/retirer`,
  favoriDeplacer: (applicationId: string) => `/portail/favoris/${applicationId}/deplacer`,
  otpActivation: () => '/portail/cle-otp',
  iprof: () => '/iprof',
  sante: () => '/sante',
  santeVivant: () => '/sante/vivant',
  santePret: () => '/sante/pret',
  admin: () => '/admin',
  adminComptes: (q?: string, page?: number) => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (page && page > 1) p.set('page', String(page));
    const qs = p.toString();
    return qs ? `/admin/comptes?${qs}` : '/admin/comptes';
  },
  adminCompteNouveau: () => '/admin/comptes/nouveau',
  adminCompte: (id: string) => `/admin/comptes/${id}`,
  adminCompteAction: (id: string, action: string) => `/admin/comptes/${id}/${action}`,
  adminCatalogue: () => '/admin/catalogue',
  adminRubriqueNouvelle: () => '/admin/catalogue/rubriques',
  adminRubrique: (id: string) => `/admin/catalogue/rubriques/${id}`,
  adminRubriqueSupprimer: (id: string) => `/admin/catalogue/rubriques/${id}/supprimer`,
  adminApplicationNouvelle: () => '/admin/catalogue/applications/nouvelle',
  adminApplication: (id: string) => `/admin/catalogue/applications/${id}`,
  adminApplicationSupprimer: (id: string) => `/admin/catalogue/applications/${id}/supprimer`,
  adminBandeaux: () => '/admin/bandeaux',
  adminBandeauNouveau: () => '/admin/bandeaux/nouveau',
  adminBandeau: (id: string) => `/admin/bandeaux/${id}`,
  adminBandeauSupprimer: (id: string) => `/admin/bandeaux/${id}/supprimer`,
  adminJournal: (page?: number) => (page && page > 1 ? `/admin/journal?page=${page}` : '/admin/journal'),
  dsfr: (file: string) => `/dsfr/${file}`,
  statique: (file: string) => `/static/${file}`,
} as const;
