import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { Annuaire } from '../../src/features/portail/annuaire.ts';
import type { FournisseurOidc } from '../../src/features/portail/proconnect.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { demarrerTravauxCampagnes } from '../../src/features/campagnes/travaux.ts';
import { createPublicationService } from '../../src/features/evaluation/publication.service.ts';
import { portLibre } from '../../src/test/port-libre.ts';

export type AppLancee = { url: string; app: FastifyInstance; database: DatabaseHandle; fermer(): Promise<void> };

/**
 * The real app, in this process, on an ephemeral loopback port, over a fresh in-memory PGlite seeded with the
 * demo académie. The real clock is used: the browser keeps real cookies and the TOTP codes are computed at test time.
 */
/**
 * `hote`: the host name pages are opened at. WebAuthn refuses an IP address as relying party: the passkey journeys
 * open the app at http://localhost:port (still the loopback address the app listens on).
 */
export async function demarrerApp(opts: { annuaire?: Annuaire; oidc?: (urlPublique: string) => FournisseurOidc; hote?: 'localhost' } = {}): Promise<AppLancee> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    // ProConnect's callbacks are made from the app's public address: its port is chosen first (a free one), then used.
    const portChoisi = opts.oidc ? await portLibre() : 0;
    const fournisseurOidc = opts.oidc ? opts.oidc(`http://127.0.0.1:${portChoisi}`) : null;
    await migrateToLatest(database.db);
    await seedDemo(database.db, systemClock);
    const app = await buildApp({
      database,
      clock: systemClock,
      cookieSecure: false,
      production: false,
      // Journeys log in many times from the same loopback address.
      limiteConnexions: { max: 1_000, fenetreMs: 60_000 },
      ...(opts.annuaire ? { annuaire: opts.annuaire } : {}),
      ...(fournisseurOidc ? { fournisseurOidc } : {}),
    });
    await app.listen({ host: '127.0.0.1', port: portChoisi });
    // Campaigns open and close by themselves, as in the server.
    const travaux = demarrerTravauxCampagnes({ db: database.db, clock: systemClock, log: app.log, surPublication: createPublicationService({ db: database.db }).surPublication });
    const { port } = app.server.address() as AddressInfo;
    return {
      url: `http://${opts.hote ?? '127.0.0.1'}:${port}`,
      app,
      database,
      async fermer() {
        await travaux.arreter();
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

