import type { FastifyInstance, FastifyRequest } from 'fastify';
import { analyserFormulaire } from '../../shared/saisie.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { urls } from '../../shared/urls.ts';
import { messageConfirmation, parametreId } from './admin.schemas.ts';
import { formulaireBandeau } from './bandeaux.schemas.ts';
import type { BandeauxService } from './bandeaux.service.ts';
import { PageBandeau, PageBandeaux, saisieBandeauDe, saisieBandeauDuCorps } from './bandeaux.views.tsx';

const MESSAGES: Record<string, string> = {
  'bandeau-cree': 'Le bandeau a été créé.',
  'bandeau-modifie': 'Le bandeau a été modifié.',
  'bandeau-supprime': 'Le bandeau a été supprimé.',
};

export function bandeauxRoutes(app: FastifyInstance, deps: { bandeaux: BandeauxService }) {
  const { bandeaux } = deps;
  const admin = { config: { acces: ['ADMINISTRATEUR'] as const } };
  const acteurId = (request: FastifyRequest) => request.session!.utilisateur.compteId;
  const idBandeau = (request: FastifyRequest) => parametreId(request.params, 'de bandeau');

  app.get('/admin/bandeaux', admin, async (request, reply) =>
    reply.html(PageBandeaux({ ctx: contextePage(request), bandeaux: await bandeaux.lister(), message: messageConfirmation(request.query, MESSAGES) })),
  );

  app.get('/admin/bandeaux/nouveau', admin, async (request, reply) =>
    reply.html(PageBandeau({ ctx: contextePage(request), id: null, saisie: { titre: '', message: '', niveau: 'info', debut: '', fin: '', actif: true }, erreurs: {} })),
  );

  app.post('/admin/bandeaux/nouveau', admin, async (request, reply) => {
    const f = analyserFormulaire(formulaireBandeau, request.body);
    if (!f.ok) return reply.html(PageBandeau({ ctx: contextePage(request), id: null, saisie: saisieBandeauDuCorps(request.body), erreurs: f.erreurs }), 400);
    await bandeaux.creer(acteurId(request), f.valeurs);
    return reply.redirect(`${urls.adminBandeaux()}?fait=bandeau-cree`, 303);
  });

  app.get('/admin/bandeaux/:id', admin, async (request, reply) => {
    const id = idBandeau(request);
    return reply.html(PageBandeau({ ctx: contextePage(request), id, saisie: saisieBandeauDe(await bandeaux.bandeau(id)), erreurs: {} }));
  });

  app.post('/admin/bandeaux/:id', admin, async (request, reply) => {
    const id = idBandeau(request);
    const f = analyserFormulaire(formulaireBandeau, request.body);
    if (!f.ok) {
      await bandeaux.bandeau(id); // a nonexistent banner is a 404, whatever the form
      return reply.html(PageBandeau({ ctx: contextePage(request), id, saisie: saisieBandeauDuCorps(request.body), erreurs: f.erreurs }), 400);
    }
    await bandeaux.modifier(acteurId(request), id, f.valeurs);
    return reply.redirect(`${urls.adminBandeaux()}?fait=bandeau-modifie`, 303);
  });

  app.post('/admin/bandeaux/:id/supprimer', admin, async (request, reply) => {
    await bandeaux.supprimer(acteurId(request), idBandeau(request));
    return reply.redirect(`${urls.adminBandeaux()}?fait=bandeau-supprime`, 303);
  });
}
