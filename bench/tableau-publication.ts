/**
 * Section `tableau-publication` of the national bench (issue 12): the promotion table of a national corps through the
 * server, then its publication, on a regime C PE campaign of the generated académie (one avis per PE agent):
 *
 *  calcul       the first GET /iprof/gestion/campagnes/:id/tableau (it ranks the table: dossiers of the corps's
 *               hors-classe agents, verdicts, avis) then GET …/tableau.csv and …/tableau.xlsx (the table kept in
 *               memory, exported); baseline: `COPY (SELECT …) TO STDOUT` of the rows the ranking reads, before and after;
 *  page         the first page (one gestionnaire session) at 50 connections, for the computed table then for the arrêté
 *               snapshot; baseline: the bare route (one primary-key SELECT through the app's pool), before and after;
 *               server CPU per request for both, SQL statements per page, the server's CPU profile under the page's load;
 *  publication  the scheduler's PUBLIER step (`appliquerEcheances` with the table's `surPublication`) on an arrêté
 *               snapshot of every PE agent (≈ 90,000 lines at 200,000 agents): messages, e-mails queued; baseline: the
 *               same rows written by two bare INSERT … SELECT in one rolled-back transaction, before and after.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/connection.ts';
import { systemClock } from '../src/shared/clock.ts';
import { hacher } from '../src/shared/securite/motdepasse.ts';
import { insererCompte } from '../src/features/admin/comptes.repository.ts';
import { createCampagneService, type Campagne } from '../src/features/campagnes/campagne.service.ts';
import { trouverCampagne } from '../src/features/campagnes/campagne.repository.ts';
import { reglesPour } from '../src/features/eligibilite/regles.ts';
import { echelonMinimumClasse } from '../src/features/evaluation/classement.rules.ts';
import { createCacheTableaux } from '../src/features/evaluation/tableau-cache.ts';
import { createTableauService } from '../src/features/evaluation/tableau-arrete.service.ts';
import { createPublicationService } from '../src/features/evaluation/publication.service.ts';
import { charger, type MesureCharge } from './charge.ts';
import type { StatRequete } from './chrono-pg.ts';
import { connecter } from './connexions.ts';
import type { ResumeCpu } from './cpu.ts';
import { demarrerServeur, type ServeurDeBanc } from './processus.ts';

const DUREE_S = Number(process.env.BENCH_DUREE ?? 10);
const CONNEXIONS = 50;
const ANNEE = 2026;
const MOT_DE_PASSE = 'Banc-Tableau-2026!';

type Psql = (url: string, args: string[]) => Promise<{ dureeMs: number; stdout: string }>;
export type MesurePageTableau = MesureCharge & { cpuServeurMsParRequete: number };
export type ResultatPageTableau = {
  page: MesurePageTableau;
  reference: { avant: MesurePageTableau; apres: MesurePageTableau; parSeconde: number; cpuServeurMsParRequete: number };
  ratio: number;
  /** Server CPU per request of the baseline ÷ of the page: less sensitive to the other processes of the machine. */
  ratioCpu: number;
  requetesParPage: number;
  octets: number;
  cpu: ResumeCpu | null;
};
export type ResultatTableauPublication = {
  agentsPE: number;
  preparationMs: number;
  lignes: number;
  calcul: {
    premiereRequeteMs: number;
    csv: { ms: number; octets: number };
    xlsx: { ms: number; octets: number };
    /** The first request (ranking) and the CSV export. */
    totalMs: number;
    brut: { avantMs: number; apresMs: number; ms: number };
    ratio: number;
    lignesLues: number;
  };
  pageCalculee: ResultatPageTableau;
  arrete: { ms: number; lignes: number };
  pageArretee: ResultatPageTableau;
  publication: { lignes: number; ms: number; messages: number; courriels: number; evenements: string[]; reference: { avantMs: number; apresMs: number }; ratio: number };
};

async function mesurer(serveur: ServeurDeBanc, opts: Parameters<typeof charger>[0], journal: (t: string) => void): Promise<MesurePageTableau> {
  const avant = await serveur.usage();
  const m = await charger(opts);
  const apres = await serveur.usage();
  if (Object.keys(m.inattendues).length > 0 || m.erreurs > 0) journal(`ATTENTION ${opts.url} : réponses inattendues ${JSON.stringify(m.inattendues)}, erreurs ${m.erreurs}`);
  return { ...m, cpuServeurMsParRequete: (apres.cpuMicros - avant.cpuMicros) / 1000 / Math.max(1, m.reussies) };
}

