import type { FastifyInstance } from 'fastify';
import { IntrouvableError, RequeteInvalideError } from '../../shared/errors.ts';
import { analyserFormulaire } from '../../shared/saisie.ts';
import { idDe } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { messageConfirmation } from '../admin/admin.schemas.ts';
import type { AbonnementsService } from './abonnements.service.ts';
import { PageAbonnements, PageCorrespondant } from './abonnements.views.tsx';
import { formulaireAbonnements } from './syndicats.schemas.ts';
import { porteeDuSlug, SLUG_DE } from './syndicats.rules.ts';
import { urlsSyndicats } from './syndicats.urls.ts';

const MESSAGES: Record<string, string> = {
  enregistre: 'Vos abonnements ont été enregistrés.',
  inchange: 'Vos abonnements n’ont pas changé.',
};

function porteeDe(params: unknown) {
  const p = porteeDuSlug((params as Record<string, unknown> | undefined)?.portee);
  if (!p) throw new IntrouvableError();
  return p;
}

/** The agent's subscriptions (any signed-in account) and the correspondents' export of their own lists. */
export function abonnementsRoutes(app: FastifyInstance, deps: { abonnements: AbonnementsService }) {
  const { abonnements } = deps;
  const connecte = { config: { acces: 'connecte' as const } };
  const correspondant = { config: { acces: ['CORRESPONDANT_SYNDICAL'] as const } };

  app.get('/portail/abonnements/:portee', connecte, async (request, reply) => {
    const portee = porteeDe(request.params);
    const u = request.session!.utilisateur;
    const vue = await abonnements.page(u.compteId, portee);
    return reply.html(
      PageAbonnements({ ctx: contextePage(request), vue: { ...vue, portee, correspondant: u.roles.includes('CORRESPONDANT_SYNDICAL') }, message: messageConfirmation(request.query, MESSAGES) }),
    );
  });

  app.post('/portail/abonnements/:portee', connecte, async (request, reply) => {
    const portee = porteeDe(request.params);
    const f = analyserFormulaire(formulaireAbonnements, request.body);
    if (!f.ok) throw new RequeteInvalideError('LISTES_INVALIDES', 'Les listes cochées sont illisibles : rechargez la page et recommencez.');
    const r = await abonnements.enregistrer(request.session!.utilisateur.compteId, portee, f.valeurs.listes);
    return reply.redirect(`${urlsSyndicats.abonnements(SLUG_DE[portee])}?fait=${r.ajouts + r.retraits > 0 ? 'enregistre' : 'inchange'}`, 303);
  });

  app.get('/portail/correspondant', correspondant, async (request, reply) =>
    reply.html(PageCorrespondant({ ctx: contextePage(request), lignes: await abonnements.listesDuCorrespondant(request.session!.utilisateur.compteId) })),
  );

  app.post('/portail/correspondant/syndicats/:syndicatId/listes/:listeId/export', correspondant, async (request, reply) => {
    const syndicatId = idDe(request.params, 'syndicatId');
    const listeId = idDe(request.params, 'listeId');
    const r = await abonnements.exporter(request.session!.utilisateur.compteId, syndicatId, listeId);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${r.nomFichier}"`).send(r.csv);
  });
}
