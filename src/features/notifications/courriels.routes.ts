import type { FastifyInstance } from 'fastify';
import { contextePage } from '../../shared/http/plumbing.ts';
import { pageDemandee, parametreId } from '../admin/admin.schemas.ts';
import type { CourrielsService } from './courriels.service.ts';
import { PageCourriel, PageCourriels, type EnvoiAffiche } from './courriels.views.tsx';

/** The outbox, read by administrators (with or without an SMTP server configured). */
export function courrielsRoutes(app: FastifyInstance, deps: { courriels: CourrielsService; envoi: EnvoiAffiche }) {
  const { courriels, envoi } = deps;
  const admin = { config: { acces: ['ADMINISTRATEUR'] as const } };

  app.get('/admin/courriels', admin, async (request, reply) => {
    const { lignes, pagination } = await courriels.lister(pageDemandee(request.query));
    return reply.html(PageCourriels({ ctx: contextePage(request), lignes, pagination, envoi }));
  });

  app.get('/admin/courriels/:id', admin, async (request, reply) => {
    const courriel = await courriels.courriel(parametreId(request.params, 'de courriel'));
    return reply.html(PageCourriel({ ctx: contextePage(request), courriel, envoi }));
  });
}
