import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Depots } from '../../shared/pieces/depot.ts';
import { createLectureEvaluation } from './appreciation-lecture.service.ts';
import { appreciationRoutes } from './appreciation.routes.ts';
import { createAppreciationService } from './appreciation.service.ts';
import { createAvisService } from './avis.service.ts';
import { createChargementService } from './appreciation.chargement.ts';
import { chargementRoutes } from './appreciation-chargement.routes.ts';
import { createSuiviService } from './suivi.service.ts';
import { suiviRoutes } from './suivi.routes.ts';
import { createCachePopulations } from './completude.ts';

/** How long a campaign's population is kept at most, its fingerprint unchanged (completude.ts). */
export const DUREE_CACHE_POPULATIONS_MS = 5 * 60_000;

/**
 * The appreciations, avis, their CSV loads and the follow-up of a campaign, registered in one call from the composition
 * root (app.ts): the services are made here from the app's dependencies, nothing at module level.
 */
export async function evaluationRoutes(app: FastifyInstance, deps: { db: Database; clock: Clock; depots: Depots }) {
  const { db, clock } = deps;
  const populations = createCachePopulations({ dureeMs: DUREE_CACHE_POPULATIONS_MS, now: () => clock.now().getTime() });
  const lecture = createLectureEvaluation({ db, clock, populations });
  await chargementRoutes(app, { lecture, chargement: createChargementService({ db, clock, populations }), depots: deps.depots });
  suiviRoutes(app, { lecture, suivi: createSuiviService({ db, clock, populations }) });
  appreciationRoutes(app, { lecture, appreciations: createAppreciationService({ db, clock, populations }), avis: createAvisService({ db, clock, populations }) });
}
