/**
 * The app of `bench/oidc.ts`, in a child process (the load generator and the OpenID Connect provider stay in the
 * parent): Vivier with ProConnect configured (BENCH_OIDC_CONFIG, JSON of ConfigOidc) on BENCH_PORT, over PGlite in
 * memory with the demo académie, and the bare baseline route (one primary-key SELECT through the same pool).
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createFournisseurOidc } from '../src/features/portail/proconnect.ts';
import { insererCompte } from '../src/features/admin/comptes.repository.ts';
import type { ConfigOidc } from '../src/config.ts';

async function main() {
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  await seedDemo(database.db, systemClock);
  // The person of the bench is known by e-mail (an account of the HR import, without a local password): linked at once.
  const compteId = await insererCompte(database.db, { identifiant: 'croux', nomAffiche: 'ROUX Camille', email: process.env.BENCH_COURRIEL!, motDePasseHash: null, roles: ['AGENT'], perimetre: {}, le: new Date() });
  const config = JSON.parse(process.env.BENCH_OIDC_CONFIG!) as ConfigOidc;
  const app = await buildApp({ database, clock: systemClock, cookieSecure: false, production: false, logger: process.env.BENCH_JOURNAL ? { level: 'warn' } : false, limiteConnexions: { max: 1_000_000_000, fenetreMs: 60_000 }, fournisseurOidc: createFournisseurOidc(config) });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_PORT) });
  const base = Fastify({ logger: false });
  base.get<{ Params: { id: string } }>('/compte/:id', async (request) =>
    database.db.selectFrom('compte').select(['id', 'identifiant', 'nom_affiche']).where('id', '=', request.params.id).executeTakeFirstOrThrow(),
  );
  await base.listen({ host: '127.0.0.1', port: 0 });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'compter') {
      // The sign-in log of the ProConnect callbacks, by result: the bench checks that each measured one opened a session.
      void database.db
        .selectFrom('tentative_connexion')
        .select(['resultat', (eb) => eb.fn.countAll<string>().as('n')])
        .where('methode', '=', 'PROCONNECT')
        .groupBy('resultat')
        .execute()
        .then((lignes) => process.send!({ type: 'compte', parResultat: Object.fromEntries(lignes.map((l) => [l.resultat, Number(l.n)])) }));
      return;
    }
    if (m.type !== 'arreter') return;
    void (async () => {
      await app.close();
      await base.close();
      await database.close();
      process.send!({ type: 'arrete' });
      process.disconnect();
    })();
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'pret', urlBase: `http://127.0.0.1:${(base.server.address() as AddressInfo).port}/compte/${compteId}` });
}

main().catch((err: unknown) => {
  process.send!({ type: 'erreur', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
  process.disconnect();
});
