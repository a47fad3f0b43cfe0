/**
 * The application as production starts it, for the open-loop load (section `charge`): `src/server.ts` in a child
 * process, configured by its environment only — `NODE_ENV=production` (secure cookies, headers, the real per-address
 * login limit of 30 a minute), `TRUST_PROXY=1` (the client's address is the X-Forwarded-For a load balancer adds),
 * `VIVIER_PROCESSUS=N` (N > 1: node cluster, the primary of src/processus.ts, workers sharing the port), the scheduler
 * and the session purge running as they do in production. Logs from `info`, as in production, thrown away.
 *
 * The CPU of the server is read from /proc (Linux): the process started and every process it forked (the workers),
 * user + system time, since each worker is a process of its own that the bench does not drive over IPC.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONS_NODE } from '../src/options-node.ts';
import { portLibre } from '../src/test/port-libre.ts';

const RACINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Clock ticks per second of /proc/<pid>/stat's times (`getconf CLK_TCK`, 100 on Linux). */
const TICKS_PAR_S = 100;

export type ServeurReel = {
  url: string;
  processus: number;
  /** The pids serving (the node workers; the process itself with one process). */
  pids(): number[];
  /** CPU time (user + system, µs) of the process and of every living process it forked. */
  usage(): Promise<{ cpuMicros: number }>;
  arreter(): Promise<void>;
};

/** utime + stime of a process, in ticks (0 if it is gone). */
function ticks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it start after its closing parenthesis.
    const champs = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(champs[11]) + Number(champs[12]); // fields 14 and 15: utime, stime
  } catch {
    return 0;
  }
}

/** The children of a process (every thread's list: node's threads never fork, but read them all). */
function enfants(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

export async function demarrerServeurReel(o: { databaseUrl: string; processus: number; delaiMs?: number; optionsNode?: readonly string[] }): Promise<ServeurReel> {
  const port = await portLibre();
  const { NODE_TEST_CONTEXT: _contexte, ...environnement } = process.env;
  const enfant: ChildProcess = spawn(process.execPath, [...OPTIONS_NODE, ...(o.optionsNode ?? []), '--import', 'tsx', 'src/server.ts'], {
    cwd: RACINE,
    env: {
      ...environnement,
      NODE_ENV: 'production',
      DATABASE_URL: o.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRUST_PROXY: '1',
      VIVIER_PROCESSUS: String(o.processus),
      VIVIER_DEMO: '0',
      LOG_LEVEL: 'info',
      SMTP_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = enfant.pid!;
  let fini = false;
  const fin = new Promise<void>((ok) => enfant.once('exit', () => ((fini = true), ok())));
  // Ready once every serving process said so (pino's line « Vivier est prêt »); the rest of the log is dropped.
  let prets = 0;
  let queue = '';
  let erreurs = '';
  const pret = new Promise<void>((ok, ko) => {
    const minuteur = setTimeout(() => ko(new Error(`serveur réel : pas prêt en ${(o.delaiMs ?? 120_000) / 1000} s\n${erreurs.slice(-2000)}`)), o.delaiMs ?? 120_000);
    enfant.stdout!.on('data', (c: Buffer) => {
      if (prets >= o.processus) return;
      const lignes = (queue + c.toString()).split('\n');
      queue = lignes.pop() ?? '';
      for (const l of lignes) {
        if (l.includes('Vivier est prêt')) prets++;
        else if (/"level":(50|60)/.test(l)) erreurs += `${l}\n`;
      }
      if (prets >= o.processus) {
        clearTimeout(minuteur);
        queue = '';
        ok();
      }
    });
    enfant.stderr!.on('data', (c: Buffer) => (erreurs += c.toString()));
    void fin.then(() => {
      clearTimeout(minuteur);
      ko(new Error(`serveur réel arrêté avant d’être prêt :\n${erreurs.slice(-2000)}`));
    });
  });
  try {
    await pret;
  } catch (err) {
    enfant.kill('SIGKILL');
    throw err;
  }
  /** The process and its descendants (the workers, and what they started: tsx's esbuild service). */
  const tous = (): number[] => {
    const r: number[] = [];
    const pile = [pid];
    while (pile.length) {
      const p = pile.pop()!;
      r.push(p);
      pile.push(...enfants(p));
    }
    return r;
  };
  const estNode = (p: number) => {
    try {
      return fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'node';
    } catch {
      return false;
    }
  };
  // The CPU of processes that ended meanwhile (a worker restarted) would be lost: none is expected; kept as seen.
  const vus = new Map<number, number>();
  return {
    url: `http://127.0.0.1:${port}`,
    processus: o.processus,
    pids: () => (o.processus > 1 ? enfants(pid).filter(estNode) : [pid]),
    async usage() {
      for (const p of tous()) vus.set(p, Math.max(vus.get(p) ?? 0, ticks(p)));
      const total = [...vus.values()].reduce((a, t) => a + t, 0);
      return { cpuMicros: (total / TICKS_PAR_S) * 1e6 };
    },
    async arreter() {
      if (fini) return;
      enfant.kill('SIGTERM');
      const delai = setTimeout(() => enfant.kill('SIGKILL'), 40_000);
      await fin;
      clearTimeout(delai);
    },
  };
}
