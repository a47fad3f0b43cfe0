/**
 * `npm run bench`: the portal's figures on this machine, each against a baseline measured in the same run.
 *  (a) raw argon2id verifications/s, N in flight (N = libuv threadpool size)  vs  (b) successful logins/s through
 *  POST /connexion at 2 × N connections; (c) GET /portail at 50 connections vs a bare Fastify route doing one
 *  primary-key SELECT through the same pool, on PGlite and on PostgreSQL; (d) peak RSS of the server process.
 * Each baseline is measured just before and just after what it is compared with (the mean of both is used), so
 * that a machine whose load drifts during the run does not skew a ratio. Only loopback addresses are loaded.
 * BENCH_DUREE (s, default 10) bounds each measured run; BENCH_BACKENDS=pglite skips PostgreSQL.
 *
 * BENCH_SECTIONS chooses what runs (default all): `portail` (the above) and the national sections of national.ts —
 * `import`, `eligibilite`, `tableau`, `tableau-publication`, `dossier`, `cloture`, `charge`, `accuses` — on a generated académie of BENCH_AGENTS agents (200,000).
 * See bench/README.md for each section's figures, goals, options and duration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tailleThreadpool, tauxArgon2, type MesureArgon2 } from './argon2.ts';
import { charger, type MesureCharge } from './charge.ts';
import { ouvrirSessions, requeteConnexion } from './connexions.ts';
import type { ResumeCpu } from './cpu.ts';
import { assurerPostgres, baseJetable } from './postgres.ts';
import { demarrerServeur, type ServeurDeBanc } from './processus.ts';
import type { ProfilAccueil } from './profil.ts';
import type { Backend } from './protocole.ts';
import { afficher } from './rapport.ts';
import { afficherNational } from './rapport-national.ts';
import { mesurerNational, SECTIONS_NATIONALES, type ResultatsNationaux, type SectionNationale } from './national.ts';
import { OBJECTIFS, OBJECTIFS_NATIONAUX } from './objectifs.ts';
import { mediane } from './statistiques.ts';

const DUREE_S = Number(process.env.BENCH_DUREE ?? 10);
const ECHAUFFEMENT_S = 2;
/**
 * Logins are warmed much longer than pages: at ~150 logins/s, 2 s is ~300 requests, too few for V8 to optimise the
 * login path (HTTP, SQL driver, PGlite's WebAssembly): measured on PGlite, logins/s rise by ~15 % and the server's
 * CPU per login falls by ~2 ms over the first ~15 s, then stay flat. A server on closing day has been up for hours.
 */
const ECHAUFFEMENT_CONNEXIONS_S = 15;
const TOURS_CONNEXION = 3;
const CONNEXIONS_ACCUEIL = 50;
const N = tailleThreadpool();
const CONNEXIONS_LOGIN = 2 * N;

const BACKENDS: Backend[] = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim() as Backend);
const TOUTES_SECTIONS = ['portail', ...SECTIONS_NATIONALES] as const;
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? TOUTES_SECTIONS.join(',')).split(',').map((x) => x.trim()).filter(Boolean));
for (const x of SECTIONS) if (!(TOUTES_SECTIONS as readonly string[]).includes(x)) throw new Error(`BENCH_SECTIONS : section inconnue « ${x} » (sections : ${TOUTES_SECTIONS.join(', ')})`);
const DOSSIER_RESULTATS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** A load run and the server process's CPU time per successful request during it. */
export type MesureServeur = MesureCharge & { cpuServeurMsParRequete: number };

export type ResultatBackend = {
  argon2: { avant: MesureArgon2; apres: MesureArgon2; parSeconde: number; cpuMsParVerification: number };
  connexion: MesureServeur;
  /** Median of the rounds' ratios (see toursConnexion). */
  ratioConnexionArgon2: number;
  /** The same ratio in CPU time per operation: far less sensitive to other processes sharing the machine (median of the rounds). */
  ratioCpuConnexionArgon2: number;
  /** Each round of logins: its rate, and its ratios to the raw argon2 measured just before and just after it. */
  toursConnexion: Array<{ parSeconde: number; ratio: number; ratioCpu: number }>;
  reference: { avant: MesureServeur; apres: MesureServeur; parSeconde: number; cpuServeurMsParRequete: number };
  accueil: MesureServeur;
  ratioAccueilReference: number;
  ratioCpuAccueilReference: number;
  profil: ProfilAccueil;
  cpuAccueil: ResumeCpu;
  maxRssServeurMio: number;
};

export type Contexte = { dureeS: number; connexionsAccueil: number; threadpool: number; backends: Backend[] };

