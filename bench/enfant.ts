import { fork, spawn } from 'node:child_process';
import { OPTIONS_NODE } from '../src/options-node.ts';

/**
 * Runs a bench script in a child process (with tsx) and waits for its `{ type: 'resultat' }` message; an
 * `{ type: 'erreur' }` message, an exit without result or the time limit (the child is then killed) rejects.
 */
export function executerEnfant<T>(script: string, env: Record<string, string>, delaiMs: number, surMessage?: (m: unknown) => void): { resultat: Promise<T>; pid: number | undefined; tuer(): void } {
  const enfant = fork(script, [], { execArgv: [...OPTIONS_NODE, '--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const resultat = new Promise<T>((resolve, reject) => {
    let fini = false;
    const minuterie = setTimeout(() => {
      enfant.kill('SIGKILL');
      fin(new Error(`${script} : pas de résultat en ${delaiMs / 1000} s (arrêté)`));
    }, delaiMs);
    function fin(err: Error | null, r?: T) {
      if (fini) return;
      fini = true;
      clearTimeout(minuterie);
      if (err) reject(err);
      else resolve(r!);
    }
    enfant.on('message', (m: { type?: string; resultat?: T; message?: string }) => {
      if (m.type === 'resultat') fin(null, m.resultat);
      else if (m.type === 'erreur') fin(new Error(`${script} : ${m.message}`));
      else surMessage?.(m);
    });
    enfant.on('exit', (code, signal) => fin(new Error(`${script} arrêté (code ${code}, signal ${signal}) sans résultat`)));
  });
  return { resultat, pid: enfant.pid, tuer: () => void enfant.kill('SIGKILL') };
}

export type Commande = { code: number | null; dureeMs: number; stdout: string; stderr: string };

/** Runs a command (no shell), timing it from spawn to exit; killed after `delaiMs`. */
export function commande(cmd: string, args: string[], opts: { env?: Record<string, string>; delaiMs: number; entree?: string }): Promise<Commande> {
  return new Promise((resolve, reject) => {
    const debut = performance.now();
    const p = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const minuterie = setTimeout(() => p.kill('SIGKILL'), opts.delaiMs);
    p.on('error', (e) => {
      clearTimeout(minuterie);
      reject(e);
    });
    p.on('close', (code) => {
      clearTimeout(minuterie);
      resolve({ code, dureeMs: performance.now() - debut, stdout, stderr });
    });
    p.stdin.end(opts.entree ?? '');
  });
}
