/**
 * The national-size sections of `npm run bench`, on a scratch PostgreSQL database filled with a generated académie
 * (bench/generer-academie.ts, BENCH_AGENTS agents, 200,000 by default) through the real importer:
 *  import       rows/s of the importer vs the floor of the same result (pg_restore of the tables it wrote: COPY of the
 *               same rows, then the same indexes and keys), and a plain `COPY … FROM STDIN` (psql \copy) of the same files
 *               into unindexed tables, before and after; peak RSS of the importer; where its time goes (reading, staging, merge);
 *  eligibilite  the CLI export of PE for 2019 (wall time, peak RSS of the child) vs `COPY (SELECT …) TO STDOUT` of the
 *               rows it reads, before and after;
 *  tableau      the CLI table of PE 2022 as CSV and as XLSX (wall time, peak RSS) vs the same kind of COPY
 *               (bench/tableau-national.ts);
 *  tableau-publication  a regime C PE campaign through the server: the table ranked and exported vs a COPY of what it
 *               reads, its first page at 50 connections (computed, then arrêté) vs the bare route, the publication of
 *               ≈ 90,000 results vs bare INSERT … SELECT (bench/tableau-publication.ts);
 *  dossier      GET /iprof/dossier and /iprof/dossier/affectations at 50 connections (50 agents) vs the bare route;
 *  cloture      the closing rush: BENCH_RUSH agents (300) logged in beforehand, all POST valider at once, then all GET
 *               their page, after the same warm-up rush by BENCH_RUSH other agents (profiled), vs pgbench replaying the
 *               SQL statements of one validation (recorded by the server's SQL journal, and checked to be those of every
 *               validation of the rush); with BENCH_CLOTURE_AVANT, the same on the code before; database checks; the closing;
 *  charge       open-loop load (bench/charge-ouverte.ts): agents arriving at a fixed rate log in, start, validate and read
 *               their candidature, on the application started as production starts it (bench/serveur-reel.ts) with one
 *               and two processes, each agent from its own address, vs raw argon2 verifications/s (runs before cloture);
 *  accuses      BENCH_ACCUSES (10,000) accusés through createDocumentsService with creerPoolAccuses({ taille: 2 }) vs bare
 *               pdfkit with the same font on 2 threads (bench/accuses.ts), before and after.
 * Everything runs against 127.0.0.1 only; the database, the generated folder and the temporary files are removed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/connection.ts';
import { createCampagneService } from '../src/features/campagnes/campagne.service.ts';
import { hacher } from '../src/shared/securite/motdepasse.ts';
import type { ResultatNu, ResultatPipeline } from './accuses-enfant.ts';
import { charger, type MesureCharge } from './charge.ts';
import type { InstructionJournal, StatRequete } from './chrono-pg.ts';
import { connecterComptes } from './connexions.ts';
import { resumer, type ResumeCpu } from './cpu.ts';
import { commande, executerEnfant } from './enfant.ts';
import { genererAcademie, type ResumeAcademie } from './generer-academie.ts';
import type { ResultatImport } from './import-enfant.ts';
import { assurerPostgres, baseJetable } from './postgres.ts';
import { demarrerServeur, type ServeurDeBanc } from './processus.ts';
import { OPTIONS_NODE } from '../src/options-node.ts';
import { latences, type Latences } from './statistiques.ts';
import { sectionTableau, type ResultatTableau } from './tableau-national.ts';
import { sectionTableauPublication, type ResultatTableauPublication } from './tableau-publication.ts';
import { sectionCharge, type ResultatCharge } from './charge-ouverte.ts';
import { remplirLignes, scriptValidation, TABLE_LIGNES, type ScriptValidation, type ValeursAgent } from './pgbench-validation.ts';

const ICI = path.dirname(fileURLToPath(import.meta.url));
const RACINE = path.resolve(ICI, '..');
const CLI = path.join(RACINE, 'src/cli.ts');
const MOT_DE_PASSE = 'Banc-National-2019!';

export const SECTIONS_NATIONALES = ['import', 'eligibilite', 'tableau', 'tableau-publication', 'dossier', 'cloture', 'charge', 'accuses'] as const;
export type SectionNationale = (typeof SECTIONS_NATIONALES)[number];

export type Charge = { debut: number[]; fin: number[]; dureeS: number };

export type ResultatImportSection = {
  lignes: number;
  import: ResultatImport;
  lignesParSeconde: number;
  copie: { avantMs: number; apresMs: number; lignesParSeconde: number };
  /** The former baseline: rows/s of the importer ÷ a bare COPY into unindexed tables (does less than the import). */
  ratioCopie: number;
  /** The floor of the same result (bench/national.ts plancherRestauration). */
  restauration: Restauration;
  /** Importer rows/s ÷ the floor's (= floor time ÷ import time): the goal. */
  ratio: number;
};
export type Restauration = {
  tables: string[];
  octetsDump: number;
  runs: Array<{ donneesMs: number; indexEtClesMs: number }>;
  /** Mean of the runs, data + post-data. */
  ms: number;
  lignes: number;
};
export type ResultatEligibilite = {
  agents: number;
  lignesLues: number;
  export: { ms: number; maxRssKio: number; cpuMs: number };
  demarrageCliMs: number;
  brut: { avantMs: number; apresMs: number; ms: number };
  ratio: number;
  profil: { cpu: Omit<ResumeCpu, 'fichier'> | null; requetes: StatRequete[] } | null;
};
export type MesurePage = MesureCharge & { cpuServeurMsParRequete: number };
export type ResultatDossier = {
  connexions: number;
  reference: { avant: MesurePage; apres: MesurePage; parSeconde: number };
  dossier: MesurePage;
  affectations: MesurePage;
  ratioDossier: number;
  ratioAffectations: number;
  requetes: { dossier: { n: number; lignes: number; octets: number }; affectations: { n: number; lignes: number; octets: number } };
  cpuDossier: ResumeCpu;
  maxRssServeurMio: number;
};
export type { Latences } from './statistiques.ts';
export type ResultatCloture = {
  ouverture: { ms: number; messages: number };
  agents: number;
  connexionMs: number;
  commencer: { parSeconde: number; latence: Latences; erreurs: number };
  /** validationsParSeconde: over the validations alone (all at once; the pages are read once they have all answered). */
  rush: { dureeMs: number; validationsParSeconde: number; valider: Latences; page: Latences; parcours: Latences; erreurs: Record<string, number> };
  /** pgbench replaying the statements of one validation (bench/pgbench-validation.ts), before and after the rush. */
  pgbench: {
    clients: number;
    transactions: number;
    avant: number;
    apres: number;
    tps: number;
    instructions: string[];
    verification: { transactions: number; enregistrees: number; valider: number; ok: boolean };
  };
  ratio: number;
  requetesRush: StatRequete[];
  cpuRush: ResumeCpu | null;
  cpuServeurMsParValidation: number;
  verification: { candidatures: number; enregistrees: number; agentsDistincts: number; historique: Record<string, number>; attendu: string; ok: boolean };
  cloture: { ms: number; deposees: number; historiqueClore: number; ok: boolean };
  /** The warm-up rush of other agents (profiled): its duration and failures (any failure is reported). */
  echauffement: { agents: number; dureeMs: number; erreurs: number };
  /**
   * Every validation of the measured rush sent exactly the statements pgbench replays (the server's SQL journal over
   * the rush, statement texts counted): the baseline is the same work.
   */
  rejeu: RejeuVerifie;
  /** The same rush, against its own pgbench replay, by the code of BENCH_CLOTURE_AVANT (a checkout of the code before). */
  avant?: RueeVariante & { source: string };
};
export type RejeuVerifie = { ok: boolean; validations: number; instructionsParValidation: number; ecarts: string[] };
/** One server's rush and its baseline (the parts of ResultatCloture that are per server). */
export type RueeVariante = Pick<ResultatCloture, 'agents' | 'connexionMs' | 'commencer' | 'rush' | 'pgbench' | 'ratio' | 'requetesRush' | 'cpuServeurMsParValidation' | 'echauffement' | 'rejeu'>;
export type ResultatAccuses = {
  candidatures: number;
  creationMs: number;
  nu: { avant: ResultatNu; apres: ResultatNu; parSeconde: number; cpuMsParDoc: number };
  pipeline: ResultatPipeline;
  parSeconde: number;
  cpuMsParAccuse: number;
  ratio: number;
  estimation10000S: number;
  verification: { accuses: number; fiches: number; messages: number; courriels: number };
};
export type ResultatsNationaux = {
  agents: number;
  generation: (ResumeAcademie & { reutilise: boolean }) | null;
  preparation: { importMs: number; analyseMs: number; comptesMs: number };
  import?: ResultatImportSection;
  eligibilite?: ResultatEligibilite;
  tableau?: ResultatTableau;
  tableauPublication?: ResultatTableauPublication;
  dossier?: ResultatDossier;
  cloture?: ResultatCloture;
  accuses?: ResultatAccuses;
  charge?: ResultatCharge;
  charges: Partial<Record<SectionNationale | 'preparation', Charge>>;
};