function journal(texte: string) {
  process.stderr.write(`[banc] ${texte}\n`);
}

async function mesurer(serveur: ServeurDeBanc, nom: string, opts: Parameters<typeof charger>[0]): Promise<MesureServeur> {
  const avant = await serveur.usage();
  const m = await charger(opts);
  const apres = await serveur.usage();
  if (Object.keys(m.inattendues).length > 0 || m.erreurs > 0) journal(`ATTENTION ${nom} : réponses inattendues ${JSON.stringify(m.inattendues)}, erreurs ${m.erreurs}`);
  return { ...m, cpuServeurMsParRequete: (apres.cpuMicros - avant.cpuMicros) / 1000 / m.reussies };
}

async function mesurerBackend(backend: Backend, serveur: ServeurDeBanc): Promise<ResultatBackend> {
  // (a) and (b): argon2 alone, logins, argon2 alone again.
  const { headers, body } = requeteConnexion();
  // A login spends part of its time outside argon2 (HTTP, SQL, commit): with only N in flight, some of the N threads
  // would wait for work. 2 × N connections keep them as busy as the raw measure keeps them (N verifications queued).
  const connexion = { url: `${serveur.urlApp}/connexion`, connexions: CONNEXIONS_LOGIN, statutAttendu: 303, method: 'POST' as const, headers, body };
  journal(`${backend} : ${TOURS_CONNEXION} tours argon2id brut (${N} en parallèle) puis connexions par mot de passe (${CONNEXIONS_LOGIN} connexions), puis argon2id brut`);
  await charger({ ...connexion, dureeS: ECHAUFFEMENT_CONNEXIONS_S });
  // Rounds alternate raw argon2 and logins (A L A L A L A): each round's ratio takes the raw rate around it, and the
  // median round is reported. Another process loading the shared machine for a few seconds spoils one round, not the figure.
  const argon2s = [await tauxArgon2(N, DUREE_S / 2)];
  const tours: Array<{ mesure: MesureServeur; ratio: number; ratioCpu: number }> = [];
  for (let i = 0; i < TOURS_CONNEXION; i++) {
    const mesure = await mesurer(serveur, `${backend} connexion`, { ...connexion, dureeS: DUREE_S });
    const apres = await tauxArgon2(N, DUREE_S / 2);
    const avant = argon2s[argon2s.length - 1]!;
    argon2s.push(apres);
    tours.push({
      mesure,
      ratio: mesure.parSeconde / ((avant.parSeconde + apres.parSeconde) / 2),
      ratioCpu: (avant.cpuMsParVerification + apres.cpuMsParVerification) / 2 / mesure.cpuServeurMsParRequete,
    });
  }
  const ratioMedian = mediane(tours.map((t) => t.ratio));
  const mesureConnexion = tours.find((t) => t.ratio === ratioMedian)!.mesure;
  const argon2Avant = argon2s[0]!;
  const argon2Apres = argon2s[argon2s.length - 1]!;
  const argon2 = argon2s.reduce((a, x) => a + x.parSeconde, 0) / argon2s.length;
  const argon2CpuMs = argon2s.reduce((a, x) => a + x.cpuMsParVerification, 0) / argon2s.length;

  // (c): reference route, home page, reference route again.
  const jetons = await ouvrirSessions(serveur.urlApp, CONNEXIONS_ACCUEIL);
  const accueil = { url: `${serveur.urlApp}/portail`, connexions: CONNEXIONS_ACCUEIL, statutAttendu: 200, enTetesParConnexion: jetons.map((j) => ({ cookie: `vivier_session=${j}` })) };
  const reference = { url: `${serveur.urlBase}/compte/${serveur.compteId}`, connexions: CONNEXIONS_ACCUEIL, statutAttendu: 200 };
  journal(`${backend} : référence (SELECT par clé primaire) puis GET /portail puis référence (${CONNEXIONS_ACCUEIL} connexions)`);
  await charger({ ...reference, dureeS: ECHAUFFEMENT_S });
  await charger({ ...accueil, dureeS: ECHAUFFEMENT_S });
  const referenceAvant = await mesurer(serveur, `${backend} référence`, { ...reference, dureeS: DUREE_S / 2 });
  const mesureAccueil = await mesurer(serveur, `${backend} accueil`, { ...accueil, dureeS: DUREE_S });
  const referenceApres = await mesurer(serveur, `${backend} référence`, { ...reference, dureeS: DUREE_S / 2 });
  const referenceParSeconde = (referenceAvant.parSeconde + referenceApres.parSeconde) / 2;
  const referenceCpuMs = (referenceAvant.cpuServeurMsParRequete + referenceApres.cpuServeurMsParRequete) / 2;

  journal(`${backend} : profil de l’accueil (requêtes, temps par étape, CPU du serveur sous charge)`);
  const profil = await serveur.profil(jetons[0]!);
  const cpuAccueil = await serveur.profilCpu(`portail-${backend}`, () => charger({ ...accueil, dureeS: Math.min(5, DUREE_S) }));
  return {
    argon2: { avant: argon2Avant, apres: argon2Apres, parSeconde: argon2, cpuMsParVerification: argon2CpuMs },
    connexion: mesureConnexion,
    ratioConnexionArgon2: ratioMedian,
    ratioCpuConnexionArgon2: mediane(tours.map((t) => t.ratioCpu)),
    toursConnexion: tours.map((t) => ({ parSeconde: t.mesure.parSeconde, ratio: t.ratio, ratioCpu: t.ratioCpu })),
    reference: { avant: referenceAvant, apres: referenceApres, parSeconde: referenceParSeconde, cpuServeurMsParRequete: referenceCpuMs },
    accueil: mesureAccueil,
    ratioAccueilReference: mesureAccueil.parSeconde / referenceParSeconde,
    ratioCpuAccueilReference: referenceCpuMs / mesureAccueil.cpuServeurMsParRequete,
    profil,
    cpuAccueil,
    maxRssServeurMio: (await serveur.usage()).maxRssKio / 1024,
  };
}

