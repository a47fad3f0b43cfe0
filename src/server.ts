import cluster from 'node:cluster';
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { openDatabase, DataDirError, type DatabaseHandle } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp, creerJournal } from './app.ts';
import { createAnnuaire } from './features/portail/annuaire.ts';
import { createFournisseurOidc } from './features/portail/proconnect.ts';
import { systemClock } from './shared/clock.ts';
import { seedCatalogue, seedDemo } from './demo/seed.ts';
import { seedCampagnesDemo } from './demo/campagnes.ts';
import { createImportService } from './features/import/import.service.ts';
import { demarrerTravauxCampagnes } from './features/campagnes/travaux.ts';
import { creerPoolAccuses } from './features/documents/lot.ts';
import { createPublicationService } from './features/evaluation/publication.service.ts';
import { demarrerEnvoiCourriels } from './features/notifications/courriels.jobs.ts';
import { createEnvoiService } from './features/notifications/envoi.service.ts';
import { messagerSmtp } from './features/notifications/smtp.ts';
import { createSessionStore } from './shared/http/session.ts';
import { demarrerPurgeSessions } from './shared/http/session.jobs.ts';
import type { EtatServeur } from './features/sante/sante.routes.ts';
import { demarrerProcessus } from './processus.ts';

/**
 * How long a stopping process waits for its requests in flight (SIGTERM: not ready any more, no new connection,
 * the running requests finish); past it, the process exits anyway and says so.
 */
const DELAI_ARRET_MS = 30_000;

/**
 * What happens once per start, whatever the number of processes: migrations, the demo or the catalogue, imports cut by
 * the previous stop. With several processes the primary does it before forking them (a worker restarted after a crash
 * must not mark the imports of the others as interrupted).
 */
async function preparerBase(config: Config, database: DatabaseHandle, journal: FastifyBaseLogger): Promise<void> {
  const appliquees = await migrateToLatest(database.db);
  if (appliquees.length > 0) journal.info({ migrations: appliquees }, 'migrations appliquées');
  // The server(s) of this start own their imports: one still "running" was cut by the previous stop.
  await createImportService({ db: database.db, clock: systemClock }).marquerInterrompus();
  if (config.demo) {
    if (await seedDemo(database.db, systemClock)) {
      await seedCampagnesDemo(database.db, systemClock);
      journal.info('académie de démonstration créée (premier démarrage), avec ses campagnes PE 2019 (entraînement), PE 2020 (en examen) et PE 2026');
    }
  } else {
    await seedCatalogue(database.db, { avecExternes: false });
  }
}

async function demarrer() {
  const config = loadConfig();
  const journal = creerJournal(config.logLevel);
  if (config.processus > 1 && cluster.isPrimary) {
    // The primary prepares the database, then only starts, watches and stops the processes that serve (processus.ts).
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, journal });
    try {
      await preparerBase(config, database, journal);
    } finally {
      await database.close();
    }
    demarrerProcessus({ nombre: config.processus, journal, delaiArretMs: DELAI_ARRET_MS + 5_000 });
    journal.info(`Vivier démarre ${config.processus} processus sur PostgreSQL : http://localhost:${config.port}`);
    return;
  }
  await servir(config, journal, cluster.isWorker);
}