/** The first page at 50 connections between two measures of the bare route; SQL per page; CPU profile under load. */
async function mesurerPage(serveur: ServeurDeBanc, chemin: string, cookie: string, profil: boolean, journal: (t: string) => void): Promise<ResultatPageTableau> {
  const page = { url: `${serveur.urlApp}${chemin}`, connexions: CONNEXIONS, statutAttendu: 200, headers: { cookie } };
  const reference = { url: `${serveur.urlBase}/compte/${serveur.compteId}`, connexions: CONNEXIONS, statutAttendu: 200 };
  await charger({ ...page, dureeS: 2 });
  await charger({ ...reference, dureeS: 2 });
  const avant = await mesurer(serveur, { ...reference, dureeS: DUREE_S / 2 }, journal);
  const m = await mesurer(serveur, { ...page, dureeS: DUREE_S }, journal);
  const apres = await mesurer(serveur, { ...reference, dureeS: DUREE_S / 2 }, journal);
  const parSeconde = (avant.parSeconde + apres.parSeconde) / 2;
  const cpuRef = (avant.cpuServeurMsParRequete + apres.cpuServeurMsParRequete) / 2;
  // Twice, the fewest kept: the signature of the inputs is read again every few seconds.
  const fois = [await serveur.compter(chemin, cookie), await serveur.compter(chemin, cookie)];
  if (fois.some((c) => c.statut !== 200)) throw new Error(`${chemin} : ${fois.map((c) => c.statut).join(', ')}`);
  const requetesParPage = Math.min(...fois.map((c) => c.requetes.reduce((a: number, s: StatRequete) => a + s.appels, 0)));
  const cpu = profil ? await serveur.profilCpu('tableau-page', () => charger({ ...page, dureeS: Math.min(5, DUREE_S) })) : null;
  return { page: m, reference: { avant, apres, parSeconde, cpuServeurMsParRequete: cpuRef }, ratio: m.parSeconde / parSeconde, ratioCpu: cpuRef / m.cpuServeurMsParRequete, requetesParPage, octets: fois[0]!.octets, cpu };
}

