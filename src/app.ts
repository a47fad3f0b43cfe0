import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { pino } from 'pino';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { DatabaseHandle } from './db/connection.ts';
import type { Clock } from './shared/clock.ts';
import { entetesSecurite } from './shared/http/entetes.ts';
import { erreursDuProtocole, erreursDuRouteur, registerErrorHandlers, registerPlumbing } from './shared/http/plumbing.ts';
import { cookieNames, createSessionStore } from './shared/http/session.ts';
import { refuserAdresseIllisible } from './shared/http/parametres.ts';
import { storeLimiteEnBase } from './shared/http/limite-adresse.ts';
import { createDepots } from './shared/pieces/depot.ts';
import { createAuthService } from './features/portail/auth.service.ts';
import type { Annuaire } from './features/portail/annuaire.ts';
import { authRoutes } from './features/portail/auth.routes.ts';
import type { FournisseurOidc } from './features/portail/proconnect.ts';
import { createProConnectService } from './features/portail/proconnect.service.ts';
import { proconnectRoutes } from './features/portail/proconnect.routes.ts';
import { createPortailService } from './features/portail/portail.service.ts';
import { createCatalogueCache } from './features/portail/catalogue.cache.ts';
import { portailRoutes } from './features/portail/portail.routes.ts';
import { otpRoutes } from './features/portail/otp.routes.ts';
import { createOtpService } from './features/portail/otp.service.ts';
import { createClesAccesService, type PartieConfiante } from './features/portail/cles-acces.service.ts';
import { createSessionsService } from './features/portail/sessions.service.ts';
import { connexionCleRoutes } from './features/portail/connexion-cle.routes.ts';
import { partieConfiante, scriptNavigateurWebauthn, securiteRoutes } from './features/portail/securite.routes.ts';
import { iprofRoutes } from './features/iprof/iprof.routes.tsx';
import { santeRoutes, type EtatServeur } from './features/sante/sante.routes.ts';
import { adminRoutes } from './features/admin/admin.routes.ts';
import { importRoutes } from './features/import/import.routes.ts';
import { eligibiliteRoutes } from './features/dossier/eligibilite.routes.ts';
import { createCampagneService } from './features/campagnes/campagne.service.ts';
import { createCandidatureService } from './features/campagnes/candidature.service.ts';
import { createDocumentsService } from './features/campagnes/documents.service.ts';
import { candidatureRoutes } from './features/campagnes/candidature.routes.ts';
import { gestionCampagnesRoutes } from './features/campagnes/gestion.routes.ts';
import { candidaturesGestionRoutes } from './features/campagnes/candidatures-gestion.routes.ts';
import { createCandidaturesGestionService } from './features/campagnes/candidatures-gestion.service.ts';
import { createRecevabiliteService } from './features/campagnes/recevabilite.service.ts';
import { createContestationService } from './features/campagnes/contestation.service.ts';
import { createImportService } from './features/import/import.service.ts';
import { dossierRoutes } from './features/dossier/dossier.routes.tsx';
import { courrielsRoutes } from './features/notifications/courriels.routes.ts';
import { createCourrielsService } from './features/notifications/courriels.service.ts';
import { POLITIQUE_ENVOI } from './features/notifications/courriels.rules.ts';
import { evaluationRoutes } from './features/evaluation/appreciation.module.ts';
import { createCacheTableaux } from './features/evaluation/tableau-cache.ts';
import { createTableauService } from './features/evaluation/tableau-arrete.service.ts';
import { manquants } from './features/evaluation/completude.ts';
import { tableauRoutes } from './features/evaluation/tableau.routes.ts';
import { createPublicationService } from './features/evaluation/publication.service.ts';
import { publicationRoutes } from './features/evaluation/publication.routes.ts';
import { createMesAvisService } from './features/evaluation/mes-avis.service.ts';
import { createRecoursService } from './features/evaluation/recours.service.ts';
import { recoursRoutes } from './features/evaluation/recours.routes.ts';
import { createAbonnementsService } from './features/syndicats/abonnements.service.ts';
import { abonnementsRoutes } from './features/syndicats/abonnements.routes.ts';
import { createSyndicatsAdminService } from './features/syndicats/syndicats-admin.service.ts';
import { syndicatsAdminRoutes } from './features/syndicats/syndicats-admin.routes.ts';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * How long a process keeps the portal's catalogue (the server's setting): the administration pages of a process drop
 * its cache at once, another process (or another instance on the same database) sees the change within this delay.
 */
export const CACHE_CATALOGUE_MS = 10_000;