const DUREE_S = Number(process.env.BENCH_DUREE ?? 10);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 200_000);
const RUSH = Number(process.env.BENCH_RUSH ?? 300);
/** A checkout of the code before (e.g. `git worktree add /tmp/avant <commit>`, node_modules linked): its rush too. */
const CLOTURE_AVANT = process.env.BENCH_CLOTURE_AVANT ? path.resolve(process.env.BENCH_CLOTURE_AVANT) : null;

/** The commit of a checkout (for the report), or its path. */
function sourceAvant(dossier: string): string {
  try {
    return `${dossier} @ ${execFileSync('git', ['-C', dossier, 'log', '-1', '--format=%h %cs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}`;
  } catch {
    return dossier;
  }
}
const ACCUSES = Number(process.env.BENCH_ACCUSES ?? 10_000);
const ACCUSES_MAX_S = Number(process.env.BENCH_ACCUSES_MAX_S ?? 240);
const ACCUSES_NU = Number(process.env.BENCH_ACCUSES_NU ?? 600);
const PROFIL = process.env.BENCH_PROFIL !== '0';
const CONNEXIONS_DOSSIER = 50;

function journal(texte: string) {
  process.stderr.write(`[banc national ${new Date().toISOString().slice(11, 19)}] ${texte}\n`);
}


async function psql(url: string, args: string[], delaiMs = 600_000) {
  const r = await commande('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], { delaiMs });
  if (r.code !== 0) throw new Error(`psql a échoué (${r.code}) : ${r.stderr.slice(0, 500)}`);
  return r;
}

// ——— (a) import ———

const FICHIERS_COPIE: Array<[string, string, string]> = [
  ['etablissements.csv', 'banc_copie_etablissement', 'uai text, nom text, commune text, type text'],
  ['labels_etablissements.csv', 'banc_copie_label', 'uai text, annee_scolaire text, label text'],
  ['agents.csv', 'banc_copie_agent', 'agent_id text, identifiant text, civilite text, nom text, prenom text, date_naissance date, email text, corps text, discipline text, date_entree_corps date'],
  ['carriere.csv', 'banc_copie_carriere', 'agent_id text, date_effet date, grade text, echelon integer'],
  ['positions.csv', 'banc_copie_position', 'agent_id text, date_debut date, date_fin date, position text'],
  ['services.csv', 'banc_copie_service', 'agent_id text, date_debut date, date_fin date, uai text, fonction text, part_service integer, statut text, faisant_fonction boolean'],
];

/** Plain COPY of the folder's files into new unindexed (logged) tables: only the \copy commands are timed. */
async function copieBrute(url: string, dossier: string): Promise<number> {
  const presents = FICHIERS_COPIE.filter(([f]) => fs.existsSync(path.join(dossier, f)));
  await psql(url, presents.flatMap(([, t, cols]) => ['-c', `DROP TABLE IF EXISTS ${t}; CREATE TABLE ${t} (${cols})`]));
  const r = await psql(url, presents.flatMap(([f, t]) => ['-c', `\\copy ${t} FROM '${path.join(dossier, f)}' WITH (FORMAT csv, HEADER true, DELIMITER ';')`]));
  await psql(url, presents.flatMap(([, t]) => ['-c', `DROP TABLE ${t}`]));
  return r.dureeMs;
}

/** What the import writes: the tables of its result (with import_rh, which `agent` refers to). */
const TABLES_RESULTAT_IMPORT = ['import_rh', 'etablissement', 'etablissement_label', 'agent', 'agent_carriere', 'agent_position', 'agent_service', 'agent_appreciation', 'agent_avis', 'compte'];

/**
 * The floor of the import's result, what pg_restore does: the tables the import wrote are dumped (custom format, not
 * compressed, untimed), created empty in a new database (pre-data, untimed), then timed: COPY of the same rows into
 * the same tables (data), then the same indexes, primary keys, unique constraints and foreign keys (post-data). Twice,
 * the mean kept (both after the import: the dump needs its result).
 */
async function plancherRestauration(url: string, tmp: string): Promise<Restauration> {
  const dump = path.join(tmp, 'resultat-import.dump');
  const d = await commande('pg_dump', ['-Fc', '-Z', '0', '--no-owner', '--no-acl', ...TABLES_RESULTAT_IMPORT.flatMap((t) => ['-t', t]), '-f', dump, url], { delaiMs: 900_000 });
  if (d.code !== 0) throw new Error(`pg_dump a échoué (${d.code}) : ${d.stderr.slice(0, 500)}`);
  const octetsDump = fs.statSync(dump).size;
  const lignes = Number((await psql(url, ['-At', '-c', `SELECT ${TABLES_RESULTAT_IMPORT.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')}`])).stdout.trim());
  const runs: Restauration['runs'] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const cible = await baseJetable();
      try {
        const restaurer = async (section: string) => {
          const r = await commande('pg_restore', ['--no-owner', '--no-acl', '--exit-on-error', `--section=${section}`, '-d', cible.url, dump], { delaiMs: 900_000 });
          if (r.code !== 0) throw new Error(`pg_restore --section=${section} a échoué (${r.code}) : ${r.stderr.slice(0, 500)}`);
          return r.dureeMs;
        };
        await restaurer('pre-data');
        const donneesMs = await restaurer('data');
        const indexEtClesMs = await restaurer('post-data');
        runs.push({ donneesMs, indexEtClesMs });
      } finally {
        await cible.supprimer();
      }
    }
  } finally {
    fs.rmSync(dump, { force: true });
  }
  return { tables: TABLES_RESULTAT_IMPORT, octetsDump, runs, ms: runs.reduce((a, r) => a + r.donneesMs + r.indexEtClesMs, 0) / runs.length, lignes };
}

function compterLignes(dossier: string): number {
  let n = 0;
  for (const f of fs.readdirSync(dossier).filter((x) => x.endsWith('.csv'))) {
    const b = fs.readFileSync(path.join(dossier, f));
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
    n--; // header
  }
  return n;
}

async function importer(url: string, dossier: string, profil: boolean): Promise<ResultatImport> {
  const r = await executerEnfant<ResultatImport>(path.join(ICI, 'import-enfant.ts'), { BENCH_DATABASE_URL: url, BENCH_DOSSIER: dossier, BENCH_PROFIL_CPU: profil ? '1' : '0' }, 1_800_000).resultat;
  if (!r.ok) throw new Error(`import du jeu national refusé : ${r.erreurs.join(' ; ')}`);
  return r;
}

