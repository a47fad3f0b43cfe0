import type { FastifyInstance, FastifyRequest } from 'fastify';
import { analyserFormulaire } from '../../shared/saisie.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { urls } from '../../shared/urls.ts';
import { messageConfirmation, pageDemandee, parametreId, saisieTexte } from './admin.schemas.ts';
import type { Acteur, ComptesService } from './comptes.service.ts';
import { formulaireEmissionCle, formulaireModificationCompte, formulaireMotDePasse, formulaireNouveauCompte, rechercheComptes } from './comptes.schemas.ts';
import { PageComptes, PageNouveauCompte, saisieProfilDeCompte, saisieProfilDuCorps } from './comptes.views.tsx';
import { PageCleEmise, PageCompte } from './compte.views.tsx';
import type { SessionsDuCompte } from './admin.routes.ts';

const MESSAGES: Record<string, string> = {
  'compte-cree': 'Le compte a été créé.',
  'compte-modifie': 'Les modifications du compte ont été enregistrées.',
  'compte-modifie-sessions': 'Les modifications du compte ont été enregistrées ; ses sessions ouvertes ont été fermées.',
  'mot-de-passe-defini': 'Le mot de passe a été défini ; les sessions ouvertes du compte ont été fermées.',
  'compte-deverrouille': 'Le compte a été déverrouillé : il peut de nouveau se connecter.',
  'cle-revoquee': 'La clé de sécurité a été révoquée : son passcode n’ouvre plus de session.',
  'sessions-terminees': 'Toutes les sessions du compte ont été terminées : il devra se reconnecter.',
};

const AVERTISSEMENTS: Record<string, string> = {
  'cle-deja-emise':
    'La clé de ce compte a changé depuis l’affichage de la page (formulaire renvoyé ou rechargé ?) : aucun secret n’a été émis ni affiché. Pour obtenir un nouveau secret, utilisez « Réinitialiser la clé ».',
};

function acteur(request: FastifyRequest): Acteur {
  return { compteId: request.session!.utilisateur.compteId, sessionId: request.session!.id };
}