export type AppDeps = {
  database: Pick<DatabaseHandle, 'db' | 'kind'>;
  clock: Clock;
  cookieSecure: boolean;
  production: boolean;
  trustProxy?: boolean;
  logger?: boolean | { level: string };
  /** A logger made beforehand (`creerJournal`), shared with the database pool; replaces `logger`. */
  journal?: FastifyBaseLogger;
  /** How long the portal's catalogue stays in memory (0: read on every page). */
  cacheCatalogueMs?: number;
  /**
   * How long the signature of a campaign's inputs (what the table pages key their ranked table on) is trusted without
   * being read again, when no write request of this process succeeded meanwhile (default 5 s): the delay after which
   * a write by another process (the CLI, a second server) shows on the table pages.
   */
  fraicheurTableauxMs?: number;
  /** Per-address limit of login posts. */
  limiteConnexions?: { max: number; fenetreMs: number };
  /** Outbox sending as the administrators' page describes it (absent: no SMTP server, nothing leaves). */
  courriels?: { envoiActif: boolean; expediteur: string };
  /** The académie's LDAP directory (absent: local accounts only); closed with the app. */
  annuaire?: Annuaire | null;
  /** The académie's « identifiant / mot de passe oublié » services (absent: Vivier's help page). */
  liensOublies?: { identifiant: string | null; motDePasse: string | null };
  /**
   * Passkeys' relying party: the public address's host name and origin (VIVIER_URL_PUBLIQUE). Absent: outside
   * production, the address each request was made to; in production, passkeys are unavailable.
   */
  webauthn?: PartieConfiante | null;
  /** The server's state for `/sante/pret` (stopping: not ready); absent: never stopping (tests). */
  etat?: EtatServeur;
  /** ProConnect (OpenID Connect; absent: no ProConnect button, local accounts and the directory only). */
  fournisseurOidc?: FournisseurOidc | null;
  /** Told of every route as it is declared (the route fuzz test lists them so, and cannot miss a future one). */
  surRoute?: (route: RouteOptions) => void;
};