// ——— (b) eligibility ———

const SQL_BRUT_ELIGIBILITE = [
  `COPY (SELECT agent_id FROM agent WHERE corps = 'PE' ORDER BY agent_id COLLATE "C") TO STDOUT`,
  `COPY (SELECT c.agent_id, c.date_effet, c.grade, c.echelon FROM agent_carriere c JOIN agent a USING (agent_id) WHERE a.corps = 'PE') TO STDOUT`,
  `COPY (SELECT p.agent_id, p.date_debut, p.date_fin, p.position FROM agent_position p JOIN agent a USING (agent_id) WHERE a.corps = 'PE') TO STDOUT`,
  `COPY (SELECT s.agent_id, s.date_debut, s.date_fin, s.uai, s.fonction, s.part_service, s.statut, s.faisant_fonction FROM agent_service s JOIN agent a USING (agent_id) WHERE a.corps = 'PE') TO STDOUT`,
  `COPY (SELECT uai, annee_scolaire, label FROM etablissement_label) TO STDOUT`,
];

async function exportCli(url: string, sortie: string, opts: { profil?: string } = {}): Promise<{ ms: number; maxRssKio: number; cpuMs: number; requetes: StatRequete[] }> {
  const usage = path.join(os.tmpdir(), `vivier-banc-usage-${crypto.randomBytes(4).toString('hex')}.json`);
  const args = [...OPTIONS_NODE, '--import', 'tsx', '--import', path.join(ICI, 'usage-sortie.ts'), ...(opts.profil ? ['--cpu-prof', `--cpu-prof-dir=${opts.profil}`] : []), CLI, 'eligibilite', '--corps', 'PE', '--annee', '2019', '--out', sortie];
  const r = await commande(process.execPath, args, { env: { DATABASE_URL: url, BENCH_USAGE_FICHIER: usage, BENCH_CHRONO_SQL: opts.profil ? '1' : '0', LOG_LEVEL: 'warn' }, delaiMs: 600_000 });
  if (r.code !== 0) throw new Error(`export d'éligibilité en échec (${r.code}) : ${r.stderr.slice(0, 800)}`);
  const u = JSON.parse(fs.readFileSync(usage, 'utf8')) as { maxRssKio: number; userMs: number; systemMs: number; requetes: StatRequete[] };
  fs.rmSync(usage, { force: true });
  return { ms: r.dureeMs, maxRssKio: u.maxRssKio, cpuMs: u.userMs + u.systemMs, requetes: u.requetes };
}

async function sectionEligibilite(url: string, tmp: string): Promise<ResultatEligibilite & { fichier: string }> {
  const fichier = path.join(tmp, 'eligibilite-PE-2019.csv');
  const brut = () => psql(url, ['-o', '/dev/null', ...SQL_BRUT_ELIGIBILITE.flatMap((q) => ['-c', q])]).then((r) => r.dureeMs);
  const migrate = await commande(process.execPath, [...OPTIONS_NODE, '--import', 'tsx', CLI, 'migrate'], { env: { DATABASE_URL: url }, delaiMs: 120_000 });
  await brut(); // warm the cache the same way for both
  journal('éligibilité : COPY brut, export par la CLI, COPY brut');
  const avantMs = await brut();
  const e = await exportCli(url, fichier);
  const apresMs = await brut();
  const lignes = fs.readFileSync(fichier, 'utf8').split('\n').filter(Boolean).length - 1;
  const lus = await psql(url, ['-At', '-c', `SELECT (SELECT count(*) FROM agent_carriere c JOIN agent a USING (agent_id) WHERE a.corps = 'PE') + (SELECT count(*) FROM agent_position p JOIN agent a USING (agent_id) WHERE a.corps = 'PE') + (SELECT count(*) FROM agent_service s JOIN agent a USING (agent_id) WHERE a.corps = 'PE') + (SELECT count(*) FROM etablissement_label)`]);
  const brutMs = (avantMs + apresMs) / 2;
  let profil: ResultatEligibilite['profil'] = null;
  if (PROFIL) {
    journal('éligibilité : export profilé à part (CPU échantillonné, requêtes SQL chronométrées)');
    const dossierProfil = fs.mkdtempSync(path.join(tmp, 'profil-'));
    const p = await exportCli(url, path.join(tmp, 'eligibilite-profil.csv'), { profil: dossierProfil });
    const f = fs.readdirSync(dossierProfil).find((x) => x.endsWith('.cpuprofile'));
    profil = { cpu: f ? resumer(JSON.parse(fs.readFileSync(path.join(dossierProfil, f), 'utf8'))) : null, requetes: p.requetes };
  }
  return {
    fichier,
    agents: lignes,
    lignesLues: Number(lus.stdout.trim()),
    export: { ms: e.ms, maxRssKio: e.maxRssKio, cpuMs: e.cpuMs },
    demarrageCliMs: migrate.dureeMs,
    brut: { avantMs, apresMs, ms: brutMs },
    ratio: brutMs / e.ms,
    profil,
  };
}

// ——— accounts of the bench ———

/** V1 promouvables of PE for 2019 (from the export), spread over the agent ids; their accounts get a known password. */
async function preparerComptes(database: DatabaseHandle, fichierEligibilite: string, nombre: number): Promise<Array<{ identifiant: string; agentId: string; motDePasse: string }>> {
  const lignes = fs.readFileSync(fichierEligibilite, 'utf8').split('\n').slice(1).filter(Boolean);
  const v1 = lignes.map((l) => l.split(';')).filter((c) => c[1] === '1' && c[2] === '1').map((c) => c[0]!);
  if (v1.length < nombre) throw new Error(`seulement ${v1.length} agents PE promouvables au vivier 1 en 2019 (il en faut ${nombre}) : augmentez BENCH_AGENTS`);
  const pas = v1.length / nombre;
  const choisis = Array.from({ length: nombre }, (_, i) => v1[Math.floor(i * pas)]!);
  const empreinte = await hacher(MOT_DE_PASSE);
  const r = await sql<{ identifiant: string; agent_id: string }>`UPDATE compte SET mot_de_passe_hash = ${empreinte} WHERE agent_id = ANY(${choisis}::text[]) RETURNING identifiant, agent_id`.execute(database.db);
  const parAgent = new Map(r.rows.map((x) => [x.agent_id, x.identifiant]));
  return choisis.map((agentId) => ({ agentId, identifiant: parAgent.get(agentId)!, motDePasse: MOT_DE_PASSE }));
}

// ——— (c) dossier page ———

async function mesurerPage(serveur: ServeurDeBanc, opts: Parameters<typeof charger>[0]): Promise<MesurePage> {
  const avant = await serveur.usage();
  const m = await charger(opts);
  const apres = await serveur.usage();
  if (Object.keys(m.inattendues).length > 0 || m.erreurs > 0) journal(`ATTENTION ${opts.url} : réponses inattendues ${JSON.stringify(m.inattendues)}, erreurs ${m.erreurs}`);
  return { ...m, cpuServeurMsParRequete: (apres.cpuMicros - avant.cpuMicros) / 1000 / Math.max(1, m.reussies) };
}

