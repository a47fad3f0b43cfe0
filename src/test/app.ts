import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../app.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { fixedClock } from '../shared/clock.ts';
import { hacher } from '../shared/securite/motdepasse.ts';
import { parseRoles, type Role } from '../shared/roles.ts';
import type { Utilisateur } from '../shared/http/session.ts';
import { databaseDeTest } from './database.ts';
import { seedCatalogue, seedDemo } from '../demo/seed.ts';
import { insererCompte } from '../features/admin/comptes.repository.ts';

export type Banc = { app: FastifyInstance; database: DatabaseHandle; clock: ReturnType<typeof fixedClock>; fermer(): Promise<void> };

/**
 * One app on one database for a test file, built through the same buildApp as production.
 * `debut`: the instant the fixed clock starts at (default 2026-11-30T09:00Z). A test that shares its database with a real
 * server (which purges expired sessions by the real clock) starts it now, or its sessions would be purged.
 */
export async function banc(
  opts: {
    limiteConnexions?: { max: number; fenetreMs: number };
    cacheCatalogueMs?: number;
    fraicheurTableauxMs?: number;
    debut?: string;
    annuaire?: AppDeps['annuaire'];
    liensOublies?: AppDeps['liensOublies'];
    surRoute?: AppDeps['surRoute'];
    fournisseurOidc?: AppDeps['fournisseurOidc'];
  } = {},
): Promise<Banc> {
  const database = await databaseDeTest();
  await seedCatalogue(database.db, { avecExternes: true });
  const clock = fixedClock(opts.debut ?? '2026-11-30T09:00:00Z');
  // The catalogue cache is off by default in integration tests (they write rows directly); catalogue.cache.int.test.ts
  // turns it on.
  const app = await buildApp({
    database,
    clock,
    cookieSecure: false,
    production: false,
    cacheCatalogueMs: opts.cacheCatalogueMs ?? 0,
    limiteConnexions: opts.limiteConnexions ?? { max: 10_000, fenetreMs: 60_000 },
    ...(opts.fraicheurTableauxMs !== undefined ? { fraicheurTableauxMs: opts.fraicheurTableauxMs } : {}),
    ...(opts.annuaire ? { annuaire: opts.annuaire } : {}),
    ...(opts.liensOublies ? { liensOublies: opts.liensOublies } : {}),
    ...(opts.surRoute ? { surRoute: opts.surRoute } : {}),
    ...(opts.fournisseurOidc ? { fournisseurOidc: opts.fournisseurOidc } : {}),
  });
  return {
    app,
    database,
    clock,
    async fermer() {
      await app.close();
      await database.close();
    },
  };
}

let compteur = 0;

/** Creates an account with a password; returns its id and identifiant (unique per call). */
export async function creerCompte(database: DatabaseHandle, opts: { roles?: Role[]; motDePasse?: string; identifiant?: string; nom?: string } = {}) {
  compteur += 1;
  const identifiant = opts.identifiant ?? `compte${compteur}${Math.random().toString(36).slice(2, 6)}`;
  const id = await insererCompte(database.db, {
    identifiant,
    nomAffiche: opts.nom ?? `Personne ${compteur}`,
    email: null,
    motDePasseHash: await hacher(opts.motDePasse ?? 'Mot-de-passe-1!'),
    roles: opts.roles ?? ['AGENT'],
    perimetre: {},
    le: new Date(),
  });
  return { id, identifiant, motDePasse: opts.motDePasse ?? 'Mot-de-passe-1!' };
}

/** The session user of a seeded account, for calling services directly as that user. */
export async function utilisateurDe(database: DatabaseHandle, identifiant: string): Promise<Utilisateur> {
  const c = await database.db.selectFrom('compte').select(['id', 'identifiant', 'nom_affiche', 'agent_id', 'roles']).where('identifiant', '=', identifiant).executeTakeFirstOrThrow();
  return { compteId: c.id, identifiant: c.identifiant, nomAffiche: c.nom_affiche, roles: parseRoles(c.roles), perimetre: {}, qualiteEvaluateur: null, agentId: c.agent_id, precedenteConnexion: null, favoris: [] };
}

/** A bench on the demo académie, and jdupont, its agent: where most campaign tests start. */
export async function bancDeDemo(): Promise<{ b: Banc; jdupont: Utilisateur }> {
  const b = await banc();
  await seedDemo(b.database.db, b.clock);
  return { b, jdupont: await utilisateurDe(b.database, 'jdupont') };
}