async function servir(config: Config, journal: FastifyBaseLogger, travailleur: boolean) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, journal });
  if (!travailleur) await preparerBase(config, database, journal);
  const etat: EtatServeur = { arretEnCours: false };
  const app = await buildApp({
    database,
    clock: systemClock,
    cookieSecure: config.cookieSecure,
    production: config.env === 'production',
    trustProxy: config.trustProxy,
    journal,
    etat,
    courriels: { envoiActif: config.smtpUrl !== undefined, expediteur: config.courrielExpediteur },
    // Without VIVIER_LDAP_URL, local accounts only (the embedded demo); the CA file is read here, at start.
    annuaire: config.ldap ? createAnnuaire(config.ldap) : null,
    liensOublies: { identifiant: config.urlIdentifiantOublie, motDePasse: config.urlMotDePasseOublie },
    // Without VIVIER_OIDC_*, no ProConnect button. The provider is discovered at the first sign-in, not at start:
    // Vivier starts (and local accounts work) while ProConnect is down.
    fournisseurOidc: config.oidc ? createFournisseurOidc(config.oidc) : null,
    // Passkeys are bound to the public address's host name; without it, only outside production (the address used).
    webauthn: config.urlPublique ? { rpId: new URL(config.urlPublique).hostname, origine: new URL(config.urlPublique).origin } : null,
  });
  if (config.oidc) app.log.info({ issuer: config.oidc.issuer, pkce: config.oidc.pkce, retour: `${config.oidc.urlPublique}/connexion/proconnect/retour` }, 'connexion par ProConnect (OpenID Connect)');
  if (config.ldap) app.log.info({ url: config.ldap.url, base: config.ldap.base, startTls: config.ldap.startTls }, 'connexion par l’annuaire LDAP de l’académie');

  // E-mails: without SMTP_URL they stay in the outbox (read on /admin/courriels); with it, pg-boss sweeps send them.
  const messager = config.smtpUrl ? messagerSmtp(config.smtpUrl) : null;
  const envoi = messager ? createEnvoiService({ db: database.db, clock: systemClock, messager, expediteur: config.courrielExpediteur, log: app.log }) : null;
  const courriels = envoi ? await demarrerEnvoiCourriels({ database, envoi, log: app.log }) : null;
  // Expired sessions never presented again are deleted every 10 minutes (pg-boss: one run across servers).
  const purge = await demarrerPurgeSessions({ database, sessions: createSessionStore({ db: database.db, clock: systemClock }), log: app.log });
  app.addHook('onClose', async () => {
    await purge.arreter();
    await courriels?.arreter();
    messager?.fermer();
  });

  // Campaigns open and close at their instants; the e-mails of a step (notices, accusés, results) are sent at once.
  // Accusés de réception are rendered on every core by a small pool of worker threads.
  const pool = creerPoolAccuses();
  // At its date, the arrêté table is published (candidatures, messages, e-mails) in the PUBLIER step's transaction.
  const { surPublication } = createPublicationService({ db: database.db });
  const echeancier = demarrerTravauxCampagnes({ db: database.db, clock: systemClock, log: app.log, pool, apresCourriels: async () => courriels?.reveiller(), surPublication });

  /*
   * Graceful stop (SIGTERM from systemd, Docker or the primary; SIGINT): not ready any more (/sante/pret: 503), the
   * listening socket closes, idle connections are closed, the requests in flight finish (Fastify answers 503 to a new
   * request on a kept-alive connection meanwhile), then the background work stops and the pool closes.
   */
  const arreter = async (signal: string) => {
    if (etat.arretEnCours) return;
    etat.arretEnCours = true;
    app.log.info({ signal }, 'arrêt en cours : requêtes en cours terminées, aucune nouvelle');
    const force = setTimeout(() => {
      app.log.error({ delaiMs: DELAI_ARRET_MS }, 'arrêt : des requêtes étaient encore en cours après le délai, arrêt forcé');
      process.exit(1);
    }, DELAI_ARRET_MS);
    force.unref();
    // A kept-alive connection whose request was in flight becomes idle once answered: closed then, not left open
    // until the client drops it (seen: the stop waited for the delay, the test's client holding its connection).
    const fermerInactives = setInterval(() => app.server.closeIdleConnections(), 100);
    try {
      await Promise.all([app.close().finally(() => clearInterval(fermerInactives)), echeancier.arreter()]);
      await pool.fermer();
      await database.close();
      app.log.info('arrêté');
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void arreter('SIGINT'));
  process.on('SIGTERM', () => void arreter('SIGTERM'));
  // A worker whose primary is gone (killed) stops too, rather than serving unwatched.
  if (travailleur) process.on('disconnect', () => void arreter('primaire disparu'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Vivier est prêt : http://localhost:${config.port} (base ${database.kind === 'pglite' ? `embarquée PGlite dans ${config.dataDir}` : 'PostgreSQL'}${travailleur ? `, processus ${cluster.worker?.id}` : ''})`);
}

demarrer().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirError) {
    console.error(err.message);
  } else {
    console.error('Démarrage impossible :', err);
  }
  process.exit(1);
});