async function sectionDossier(serveur: ServeurDeBanc, comptes: Array<{ identifiant: string; motDePasse: string }>): Promise<ResultatDossier> {
  const jetons = await connecterComptes(serveur.urlApp, comptes.slice(0, CONNEXIONS_DOSSIER));
  const parConnexion = jetons.map((j) => ({ cookie: `vivier_session=${j}` }));
  const page = (chemin: string) => ({ url: `${serveur.urlApp}${chemin}`, connexions: CONNEXIONS_DOSSIER, statutAttendu: 200, enTetesParConnexion: parConnexion });
  const reference = { url: `${serveur.urlBase}/compte/${serveur.compteId}`, connexions: CONNEXIONS_DOSSIER, statutAttendu: 200 };
  journal(`dossier : référence, GET /iprof/dossier, GET /iprof/dossier/affectations, référence (${CONNEXIONS_DOSSIER} connexions, ${CONNEXIONS_DOSSIER} agents)`);
  await charger({ ...reference, dureeS: 2 });
  await charger({ ...page('/iprof/dossier'), dureeS: 2 });
  await charger({ ...page('/iprof/dossier/affectations'), dureeS: 2 });
  const refAvant = await mesurerPage(serveur, { ...reference, dureeS: DUREE_S / 2 });
  const dossier = await mesurerPage(serveur, { ...page('/iprof/dossier'), dureeS: DUREE_S });
  const affectations = await mesurerPage(serveur, { ...page('/iprof/dossier/affectations'), dureeS: DUREE_S });
  const refApres = await mesurerPage(serveur, { ...reference, dureeS: DUREE_S / 2 });
  const refParSeconde = (refAvant.parSeconde + refApres.parSeconde) / 2;
  // Twice, the fewest kept: the first request after the catalogue cache expired also reloads the catalogue.
  const compte = async (chemin: string) => {
    const fois = [await serveur.compter(chemin, parConnexion[0]!.cookie), await serveur.compter(chemin, parConnexion[0]!.cookie)];
    if (fois.some((c) => c.statut !== 200)) throw new Error(`${chemin} : ${fois.map((c) => c.statut).join(', ')}`);
    const n = fois.map((c) => ({ n: c.requetes.reduce((a, s) => a + s.appels, 0), lignes: c.requetes.reduce((a, s) => a + s.lignes, 0), octets: c.octets }));
    return n[0]!.n <= n[1]!.n ? n[0]! : n[1]!;
  };
  const requetes = { dossier: await compte('/iprof/dossier'), affectations: await compte('/iprof/dossier/affectations') };
  const cpuDossier = await serveur.profilCpu('dossier-national', () => charger({ ...page('/iprof/dossier'), dureeS: Math.min(5, DUREE_S) }));
  return {
    connexions: CONNEXIONS_DOSSIER,
    reference: { avant: refAvant, apres: refApres, parSeconde: refParSeconde },
    dossier,
    affectations,
    ratioDossier: dossier.parSeconde / refParSeconde,
    ratioAffectations: affectations.parSeconde / refParSeconde,
    requetes,
    cpuDossier,
    maxRssServeurMio: (await serveur.usage()).maxRssKio / 1024,
  };
}

// ——— (d) closing rush ———

type Reponse = { statut: number; ms: number; location: string | null; corps: string };

async function envoyer(url: string, init: { method?: string; cookie: string; corps?: string }): Promise<Reponse> {
  if (!new URL(url).hostname.startsWith('127.')) throw new Error(`Le banc ne vise que la boucle locale : ${url}`);
  const debut = performance.now();
  const r = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { cookie: init.cookie, ...(init.corps !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: init.corps,
    redirect: 'manual',
  });
  const corps = await r.text();
  return { statut: r.status, ms: performance.now() - debut, location: r.headers.get('location'), corps };
}

async function pgbench(url: string, clients: number, script: string, v: { base: number; parClient: number }): Promise<number> {
  const r = await commande(
    'pgbench',
    ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-t', String(v.parClient), '-D', 'n=0', '-D', `base=${v.base}`, '-D', `par_client=${v.parClient}`, '-f', script, url],
    { delaiMs: 600_000 },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout)?.[1];
  if (r.code !== 0 || !tps) throw new Error(`pgbench -c ${clients} a échoué (${r.code}) : ${(r.stderr || r.stdout).slice(0, 600)}`);
  return Number(tps);
}

const PGBENCH_PAR_CLIENT = Number(process.env.BENCH_PGBENCH_PAR_CLIENT ?? 150);

/**
 * The rows of the pgbench baseline: a PE 2018 campaign (open since a day: the recorded instant of reception, replayed
 * as it is, falls in its window), one BROUILLON candidature (with its CREER history, as
 * `commencer` writes it) per transaction to come, for PE agents with an account, and the table of each transaction's
 * values. `verifier` counts what pgbench left: every candidature ENREGISTREE with one VALIDER row.
 */
async function preparerPgbench(url: string, db: DatabaseHandle['db'], sv: ScriptValidation, clients: number, parClient: number, tmp: string) {
  const n = 2 * clients * parClient;
  const campagne = (
    await sql<{ id: string }>`INSERT INTO campagne (corps, annee, regime, ouverture, fermeture, promotions, statut, cree_le)
      VALUES ('PE', 2018, 'A', now() - interval '1 day', now() + interval '2 hours', 2000, 'OUVERTE', now()) RETURNING id`.execute(db)
  ).rows[0]!.id;
  await sql`WITH c AS (
      INSERT INTO candidature (campagne_id, agent_id, statut, cree_le, modifie_le)
      SELECT ${campagne}::bigint, a.agent_id, 'BROUILLON', now(), now() FROM agent a JOIN compte co ON co.agent_id = a.agent_id
      WHERE a.corps = 'PE' ORDER BY a.agent_id DESC LIMIT ${n} RETURNING id, cree_le
    ) INSERT INTO candidature_historique (candidature_id, de, vers, evenement, le, par_compte_id, details) SELECT id, NULL, 'BROUILLON', 'CREER', cree_le, NULL, '{}' FROM c`.execute(db);
  await sql.raw(`DROP TABLE IF EXISTS ${TABLE_LIGNES}; ${sv.creerTable}`).execute(db);
  const r = remplirLignes(
    sv,
    `SELECT (row_number() OVER (ORDER BY c.id) - 1)::int AS i, c.campagne_id::text AS campagne_id, c.agent_id, co.id::text AS compte_id, c.id::text AS candidature_id
     FROM candidature c JOIN compte co ON co.agent_id = c.agent_id WHERE c.campagne_id = ${Number(campagne)}`,
  );
  await sql.raw(r.texte.replace(/\$(\d+)::text/g, (_m, k: string) => (r.valeurs[Number(k) - 1] === null ? 'NULL::text' : `'${String(r.valeurs[Number(k) - 1]).replace(/'/g, "''")}'::text`))).execute(db);
  const script = path.join(tmp, 'pgbench-validation.sql');
  fs.writeFileSync(script, sv.script);
  return {
    script,
    campagne,
    async verifier() {
      const v = (
        await sql<{ enregistrees: string; valider: string }>`SELECT count(*) FILTER (WHERE statut = 'ENREGISTREE') AS enregistrees,
          (SELECT count(*) FROM candidature_historique h JOIN candidature k ON k.id = h.candidature_id WHERE k.campagne_id = ${campagne}::bigint AND h.evenement = 'VALIDER') AS valider
          FROM candidature WHERE campagne_id = ${campagne}::bigint`.execute(db)
      ).rows[0]!;
      return { transactions: n, enregistrees: Number(v.enregistrees), valider: Number(v.valider), ok: Number(v.enregistrees) === n && Number(v.valider) === n };
    },
    async nettoyer() {
      await sql.raw(`DROP TABLE ${TABLE_LIGNES}`).execute(db);
      await sql`DELETE FROM candidature_historique WHERE candidature_id IN (SELECT id FROM candidature WHERE campagne_id = ${campagne}::bigint)`.execute(db);
      await sql`DELETE FROM candidature WHERE campagne_id = ${campagne}::bigint`.execute(db);
      await sql`DELETE FROM campagne WHERE id = ${campagne}::bigint`.execute(db);
      void url;
    },
  };
}

const csrfDe = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

async function enParallele<T, R>(xs: readonly T[], n: number, f: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const r: R[] = new Array(xs.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, xs.length) }, async () => {
      while (i < xs.length) {
        const k = i++;
        r[k] = await f(xs[k]!, k);
      }
    }),
  );
  return r;
}