export async function sectionTableauPublication(url: string, database: DatabaseHandle, psql: Psql, journal: (t: string) => void, profil: boolean): Promise<ResultatTableauPublication> {
  const { db } = database;
  let t0 = performance.now();
  const pe = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM agent WHERE corps = 'PE'`.execute(db)).rows[0]!.n;

  // A regime C campaign of PE in examination, one avis per PE agent (PE takes one), spread over the three values.
  const le = new Date();
  const { id: campagneId } = await db
    .insertInto('campagne')
    .values({ corps: 'PE', annee: ANNEE, regime: 'C', ouverture: le, fermeture: new Date(le.getTime() + 1000), promotions: 1, parametres: JSON.stringify({ ratio: 0.2 }), statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: le })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`INSERT INTO avis_campagne (campagne_id, agent_id, numero, avis, texte, par_compte_id, le)
    SELECT ${campagneId}::bigint, agent_id, 1, (ARRAY['TRES_FAVORABLE', 'FAVORABLE', 'FAVORABLE', 'DEFAVORABLE'])[1 + (abs(hashtext(agent_id)) % 4)], NULL, NULL, now()
    FROM agent WHERE corps = 'PE'`.execute(db);
  await sql`ANALYZE avis_campagne`.execute(db);
  const gestion = await insererCompte(db, { identifiant: 'banc-tableau', nomAffiche: 'Banc tableau', email: null, motDePasseHash: await hacher(MOT_DE_PASSE), roles: ['GESTIONNAIRE', 'AUTORITE'], perimetre: {}, le });
  const preparationMs = performance.now() - t0;

  // What the ranking reads: the dossiers of the PE in the hors-classe at D from the lowest échelon the list holds, their
  // agent rows and avis, the labels (one psql session: the agents are chosen once, then their rows copied out).
  const regles = reglesPour(ANNEE);
  const lus = `a.agent_id IN (SELECT x.agent_id FROM agent x WHERE x.corps = 'PE' AND EXISTS (SELECT 1 FROM (SELECT c.grade, c.echelon FROM agent_carriere c
    WHERE c.agent_id = x.agent_id AND c.date_effet <= '${regles.dateObservation}' ORDER BY c.date_effet DESC LIMIT 1) d WHERE d.grade = 'HC' AND d.echelon >= ${echelonMinimumClasse(regles, 'PE')}))`;
  const retenus = 'a.agent_id IN (SELECT agent_id FROM banc_tableau_page_lus)';
  const brut = () =>
    psql(url, [
      '-o',
      '/dev/null',
      ...[
        `CREATE TEMP TABLE banc_tableau_page_lus AS SELECT a.agent_id FROM agent a WHERE ${lus}`,
        `COPY (SELECT c.agent_id, c.date_effet, c.grade, c.echelon FROM agent_carriere c JOIN agent a USING (agent_id) WHERE ${retenus}) TO STDOUT`,
        `COPY (SELECT p.agent_id, p.date_debut, p.date_fin, p.position FROM agent_position p JOIN agent a USING (agent_id) WHERE ${retenus}) TO STDOUT`,
        `COPY (SELECT s.agent_id, s.date_debut, s.date_fin, s.uai, s.fonction, s.part_service, s.statut, s.faisant_fonction FROM agent_service s JOIN agent a USING (agent_id) WHERE ${retenus}) TO STDOUT`,
        `COPY (SELECT uai, annee_scolaire, label FROM etablissement_label) TO STDOUT`,
        `COPY (SELECT a.agent_id, a.identifiant, a.civilite, a.nom, a.prenom, a.date_naissance, a.email, a.corps, a.discipline, a.date_entree_corps FROM agent a WHERE ${retenus}) TO STDOUT`,
        `COPY (SELECT v.agent_id, v.numero, v.avis FROM avis_campagne v JOIN agent a USING (agent_id) WHERE v.campagne_id = ${campagneId} AND ${retenus}) TO STDOUT`,
      ].flatMap((q) => ['-c', q]),
    ]).then((r) => r.dureeMs);
  const lignesLues = Number(
    (
      await psql(url, [
        '-At',
        '-c',
        `SELECT (SELECT count(*) FROM agent_carriere c JOIN agent a USING (agent_id) WHERE ${lus}) + (SELECT count(*) FROM agent_position p JOIN agent a USING (agent_id) WHERE ${lus})
           + (SELECT count(*) FROM agent_service s JOIN agent a USING (agent_id) WHERE ${lus}) + (SELECT count(*) FROM etablissement_label) + 2 * (SELECT count(*) FROM agent a WHERE ${lus})`,
      ])
    ).stdout.trim(),
  );
  await brut(); // warm the cache the same way for both

  journal('tableau-publication : serveur (PostgreSQL), session du gestionnaire');
  const serveur = await demarrerServeur('postgres', { databaseUrl: url, demo: false });
  try {
    const cookie = `vivier_session=${await connecter(serveur.urlApp, 'banc-tableau', MOT_DE_PASSE)}`;
    const chemin = `/iprof/gestion/campagnes/${campagneId}/tableau`;
    const telecharger = async (suffixe: string) => {
      const t = performance.now();
      const r = await fetch(`${serveur.urlApp}${chemin}${suffixe}`, { headers: { cookie } });
      const corps = Buffer.from(await r.arrayBuffer());
      if (r.status !== 200) throw new Error(`${chemin}${suffixe} : ${r.status} ${corps.toString('utf8', 0, 300)}`);
      return { ms: performance.now() - t, corps };
    };
    journal('tableau-publication : COPY brut, première page (classement), export CSV et XLSX, COPY brut');
    const avantMs = await brut();
    const premiere = await telecharger('');
    const lignes = Number(/(\d+) agents?\./.exec(premiere.corps.toString('utf8'))?.[1]);
    const csv = await telecharger('.csv');
    const xlsx = await telecharger('.xlsx');
    const apresMs = await brut();
    const brutMs = (avantMs + apresMs) / 2;
    const totalMs = premiere.ms + csv.ms;
    const calcul = {
      premiereRequeteMs: premiere.ms,
      csv: { ms: csv.ms, octets: csv.corps.length },
      xlsx: { ms: xlsx.ms, octets: xlsx.corps.length },
      totalMs,
      brut: { avantMs, apresMs, ms: brutMs },
      ratio: brutMs / totalMs,
      lignesLues,
    };
    journal(`tableau-publication : ${lignes} lignes ; classement ${Math.round(premiere.ms)} ms, CSV ${Math.round(csv.ms)} ms, XLSX ${Math.round(xlsx.ms)} ms ; COPY ${Math.round(brutMs)} ms`);

    journal(`tableau-publication : première page du tableau calculé, ${CONNEXIONS} connexions, entre deux mesures de la route nue`);
    const pageCalculee = await mesurerPage(serveur, chemin, cookie, profil, journal);
    journal(`tableau-publication : page calculée p99 ${pageCalculee.page.latenceMs.p99} ms, ratio ${pageCalculee.ratio.toFixed(3)}, CPU ${pageCalculee.ratioCpu.toFixed(3)}`);

    journal('tableau-publication : arrêté (service, dans ce processus), puis la page de l’instantané');
    const u = { compteId: gestion, identifiant: 'banc-tableau', nomAffiche: 'Banc', roles: ['GESTIONNAIRE' as const, 'AUTORITE' as const], perimetre: {}, qualiteEvaluateur: null, agentId: null, precedenteConnexion: null, favoris: [] };
    const tableaux = createTableauService({ db, clock: systemClock, cache: createCacheTableaux() });
    t0 = performance.now();
    const a = await tableaux.arreter(u, (await trouverCampagne(db, campagneId)) as Campagne, new Date(Date.now() + 3_600_000), new Date());
    const arrete = { ms: performance.now() - t0, lignes: a.lignes };
    await fetch(`${serveur.urlApp}${chemin}`, { headers: { cookie } }).then((r) => r.arrayBuffer()); // reads the snapshot once
    const pageArretee = await mesurerPage(serveur, chemin, cookie, false, journal);
    journal(`tableau-publication : page arrêtée p99 ${pageArretee.page.latenceMs.p99} ms, ratio ${pageArretee.ratio.toFixed(3)}`);

    await serveur.arreter();
    const publication = await publier(database, pe, journal);
    return { agentsPE: pe, preparationMs, lignes, calcul, pageCalculee, arrete, pageArretee, publication };
  } finally {
    await serveur.arreter();
  }
}

/** Publication of ≈ 90,000 results: a snapshot listing every PE agent (the real table lists the promouvables only). */
async function publier(database: DatabaseHandle, pe: number, journal: (t: string) => void): Promise<ResultatTableauPublication['publication']> {
  const { db } = database;
  journal(`tableau-publication : publication d’un instantané de ${pe} lignes (tous les agents PE)`);
  const le = new Date();
  const { id: c2 } = await db
    .insertInto('campagne')
    .values({ corps: 'PE', annee: ANNEE + 1, regime: 'C', ouverture: le, fermeture: new Date(le.getTime() + 1000), promotions: Math.floor(pe / 5), parametres: '{}', statut: 'ARRETEE', cree_par_compte_id: null, cree_le: le, publication_le: new Date(Date.now() - 1000) })
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
  const avantMs = await reference();
  const messagesAvant = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM message`.execute(db)).rows[0]!.n;
  const dernierMessage = (await sql<{ id: string }>`SELECT coalesce(max(id), 0)::text AS id FROM message`.execute(db)).rows[0]!.id;
  const campagnes = createCampagneService({ db, clock: systemClock, surPublication: createPublicationService({ db }).surPublication });
  const t0 = performance.now();
  const faits = await campagnes.appliquerEcheances();
  const ms = performance.now() - t0;
  const messages = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM message`.execute(db)).rows[0]!.n - messagesAvant;
  const courriels = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM courriel WHERE cle LIKE ${`publication:${c2}:%`}`.execute(db)).rows[0]!.n;
  const apresMs = await reference();
  // The other national sections (the agents' pages, the closing rush) find the messages and e-mail queue as before.
  await sql`DELETE FROM message WHERE id > ${dernierMessage}::bigint`.execute(db);
  await sql`DELETE FROM courriel WHERE cle LIKE ${`publication:${c2}:%`}`.execute(db);
  return { lignes: pe, ms, messages, courriels, evenements: faits.map((f) => f.evenement), reference: { avantMs, apresMs }, ratio: (avantMs + apresMs) / 2 / ms };
}
