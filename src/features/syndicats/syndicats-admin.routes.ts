import type { FastifyInstance, FastifyRequest } from 'fastify';
import { analyserFormulaire } from '../../shared/saisie.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { RequeteInvalideError } from '../../shared/errors.ts';
import { idDe } from '../../shared/http/parametres.ts';
import { messageConfirmation, saisieTexte } from '../admin/admin.schemas.ts';
import { ErreurChamp, type SyndicatsAdminService } from './syndicats-admin.service.ts';
import { formulaireCorrespondant, formulaireListe, formulaireSyndicat } from './syndicats.schemas.ts';
import { urlsSyndicats } from './syndicats.urls.ts';
import {
  PageListe,
  PageNouveauSyndicat,
  PageSyndicat,
  PageSyndicats,
  saisieListeDe,
  saisieListeDuCorps,
  saisieSyndicatDe,
  saisieSyndicatDuCorps,
} from './syndicats-admin.views.tsx';

const MESSAGES: Record<string, string> = {
  'syndicat-cree': 'Le syndicat a été ajouté.',
  'syndicat-modifie': 'Le syndicat a été modifié.',
  'liste-creee': 'La liste a été ajoutée.',
  'liste-modifiee': 'La liste a été modifiée.',
  'correspondant-ajoute': 'Le correspondant a été ajouté.',
  'correspondant-retire': 'Le correspondant a été retiré.',
};

const idInvalide = (quoi: string) => () => new RequeteInvalideError('ID_INVALIDE', `Identifiant ${quoi} invalide : vérifiez l’adresse de la page.`);

/** A field refused by the service (an acronym taken, an account without the role): the form again, with that field's error. */
async function ouErreurChamp(f: () => Promise<unknown>): Promise<Record<string, string> | null> {
  try {
    await f();
    return null;
  } catch (err) {
    if (err instanceof ErreurChamp) return { [err.champ]: err.message };
    throw err;
  }
}