/** Statement texts (whitespace folded) of `journal`, counted. */
function textes(journal: readonly InstructionJournal[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of journal) {
    const t = x.texte.replace(/\s+/g, ' ').trim();
    m.set(t, (m.get(t) ?? 0) + 1);
  }
  return m;
}

/** The rush's journal holds, for each of `n` validations, exactly the statements of the one pgbench replays. */
function verifierRejeu(une: readonly InstructionJournal[], ruee: readonly InstructionJournal[], n: number): RejeuVerifie {
  const attendu = textes(une);
  const vu = textes(ruee);
  const ecarts: string[] = [];
  for (const [t, k] of attendu) if ((vu.get(t) ?? 0) !== k * n) ecarts.push(`${vu.get(t) ?? 0} × (attendu ${k * n}) ${t.slice(0, 120)}`);
  for (const [t, k] of vu) if (!attendu.has(t)) ecarts.push(`${k} × (attendu 0) ${t.slice(0, 120)}`);
  return { ok: ecarts.length === 0, validations: n, instructionsParValidation: une.length, ecarts };
}

async function sectionCloture(
  url: string,
  database: DatabaseHandle,
  variantes: ReadonlyArray<{ source: string | null; serveur: ServeurDeBanc }>,
  comptes: Array<{ identifiant: string; agentId: string; motDePasse: string }>,
  tmp: string,
): Promise<ResultatCloture & { campagneId: string }> {
  const db = database.db;
  // The campaign PE 2019, open from a minute ago for two hours; opened through the scheduler's step (notices included).
  const maintenant = Date.now();
  const fermeture = new Date(maintenant + 2 * 3600_000);
  const campagnes = createCampagneService({ db, clock: { now: () => new Date() } });
  const campagneId = await campagnes.creer({ corps: 'PE', annee: 2019, ouverture: new Date(maintenant - 60_000), fermeture, promotions: 2000 }, null);
  journal('clôture : ouverture de la campagne PE 2019 (avis aux agents au seuil du vivier 1)');
  let t = performance.now();
  await campagnes.appliquerEcheances();
  const ouvertureMs = performance.now() - t;
  const messages = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM message WHERE categorie = 'CAMPAGNE'`.execute(db)).rows[0]!.n);
  const page = `/iprof/candidater/${campagneId}`;

  /**
   * One server's rush. Two groups of RUSH agents: the first validates in a warm-up rush, sampled by the CPU profiler
   * when `profiler` (what the profile shows); the second in the measured rush, without profiler. Measured with the
   * profiler on, the rush ran ~20 % slower (sampling every 200 µs), and on a server that had never run a validation
   * (V8 had not optimised that path): closing day comes after weeks of validations.
   */
  const mesurer = async (serveur: ServeurDeBanc, chauffe: typeof comptes, mesures: typeof comptes, profiler: boolean, nom: string) => {
    const pageDe = `${serveur.urlApp}${page}`;
    /** Logs a group in, reads each agent's page (CSRF token), then all POST commencer at once. */
    const preparerGroupe = async (groupe: typeof comptes) => {
      const jetons = await connecterComptes(serveur.urlApp, groupe, 4);
      const agents = await enParallele(jetons, 8, async (jeton) => {
        const cookie = `vivier_session=${jeton}`;
        const r = await envoyer(pageDe, { cookie });
        const csrf = csrfDe(r.corps);
        if (r.statut !== 200 || !csrf) throw new Error(`page de candidature : ${r.statut}`);
        return { cookie, csrf };
      });
      const t = performance.now();
      const commencer = await Promise.all(agents.map((a) => envoyer(`${pageDe}/commencer`, { method: 'POST', cookie: a.cookie, corps: `_csrf=${encodeURIComponent(a.csrf)}` })));
      return { agents, commencer, commencerMs: performance.now() - t };
    };
    /**
     * All agents of a group at once: POST valider (under the server's SQL journal when `journaliser`); once every
     * validation has answered, all GET the page it leads to, at once. The validations are measured alone: what pgbench
     * replays is a validation's statements, not a page's.
     */
    const ruee = async (agents: Array<{ cookie: string; csrf: string }>, journaliser: boolean) => {
      const debut = performance.now();
      const toutes = () =>
        Promise.all(
          agents.map(async (a) => {
            const v = await envoyer(`${pageDe}/valider`, { method: 'POST', cookie: a.cookie, corps: `_csrf=${encodeURIComponent(a.csrf)}` });
            return { v, finValider: performance.now() - debut };
          }),
        );
      const { resultat: validations, instructions } = journaliser ? await serveur.journalSql(toutes) : { resultat: await toutes(), instructions: [] };
      const r = await Promise.all(
        validations.map(async ({ v, finValider }, i) => {
          const suite = v.location ? new URL(v.location, serveur.urlApp).toString() : pageDe;
          const p = await envoyer(suite, { cookie: agents[i]!.cookie });
          const ok = v.statut === 303 && (v.location ?? '').includes('fait=validee') && p.statut === 200 && p.corps.includes('bien été enregistrée');
          return { v, p, finValider, fin: performance.now() - debut, ok };
        }),
      );
      return { r, dureeMs: performance.now() - debut, instructions };
    };

    journal(`clôture${nom} : ruée d’échauffement, ${chauffe.length} autres agents${profiler ? ' (profil CPU du serveur)' : ''}`);
    const echauffement = await preparerGroupe(chauffe);
    // The first agent of the warm-up validates alone first, under the server's SQL journal: the statements of one
    // validation, which pgbench replays as the baseline.
    // Its values (campaign, agent, account, candidature) become pgbench variables: an agent whose four values differ
    // (candidature 1 of campaign 1 would make them ambiguous).
    const valeursDe = async (agentId: string) =>
      (
        await sql<ValeursAgent>`SELECT ${campagneId}::text AS "campagneId", c.agent_id AS "agentId", co.id::text AS "compteId", c.id::text AS "candidatureId"
          FROM candidature c JOIN compte co ON co.agent_id = c.agent_id WHERE c.campagne_id = ${campagneId}::bigint AND c.agent_id = ${agentId}`.execute(db)
      ).rows[0]!;
    let indexCapture = 0;
    let capture = await valeursDe(chauffe[0]!.agentId);
    while (new Set(Object.values(capture)).size < 4) capture = await valeursDe(chauffe[++indexCapture]!.agentId);
    const premier = echauffement.agents[indexCapture]!;
    const { resultat: validationSeule, instructions } = await serveur.journalSql(() =>
      envoyer(`${pageDe}/valider`, { method: 'POST', cookie: premier.cookie, corps: `_csrf=${encodeURIComponent(premier.csrf)}` }),
    );
    if (validationSeule.statut !== 303 || !(validationSeule.location ?? '').includes('fait=validee')) throw new Error(`validation journalisée : ${validationSeule.statut} ${validationSeule.location}`);
    const sv = scriptValidation(instructions, capture);
    let cpuRush: ResumeCpu | null = null;
    let rueeChauffe: Awaited<ReturnType<typeof ruee>> | null = null;
    const suite = echauffement.agents.filter((_a, i) => i !== indexCapture);
    if (profiler) cpuRush = await serveur.profilCpu('ruee', async () => (rueeChauffe = await ruee(suite, false)));
    else rueeChauffe = await ruee(suite, false);
    const erreursChauffe = echauffement.commencer.filter((r) => r.statut !== 303).length + rueeChauffe!.r.filter((x) => !x.ok).length;

    journal(`clôture${nom} : connexion de ${mesures.length} agents (hors mesure), page de candidature pour le jeton CSRF, commencer (mesuré à part)`);
    const t = performance.now();
    const groupe = await preparerGroupe(mesures);
    const connexionMs = performance.now() - t - groupe.commencerMs;
    const { agents, commencer, commencerMs } = groupe;
    const erreursCommencer = commencer.filter((r) => r.statut !== 303).length;

    // Baseline: pgbench replaying one validation's statements, at the application's number of database connections (its
    // pool holds 10), each transaction on a BROUILLON candidature of its own in a campaign of its own (PE 2018, open),
    // before and after the rush.
    const clientsPgbench = 10;
    const parClient = PGBENCH_PAR_CLIENT;
    const pgb = await preparerPgbench(url, db, sv, clientsPgbench, parClient, tmp);
    journal(`clôture${nom} : pgbench -c ${clientsPgbench} -M prepared, les ${sv.instructions.length} instructions d’une validation × ${parClient} par client (avant)`);
    const tpsAvant = await pgbench(url, clientsPgbench, pgb.script, { base: 0, parClient });

    journal(`clôture${nom} : la ruée mesurée — ${agents.length} agents valident puis ouvrent leur page, tous ensemble`);
    const cpuAvant = await serveur.usage();
    const { resultat: parcours, requetes } = await serveur.chronoSql(() => ruee(agents, true));
    const cpuApres = await serveur.usage();
    const tpsApres = await pgbench(url, clientsPgbench, pgb.script, { base: clientsPgbench * parClient, parClient });
    const verifPgbench = await pgb.verifier();
    await pgb.nettoyer();
    const rejeu = verifierRejeu(instructions, parcours.instructions, agents.length);
    if (!rejeu.ok) journal(`clôture${nom} : ATTENTION la ruée n’a pas envoyé les instructions que pgbench rejoue :\n  ${rejeu.ecarts.join('\n  ')}`);

    const erreurs: Record<string, number> = {};
    for (const x of parcours.r) {
      if (x.ok) continue;
      const cle = `valider ${x.v.statut} ${x.v.location?.replace(/^.*\?/, '') ?? ''} / page ${x.p.statut}`;
      erreurs[cle] = (erreurs[cle] ?? 0) + 1;
    }
    const finValidations = Math.max(...parcours.r.map((x) => x.finValider));
    const tps = (tpsAvant + tpsApres) / 2;
    const validationsParSeconde = parcours.r.filter((x) => x.ok).length / (finValidations / 1000);
    const variante: RueeVariante = {
      agents: agents.length,
      connexionMs,
      commencer: { parSeconde: agents.length / (commencerMs / 1000), latence: latences(commencer.map((r) => r.ms)), erreurs: erreursCommencer },
      rush: {
        dureeMs: parcours.dureeMs,
        validationsParSeconde,
        valider: latences(parcours.r.map((x) => x.v.ms)),
        page: latences(parcours.r.map((x) => x.p.ms)),
        parcours: latences(parcours.r.map((x) => x.v.ms + x.p.ms)),
        erreurs,
      },
      pgbench: { clients: clientsPgbench, transactions: clientsPgbench * parClient, avant: tpsAvant, apres: tpsApres, tps, instructions: sv.instructions, verification: verifPgbench },
      ratio: validationsParSeconde / tps,
      requetesRush: requetes,
      cpuServeurMsParValidation: (cpuApres.cpuMicros - cpuAvant.cpuMicros) / 1000 / agents.length,
      echauffement: { agents: chauffe.length, dureeMs: rueeChauffe!.dureeMs, erreurs: erreursChauffe },
      rejeu,
    };
    return { variante, cpuRush };
  };

  // Each server its own agents: 2 × RUSH per server (warm-up, measured), the last server's first (the code measured).
  const groupes = variantes.map((_v, k) => {
    const d = (variantes.length - 1 - k) * 2 * RUSH;
    return { mesures: comptes.slice(d, d + RUSH), chauffe: comptes.slice(d + RUSH, d + 2 * RUSH) };
  });
  let avant: (RueeVariante & { source: string }) | undefined;
  let apres: { variante: RueeVariante; cpuRush: ResumeCpu | null } | undefined;
  for (const [k, v] of variantes.entries()) {
    const dernier = k === variantes.length - 1;
    const m = await mesurer(v.serveur, groupes[k]!.chauffe, groupes[k]!.mesures, dernier && PROFIL, v.source ? ` (avant : ${v.source})` : '');
    if (dernier) apres = m;
    else avant = { ...m.variante, source: v.source ?? '' };
  }
  const { variante, cpuRush } = apres!;

  // What the database holds: one candidature per agent, ENREGISTREE, and exactly CREER + VALIDER in its history.
  const mesures = groupes.flatMap((g) => g.mesures);
  const v = (await sql<{ candidatures: string; enregistrees: string; agents: string }>`
    SELECT count(*) AS candidatures, count(*) FILTER (WHERE statut = 'ENREGISTREE') AS enregistrees, count(DISTINCT agent_id) AS agents
    FROM candidature WHERE campagne_id = ${campagneId}::bigint AND agent_id = ANY(${mesures.map((x) => x.agentId)}::text[])`.execute(db)).rows[0]!;
  const autres = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM candidature WHERE campagne_id = ${campagneId}::bigint`.execute(db)).rows[0]!.n);
  const h = await sql<{ evenement: string; n: string }>`SELECT h.evenement, count(*) AS n FROM candidature_historique h JOIN candidature c ON c.id = h.candidature_id
    WHERE c.campagne_id = ${campagneId}::bigint GROUP BY h.evenement ORDER BY h.evenement`.execute(db);
  const historique = Object.fromEntries(h.rows.map((x) => [x.evenement, Number(x.n)]));
  const n = mesures.length;
  // The campaign holds every group's candidatures: the measured agents' are checked one by one, the totals count all.
  const total = groupes.reduce((a, g) => a + g.mesures.length + g.chauffe.length, 0);
  // Each history row exact: VALIDER from BROUILLON to ENREGISTREE, by the agent's own account, at a validation date.
  const inexactes = Number(
    (
      await sql<{ n: string }>`SELECT count(*) AS n FROM candidature_historique h JOIN candidature c ON c.id = h.candidature_id
        LEFT JOIN compte co ON co.id = h.par_compte_id
        WHERE c.campagne_id = ${campagneId}::bigint AND NOT (
          (h.evenement = 'CREER' AND h.de IS NULL AND h.vers = 'BROUILLON')
          OR (h.evenement = 'VALIDER' AND h.de = 'BROUILLON' AND h.vers = 'ENREGISTREE' AND co.agent_id = c.agent_id AND c.validee_le IS NOT NULL AND h.le = c.modifie_le))`.execute(db)
    ).rows[0]!.n,
  );
  const okVerif =
    inexactes === 0 &&
    Number(v.candidatures) === n &&
    Number(v.enregistrees) === n &&
    Number(v.agents) === n &&
    autres === total &&
    historique.CREER === total &&
    historique.VALIDER === total &&
    Object.keys(historique).length === 2;

  journal('clôture : fermeture (appliquerEcheances avec une horloge à fermeture + 11 s)');
  const horlogeCloture = { now: () => new Date(fermeture.getTime() + 11_000) };
  t = performance.now();
  await createCampagneService({ db, clock: horlogeCloture }).appliquerEcheances();
  const clotureMs = performance.now() - t;
  const dep = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM candidature WHERE campagne_id = ${campagneId}::bigint AND statut = 'DEPOSEE'`.execute(db)).rows[0]!.n);
  const clore = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM candidature_historique h JOIN candidature c ON c.id = h.candidature_id WHERE c.campagne_id = ${campagneId}::bigint AND h.evenement = 'CLORE'`.execute(db)).rows[0]!.n,
  );

  return {
    campagneId,
    ouverture: { ms: ouvertureMs, messages },
    ...variante,
    cpuRush,
    verification: {
      candidatures: Number(v.candidatures),
      enregistrees: Number(v.enregistrees),
      agentsDistincts: Number(v.agents),
      historique,
      attendu: `${n} candidatures ENREGISTREE, ${n} agents ; campagne : ${total} candidatures (avec l’échauffement), historique CREER ${total} + VALIDER ${total}, chaque ligne exacte (${inexactes} inexacte(s))`,
      ok: okVerif,
    },
    cloture: { ms: clotureMs, deposees: dep, historiqueClore: clore, ok: dep === total && clore === total },
    ...(avant ? { avant } : {}),
  };
}