/** The composition root: every dependency is built here from `deps`, nothing at module level. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const entetes = entetesSecurite({ production: deps.production, formulairesVers: deps.fournisseurOidc ? [deps.fournisseurOidc.origine] : [] });
  const app = Fastify({
    ...(deps.journal
      ? { loggerInstance: deps.journal }
      : { logger: deps.logger === undefined ? false : deps.logger === true ? { level: 'info', redact: REDACT } : deps.logger === false ? false : { ...deps.logger, redact: REDACT } }),
    trustProxy: deps.trustProxy ?? false,
    logController: new JournalDesRequetes(),
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: erreursDuRouteur(entetes),
    clientErrorHandler: erreursDuProtocole(entetes),
  });
  const { db } = deps.database;
  const clock = deps.clock;
  const cookies = cookieNames(deps.cookieSecure);
  if (deps.surRoute) app.addHook('onRoute', deps.surRoute);

  await app.register(cookie);
  await app.register(formbody);
  // No route limit of its own: the login checks its per-address limit itself (auth.routes.ts, createRateLimit).
  // Counted in the database: every process of a deployment counts the same window (limite-adresse.ts).
  await app.register(rateLimit, { global: false, store: storeLimiteEnBase(db) });
  await app.register(fastifyStatic, { root: path.join(racine, 'node_modules/@gouvfr/dsfr/dist'), prefix: '/dsfr/', maxAge: '1d', index: false });
  await app.register(fastifyStatic, { root: path.join(racine, 'public'), prefix: '/static/', decorateReply: false, maxAge: '1h', index: false });

  const sessions = createSessionStore({ db, clock });
  registerPlumbing(app, { sessions, cookies, cookieSecure: deps.cookieSecure, clock, entetes });
  registerErrorHandlers(app);
  app.addHook('preHandler', refuserAdresseIllisible);

  const auth = createAuthService({ db, clock, annuaire: deps.annuaire ?? null });
  if (deps.annuaire) {
    const annuaire = deps.annuaire;
    app.addHook('onClose', async () => annuaire.fermer());
  }
  const limiteConnexions = deps.limiteConnexions ?? { max: 30, fenetreMs: 60_000 };
  const proconnect = deps.fournisseurOidc ? createProConnectService({ db, clock, fournisseur: deps.fournisseurOidc, auth }) : null;
  const partie = partieConfiante(deps.webauthn ?? null, deps.production);
  const cles = createClesAccesService({ db, clock });
  const connexionCle = connexionCleRoutes(app, { cles, sessions, cookies, cookieSecure: deps.cookieSecure, partie });
  authRoutes(app, {
    auth,
    sessions,
    cookies,
    cookieSecure: deps.cookieSecure,
    cleAcces: { disponible: (request) => partie(request) !== null, attendreSecondFacteur: connexionCle.attendreSecondFacteur },
    limiteConnexions,
    ...(deps.liensOublies ? { liensOublies: deps.liensOublies } : {}),
    proconnect,
  });
  if (proconnect) proconnectRoutes(app, { proconnect, sessions, cookies, cookieSecure: deps.cookieSecure, limiteConnexions });
  const catalogue = createCatalogueCache({ db, ttlMs: deps.cacheCatalogueMs ?? CACHE_CATALOGUE_MS });
  portailRoutes(app, { portail: createPortailService({ db, clock, catalogue }) });
  otpRoutes(app, { db, clock });
  const sessionsPortail = createSessionsService({ db, clock });
  securiteRoutes(app, { cles, sessions: sessionsPortail, otp: createOtpService({ db, clock }), partie });
  // @simplewebauthn/browser, served from node_modules (no third-party host: the CSP allows only this site's scripts).
  const scriptWebauthn = scriptNavigateurWebauthn(racine);
  app.get('/webauthn/navigateur.js', { config: { acces: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(scriptWebauthn),
  );
  iprofRoutes(app, { db });
  santeRoutes(app, { database: deps.database, ...(deps.etat ? { etat: deps.etat } : {}) });
  adminRoutes(app, { db, clock, sessions, catalogue, sessionsPortail });
  eligibiliteRoutes(app, { db, clock });
  const documents = createDocumentsService({ db, clock });
  // The publication's part of the table (candidatures, messages, e-mails), in the scheduler's PUBLIER step.
  const publication = createPublicationService({ db });
  const campagnes = createCampagneService({ db, clock, apresCloture: (id) => documents.emettreAccuses(id), surPublication: publication.surPublication });
  const contestations = createContestationService({ db, clock });
  // Uploads in progress per session, shared by every form that sends files.
  const depots = createDepots();
  await candidatureRoutes(app, { db, candidatures: createCandidatureService({ db, clock }), documents, contestations, depots });
  gestionCampagnesRoutes(app, { campagnes, contestations });
  candidaturesGestionRoutes(app, { campagnes, candidatures: createCandidaturesGestionService({ db, clock }), recevabilite: createRecevabiliteService({ db, clock }) });
  dossierRoutes(app, { db, clock, depots });
  // The tables a process has ranked, by the signature of their inputs (a national corps is ranked once, not per page).
  // The arrêté is refused while an avis or a final appreciation is missing (completude.ts, the avis feature's rule).
  const tableaux = createTableauService({
    db,
    clock,
    cache: createCacheTableaux(),
    manquants: async (trx, id) => (await manquants(trx, id)).message,
    ...(deps.fraicheurTableauxMs !== undefined ? { fraicheurMs: deps.fraicheurTableauxMs } : {}),
  });
  // Any write request of this process that succeeded (an avis, an appreciation, a recevabilité, an import…) makes the
  // next table page read the signature of its inputs again, before the response leaves (so the page after the
  // redirect already sees it): a table page never shows a ranking older than a write made through this process (the
  // other processes of a cluster, VIVIER_PROCESSUS, see it within the signature's freshness, 5 s). One statement per
  // table page after a write; the ranking itself is redone only if the signature changed.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) tableaux.entreesModifiees();
    done(null, payload);
  });
  // A publication date already reached when the autorité sets it is applied at once, by the scheduler's own step.
  tableauRoutes(app, { campagnes, tableaux, publierSiEchue: (id) => campagnes.publierSiEchue(id) });
  const recours = createRecoursService({ db, clock, publication });
  await publicationRoutes(app, { publication, recours, depots, mesAvis: createMesAvisService({ db }) });
  recoursRoutes(app, { campagnes, recours });
  await importRoutes(app, { db, imports: createImportService({ db, clock }), depots });
  const envoi = { actif: deps.courriels?.envoiActif ?? false, expediteur: deps.courriels?.expediteur ?? null, tentativesMax: POLITIQUE_ENVOI.tentativesMax };
  courrielsRoutes(app, { courriels: createCourrielsService({ db, tentativesMax: envoi.tentativesMax }), envoi });
  await evaluationRoutes(app, { db, clock, depots });
  abonnementsRoutes(app, { abonnements: createAbonnementsService({ db, clock }) });
  syndicatsAdminRoutes(app, { syndicats: createSyndicatsAdminService({ db, clock }) });
  return app;
}

/**
 * The access log: one line per request once it is answered — the request (method, path, address), its status and
 * duration —, where Fastify writes two (« incoming request », « request completed »). Its other lines (errors of its
 * own handlers, streams) are kept.
 */
class JournalDesRequetes extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(erreur: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (erreur) reply.log.error({ req: request, res: reply, err: erreur, responseTime: reply.elapsedTime }, 'requête en erreur');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'requête servie');
  }
}

/** The server's logger, made before the database so that the pool reports its lost connections in the same log. */
export function creerJournal(niveau: string): FastifyBaseLogger {
  return pino({ level: niveau, redact: REDACT });
}

/**
 * Never log secrets: cookies, CSRF tokens, passwords, passcodes and PINs. Nothing logs a request body today; these
 * paths keep one out of the log if a line ever carries it (src/journaux.int.test.ts logs the bodies to check). The OTP
 * activation field `code` is not masked by name: every error carries a `code` (SQLSTATE, Fastify's, Node's) that the
 * log must keep; that one-time code is worth nothing once sent (the PIN that goes with it is masked).
 */
const REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.mot_de_passe', '*.passcode', '*.pin', '*.pin_confirmation', '*._csrf'];
