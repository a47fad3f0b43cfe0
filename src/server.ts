import { loadConfig, ConfigError } from './config.ts';
import { openDatabase, DataDirLockedError } from './db/connection.ts';
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

async function main() {
  const config = loadConfig();
  const journal = creerJournal(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, journal });
  const appliquees = await migrateToLatest(database.db);
  const app = await buildApp({
    database,
    clock: systemClock,
    cookieSecure: config.cookieSecure,
    production: config.env === 'production',
    trustProxy: config.trustProxy,
    journal,
    courriels: { envoiActif: config.smtpUrl !== undefined, expediteur: config.courrielExpediteur },
    // Without VIVIER_LDAP_URL, local accounts only (the embedded demo); the CA file is read here, at start.
    annuaire: config.ldap ? createAnnuaire(config.ldap) : null,
    liensOublies: { identifiant: config.urlIdentifiantOublie, motDePasse: config.urlMotDePasseOublie },
    // Without VIVIER_OIDC_*, no ProConnect button. The provider is discovered at the first sign-in, not at start:
    // Vivier starts (and local accounts work) while ProConnect is down.
    fournisseurOidc: config.oidc ? createFournisseurOidc(config.oidc) : null,
  });
  if (config.oidc) app.log.info({ issuer: config.oidc.issuer, pkce: config.oidc.pkce, retour: `${config.oidc.urlPublique}/connexion/proconnect/retour` }, 'connexion par ProConnect (OpenID Connect)');
  if (config.ldap) app.log.info({ url: config.ldap.url, base: config.ldap.base, startTls: config.ldap.startTls }, 'connexion par l’annuaire LDAP de l’académie');
  if (appliquees.length > 0) app.log.info({ migrations: appliquees }, 'migrations appliquées');
  // A single server owns its imports: one still "running" was cut by the previous stop.
  await createImportService({ db: database.db, clock: systemClock }).marquerInterrompus();
  if (config.demo) {
    if (await seedDemo(database.db, systemClock)) {
      await seedCampagnesDemo(database.db, systemClock);
      app.log.info('académie de démonstration créée (premier démarrage), avec ses campagnes PE 2019 (entraînement) et PE 2026');
    }
  } else {
    await seedCatalogue(database.db, { avecExternes: false });
  }

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

  // Campaigns open and close at their instants; the accusés of a closing are sent at once.
  // Accusés de réception are rendered on every core by a small pool of worker threads.
  const pool = creerPoolAccuses();
  // At its date, the arrêté table is published (candidatures, messages, e-mails) in the PUBLIER step's transaction.
  const { surPublication } = createPublicationService({ db: database.db });
  const echeancier = demarrerTravauxCampagnes({ db: database.db, clock: systemClock, log: app.log, pool, apresAccuses: async () => courriels?.reveiller(), surPublication });

  let arret = false;
  const arreter = async (signal: string) => {
    if (arret) return;
    arret = true;
    app.log.info({ signal }, 'arrêt en cours');
    try {
      await echeancier.arreter();
      await pool.fermer();
      await app.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void arreter('SIGINT'));
  process.on('SIGTERM', () => void arreter('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Vivier est prêt : http://localhost:${config.port} (base ${database.kind === 'pglite' ? `embarquée PGlite dans ${config.dataDir}` : 'PostgreSQL'})`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error('Démarrage impossible :', err);
  }
  process.exit(1);
});