// ——— (e) accusés ———

/** A closed PE 2019 campaign with `total` DEPOSEE candidatures (those of the rush, then others in bulk, with history and periods). */
async function preparerAccuses(database: DatabaseHandle, campagneExistante: string | null, total: number): Promise<{ campagneId: string; candidatures: number; ms: number }> {
  const db = database.db;
  const t = performance.now();
  const campagneId =
    campagneExistante ??
    (
      await sql<{ id: string }>`INSERT INTO campagne (corps, annee, regime, ouverture, fermeture, promotions, statut, cree_le)
        VALUES ('PE', 2019, 'A', now() - interval '2 hours', now() - interval '1 hour', 2000, 'CLOSE', now()) RETURNING id`.execute(db)
    ).rows[0]!.id;
  const deja = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM candidature WHERE campagne_id = ${campagneId}::bigint`.execute(db)).rows[0]!.n);
  const manque = Math.max(0, total - deja);
  await db.transaction().execute(async (trx) => {
    // Agents in HC at D first (the likely candidates), in agent_id order: deterministic.
    await sql`CREATE TEMP TABLE banc_nouvelles (id bigint, agent_id text, cree_le timestamptz, validee_le timestamptz, modifie_le timestamptz) ON COMMIT DROP`.execute(trx);
    await sql`WITH ins AS (
        INSERT INTO candidature (campagne_id, agent_id, statut, cree_le, modifie_le, validee_le)
        SELECT ${campagneId}::bigint, a.agent_id, 'DEPOSEE', now() - interval '3 days', now() - interval '1 hour', now() - interval '2 days'
        FROM agent a
        WHERE a.corps = 'PE' AND NOT EXISTS (SELECT 1 FROM candidature c WHERE c.campagne_id = ${campagneId}::bigint AND c.agent_id = a.agent_id)
        ORDER BY EXISTS (SELECT 1 FROM agent_carriere k WHERE k.agent_id = a.agent_id AND k.grade = 'HC' AND k.date_effet <= DATE '2019-08-31') DESC, a.agent_id
        LIMIT ${manque}
        RETURNING id, agent_id, cree_le, validee_le, modifie_le
      ) INSERT INTO banc_nouvelles SELECT * FROM ins`.execute(trx);
    await sql`UPDATE candidature c SET reference = 'CE-2019-PE-' || lpad(c.id::text, 6, '0') FROM banc_nouvelles n WHERE c.id = n.id`.execute(trx);
    await sql`INSERT INTO candidature_historique (candidature_id, de, vers, evenement, le)
      SELECT id, NULL, 'BROUILLON', 'CREER', cree_le FROM banc_nouvelles
      UNION ALL SELECT id, 'BROUILLON', 'ENREGISTREE', 'VALIDER', validee_le FROM banc_nouvelles
      UNION ALL SELECT id, 'ENREGISTREE', 'DEPOSEE', 'CLORE', modifie_le FROM banc_nouvelles`.execute(trx);
    await sql`INSERT INTO candidature_periode (candidature_id, du, au, nature, fonction, etablissement, source)
      SELECT n.id, s.date_debut, least(coalesce(s.date_fin, DATE '2019-08-31'), DATE '2019-08-31'), 'FONCTION', s.fonction, e.nom, 'DOSSIER'
      FROM banc_nouvelles n JOIN agent_service s ON s.agent_id = n.agent_id JOIN etablissement e ON e.uai = s.uai
      WHERE s.fonction <> 'ENSEIGNEMENT' AND s.date_debut <= DATE '2019-08-31'`.execute(trx);
  });
  const n = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM candidature WHERE campagne_id = ${campagneId}::bigint AND statut = 'DEPOSEE'`.execute(db)).rows[0]!.n);
  return { campagneId, candidatures: n, ms: performance.now() - t };
}

