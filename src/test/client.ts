import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A browser-like client over `inject`: keeps cookies, reads the CSRF token of the last page, posts forms. */
export class ClientDeTest {
  readonly cookies = new Map<string, string>();
  dernierePage = '';
  adresse = '203.0.113.10';

  constructor(private readonly app: FastifyInstance) {}

  private enTete(): Record<string, string> {
    const c = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(c ? { cookie: c } : {}), 'user-agent': 'vivier-tests' };
  }

  private garder(r: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of r.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const efface = c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now());
      if (efface) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if ((r.headers['content-type'] ?? '').toString().startsWith('text/html')) this.dernierePage = r.body;
    return r;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.garder(await this.app.inject({ method: 'GET', url, headers: { ...this.enTete(), ...headers }, remoteAddress: this.adresse }));
  }

  /** Posts a form; `_csrf` is taken from the last page unless given (pass null to send none). */
  async post(url: string, champs: Record<string, string | string[]> = {}, opts: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const corps = new URLSearchParams();
    const csrf = opts.csrf === undefined ? this.csrf() : opts.csrf;
    if (csrf !== null && csrf !== undefined) corps.append('_csrf', csrf);
    for (const [k, v] of Object.entries(champs)) for (const x of Array.isArray(v) ? v : [v]) corps.append(k, x);
    return this.garder(
      await this.app.inject({
        method: 'POST',
        url,
        payload: corps.toString(),
        headers: { ...this.enTete(), 'content-type': 'application/x-www-form-urlencoded', ...opts.headers },
        remoteAddress: this.adresse,
      }),
    );
  }

  /** Posts a multipart form: fields first (the CSRF token from the last page unless given), then files. */
  async postMultipart(url: string, champs: Record<string, string> = {}, fichiers: Array<{ champ: string; nom: string; contenu: Buffer | string; type?: string }> = [], opts: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const frontiere = `----vivier${Math.random().toString(16).slice(2)}`;
    const morceaux: Buffer[] = [];
    const csrf = opts.csrf === undefined ? this.csrf() : opts.csrf;
    const tous = csrf === null || csrf === undefined ? champs : { _csrf: csrf, ...champs };
    for (const [nom, valeur] of Object.entries(tous)) morceaux.push(Buffer.from(`--${frontiere}\r\nContent-Disposition: form-data; name="${nom}"\r\n\r\n${valeur}\r\n`));
    for (const f of fichiers) {
      morceaux.push(Buffer.from(`--${frontiere}\r\nContent-Disposition: form-data; name="${f.champ}"; filename="${f.nom}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`), Buffer.from(f.contenu), Buffer.from('\r\n'));
    }
    morceaux.push(Buffer.from(`--${frontiere}--\r\n`));
    return this.garder(
      await this.app.inject({ method: 'POST', url, payload: Buffer.concat(morceaux), headers: { ...this.enTete(), 'content-type': `multipart/form-data; boundary=${frontiere}` }, remoteAddress: this.adresse }),
    );
  }

  /** Posts JSON as a page's script does: the CSRF token (from the last page unless given) in the x-csrf-token header. */
  async postJson(url: string, corps: unknown = {}, opts: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const csrf = opts.csrf === undefined ? this.csrf() : opts.csrf;
    return this.garder(
      await this.app.inject({
        method: 'POST',
        url,
        payload: JSON.stringify(corps),
        headers: { ...this.enTete(), 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        remoteAddress: this.adresse,
      }),
    );
  }

  csrf(): string | undefined {
    return /name="_csrf" value="([^"]+)"/.exec(this.dernierePage)?.[1];
  }

  /** Logs in through the real login form. */
  async connecter(identifiant: string, motDePasse: string): Promise<LightMyRequestResponse> {
    await this.get('/connexion');
    return this.post('/connexion', { identifiant, mot_de_passe: motDePasse });
  }
}
