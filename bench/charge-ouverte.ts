/**
 * Section `charge` of `npm run bench` (issue 15, « Load as users bring it »): the open-loop journey of
 * bench/boucle-ouverte.ts on the national database, on one application process and on two (two processes of the
 * bench's server on the same PostgreSQL, requests in turn), in a campaign of its own (PE 2020, regime A, opened by the
 * scheduler's step):
 *  - rising steps (BENCH_CHARGE_PALIERS agents/s, BENCH_CHARGE_PALIER_S seconds each) until one fails: the highest rate
 *    that holds p99 < 250 ms at every step with 0 errors;
 *  - the goal run: BENCH_CHARGE_TAUX (300) agents/s for BENCH_CHARGE_DUREE (60) s: p99 < 100 ms at every step, 0 errors.
 * Baseline of the same run: raw argon2id verifications per second on the libuv threadpool (before and after), since
 * every arrival verifies one password: the ceiling of logins on this machine, whatever the rest costs.
 * The database is checked afterwards: every candidature is in a state its history explains, nothing half-written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/connection.ts';
import { createCampagneService } from '../src/features/campagnes/campagne.service.ts';
import { hacher } from '../src/shared/securite/motdepasse.ts';
import { tailleThreadpool, tauxArgon2, type MesureArgon2 } from './argon2.ts';
import { fenetreProfil, resumer, type ProfilCpu, type ResumeCpu } from './cpu.ts';
import { boucleOuverte, ETAPES, type ResultatBoucleOuverte } from './boucle-ouverte.ts';
import { demarrerServeurReel, type ServeurReel } from './serveur-reel.ts';

const TAUX_CIBLE = Number(process.env.BENCH_CHARGE_TAUX ?? 300);
const DUREE_CIBLE_S = Number(process.env.BENCH_CHARGE_DUREE ?? 60);
const PALIERS = (process.env.BENCH_CHARGE_PALIERS ?? '1,2,5,10,20,40,80,150,300').split(',').map(Number);
const PALIER_S = Number(process.env.BENCH_CHARGE_PALIER_S ?? 10);
const PROCESSUS = (process.env.BENCH_CHARGE_PROCESSUS ?? '1,2').split(',').map(Number);
const ECHAUFFEMENT = { taux: 5, dureeS: 6 };
const MAX_EN_VOL = Number(process.env.BENCH_CHARGE_MAX_EN_VOL ?? 1000);
export const P99_PALIER_MS = 250;
export const P99_CIBLE_MS = 100;
const MOT_DE_PASSE = 'Banc-Charge-2020!';
/** The profiled load (a start of its own, one process): agents/s and seconds. */
const PROFIL_CHARGE = { taux: Number(process.env.BENCH_CHARGE_PROFIL_TAUX ?? 5), dureeS: Number(process.env.BENCH_CHARGE_PROFIL_S ?? 20) };

/** A run without its agent lists (kept for the database check only). */
export type RunCharge = Omit<ResultatBoucleOuverte, 'validesAgents' | 'commencesAgents'> & { tient: boolean; cpuServeurMsParParcours: number };
export type ConfigCharge = {
  processus: number;
  /** The pids that served (workers of the node cluster with more than one process). */
  pids: number[];
  paliers: RunCharge[];
  /** The highest step rate held (p99 < 250 ms at every step, 0 errors), or 0. */
  tauxMaxTenu: number;
  cible: RunCharge;
  /** The goal: p99 < 100 ms at every step and 0 errors at the goal rate. */
  cibleTenue: boolean;
  /** tauxMaxTenu ÷ raw argon2 verifications/s of the same run. */
  ratioArgon2: number;
};
export type ResultatCharge = {
  campagneId: string;
  comptes: number;
  threadpool: number;
  argon2: { avant: MesureArgon2; apres: MesureArgon2; parSeconde: number; cpuMsParVerification: number };
  configs: ConfigCharge[];
  /** The server's CPU over a load of its own (one process, BENCH_PROFIL ≠ 0), by origin and function. */
  profil: (ResumeCpu & { parcours: number }) | null;
  /**
   * The per-address login limit, as in production (30 a minute, counted in the database): `cles` addresses counted
   * during the runs, between the logins answered (`connexionsRepondues`) and those sent (`connexions`: beyond the
   * machine, some timed out before the server read them), the highest count of one address `max`, no 429; and one address
   * posting 31 logins within the window gets 429 at the 31st (`refusAu31e`).
   */
  limite: { connexions: number; connexionsRepondues: number; cles: number; max: number; reponses429: number; refusAu31e: boolean; ok: boolean };
  verification: { candidatures: number; parStatut: Record<string, number>; valideesParLeBanc: number; incoherentes: number; ok: boolean; attendu: string };
};