async function sectionAccuses(url: string, database: DatabaseHandle, campagneExistante: string | null): Promise<ResultatAccuses> {
  const prep = await preparerAccuses(database, campagneExistante, ACCUSES);
  const script = path.join(ICI, 'accuses-enfant.ts');
  const nu = () => executerEnfant<ResultatNu>(script, { BENCH_MODE: 'nu', BENCH_N: String(ACCUSES_NU), BENCH_THREADS: '2' }, 600_000).resultat;
  journal(`accusés : pdfkit nu sur 2 threads (${ACCUSES_NU} PDF), pipeline réel sur ${prep.candidatures} candidatures DEPOSEE (au plus ${ACCUSES_MAX_S} s), pdfkit nu`);
  const avant = await nu();
  const pipeline = await executerEnfant<ResultatPipeline>(
    script,
    { BENCH_MODE: 'pipeline', BENCH_DATABASE_URL: url, BENCH_CAMPAGNE: prep.campagneId, BENCH_MAX_S: String(ACCUSES_MAX_S), BENCH_THREADS: '2', BENCH_PROFIL_CPU: PROFIL ? '1' : '0' },
    (ACCUSES_MAX_S + 120) * 1000,
  ).resultat;
  effacerProfil(pipeline.cpu);
  const apres = await nu();
  const db = database.db;
  const compter = async (q: RawBuilder<{ n: string }>) => Number((await q.execute(db)).rows[0]!.n);
  const verification = {
    accuses: await compter(sql<{ n: string }>`SELECT count(*) AS n FROM candidature_document d JOIN candidature c ON c.id = d.candidature_id WHERE c.campagne_id = ${prep.campagneId}::bigint AND d.type = 'ACCUSE_RECEPTION'`),
    fiches: await compter(sql<{ n: string }>`SELECT count(*) AS n FROM candidature_document d JOIN candidature c ON c.id = d.candidature_id WHERE c.campagne_id = ${prep.campagneId}::bigint AND d.type = 'FICHE'`),
    messages: await compter(sql<{ n: string }>`SELECT count(*) AS n FROM message WHERE document_type = 'ACCUSE_RECEPTION'`),
    courriels: await compter(sql<{ n: string }>`SELECT count(*) AS n FROM courriel WHERE cle LIKE 'accuse:%'`),
  };
  const parSecondeNu = (avant.docs / avant.ms + apres.docs / apres.ms) * 500;
  const parSeconde = pipeline.emis / (pipeline.ms / 1000);
  return {
    candidatures: prep.candidatures,
    creationMs: prep.ms,
    nu: { avant, apres, parSeconde: parSecondeNu, cpuMsParDoc: (avant.cpuMs + apres.cpuMs) / (avant.docs + apres.docs) },
    pipeline,
    parSeconde,
    cpuMsParAccuse: pipeline.cpuMs / Math.max(1, pipeline.emis),
    ratio: parSeconde / parSecondeNu,
    estimation10000S: pipeline.termine && pipeline.emis >= 10_000 ? pipeline.ms / 1000 : pipeline.demarragePoolMs / 1000 + 10_000 / parSeconde,
    verification,
  };
}

// ——— orchestration ———

/** CPU profiles are summarised in the results: their files (a few MB) are not left in the temporary folder. */
function effacerProfil(r: ResumeCpu | null | undefined): void {
  if (r?.fichier && process.env.BENCH_GARDER_PROFILS === '1') process.stderr.write(`[banc] profil CPU gardé : ${r.fichier}\n`);
  else if (r?.fichier) fs.rmSync(r.fichier, { force: true });
}