export function comptesRoutes(app: FastifyInstance, deps: { comptes: ComptesService; sessions: SessionsDuCompte }) {
  const { comptes, sessions } = deps;
  // The account's page, with its count of open sessions.
  const detail = async (id: string) => {
    const vue = await comptes.detail(id);
    return { ...vue, sessionsActives: await sessions.compterActives(id) };
  };
  const admin = { config: { acces: ['ADMINISTRATEUR'] as const } };
  const idCompte = (request: FastifyRequest) => parametreId(request.params, 'de compte');

  app.get('/admin/comptes', admin, async (request, reply) => {
    const page = pageDemandee(request.query);
    const f = analyserFormulaire(rechercheComptes, request.query);
    const recherche = f.ok ? f.valeurs.q : '';
    const { comptes: lignes, pagination } = await comptes.lister(recherche, page);
    const vue = { ctx: contextePage(request), comptes: lignes, pagination, message: messageConfirmation(request.query, MESSAGES) };
    if (!f.ok) return reply.html(PageComptes({ ...vue, recherche: saisieTexte(request.query, 'q').slice(0, 100), erreurs: f.erreurs }), 400);
    return reply.html(PageComptes({ ...vue, recherche, erreurs: {} }));
  });

  app.get('/admin/comptes/nouveau', admin, async (request, reply) => {
    const saisie = { identifiant: '', ...saisieProfilDuCorps({}), roles: ['AGENT'], actif: true };
    return reply.html(PageNouveauCompte({ ctx: contextePage(request), saisie, erreurs: {} }));
  });

  app.post('/admin/comptes/nouveau', admin, async (request, reply) => {
    const refus = (erreurs: Record<string, string>) =>
      reply.html(PageNouveauCompte({ ctx: contextePage(request), saisie: { identifiant: saisieTexte(request.body, 'identifiant'), ...saisieProfilDuCorps(request.body) }, erreurs }), 400);
    const f = analyserFormulaire(formulaireNouveauCompte, request.body);
    if (!f.ok) return refus(f.erreurs);
    const r = await comptes.creer(acteur(request), f.valeurs);
    if (!r.ok) return refus(r.erreurs);
    return reply.redirect(`${urls.adminCompte(r.valeur)}?fait=compte-cree`, 303);
  });

  app.get('/admin/comptes/:id', admin, async (request, reply) => {
    const vue = await detail(idCompte(request));
    const q = request.query;
    return reply.html(
      PageCompte({
        ctx: contextePage(request),
        vue,
        saisie: saisieProfilDeCompte(vue.compte),
        erreursProfil: {},
        erreursMotDePasse: {},
        message: messageConfirmation(q, MESSAGES),
        avertissement: messageConfirmation(q, AVERTISSEMENTS),
      }),
    );
  });

  app.post('/admin/comptes/:id/modifier', admin, async (request, reply) => {
    const id = idCompte(request);
    const refus = async (erreurs: Record<string, string>) =>
      reply.html(PageCompte({ ctx: contextePage(request), vue: await detail(id), saisie: saisieProfilDuCorps(request.body), erreursProfil: erreurs, erreursMotDePasse: {}, message: null }), 400);
    const f = analyserFormulaire(formulaireModificationCompte, request.body);
    // A nonexistent account is a 404 even when the form is also wrong.
    if (!f.ok) return refus(f.erreurs);
    const r = await comptes.modifier(acteur(request), id, f.valeurs);
    if (!r.ok) return refus(r.erreurs);
    return reply.redirect(`${urls.adminCompte(id)}?fait=${r.valeur ? 'compte-modifie-sessions' : 'compte-modifie'}`, 303);
  });

  app.post('/admin/comptes/:id/mot-de-passe', admin, async (request, reply) => {
    const id = idCompte(request);
    const f = analyserFormulaire(formulaireMotDePasse, request.body);
    if (!f.ok) {
      const vue = await detail(id);
      return reply.html(PageCompte({ ctx: contextePage(request), vue, saisie: saisieProfilDeCompte(vue.compte), erreursProfil: {}, erreursMotDePasse: f.erreurs, message: null }), 400);
    }
    await comptes.definirMotDePasse(acteur(request), id, f.valeurs.mot_de_passe);
    return reply.redirect(`${urls.adminCompte(id)}?fait=mot-de-passe-defini`, 303);
  });

  app.post('/admin/comptes/:id/deverrouiller', admin, async (request, reply) => {
    const id = idCompte(request);
    await comptes.deverrouiller(acteur(request), id);
    return reply.redirect(`${urls.adminCompte(id)}?fait=compte-deverrouille`, 303);
  });

  /** The secret is rendered by this POST's response (no-store), never by a GET: see PageCleEmise. */
  app.post('/admin/comptes/:id/cle-emettre', admin, async (request, reply) => {
    const id = idCompte(request);
    const f = analyserFormulaire(formulaireEmissionCle, request.body);
    const r = await comptes.emettreCle(acteur(request), id, f.ok ? f.valeurs.etat : '');
    if (!r.ok) return reply.redirect(`${urls.adminCompte(id)}?fait=cle-deja-emise`, 303);
    reply.header('cache-control', 'no-store');
    return reply.html(PageCleEmise({ ctx: contextePage(request), compteId: id, identifiant: r.compte.identifiant, secret: r.secret, uri: r.uri, qrSvg: r.qrSvg }));
  });

  app.post('/admin/comptes/:id/terminer-sessions', admin, async (request, reply) => {
    const id = idCompte(request);
    await sessions.terminerToutes(acteur(request), id);
    return reply.redirect(`${urls.adminCompte(id)}?fait=sessions-terminees`, 303);
  });

  app.post('/admin/comptes/:id/cle-revoquer', admin, async (request, reply) => {
    const id = idCompte(request);
    await comptes.revoquerCle(acteur(request), id);
    return reply.redirect(`${urls.adminCompte(id)}?fait=cle-revoquee`, 303);
  });
}
