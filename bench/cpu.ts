import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';

type Noeud = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
export type ProfilCpu = { nodes: Noeud[]; samples: number[]; timeDeltas: number[]; startTime?: number };

export type ResumeCpu = {
  fichier: string;
  dureeMs: number;
  /** Share of the sampled time by origin: a package of node_modules, a folder of src/, node internals, GC, idle. */
  parOrigine: Array<{ origine: string; pourcent: number }>;
  /** The functions with the most self time. */
  fonctions: Array<{ fonction: string; pourcent: number }>;
  /** Share of the sampled time with at least one frame of that origin on the stack (what it costs, callees included). */
  inclusif?: Array<{ origine: string; pourcent: number }>;
};

function origine(url: string, fonction: string): string {
  if (!url) return fonction.startsWith('(') ? fonction : '(natif)';
  if (url.startsWith('node:')) return 'node (interne)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const src = /\/(src\/(?:features\/[^/]+|shared\/[^/]+|[^/]+))/.exec(url);
  if (src) return src[1]!;
  return url.replace(/^file:\/\//, '');
}

/** Samples this process's CPU between `demarrer` and `arreter` (the inspector's profiler, no restart needed). */
export function profileurCpu(intervalleUs = 200) {
  const session = new Session();
  return {
    async demarrer() {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: intervalleUs });
      await session.post('Profiler.start');
    },
    async arreter(nom: string): Promise<ResumeCpu> {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: ProfilCpu };
      session.disconnect();
      const fichier = path.join(os.tmpdir(), `vivier-${nom}-${Date.now()}.cpuprofile`);
      fs.writeFileSync(fichier, JSON.stringify(profile));
      return { fichier, ...resumer(profile) };
    },
  };
}

export function resumer(profile: ProfilCpu): Omit<ResumeCpu, 'fichier'> {
  const parId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const parOrigine = new Map<string, number>();
  const parFonction = new Map<string, number>();
  const inclusif = new Map<string, number>();
  const originesDe = new Map<number, Set<string>>();
  const origines = (id: number): Set<string> => {
    let o = originesDe.get(id);
    if (!o) {
      const n = parId.get(id)!;
      const p = parent.get(id);
      o = new Set(p === undefined ? [] : origines(p));
      if (n.callFrame.url) o.add(origine(n.callFrame.url, n.callFrame.functionName));
      originesDe.set(id, o);
    }
    return o;
  };
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = parId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const o = origine(n.callFrame.url, n.callFrame.functionName);
    parOrigine.set(o, (parOrigine.get(o) ?? 0) + dt);
    const f = `${n.callFrame.functionName || '(anonyme)'} ${o}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    parFonction.set(f, (parFonction.get(f) ?? 0) + dt);
    for (const x of origines(id)) inclusif.set(x, (inclusif.get(x) ?? 0) + dt);
  });
  const classer = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, Math.round((1000 * v) / total) / 10] as const);
  return {
    dureeMs: total / 1000,
    parOrigine: classer(parOrigine, 15).map(([origine, pourcent]) => ({ origine, pourcent })),
    fonctions: classer(parFonction, 15).map(([fonction, pourcent]) => ({ fonction, pourcent })),
    inclusif: classer(inclusif, 15).map(([origine, pourcent]) => ({ origine, pourcent })),
  };
}

/**
 * The samples of `profile` (a `--cpu-prof` file: the whole life of a process) taken between two instants of the
 * monotonic clock, in µs (`process.hrtime.bigint() / 1000n` in any process of this machine: V8's profiler uses the same
 * clock): the load alone, without the start.
 */
export function fenetreProfil(profile: ProfilCpu, debutUs: number, finUs: number): ProfilCpu {
  let t = profile.startTime ?? 0;
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t >= debutUs && t <= finUs) {
      samples.push(id);
      timeDeltas.push(samples.length === 1 ? 0 : dt);
    }
  });
  return { nodes: profile.nodes, samples, timeDeltas, startTime: debutUs };
}