function charge(debut: number[], t0: number): Charge {
  return { debut, fin: os.loadavg(), dureeS: (performance.now() - t0) / 1000 };
}

export async function mesurerNational(sections: ReadonlySet<SectionNationale>): Promise<ResultatsNationaux> {
  const res: ResultatsNationaux = { agents: AGENTS, generation: null, preparation: { importMs: 0, analyseMs: 0, comptesMs: 0 }, charges: {} };
  await assurerPostgres();
  const base = await baseJetable();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-banc-national-'));
  let serveur: ServeurDeBanc | null = null;
  let database: DatabaseHandle | null = null;
  journal(`base jetable ${new URL(base.url).pathname.slice(1)}, fichiers temporaires ${tmp}`);
  try {
    // The académie: a given folder (kept), or generated here (deleted once imported).
    let t0 = performance.now();
    let l0 = os.loadavg();
    const reutilise = process.env.BENCH_ACADEMIE;
    const dossier = reutilise ?? path.join(tmp, 'academie');
    if (!reutilise) {
      journal(`génération de l'académie (${AGENTS} agents)`);
      res.generation = { ...(await genererAcademie({ dossier, agents: AGENTS })), reutilise: false };
    }
    const lignes = compterLignes(dossier);
    const copies: number[] = [];
    if (sections.has('import')) {
      journal(`import : COPY brut de ${lignes} lignes (avant)`);
      copies.push(await copieBrute(base.url, dossier));
    }
    journal(`import du jeu national par l'importeur réel (${lignes} lignes)`);
    const imp = await importer(base.url, dossier, PROFIL && sections.has('import'));
    effacerProfil(imp.cpu);
    res.preparation.importMs = imp.dureeMs;
    if (sections.has('import')) {
      journal('import : COPY brut (après)');
      copies.push(await copieBrute(base.url, dossier));
      const copieMs = (copies[0]! + copies[1]!) / 2;
      const lps = lignes / (imp.dureeMs / 1000);
      const copieLps = lignes / (copieMs / 1000);
      journal('import : plancher du même résultat — pg_restore (COPY des mêmes lignes dans les mêmes tables, puis index et clés), deux fois');
      const plancher = await plancherRestauration(base.url, tmp);
      res.import = {
        lignes,
        import: imp,
        lignesParSeconde: lps,
        copie: { avantMs: copies[0]!, apresMs: copies[1]!, lignesParSeconde: copieLps },
        ratioCopie: lps / copieLps,
        restauration: plancher,
        ratio: plancher.ms / imp.dureeMs,
      };
      res.charges.import = charge(l0, t0);
    }
    if (!reutilise) fs.rmSync(dossier, { recursive: true, force: true });
    let t = performance.now();
    await psql(base.url, ['-c', 'ANALYZE']); // what autovacuum does within a minute of such an import
    res.preparation.analyseMs = performance.now() - t;

    database = await openDatabase({ databaseUrl: base.url, dataDir: 'inutilise' });
    t0 = performance.now();
    l0 = os.loadavg();
    let fichierEligibilite: string;
    if (sections.has('eligibilite')) {
      const e = await sectionEligibilite(base.url, tmp);
      fichierEligibilite = e.fichier;
      const { fichier: _f, ...sansFichier } = e;
      res.eligibilite = sansFichier;
      res.charges.eligibilite = charge(l0, t0);
    } else {
      fichierEligibilite = path.join(tmp, 'eligibilite-PE-2019.csv');
      if (sections.has('dossier') || sections.has('cloture') || sections.has('charge')) await exportCli(base.url, fichierEligibilite);
    }

    if (sections.has('tableau')) {
      t0 = performance.now();
      l0 = os.loadavg();
      res.tableau = await sectionTableau(base.url, tmp, psql, journal);
      res.charges.tableau = charge(l0, t0);
    }

    // Before the closing rush: its step of publication runs the scheduler, which must find no other campaign due.
    if (sections.has('tableau-publication')) {
      t0 = performance.now();
      l0 = os.loadavg();
      res.tableauPublication = await sectionTableauPublication(base.url, database, psql, journal, PROFIL);
      effacerProfil(res.tableauPublication.pageCalculee.cpu);
      res.charges['tableau-publication'] = charge(l0, t0);
    }

    if (sections.has('dossier') || sections.has('cloture') || sections.has('charge')) {
      t = performance.now();
      const variantesCloture = sections.has('cloture') && CLOTURE_AVANT ? 2 : 1;
      const comptes = await preparerComptes(database, fichierEligibilite, Math.max(2 * RUSH * variantesCloture, CONNEXIONS_DOSSIER));
      res.preparation.comptesMs = performance.now() - t;
      serveur = await demarrerServeur('postgres', { databaseUrl: base.url, demo: false });
      if (sections.has('dossier')) {
        t0 = performance.now();
        l0 = os.loadavg();
        res.dossier = await sectionDossier(serveur, comptes);
        effacerProfil(res.dossier.cpuDossier);
        res.charges.dossier = charge(l0, t0);
      }
      // Before the closing: the servers of this section are started as production starts them, their scheduler with
      // them, which would issue the accusés of a closed campaign (the closing rush's) while the load runs. The closing's
      // clock (its fermeture + 11 s) stays before this section's campaign's fermeture (3 h after its start).
      if (sections.has('charge')) {
        t0 = performance.now();
        l0 = os.loadavg();
        res.charge = await sectionCharge(base.url, database, journal);
        res.charges.charge = charge(l0, t0);
        // It gave its own password to PE accounts, some of them the closing's: theirs again (the same accounts).
        if (sections.has('cloture')) await preparerComptes(database, fichierEligibilite, Math.max(2 * RUSH * variantesCloture, CONNEXIONS_DOSSIER));
      }
      let campagneId: string | null = null;
      if (sections.has('cloture')) {
        t0 = performance.now();
        l0 = os.loadavg();
        // The code before (BENCH_CLOTURE_AVANT: another checkout, its bench/serveur.ts) on the same database, first.
        const serveurAvant = CLOTURE_AVANT ? await demarrerServeur('postgres', { databaseUrl: base.url, demo: false }, path.join(CLOTURE_AVANT, 'bench/serveur.ts')) : null;
        let c: Awaited<ReturnType<typeof sectionCloture>>;
        try {
          c = await sectionCloture(base.url, database, [...(serveurAvant ? [{ source: sourceAvant(CLOTURE_AVANT!), serveur: serveurAvant }] : []), { source: null, serveur }], comptes.slice(0, 2 * RUSH * variantesCloture), tmp);
        } finally {
          await serveurAvant?.arreter();
        }
        campagneId = c.campagneId;
        effacerProfil(c.cpuRush);
        const { campagneId: _c, ...sansId } = c;
        res.cloture = sansId;
        res.charges.cloture = charge(l0, t0);
      }
      await serveur.arreter();
      serveur = null;
      if (sections.has('accuses')) {
        t0 = performance.now();
        l0 = os.loadavg();
        res.accuses = await sectionAccuses(base.url, database, campagneId);
        res.charges.accuses = charge(l0, t0);
      }
    } else if (sections.has('accuses')) {
      t0 = performance.now();
      l0 = os.loadavg();
      res.accuses = await sectionAccuses(base.url, database, null);
      res.charges.accuses = charge(l0, t0);
    }
    return res;
  } finally {
    await serveur?.arreter().catch(() => undefined);
    await database?.close().catch(() => undefined);
    await base.supprimer();
    fs.rmSync(tmp, { recursive: true, force: true });
    journal(`base ${new URL(base.url).pathname.slice(1)} supprimée, ${tmp} supprimé`);
  }
}
