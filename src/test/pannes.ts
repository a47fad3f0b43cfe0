import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedCatalogue } from '../demo/seed.ts';
import { hacher } from '../shared/securite/motdepasse.ts';
import { createCampagneService } from '../features/campagnes/campagne.service.ts';
import { systemClock } from '../shared/clock.ts';
import { OPTIONS_NODE } from '../options-node.ts';
import type { ClusterPg } from './cluster-pg.ts';
import { portLibre } from './port-libre.ts';

/**
 * Tooling of the fault tests (*.pannes.test.ts) that run the real server (`src/server.ts`, one process or several with
 * VIVIER_PROCESSUS) on a PostgreSQL cluster of their own: a database, agents with accounts, a campaign, and the server
 * as a child process that the test may stop gracefully or kill -9.
 */

const RACINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A new database on the test's cluster, migrated, with the catalogue. */
export async function baseDePanne(cluster: ClusterPg, nom: string): Promise<{ url: string; database: DatabaseHandle }> {
  const base = `vivier_${nom}_${process.pid}`;
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${base}`);
  } finally {
    await admin.end();
  }
  const url = cluster.url(base);
  const database = await openDatabase({ databaseUrl: url, dataDir: 'inutilise', poolSize: 4 });
  await migrateToLatest(database.db);
  await seedCatalogue(database.db, { avecExternes: false });
  return { url, database };
}

export type AgentDePanne = { agentId: string; identifiant: string; motDePasse: string; compteId: string; email: string };

/** `n` PE agents, each with an AGENT account (one password for all, hashed once) and an e-mail address. */
export async function creerAgents(database: DatabaseHandle, n: number, prefixe = 'PANNE'): Promise<AgentDePanne[]> {
  const motDePasse = 'Panne-Mot-de-passe-1!';
  const hash = await hacher(motDePasse);
  const agents = Array.from({ length: n }, (_, i) => {
    const num = String(i + 1).padStart(5, '0');
    return { agentId: `${prefixe}${num}`, identifiant: `${prefixe.toLowerCase()}${num}`, email: `${prefixe.toLowerCase()}${num}@ac-panne.invalid` };
  });
  await database.db
    .insertInto('agent')
    .values(agents.map((a, i) => ({ agent_id: a.agentId, identifiant: a.identifiant, civilite: i % 2 ? 'Mme' : 'M.', nom: `NOM${i + 1}`, prenom: `Prénom${i + 1}`, date_naissance: '1970-01-01', email: a.email, corps: 'PE', discipline: 'PREMIER DEGRE', date_entree_corps: '1995-09-01', import_id: null })))
    .execute();
  const comptes = await database.db
    .insertInto('compte')
    .values(agents.map((a) => ({ identifiant: a.identifiant, nom_affiche: a.identifiant, email: a.email, mot_de_passe_hash: hash, roles: ['AGENT'], perimetre: '{}', agent_id: a.agentId, dernier_echec_le: null, verrouille_jusqu_au: null, derniere_connexion_le: null, precedente_connexion_le: null })))
    .returning(['id', 'agent_id'])
    .execute();
  const compteDe = new Map(comptes.map((c) => [c.agent_id, c.id]));
  return agents.map((a) => ({ ...a, motDePasse, compteId: compteDe.get(a.agentId)! }));
}

/** A PE 2019 campaign (régime A: candidatures), OUVERTE from `ouverture` to `fermeture`. */
export async function creerCampagneOuverte(database: DatabaseHandle, o: { ouverture: Date; fermeture: Date }): Promise<string> {
  const id = await createCampagneService({ db: database.db, clock: systemClock }).creer({ corps: 'PE', annee: 2019, ouverture: o.ouverture, fermeture: o.fermeture, promotions: 10 }, null);
  await database.db.updateTable('campagne').set({ statut: 'OUVERTE' }).where('id', '=', id).execute();
  await database.db.insertInto('campagne_historique').values({ campagne_id: id, de: 'PREPARATION', vers: 'OUVERTE', evenement: 'OUVRIR', le: o.ouverture, par_compte_id: null }).execute();
  return id;
}

/** One candidature per agent in `statut` (BROUILLON, or ENREGISTREE validated at `valideeLe`), with its history. */
export async function creerCandidatures(database: DatabaseHandle, campagneId: string, agents: readonly AgentDePanne[], statut: 'BROUILLON' | 'ENREGISTREE', le: Date): Promise<void> {
  const lignes = await database.db
    .insertInto('candidature')
    .values(agents.map((a) => ({ campagne_id: campagneId, agent_id: a.agentId, statut, cree_le: le, modifie_le: le, validee_le: statut === 'ENREGISTREE' ? le : null, reference: null })))
    .returning(['id', 'agent_id'])
    .execute();
  const compteDe = new Map(agents.map((a) => [a.agentId, a.compteId]));
  await database.db
    .insertInto('candidature_historique')
    .values(lignes.map((c) => ({ candidature_id: c.id, de: null, vers: 'BROUILLON', evenement: 'CREER', le, par_compte_id: compteDe.get(c.agent_id)!, details: '{}' })))
    .execute();
  if (statut === 'ENREGISTREE') {
    await database.db
      .insertInto('candidature_historique')
      .values(lignes.map((c) => ({ candidature_id: c.id, de: 'BROUILLON', vers: 'ENREGISTREE', evenement: 'VALIDER', le, par_compte_id: compteDe.get(c.agent_id)!, details: '{}' })))
      .execute();
  }
}

export type ServeurDePanne = {
  url: string;
  /** The first process's pid (the primary with VIVIER_PROCESSUS > 1). */
  pid: number;
  /** Everything the server wrote (JSON lines of pino, and any other message). */
  sortie(): string;
  /** The log lines (pino JSON) of the server's processes. */
  journal(): Array<{ level: number; msg: string; pid: number; [k: string]: unknown }>;
  /** SIGTERM, then waits for the exit (SIGKILL after 40 s); the exit code. */
  arreter(): Promise<number | null>;
  /** kill -9 of every process of the server (the primary and its workers, one process group). */
  tuer(): Promise<void>;
};

/**
 * The real server in a child process on `databaseUrl` (no demo, logs from `info`), with `env` added (VIVIER_PROCESSUS,
 * SMTP_URL…). Its own process group, so that `tuer` reaches the workers of the cluster too. Resolves once
 * `/sante/pret` answers 200.
 */
export async function lancerServeurDePanne(databaseUrl: string, env: Record<string, string> = {}, port?: number): Promise<ServeurDePanne> {
  const s = await demarrerServeurDePanne(databaseUrl, env, port);
  await s.pret;
  return s;
}

/**
 * The same, without waiting: `pret` resolves once `/sante/pret` answers 200 and rejects if the server exits first;
 * `fin` resolves with its exit code (a start that must fail: a read-only or full data folder). `databaseUrl` '': PGlite.
 */
export async function demarrerServeurDePanne(databaseUrl: string, env: Record<string, string> = {}, port?: number): Promise<ServeurDePanne & { pret: Promise<void>; fin: Promise<number | null> }> {
  const p = port ?? (await portLibre());
  const { NODE_TEST_CONTEXT: _contexte, ...environnement } = process.env;
  const enfant: ChildProcess = spawn(process.execPath, [...OPTIONS_NODE, '--import', 'tsx', 'src/server.ts'], {
    cwd: RACINE,
    env: { ...environnement, DATABASE_URL: databaseUrl, PORT: String(p), HOST: '127.0.0.1', VIVIER_DEMO: '0', NODE_ENV: 'test', LOG_LEVEL: 'info', SMTP_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let sortie = '';
  enfant.stdout!.on('data', (c: Buffer) => (sortie += c.toString()));
  enfant.stderr!.on('data', (c: Buffer) => (sortie += c.toString()));
  const fin = new Promise<number | null>((ok) => enfant.on('exit', (code) => ok(code)));
  let termine = false;
  void fin.then(() => (termine = true));
  const url = `http://127.0.0.1:${p}`;
  const serveur: ServeurDePanne = {
    url,
    pid: enfant.pid!,
    sortie: () => sortie,
    journal: () =>
      sortie.split('\n').flatMap((l) => {
        if (!l.startsWith('{')) return [];
        try {
          return [JSON.parse(l)];
        } catch {
          return [];
        }
      }),
    async arreter() {
      if (termine) return fin;
      enfant.kill('SIGTERM');
      const tue = setTimeout(() => groupe('SIGKILL'), 40_000);
      const code = await fin;
      clearTimeout(tue);
      return code;
    },
    async tuer() {
      groupe('SIGKILL');
      await fin;
      // The workers of the group may outlive the primary by a few ms: wait until none answers.
      for (let i = 0; i < 50 && vivant(enfant.pid!); i++) await new Promise((ok) => setTimeout(ok, 20));
    },
  };
  function groupe(signal: NodeJS.Signals) {
    try {
      process.kill(-enfant.pid!, signal);
    } catch {
      // already gone
    }
  }
  process.once('exit', () => groupe('SIGKILL'));
  const pret = (async () => {
    const limite = Date.now() + 90_000;
    for (;;) {
      if (termine) throw new Error(`Le serveur s’est arrêté au démarrage :\n${sortie}`);
      try {
        if ((await fetch(`${url}/sante/pret`)).status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > limite) {
        groupe('SIGKILL');
        throw new Error(`Le serveur ne répond pas sur ${url}/sante/pret après 90 s :\n${sortie}`);
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
  })();
  pret.catch(() => {});
  return { ...serveur, pret, fin };
}

/** Is any process of the group `pgid` alive? */
function vivant(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A browser over real HTTP against one or several servers: cookies kept, CSRF token of the last page. */
export class AgentHttp {
  cookies = new Map<string, string>();
  csrf = '';
  /** `adresse`: sent as X-Forwarded-For (a server started with TRUST_PROXY=1 counts its login limit per agent). */
  constructor(
    public url: string,
    public adresse: string | null = null,
  ) {}

  async requete(chemin: string, init: { method?: string; champs?: Record<string, string>; url?: string } = {}): Promise<{ statut: number; corps: string; location: string | null; reessayer: string | null }> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const corps = init.champs ? new URLSearchParams({ _csrf: this.csrf, ...init.champs }).toString() : undefined;
    const r = await fetch(`${init.url ?? this.url}${chemin}`, {
      method: init.method ?? (corps ? 'POST' : 'GET'),
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
      headers: { ...(cookie ? { cookie } : {}), ...(this.adresse ? { 'x-forwarded-for': this.adresse } : {}), ...(corps ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(corps ? { body: corps } : {}),
    });
    for (const c of r.headers.getSetCookie()) {
      const [paire] = c.split(';');
      const i = paire!.indexOf('=');
      const [nom, valeur] = [paire!.slice(0, i).trim(), paire!.slice(i + 1).trim()];
      if (valeur === '' || /max-age=0(;|$)/i.test(c)) this.cookies.delete(nom);
      else this.cookies.set(nom, valeur);
    }
    const texte = await r.text();
    const jeton = /name="_csrf" value="([^"]+)"/.exec(texte)?.[1];
    if (jeton) this.csrf = jeton;
    return { statut: r.status, corps: texte, location: r.headers.get('location'), reessayer: r.headers.get('retry-after') };
  }

  async connecter(identifiant: string, motDePasse: string): Promise<void> {
    await this.requete('/connexion');
    const r = await this.requete('/connexion', { champs: { identifiant, mot_de_passe: motDePasse } });
    if (r.statut !== 303) throw new Error(`Connexion de ${identifiant} refusée (${r.statut})`);
    await this.requete('/portail'); // the session's CSRF token
  }
}