export function syndicatsAdminRoutes(app: FastifyInstance, deps: { syndicats: SyndicatsAdminService }) {
  const { syndicats } = deps;
  const admin = { config: { acces: ['ADMINISTRATEUR'] as const } };
  const acteurId = (request: FastifyRequest) => request.session!.utilisateur.compteId;
  const idSyndicat = (request: FastifyRequest) => idDe(request.params, 'id', idInvalide('de syndicat'));
  const idListe = (request: FastifyRequest) => idDe(request.params, 'listeId', idInvalide('de liste'));
  const vide = { sigle: '', nom: '', ordre: '0', actif: true };

  const fiche = async (request: FastifyRequest, id: string, o: { saisie?: ReturnType<typeof saisieSyndicatDuCorps>; erreurs?: Record<string, string>; correspondant?: string; erreursCorrespondant?: Record<string, string> } = {}) => {
    const f = await syndicats.fiche(id);
    return PageSyndicat({
      ctx: contextePage(request),
      fiche: f,
      saisie: o.saisie ?? saisieSyndicatDe(f.syndicat),
      erreurs: o.erreurs ?? {},
      saisieCorrespondant: o.correspondant ?? '',
      erreursCorrespondant: o.erreursCorrespondant ?? {},
      message: messageConfirmation(request.query, MESSAGES),
    });
  };

  app.get('/admin/syndicats', admin, async (request, reply) =>
    reply.html(PageSyndicats({ ctx: contextePage(request), syndicats: await syndicats.lister(), message: messageConfirmation(request.query, MESSAGES) })),
  );

  app.get('/admin/syndicats/nouveau', admin, async (request, reply) => reply.html(PageNouveauSyndicat({ ctx: contextePage(request), saisie: vide, erreurs: {} })));

  app.post('/admin/syndicats/nouveau', admin, async (request, reply) => {
    const f = analyserFormulaire(formulaireSyndicat, request.body);
    const saisie = saisieSyndicatDuCorps(request.body);
    if (!f.ok) return reply.html(PageNouveauSyndicat({ ctx: contextePage(request), saisie, erreurs: f.erreurs }), 400);
    let id = '';
    const erreurs = await ouErreurChamp(async () => (id = await syndicats.creer(acteurId(request), f.valeurs)));
    if (erreurs) return reply.html(PageNouveauSyndicat({ ctx: contextePage(request), saisie, erreurs }), 409);
    return reply.redirect(`${urlsSyndicats.adminSyndicat(id)}?fait=syndicat-cree`, 303);
  });

  app.get('/admin/syndicats/:id', admin, async (request, reply) => reply.html(await fiche(request, idSyndicat(request))));

  app.post('/admin/syndicats/:id', admin, async (request, reply) => {
    const id = idSyndicat(request);
    const f = analyserFormulaire(formulaireSyndicat, request.body);
    const saisie = saisieSyndicatDuCorps(request.body);
    if (!f.ok) return reply.html(await fiche(request, id, { saisie, erreurs: f.erreurs }), 400);
    const erreurs = await ouErreurChamp(() => syndicats.modifier(acteurId(request), id, f.valeurs));
    if (erreurs) return reply.html(await fiche(request, id, { saisie, erreurs }), 409);
    return reply.redirect(`${urlsSyndicats.adminSyndicat(id)}?fait=syndicat-modifie`, 303);
  });

  app.get('/admin/syndicats/:id/listes/nouvelle', admin, async (request, reply) => {
    const s = await syndicats.syndicat(idSyndicat(request));
    return reply.html(PageListe({ ctx: contextePage(request), syndicat: s, listeId: null, saisie: { libelle: '', description: '', portee: 'ACADEMIQUE', ordre: '0', active: true }, erreurs: {} }));
  });

  app.post('/admin/syndicats/:id/listes/nouvelle', admin, async (request, reply) => {
    const s = await syndicats.syndicat(idSyndicat(request));
    const f = analyserFormulaire(formulaireListe, request.body);
    const saisie = saisieListeDuCorps(request.body);
    if (!f.ok) return reply.html(PageListe({ ctx: contextePage(request), syndicat: s, listeId: null, saisie, erreurs: f.erreurs }), 400);
    const erreurs = await ouErreurChamp(() => syndicats.creerListe(acteurId(request), s.id, f.valeurs));
    if (erreurs) return reply.html(PageListe({ ctx: contextePage(request), syndicat: s, listeId: null, saisie, erreurs }), 409);
    return reply.redirect(`${urlsSyndicats.adminSyndicat(s.id)}?fait=liste-creee`, 303);
  });

  app.get('/admin/syndicats/:id/listes/:listeId', admin, async (request, reply) => {
    const s = await syndicats.syndicat(idSyndicat(request));
    const l = await syndicats.liste(s.id, idListe(request));
    return reply.html(PageListe({ ctx: contextePage(request), syndicat: s, listeId: l.id, saisie: saisieListeDe(l), erreurs: {} }));
  });

  app.post('/admin/syndicats/:id/listes/:listeId', admin, async (request, reply) => {
    const s = await syndicats.syndicat(idSyndicat(request));
    // The list of the address must be one of this union's, whatever the form holds.
    const l = await syndicats.liste(s.id, idListe(request));
    const f = analyserFormulaire(formulaireListe, request.body);
    const saisie = saisieListeDuCorps(request.body);
    if (!f.ok) return reply.html(PageListe({ ctx: contextePage(request), syndicat: s, listeId: l.id, saisie, erreurs: f.erreurs }), 400);
    const erreurs = await ouErreurChamp(() => syndicats.modifierListe(acteurId(request), s.id, l.id, f.valeurs));
    if (erreurs) return reply.html(PageListe({ ctx: contextePage(request), syndicat: s, listeId: l.id, saisie, erreurs }), 409);
    return reply.redirect(`${urlsSyndicats.adminSyndicat(s.id)}?fait=liste-modifiee`, 303);
  });

  app.post('/admin/syndicats/:id/correspondants', admin, async (request, reply) => {
    const id = idSyndicat(request);
    const f = analyserFormulaire(formulaireCorrespondant, request.body);
    const correspondant = saisieTexte(request.body, 'identifiant');
    if (!f.ok) return reply.html(await fiche(request, id, { correspondant, erreursCorrespondant: f.erreurs }), 400);
    const erreurs = await ouErreurChamp(() => syndicats.ajouterCorrespondant(acteurId(request), id, f.valeurs.identifiant));
    if (erreurs) return reply.html(await fiche(request, id, { correspondant, erreursCorrespondant: erreurs }), 409);
    return reply.redirect(`${urlsSyndicats.adminSyndicat(id)}?fait=correspondant-ajoute`, 303);
  });

  app.post('/admin/syndicats/:id/correspondants/:compteId/retirer', admin, async (request, reply) => {
    const id = idSyndicat(request);
    await syndicats.retirerCorrespondant(acteurId(request), id, idDe(request.params, 'compteId', idInvalide('de compte')));
    return reply.redirect(`${urlsSyndicats.adminSyndicat(id)}?fait=correspondant-retire`, 303);
  });
}