function tient(r: ResultatBoucleOuverte, p99Ms: number): boolean {
  return Object.keys(r.erreurs).length === 0 && ETAPES.every((e) => r.parEtape[e].n > 0 && r.parEtape[e].p99 < p99Ms);
}

/**
 * Waits until the servers are idle (less than a tenth of a core each over a second), at most two minutes: after a run
 * beyond the machine, requests the generator gave up on are still being served (a login's argon2 each).
 */
async function auRepos(serveurs: ReadonlyArray<{ usage(): Promise<{ cpuMicros: number }> }>, journal: (t: string) => void): Promise<void> {
  const debut = performance.now();
  let avant = await Promise.all(serveurs.map((s) => s.usage()));
  for (;;) {
    await new Promise((ok) => setTimeout(ok, 1000));
    const apres = await Promise.all(serveurs.map((s) => s.usage()));
    const occupe = apres.some((u, i) => u.cpuMicros - avant[i]!.cpuMicros > 100_000);
    avant = apres;
    if (!occupe) return;
    if (performance.now() - debut > 120_000) {
      journal('charge : ATTENTION les serveurs sont encore occupés après 2 min d’attente');
      return;
    }
  }
}

/** The address of agent k of the section (each agent its own, 10.0.0.0/8): as a load balancer's X-Forwarded-For. */
export function adresseAgent(k: number): string {
  return `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
}

/** Secure cookies in production (`__Host-` names, src/shared/http/session.ts). */
const COOKIES_PRODUCTION = { session: '__Host-vivier_session', csrf: '__Host-vivier_csrf' };

export async function sectionCharge(url: string, database: DatabaseHandle, journal: (t: string) => void): Promise<ResultatCharge> {
  const db = database.db;
  const maintenant = Date.now();
  const campagnes = createCampagneService({ db, clock: { now: () => new Date() } });
  const campagneId = await campagnes.creer({ corps: 'PE', annee: 2020, ouverture: new Date(maintenant - 60_000), fermeture: new Date(maintenant + 3 * 3600_000), promotions: 2000 }, null);
  journal('charge : ouverture de la campagne PE 2020');
  await campagnes.appliquerEcheances();

  // One account per arrival, never twice: PE agents with an account, given one known password (one argon2 hash).
  const parConfig = Math.round(ECHAUFFEMENT.taux * ECHAUFFEMENT.dureeS) + PALIERS.reduce((a, r) => a + Math.round(r * PALIER_S), 0) + Math.round(TAUX_CIBLE * DUREE_CIBLE_S);
  const besoin = parConfig * PROCESSUS.length + 20 + Math.round(PROFIL_CHARGE.taux * PROFIL_CHARGE.dureeS);
  const empreinte = await hacher(MOT_DE_PASSE);
  const lignes = (
    await sql<{ identifiant: string; agent_id: string }>`UPDATE compte c SET mot_de_passe_hash = ${empreinte}, echecs_consecutifs = 0, verrouille_jusqu_au = NULL
      FROM (SELECT a.agent_id FROM agent a JOIN compte k ON k.agent_id = a.agent_id WHERE a.corps = 'PE' ORDER BY a.agent_id LIMIT ${besoin}) a
      WHERE c.agent_id = a.agent_id RETURNING c.identifiant, c.agent_id`.execute(db)
  ).rows.sort((x, y) => (x.agent_id < y.agent_id ? -1 : 1));
  if (lignes.length < besoin) journal(`charge : ATTENTION ${lignes.length} comptes PE pour ${besoin} arrivées prévues (augmentez BENCH_AGENTS) : les dernières arrivées seront réduites`);
  const comptes = lignes.map((l) => ({ identifiant: l.identifiant, agentId: l.agent_id, motDePasse: MOT_DE_PASSE }));
  let prochain = 0;
  const prendre = (n: number) => {
    const c = comptes.slice(prochain, prochain + n);
    prochain += c.length;
    return c;
  };

  const N = tailleThreadpool();
  journal(`charge : argon2id brut (${N} en parallèle), avant`);
  const argon2Avant = await tauxArgon2(N, 5);
  const valides: string[] = [];
  const configs: ConfigCharge[] = [];
  let connexions = 0;
  /** Logins the server answered (the others timed out in the generator: some never reached the limit's count). */
  let connexionsRepondues = 0;
  let reponses429 = 0;
  const run = async (serveur: ServeurReel, taux: number, dureeS: number, seuil: number): Promise<RunCharge> => {
    await auRepos([serveur], journal);
    const n = Math.round(taux * dureeS);
    const premier = prochain;
    const c = prendre(n);
    // Too few accounts left: a shorter run at the same rate.
    const duree = c.length < n ? c.length / taux : dureeS;
    const avant = await serveur.usage();
    const r = await boucleOuverte({ urls: [serveur.url], campagneId, comptes: c, taux, dureeS: duree, maxEnVol: MAX_EN_VOL, adresseDe: (k) => adresseAgent(premier + k), cookies: COOKIES_PRODUCTION });
    const apres = await serveur.usage();
    valides.push(...r.validesAgents);
    connexions += r.commencesAgents.length;
    connexionsRepondues += r.parEtape.connexion.n;
    reponses429 += Object.entries(r.erreurs).filter(([k]) => /statut 429/.test(k)).reduce((a, [, v]) => a + v, 0);
    const cpuMs = (apres.cpuMicros - avant.cpuMicros) / 1000;
    const { validesAgents: _v, commencesAgents: _c, ...reste } = r;
    return { ...reste, dureeS: duree, tient: tient(r, seuil), cpuServeurMsParParcours: cpuMs / Math.max(1, r.reussis) };
  };
  // Each configuration on a server of its own, started as production starts it (serveur-reel.ts): rising steps, then
  // the goal run, then the server is stopped (a goal run far beyond the machine leaves requests the generator gave up
  // on; the next configuration starts on an idle machine).
  for (const p of PROCESSUS) {
    if (p < 1) throw new Error(`BENCH_CHARGE_PROCESSUS : au moins 1 (pas ${p})`);
    journal(`charge, ${p} processus : démarrage réel (src/server.ts, NODE_ENV=production, TRUST_PROXY=1, VIVIER_PROCESSUS=${p})`);
    const serveur = await demarrerServeurReel({ databaseUrl: url, processus: p });
    try {
      const pids = serveur.pids();
      journal(`charge, ${p} processus : échauffement ${ECHAUFFEMENT.taux}/s pendant ${ECHAUFFEMENT.dureeS} s (pids ${pids.join(', ')})`);
      await run(serveur, ECHAUFFEMENT.taux, ECHAUFFEMENT.dureeS, P99_PALIER_MS);
      const paliers: RunCharge[] = [];
      for (const taux of PALIERS) {
        journal(`charge, ${p} processus : palier ${taux} agents/s pendant ${PALIER_S} s`);
        const r = await run(serveur, taux, PALIER_S, P99_PALIER_MS);
        paliers.push(r);
        journal(`  ${r.reussis}/${r.arrivees} parcours, p99 par étape ${ETAPES.map((e) => `${e} ${Math.round(r.parEtape[e].p99)}`).join(', ')} ms, CPU ${Math.round(r.cpuServeurMsParParcours)} ms/parcours, erreurs ${JSON.stringify(r.erreurs).slice(0, 300)}`);
        if (!r.tient) break;
      }
      const tauxMaxTenu = Math.max(0, ...paliers.filter((x) => x.tient).map((x) => x.taux));
      journal(`charge, ${p} processus : objectif ${TAUX_CIBLE} agents/s pendant ${DUREE_CIBLE_S} s`);
      const cible = await run(serveur, TAUX_CIBLE, DUREE_CIBLE_S, P99_CIBLE_MS);
      journal(`  ${cible.reussis}/${cible.arrivees} parcours, p99 par étape ${ETAPES.map((e) => `${e} ${Math.round(cible.parEtape[e].p99)}`).join(', ')} ms, erreurs ${JSON.stringify(cible.erreurs).slice(0, 300)}`);
      configs.push({ processus: p, pids, paliers, tauxMaxTenu, cible, cibleTenue: cible.tient, ratioArgon2: 0 });
    } finally {
      await serveur.arreter();
    }
  }

  // Where the CPU of a journey goes: a start of its own, profiled (`--cpu-prof`: the whole life of the process), one
  // process, at a rate held on this machine, the samples of the load alone kept (fenetreProfil): apart from the measures.
  let profil: ResultatCharge['profil'] = null;
  if (process.env.BENCH_PROFIL !== '0') {
    const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-charge-profil-'));
    try {
      const taux = PROFIL_CHARGE.taux;
      journal(`charge : profil CPU d’un processus (démarrage à part), ${taux} agents/s pendant ${PROFIL_CHARGE.dureeS} s`);
      const serveur = await demarrerServeurReel({ databaseUrl: url, processus: 1, optionsNode: ['--cpu-prof', `--cpu-prof-dir=${dossier}`, '--cpu-prof-interval=500'] });
      let parcoursProfil = 0;
      let debutUs = 0;
      let finUs = 0;
      try {
        await run(serveur, 5, 4, P99_PALIER_MS); // warm-up, out of the profile's window
        debutUs = Number(process.hrtime.bigint() / 1000n);
        parcoursProfil = (await run(serveur, taux, PROFIL_CHARGE.dureeS, P99_PALIER_MS)).reussis;
        finUs = Number(process.hrtime.bigint() / 1000n);
      } finally {
        await serveur.arreter();
      }
      const fichiers = fs.readdirSync(dossier).filter((f) => f.endsWith('.cpuprofile'));
      const lu = fichiers.map((f) => JSON.parse(fs.readFileSync(path.join(dossier, f), 'utf8')) as ProfilCpu).find((x) => (x.startTime ?? 0) < finUs);
      if (lu) profil = { fichier: 'charge', parcours: parcoursProfil, ...resumer(fenetreProfil(lu, debutUs, finUs)) };
      else journal(`charge : ATTENTION pas de profil CPU écrit (${fichiers.length} fichiers)`);
    } finally {
      fs.rmSync(dossier, { recursive: true, force: true });
    }
  }

  // The limit counted each agent apart: one row per address that logged in, none above 1 (10.0.0.0/8: the agents').
  const compte = (
    await sql<{ cles: string; max: number | null }>`SELECT count(*) AS cles, max(compte) AS max FROM limite_adresse WHERE cle LIKE '10.%'`.execute(db)
  ).rows[0]!;
  // And it is the real limit: one address posting 31 logins within its window gets 429 at the 31st, not before.
  journal('charge : limite par adresse, 31 connexions d’une même adresse (la 31e doit être refusée)');
  const temoin = await demarrerServeurReel({ databaseUrl: url, processus: 1 });
  const statuts: number[] = [];
  try {
    for (let i = 0; i < 31; i++) {
      const csrf = 'x'.repeat(43);
      const r = await fetch(`${temoin.url}/connexion`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${COOKIES_PRODUCTION.csrf}=${csrf}`, 'x-forwarded-for': '192.0.2.31' },
        body: new URLSearchParams({ _csrf: csrf, identifiant: 'banc-inconnu', mot_de_passe: 'rien' }).toString(),
        redirect: 'manual',
      });
      await r.arrayBuffer();
      statuts.push(r.status);
    }
  } finally {
    await temoin.arreter();
  }
  const refusAu31e = statuts.slice(0, 30).every((x) => x !== 429) && statuts[30] === 429;
  const limite = { connexions, connexionsRepondues, cles: Number(compte.cles), max: compte.max ?? 0, reponses429, refusAu31e, ok: false };
  // Every login answered was counted under its own address, and nothing else was: between the two.
  limite.ok = limite.cles >= connexionsRepondues && limite.cles <= connexions && limite.max === 1 && reponses429 === 0 && refusAu31e;
  if (!limite.ok) journal(`charge : ATTENTION limite par adresse ${JSON.stringify(limite)} ; statuts du témoin ${statuts.join(',')}`);

  journal('charge : argon2id brut, après');
  const argon2Apres = await tauxArgon2(N, 5);
  const argon2 = (argon2Avant.parSeconde + argon2Apres.parSeconde) / 2;
  for (const c of configs) c.ratioArgon2 = c.tauxMaxTenu / argon2;

  // Nothing half-written: each candidature's state is the one its history leads to (one CREER; ENREGISTREE with
  // exactly one VALIDER; BROUILLON without), and every agent told « validée » is ENREGISTREE.
  const parStatut = Object.fromEntries(
    (await sql<{ statut: string; n: string }>`SELECT statut, count(*) AS n FROM candidature WHERE campagne_id = ${campagneId}::bigint GROUP BY statut`.execute(db)).rows.map((x) => [x.statut, Number(x.n)]),
  );
  const incoherentes = Number(
    (
      await sql<{ n: string }>`SELECT count(*) AS n FROM candidature c
        LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE h.evenement = 'CREER') AS creer, count(*) FILTER (WHERE h.evenement = 'VALIDER') AS valider, count(*) AS tous
          FROM candidature_historique h WHERE h.candidature_id = c.id) h ON true
        WHERE c.campagne_id = ${campagneId}::bigint
          AND NOT ((c.statut = 'BROUILLON' AND h.creer = 1 AND h.tous = 1) OR (c.statut = 'ENREGISTREE' AND h.creer = 1 AND h.valider = 1 AND h.tous = 2 AND c.validee_le IS NOT NULL))`.execute(db)
    ).rows[0]!.n,
  );
  const valideesParLeBanc = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM candidature WHERE campagne_id = ${campagneId}::bigint AND statut = 'ENREGISTREE' AND agent_id = ANY(${valides}::text[])`.execute(db)).rows[0]!.n,
  );
  const candidatures = Object.values(parStatut).reduce((a, b) => a + b, 0);
  return {
    campagneId,
    comptes: comptes.length,
    threadpool: N,
    argon2: { avant: argon2Avant, apres: argon2Apres, parSeconde: argon2, cpuMsParVerification: (argon2Avant.cpuMsParVerification + argon2Apres.cpuMsParVerification) / 2 },
    configs,
    profil,
    limite,
    verification: {
      candidatures,
      parStatut,
      valideesParLeBanc,
      incoherentes,
      ok: incoherentes === 0 && valideesParLeBanc === valides.length,
      attendu: `${valides.length} agents validés par le banc, tous ENREGISTREE ; aucune candidature dont l’état ne suit pas son historique`,
    },
  };
}
