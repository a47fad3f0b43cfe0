import { createCatalogueCache } from '../src/features/portail/catalogue.cache.ts';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../src/db/connection.ts';
import { systemClock } from '../src/shared/clock.ts';
import { renderPage } from '../src/shared/http/render.ts';
import { createSessionStore } from '../src/shared/http/session.ts';
import { createPortailService } from '../src/features/portail/portail.service.ts';
import { PageAccueil } from '../src/features/portail/portail.views.tsx';

export type ProfilAccueil = {
  /** SQL statements run by one GET /portail (connections taken from the pool). */
  requetesParPage: number;
  tailleHtmlOctets: number;
  /** Mean over sequential calls, without load: where the time of one page goes. */
  tempsMoyenMs: {
    requeteHttpComplete: number;
    chargementSession: number;
    serviceAccueil: number;
    /** Reading the catalogue from the database (rubrics, applications, banners): once per cache period, not per page. */
    chargementCatalogue: number;
    rendu: number;
  };
};

async function moyenne(iterations: number, f: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 20; i++) await f(); // warm-up
  const debut = performance.now();
  for (let i = 0; i < iterations; i++) await f();
  return (performance.now() - debut) / iterations;
}

/** Profiles the portal home of the session `jeton` through the app and through its parts, one call at a time. */
export async function profilerAccueil(deps: { app: FastifyInstance; database: DatabaseHandle; jeton: string; iterations: number }): Promise<ProfilAccueil> {
  const { app, database, jeton, iterations } = deps;
  const cookie = `vivier_session=${jeton}`;
  const get = async () => {
    const r = await app.inject({ method: 'GET', url: '/portail', headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`GET /portail a répondu ${r.statusCode}`);
    return r;
  };

  await get(); // the first request of a minute may also refresh the session's last-seen instant
  let requetes = 0;
  const compter = () => requetes++;
  database.pool.on('acquire', compter);
  const page = await get();
  database.pool.off('acquire', compter);

  const sessions = createSessionStore({ db: database.db, clock: systemClock });
  const portail = createPortailService({ db: database.db, clock: systemClock, catalogue: createCatalogueCache({ db: database.db, ttlMs: 10_000 }) });
  const session = await sessions.charger(jeton);
  if (!session) throw new Error('profil : session introuvable');
  const u = session.utilisateur;
  const vue = await portail.accueil(u);
  const ctx = { utilisateur: { nomAffiche: u.nomAffiche, estAdmin: false }, csrf: session.jetonCsrf };
  const catalogueRelu = createCatalogueCache({ db: database.db, ttlMs: 0 });

  return {
    requetesParPage: requetes,
    tailleHtmlOctets: Buffer.byteLength(page.body),
    tempsMoyenMs: {
      requeteHttpComplete: await moyenne(iterations, get),
      chargementSession: await moyenne(iterations, () => sessions.charger(jeton)),
      // what the route asks the service for (the page's shape), not the full view it renders once per shape
      serviceAccueil: await moyenne(iterations, () => portail.formeAccueil(u)),
      chargementCatalogue: await moyenne(iterations, () => catalogueRelu.lire()),
      rendu: await moyenne(iterations, () => renderPage(PageAccueil({ ctx, nomAffiche: u.nomAffiche, derniereConnexion: null, ...vue, message: null }))),
    },
  };
}