async function avecServeur(backend: Backend): Promise<ResultatBackend> {
  let nettoyer: () => Promise<void>;
  let serveur: ServeurDeBanc;
  if (backend === 'postgres') {
    await assurerPostgres();
    const base = await baseJetable();
    nettoyer = base.supprimer;
    journal(`postgres : base jetable ${new URL(base.url).pathname.slice(1)}`);
    serveur = await demarrerServeur('postgres', { databaseUrl: base.url }).catch(async (err: unknown) => {
      await base.supprimer();
      throw err;
    });
  } else {
    const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-banc-'));
    nettoyer = async () => fs.rmSync(dossier, { recursive: true, force: true });
    journal(`pglite : dossier de données ${dossier}`);
    serveur = await demarrerServeur('pglite', { dataDir: dossier }).catch(async (err: unknown) => {
      await nettoyer();
      throw err;
    });
  }
  try {
    return await mesurerBackend(backend, serveur);
  } finally {
    await serveur.arreter();
    await nettoyer();
  }
}

async function main() {
  const debut = performance.now();
  const resultats: Partial<Record<Backend, ResultatBackend>> = {};
  let dureePortailS = 0;
  if (SECTIONS.has('portail')) {
    for (const backend of BACKENDS) resultats[backend] = await avecServeur(backend);
    dureePortailS = (performance.now() - debut) / 1000;
  }
  const nationales = new Set(SECTIONS_NATIONALES.filter((x) => SECTIONS.has(x))) as Set<SectionNationale>;
  let national: ResultatsNationaux | null = null;
  const debutNational = performance.now();
  if (nationales.size > 0) national = await mesurerNational(nationales);
  const dureeNationalS = (performance.now() - debutNational) / 1000;
  const maxRssBancMio = process.resourceUsage().maxRSS / 1024;

  const contexte: Contexte = { dureeS: DUREE_S, connexionsAccueil: CONNEXIONS_ACCUEIL, threadpool: N, backends: BACKENDS };
  if (SECTIONS.has('portail')) console.log(afficher(contexte, resultats, maxRssBancMio));
  if (national) console.log(afficherNational(national));
  console.log(`\nDurées : portail ${dureePortailS.toFixed(0)} s, national ${dureeNationalS.toFixed(0)} s, total ${((performance.now() - debut) / 1000).toFixed(0)} s ; charge moyenne à la fin ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  fs.mkdirSync(DOSSIER_RESULTATS, { recursive: true });
  const fichier = path.join(DOSSIER_RESULTATS, `${[...SECTIONS].join('-')}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const rapport = {
    date: new Date().toISOString(),
    machine: { coeurs: os.cpus().length, modele: os.cpus()[0]?.model, memoireMio: Math.round(os.totalmem() / 2 ** 20), chargeMoyenne: os.loadavg(), node: process.version },
    sections: [...SECTIONS],
    contexte,
    objectifs: { ...OBJECTIFS, ...OBJECTIFS_NATIONAUX },
    backends: resultats,
    national,
    durees: { portailS: dureePortailS, nationalS: dureeNationalS },
    maxRssBancMio,
  };
  fs.writeFileSync(fichier, `${JSON.stringify(rapport, null, 2)}\n`);
  console.log(`Résultats : ${path.relative(process.cwd(), fichier)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
