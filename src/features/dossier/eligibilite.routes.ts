import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { PREMIERE_CAMPAGNE } from '../eligibilite/regles.ts';
import { eligibiliteAgent } from './eligibilite.service.ts';
import { vueEligibilite } from './eligibilite.vue.ts';
import { PageEligibilite } from './eligibilite.views.tsx';

/** Campaign years offered: from the first campaign with rules to next year, newest first. */
function anneesProposees(maintenant: Date): number[] {
  const annees: number[] = [];
  for (let a = maintenant.getUTCFullYear() + 1; a >= PREMIERE_CAMPAGNE; a--) annees.push(a);
  return annees;
}

/** "Mon éligibilité à la classe exceptionnelle": the agent's own verdict, year by year, in plain French. */
export function eligibiliteRoutes(app: FastifyInstance, deps: { db: Database; clock: Clock }) {
  app.get('/iprof/eligibilite', { config: { acces: 'connecte' } }, async (request, reply) => {
    const annees = anneesProposees(deps.clock.now());
    const demandee = Number((request.query as Record<string, unknown>).annee);
    const annee = annees.includes(demandee) ? demandee : deps.clock.now().getUTCFullYear();
    const agentId = request.session!.utilisateur.agentId;
    const r = agentId ? await eligibiliteAgent(deps.db, agentId, annee) : undefined;
    return reply.html(PageEligibilite({ ctx: contextePage(request), annees, annee, vue: r ? vueEligibilite(r.verdict, r.regles) : null, sansDossier: !r }));
  });
}
