/**
 * The promotion table's page and its publication on a national corps (issue 12):
 *
 *  page         GET /iprof/gestion/campagnes/:id/tableau (first page, gestionnaire) at 50 connections on a regime C PE
 *               campaign of the generated académie (every PE agent with an avis), computed table then arrêté snapshot;
 *               baseline: the bare route (one primary-key SELECT through the app's pool), before and after.
 *  publication  the scheduler's PUBLIER step (`appliquerEcheances` with the table's `surPublication`) on an arrêté
 *               snapshot of every PE agent (≈ 90,000 lines at 200,000 agents): messages, e-mails queued; baseline: the
 *               same rows written by two bare INSERT … SELECT in one transaction, before and after.
 *
 * `node --import tsx bench/tableau-publication.ts` (BENCH_AGENTS, BENCH_ACADEMIE, BENCH_DUREE as bench/README.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/shared/clock.ts';
import { hacher } from '../src/shared/securite/motdepasse.ts';
import { insererCompte } from '../src/features/admin/comptes.repository.ts';
import { createImportService } from '../src/features/import/import.service.ts';
import { sourceDossier } from '../src/features/import/import.source.ts';
import { createCampagneService, type Campagne } from '../src/features/campagnes/campagne.service.ts';
import { trouverCampagne } from '../src/features/campagnes/campagne.repository.ts';
import { createCacheTableaux } from '../src/features/evaluation/tableau-cache.ts';
import { createTableauService } from '../src/features/evaluation/tableau-arrete.service.ts';
import { createPublicationService } from '../src/features/evaluation/publication.service.ts';
import { assurerPostgres, baseJetable } from './postgres.ts';
import { genererAcademie } from './generer-academie.ts';
import { demarrerServeur } from './processus.ts';
import { connecter } from './connexions.ts';
import { charger, type MesureCharge } from './charge.ts';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 200_000);
const DUREE_S = Number(process.env.BENCH_DUREE ?? 10);
const CONNEXIONS = 50;
const MOT_DE_PASSE = 'Banc-Tableau-2026!';
const journal = (t: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${t}`);
const ms = (t0: number) => Math.round(performance.now() - t0);

const base = await (async () => {
  await assurerPostgres();
  return baseJetable();
})();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-banc-tableau-'));
const database = await openDatabase({ databaseUrl: base.url, dataDir: 'inutilise' });
const { db } = database;
const resultats: Record<string, unknown> = { agents: AGENTS, date: new Date().toISOString(), charge: os.loadavg() };
try {
  await migrateToLatest(db);
  const dossier = process.env.BENCH_ACADEMIE ?? path.join(tmp, 'academie');
  if (!process.env.BENCH_ACADEMIE) {
    journal(`génération de l’académie (${AGENTS} agents)`);
    await genererAcademie({ dossier, agents: AGENTS });
  }
  journal('import');
  const imp = await createImportService({ db, clock: systemClock }).importer(sourceDossier(dossier), { lanceParCompteId: null });
  if (!imp.ok) throw new Error('import en échec');
  await sql`ANALYZE`.execute(db);
  const pe = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM agent WHERE corps = 'PE'`.execute(db)).rows[0]!.n;
  resultats.agentsPE = pe;

  // A regime C campaign of PE in examination, one avis per PE agent (PE takes one), spread over the three values.
  const le = new Date();
  const { id: campagneId } = await db
    .insertInto('campagne')
    .values({ corps: 'PE', annee: 2026, regime: 'C', ouverture: le, fermeture: new Date(le.getTime() + 1000), promotions: 1, parametres: JSON.stringify({ ratio: 0.2 }), statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: le })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`INSERT INTO avis_campagne (campagne_id, agent_id, numero, avis, texte, par_compte_id, le)
    SELECT ${campagneId}::bigint, agent_id, 1, (ARRAY['TRES_FAVORABLE', 'FAVORABLE', 'FAVORABLE', 'DEFAVORABLE'])[1 + (abs(hashtext(agent_id)) % 4)], NULL, NULL, now()
    FROM agent WHERE corps = 'PE'`.execute(db);
  const empreinte = await hacher(MOT_DE_PASSE);
  const gestion = await insererCompte(db, { identifiant: 'banc-gestion', nomAffiche: 'Banc gestion', email: null, motDePasseHash: empreinte, roles: ['GESTIONNAIRE', 'AUTORITE'], perimetre: {}, le });

  journal('serveur (PostgreSQL) et session du gestionnaire');
  const serveur = await demarrerServeur('postgres', { databaseUrl: base.url, demo: false });
  try {
    const cookie = `vivier_session=${await connecter(serveur.urlApp, 'banc-gestion', MOT_DE_PASSE)}`;
    const page = { url: `${serveur.urlApp}/iprof/gestion/campagnes/${campagneId}/tableau`, connexions: CONNEXIONS, statutAttendu: 200, headers: { cookie } };
    const reference = { url: `${serveur.urlBase}/compte/${serveur.compteId}`, connexions: CONNEXIONS, statutAttendu: 200 };

    async function mesurerPage(nom: string) {
      let t0 = performance.now();
      const r = await fetch(page.url, { headers: { cookie } });
      const corps = await r.text();
      if (r.status !== 200) throw new Error(`${nom} : ${r.status} ${corps.slice(0, 300)}`);
      const premiere = ms(t0);
      const lignes = /(\d+) agents\./.exec(corps)?.[1];
      t0 = performance.now();
      await charger({ ...page, dureeS: 2 });
      await charger({ ...reference, dureeS: 2 });
      const refAvant = await charger({ ...reference, dureeS: DUREE_S / 2 });
      const m = await charger({ ...page, dureeS: DUREE_S });
      const refApres = await charger({ ...reference, dureeS: DUREE_S / 2 });
      const ref = (refAvant.parSeconde + refApres.parSeconde) / 2;
      const resume = (x: MesureCharge) => ({ parSeconde: Math.round(x.parSeconde), p50: x.latenceMs.p50, p99: x.latenceMs.p99, erreurs: x.erreurs, inattendues: x.inattendues });
      const res = { lignesAuTableau: Number(lignes), premiereRequeteMs: premiere, page: resume(m), reference: { avant: resume(refAvant), apres: resume(refApres) }, ratio: m.parSeconde / ref };
      journal(`${nom} : ${JSON.stringify(res)}`);
      return res;
    }

    journal('page du tableau calculé (première requête : calcul ; ensuite : tableau gardé en mémoire)');
    resultats.pageCalculee = await mesurerPage('tableau calculé');

    journal('arrêté (service, dans ce processus)');
    const autorite = { compteId: gestion, identifiant: 'banc-gestion', nomAffiche: 'Banc', roles: ['GESTIONNAIRE', 'AUTORITE'] as const, perimetre: {}, qualiteEvaluateur: null, agentId: null, precedenteConnexion: null, favoris: [] };
    const tableaux = createTableauService({ db, clock: systemClock, cache: createCacheTableaux() });
    let t0 = performance.now();
    const a = await tableaux.arreter({ ...autorite, roles: [...autorite.roles] }, (await trouverCampagne(db, campagneId)) as Campagne, new Date(Date.now() + 3_600_000), new Date());
    resultats.arrete = { ms: ms(t0), lignes: a.lignes };
    journal(`arrêté : ${JSON.stringify(resultats.arrete)}`);
    resultats.pageArretee = await mesurerPage('tableau arrêté (instantané)');
  } finally {
    await serveur.arreter();
  }

  // Publication of ≈ 90,000 results: a snapshot listing every PE agent (the real table lists the promouvables only).
  journal(`publication : instantané de ${pe} lignes (tous les agents PE)`);
  const { id: c2 } = await db
    .insertInto('campagne')
    .values({ corps: 'PE', annee: 2027, regime: 'C', ouverture: le, fermeture: new Date(le.getTime() + 1000), promotions: Math.floor(pe / 5), parametres: '{}', statut: 'ARRETEE', cree_par_compte_id: null, cree_le: le, publication_le: new Date(Date.now() - 1000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: t2 } = await db
    .insertInto('tableau')
    .values({ campagne_id: c2, statut: 'ARRETE', version_regles: 'banc', parametres: '{}', empreinte_entrees: '0'.repeat(64), nb_lignes: pe, arrete_par_compte_id: null, arrete_le: le, rouvert_par_compte_id: null, rouvert_le: null, motif_reouverture: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`INSERT INTO tableau_ligne (tableau_id, liste, rang, agent_id, nom, prenom, vivier, bareme, palier, appreciation, promu)
    SELECT ${t2}::bigint, 0, rn, agent_id, nom, prenom, NULL, NULL, 1 + (rn % 2), NULL, rn <= ${Math.floor(pe / 5)}
    FROM (SELECT agent_id, nom, prenom, row_number() OVER (ORDER BY agent_id) AS rn FROM agent WHERE corps = 'PE') x`.execute(db);
  await sql`ANALYZE tableau_ligne`.execute(db);

  /** The same rows by two bare INSERT … SELECT in one transaction, rolled back (nothing kept). */
  const ANNULE = new Error('référence annulée');
  async function reference(): Promise<number> {
    const t = performance.now();
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO message (agent_id, categorie, sujet, corps, cree_le)
          SELECT agent_id, 'CAMPAGNE', 'Résultat', 'Le tableau d’avancement est publié. ' || repeat('x', 300), now() FROM tableau_ligne WHERE tableau_id = ${t2}::bigint`.execute(trx);
        await sql`INSERT INTO courriel (cle, destinataire, sujet, corps, cree_le)
          SELECT 'reference:' || a.agent_id, a.email, 'Résultat', repeat('x', 250), now() FROM agent a
          WHERE a.agent_id IN (SELECT agent_id FROM tableau_ligne WHERE tableau_id = ${t2}::bigint) AND a.email <> '' ON CONFLICT (cle) DO NOTHING`.execute(trx);
        throw ANNULE;
      })
      .catch((e: unknown) => {
        if (e !== ANNULE) throw e;
      });
    return performance.now() - t;
  }
  const refAvant = await reference();
  const messagesAvant = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM message`.execute(db)).rows[0]!.n;
  const campagnes = createCampagneService({ db, clock: systemClock, surPublication: createPublicationService({ db }).surPublication });
  {
    const t0 = performance.now();
    const faits = await campagnes.appliquerEcheances();
    const duree = ms(t0);
    const messages = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM message`.execute(db)).rows[0]!.n - messagesAvant;
    const courriels = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM courriel WHERE cle LIKE ${`publication:${c2}:%`}`.execute(db)).rows[0]!.n;
    const refApres = await reference();
    resultats.publication = { evenements: faits.map((f) => f.evenement), lignes: pe, ms: duree, messages, courriels, reference: { avantMs: Math.round(refAvant), apresMs: Math.round(refApres) }, ratio: (refAvant + refApres) / 2 / duree };
    journal(`publication : ${JSON.stringify(resultats.publication)}`);
  }
} finally {
  await database.close();
  await base.supprimer();
  fs.rmSync(tmp, { recursive: true, force: true });
  const dossierResultats = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  fs.mkdirSync(dossierResultats, { recursive: true });
  fs.writeFileSync(path.join(dossierResultats, 'tableau-publication.json'), JSON.stringify(resultats, null, 2));
  console.log(JSON.stringify(resultats, null, 2));
}
