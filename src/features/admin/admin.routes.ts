import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import type { SessionStore } from '../../shared/http/session.ts';
import { paginer } from './admin.rules.ts';
import { pageDemandee } from './admin.schemas.ts';
import { PageAdminAccueil, PageJournal } from './admin.views.tsx';
import { bandeauxRoutes } from './bandeaux.routes.ts';
import { createBandeauxService } from './bandeaux.service.ts';
import { catalogueAdminRoutes } from './catalogue-admin.routes.ts';
import { createCatalogueAdminService } from './catalogue-admin.service.ts';
import { comptesRoutes } from './comptes.routes.ts';
import { createComptesService } from './comptes.service.ts';
import * as journal from './journal.repository.ts';
import { apresEcriture } from '../../shared/apres-ecriture.ts';

const LIGNES_JOURNAL_PAR_PAGE = 50;

/** The administration: accounts, catalogue, banners and the audit log, for ADMINISTRATEUR only. */
/** What the account page needs of the portal's sessions (injected by app.ts: the administration imports no other feature). */
export type SessionsDuCompte = {
  compterActives(compteId: string): Promise<number>;
  terminerToutes(acteur: { compteId: string; sessionId: string }, compteId: string): Promise<number>;
};

export function adminRoutes(app: FastifyInstance, deps: { db: Database; clock: Clock; sessions: SessionStore; catalogue?: { invalider(): void }; sessionsPortail: SessionsDuCompte }) {
  const { db } = deps;
  const admin = { config: { acces: ['ADMINISTRATEUR'] as const } };

  app.get('/admin', admin, async (request, reply) => reply.html(PageAdminAccueil({ ctx: contextePage(request) })));

  app.get('/admin/journal', admin, async (request, reply) => {
    const pagination = paginer(await journal.compterJournal(db), pageDemandee(request.query), LIGNES_JOURNAL_PAR_PAGE);
    const lignes = await journal.pageJournal(db, pagination.parPage, pagination.decalage);
    return reply.html(PageJournal({ ctx: contextePage(request), lignes, pagination }));
  });

  comptesRoutes(app, { comptes: createComptesService(deps), sessions: deps.sessionsPortail });
  // The portal's catalogue cache is dropped after every change made here.
  const invalider = () => deps.catalogue?.invalider();
  catalogueAdminRoutes(app, { catalogue: apresEcriture(createCatalogueAdminService(deps), invalider) });
  bandeauxRoutes(app, { bandeaux: apresEcriture(createBandeauxService(deps), invalider) });
}
