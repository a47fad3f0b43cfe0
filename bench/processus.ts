import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend, DuServeur, VersServeur } from './protocole.ts';
import type { InstructionJournal, StatRequete } from './chrono-pg.ts';
import type { ResumeCpu } from './cpu.ts';
import type { ProfilAccueil } from './profil.ts';
import { OPTIONS_NODE } from '../src/options-node.ts';

export type ServeurDeBanc = {
  urlApp: string;
  urlBase: string;
  compteId: string;
  profil(jeton: string): Promise<ProfilAccueil>;
  /** Samples the server's CPU while `pendant` runs. */
  profilCpu(nom: string, pendant: () => Promise<unknown>): Promise<ResumeCpu>;
  /** One GET through the app (inject) with its SQL statements counted and timed. */
  compter(url: string, cookie: string): Promise<{ statut: number; octets: number; ms: number; requetes: StatRequete[] }>;
  /** Times the server's SQL statements (cumulative per kind) while `pendant` runs. */
  chronoSql<T>(pendant: () => Promise<T>): Promise<{ resultat: T; requetes: StatRequete[] }>;
  /** Every SQL statement the server sends while `pendant` runs (text and parameters, in order): its SQL journal. */
  journalSql<T>(pendant: () => Promise<T>): Promise<{ resultat: T; instructions: InstructionJournal[] }>;
  /** CPU time used so far (user + system, µs) and peak RSS of the server process. */
  usage(): Promise<{ cpuMicros: number; maxRssKio: number }>;
  arreter(): Promise<void>;
};

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serveur.ts');

/** Waits for the next message of the expected type; an error message or an early exit rejects. */
function attendre<T extends DuServeur['type']>(enfant: ChildProcess, type: T, delaiMs = 120_000): Promise<Extract<DuServeur, { type: T }>> {
  return new Promise((resolve, reject) => {
    const minuteur = setTimeout(() => fin(new Error(`serveur de banc : pas de réponse « ${type} » en ${delaiMs / 1000} s`)), delaiMs);
    const surMessage = (m: DuServeur) => {
      if (m.type === type) fin(null, m as Extract<DuServeur, { type: T }>);
      else if (m.type === 'erreur') fin(new Error(`serveur de banc : ${m.message}`));
    };
    const surSortie = (code: number | null) => fin(new Error(`serveur de banc arrêté (code ${code}) avant « ${type} »`));
    function fin(err: Error | null, m?: Extract<DuServeur, { type: T }>) {
      clearTimeout(minuteur);
      enfant.off('message', surMessage);
      enfant.off('exit', surSortie);
      if (err) reject(err);
      else resolve(m!);
    }
    enfant.on('message', surMessage);
    enfant.on('exit', surSortie);
  });
}

/**
 * Starts the app (and the baseline route) in a child process on loopback ports; `arreter` closes everything. `script`:
 * the bench server of another checkout (the code before a change, same protocol), by default this one's.
 */
export async function demarrerServeur(backend: Backend, base: { databaseUrl?: string; dataDir?: string; demo?: boolean }, script = SCRIPT): Promise<ServeurDeBanc> {
  const enfant = fork(script, [], {
    // tsx reads the tsconfig.json of the working directory (its `include` decides the JSX transform of each .tsx).
    cwd: path.resolve(path.dirname(script), '..'),
    execArgv: [...OPTIONS_NODE, '--import', 'tsx'],
    env: { ...process.env, BENCH_BACKEND: backend, BENCH_DATABASE_URL: base.databaseUrl ?? '', BENCH_DATA_DIR: base.dataDir ?? '', BENCH_DEMO: base.demo === false ? '0' : '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const envoyer = (m: VersServeur) => enfant.send(m);
  try {
    const pret = await attendre(enfant, 'pret');
    return {
      urlApp: pret.urlApp,
      urlBase: pret.urlBase,
      compteId: pret.compteId,
      async profil(jeton) {
        const r = attendre(enfant, 'profil');
        envoyer({ type: 'profil', jeton });
        return (await r).profil;
      },
      async profilCpu(nom, pendant) {
        const demarre = attendre(enfant, 'cpu-demarre');
        envoyer({ type: 'cpu-demarrer' });
        await demarre;
        await pendant();
        const r = attendre(enfant, 'cpu');
        envoyer({ type: 'cpu-arreter', nom });
        return (await r).resume;
      },
      async compter(url, cookie) {
        const r = attendre(enfant, 'compte');
        envoyer({ type: 'compter', url, cookie });
        const { statut, octets, ms, requetes } = await r;
        return { statut, octets, ms, requetes };
      },
      async chronoSql(pendant) {
        const demarre = attendre(enfant, 'chrono-demarre');
        envoyer({ type: 'chrono-demarrer' });
        await demarre;
        const issue = await pendant().then(
          (resultat) => ({ resultat }),
          (erreur: unknown) => ({ erreur }),
        );
        // the server's timing is stopped even when `pendant` failed, so that the next measure starts clean
        const r = attendre(enfant, 'chrono');
        envoyer({ type: 'chrono-arreter' });
        const { requetes } = await r;
        if ('erreur' in issue) throw issue.erreur;
        return { resultat: issue.resultat, requetes };
      },
      async journalSql(pendant) {
        const demarre = attendre(enfant, 'journal-demarre');
        envoyer({ type: 'journal-demarrer' });
        await demarre;
        const issue = await pendant().then(
          (resultat) => ({ resultat }),
          (erreur: unknown) => ({ erreur }),
        );
        const r = attendre(enfant, 'journal');
        envoyer({ type: 'journal-arreter' });
        const { instructions } = await r;
        if ('erreur' in issue) throw issue.erreur;
        return { resultat: issue.resultat, instructions };
      },
      async usage() {
        const r = attendre(enfant, 'usage');
        envoyer({ type: 'usage' });
        const { cpuMicros, maxRssKio } = await r;
        return { cpuMicros, maxRssKio };
      },
      async arreter() {
        if (enfant.exitCode !== null) return;
        const sortie = new Promise((resolve) => enfant.once('exit', resolve));
        envoyer({ type: 'arret' });
        await sortie;
      },
    };
  } catch (err) {
    enfant.kill();
    throw err;
  }
}
