import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { analyserFormulaire } from '../../shared/saisie.ts';
import { estId, idDe } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { ErreurMetier, RequeteInvalideError } from '../../shared/errors.ts';
import { messageConfirmation } from '../admin/admin.schemas.ts';
import type { LectureEvaluation } from './appreciation-lecture.service.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';
import type { SuiviService } from './suivi.service.ts';
import { PageSuivi } from './suivi.views.tsx';

const GESTION = { config: { acces: ['GESTIONNAIRE'] as const } };
const MESSAGES: Record<string, string> = {
  rappel: 'Le rappel est mis en file d’envoi.',
  'deja-rappele': 'Un rappel a déjà été envoyé aujourd’hui à cet évaluateur pour cette campagne : aucun autre n’est envoyé.',
};
const formulaireRappel = z.object({ compte_id: z.string({ error: 'Évaluateur inconnu.' }).refine(estId, 'Évaluateur inconnu.') });

/** The gestionnaire's follow-up page of a campaign and its reminder action (CSRF, once a day per évaluateur). */
export function suiviRoutes(app: FastifyInstance, deps: { lecture: LectureEvaluation; suivi: SuiviService }) {
  const { lecture, suivi } = deps;
  const campagneDe = (request: FastifyRequest) => lecture.campagne(request.session!.utilisateur, idDe(request.params, 'id'));

  async function page(request: FastifyRequest, confirmation: string | null, erreur: string | null) {
    const c = await campagneDe(request);
    return PageSuivi({ ctx: contextePage(request), campagne: c, ...(await suivi.suivi(request.session!.utilisateur, c)), confirmation, erreur });
  }

  app.get('/iprof/gestion/campagnes/:id/suivi', GESTION, async (request, reply) => reply.html(await page(request, messageConfirmation(request.query, MESSAGES), null)));

  app.post('/iprof/gestion/campagnes/:id/suivi/rappel', GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const f = analyserFormulaire(formulaireRappel, request.body);
    if (!f.ok) throw new RequeteInvalideError('EVALUATEUR_INVALIDE', 'Évaluateur inconnu : rechargez la page.');
    try {
      const r = await suivi.rappeler(request.session!.utilisateur, c, f.valeurs.compte_id);
      return reply.redirect(`${u.suivi(c.id)}?fait=${r.envoye ? 'rappel' : 'deja-rappele'}`, 303);
    } catch (err) {
      if (!(err instanceof ErreurMetier) || err.statusCode !== 409) throw err;
      return reply.html(await page(request, null, err.message), 409);
    }
  });
}
