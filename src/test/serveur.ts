import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONS_NODE } from '../options-node.ts';
import { portLibre } from './port-libre.ts';

const RACINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEMARRAGE_MAX_MS = 60_000;

export type ServeurLance = { url: string; arreter(): Promise<void> };

/**
 * The real server (`src/server.ts`, as `npm start` runs it) in a child process on the PostgreSQL database
 * `databaseUrl`: a second instance of a deployment, with its own memory. No demo seed; logs from warnings up.
 */
export async function lancerServeur(databaseUrl: string): Promise<ServeurLance> {
  const port = await portLibre();
  // Without NODE_TEST_CONTEXT: the test runner's variable would make the server's process report to it.
  const { NODE_TEST_CONTEXT: _contexte, ...environnement } = process.env;
  const enfant = spawn(process.execPath, [...OPTIONS_NODE, '--import', 'tsx', 'src/server.ts'], {
    cwd: RACINE,
    env: { ...environnement, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', VIVIER_DEMO: '0', NODE_ENV: 'test', LOG_LEVEL: 'warn', SMTP_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let sortie = '';
  enfant.stdout.on('data', (c: Buffer) => (sortie += c.toString()));
  enfant.stderr.on('data', (c: Buffer) => (sortie += c.toString()));
  const fin = new Promise<number | null>((ok) => enfant.on('exit', (code) => ok(code)));
  let termine = false;
  void fin.then(() => (termine = true));
  const url = `http://127.0.0.1:${port}`;

  async function arreter(): Promise<void> {
    if (termine) return;
    enfant.kill('SIGTERM');
    const tue = setTimeout(() => enfant.kill('SIGKILL'), 10_000);
    await fin;
    clearTimeout(tue);
  }

  const limite = Date.now() + DEMARRAGE_MAX_MS;
  for (;;) {
    if (termine) throw new Error(`Le serveur enfant s’est arrêté au démarrage :\n${sortie}`);
    try {
      if ((await fetch(`${url}/sante`)).status === 200) return { url, arreter };
    } catch {
      // not listening yet
    }
    if (Date.now() > limite) {
      await arreter();
      throw new Error(`Le serveur enfant ne répond pas sur ${url}/sante après ${DEMARRAGE_MAX_MS / 1000} s :\n${sortie}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
}


/** A browser over real HTTP: keeps cookies, takes the CSRF token of the last HTML page, does not follow redirects. */
export class NavigateurHttp {
  private readonly cookies = new Map<string, string>();
  private dernierePage = '';

  constructor(private readonly url: string) {}

  private async envoyer(chemin: string, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<{ statut: number; corps: string; location: string | null }> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await fetch(`${this.url}${chemin}`, { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    for (const c of r.headers.getSetCookie()) {
      const [paire] = c.split(';');
      const i = paire!.indexOf('=');
      const [nom, valeur] = [paire!.slice(0, i).trim(), paire!.slice(i + 1).trim()];
      if (valeur === '' || /max-age=0(;|$)/i.test(c)) this.cookies.delete(nom);
      else this.cookies.set(nom, valeur);
    }
    const corps = await r.text();
    if ((r.headers.get('content-type') ?? '').startsWith('text/html')) this.dernierePage = corps;
    return { statut: r.status, corps, location: r.headers.get('location') };
  }

  get(chemin: string) {
    return this.envoyer(chemin, { method: 'GET' });
  }

  /** Posts a form with the CSRF token of the last page. */
  post(chemin: string, champs: Record<string, string>) {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(this.dernierePage)?.[1];
    const corps = new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...champs });
    return this.envoyer(chemin, { method: 'POST', body: corps.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Logs in through the real login form; throws unless the server sends the user on to the portal. */
  async connecter(identifiant: string, motDePasse: string): Promise<void> {
    await this.get('/connexion');
    const r = await this.post('/connexion', { identifiant, mot_de_passe: motDePasse });
    if (r.statut !== 303) throw new Error(`Connexion de ${identifiant} refusée par ${this.url} (${r.statut})`);
  }
}
