import type { FastifyInstance } from 'fastify';
import { contextePage } from '../../shared/http/plumbing.ts';
import type { MessagesService } from './messages.service.ts';
import type { ExportService } from './export.service.ts';
import { PageMesDonnees, PageMessage, PageMessages } from './autres.views.tsx';
import { idDe } from './http.ts';

/** "Mes messages" (the I-Prof mailbox) and "Mes données" (the full export). */
export function messagesRoutes(app: FastifyInstance, deps: { messages: MessagesService; export: ExportService }) {
  const connecte = { config: { acces: 'connecte' as const } };

  app.get('/iprof/messages', connecte, async (request, reply) => {
    return reply.html(PageMessages({ ctx: contextePage(request), messages: await deps.messages.boite(request.session!.utilisateur) }));
  });

  app.get('/iprof/messages/:id', connecte, async (request, reply) => {
    const m = await deps.messages.lire(request.session!.utilisateur, idDe(request.params));
    return reply.html(PageMessage({ ctx: contextePage(request), m }));
  });

  app.get('/iprof/mes-donnees', connecte, async (request, reply) => reply.html(PageMesDonnees({ ctx: contextePage(request) })));

  app.get('/iprof/mes-donnees/export.json', connecte, async (request, reply) => {
    const corps = await deps.export.json(request.session!.utilisateur);
    return reply.type('application/json; charset=utf-8').header('content-disposition', 'attachment; filename="mes-donnees.json"').header('x-content-type-options', 'nosniff').send(corps);
  });

  app.get('/iprof/mes-donnees/export.pdf', connecte, async (request, reply) => {
    const pdf = await deps.export.pdf(request.session!.utilisateur);
    return reply.type('application/pdf').header('content-disposition', 'attachment; filename="mes-donnees.pdf"').header('x-content-type-options', 'nosniff').send(pdf);
  });
}
