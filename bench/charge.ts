import autocannon, { type Result } from 'autocannon';

export type MesureCharge = {
  connexions: number;
  dureeS: number;
  /** Responses with the expected status per second (others are counted in `inattendues`). */
  parSeconde: number;
  reussies: number;
  inattendues: Record<string, number>;
  erreurs: number;
  latenceMs: { moyenne: number; p50: number; p90: number; p99: number; max: number };
};

/**
 * One autocannon run against a loopback address, counting only responses of the expected status as successes
 * (a 200 page for a GET, a 303 redirect for a successful login).
 */
export async function charger(opts: {
  url: string;
  connexions: number;
  dureeS: number;
  statutAttendu: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Headers given to each connection, in turn (one session per connection). */
  enTetesParConnexion?: Array<Record<string, string>>;
}): Promise<MesureCharge> {
  if (!new URL(opts.url).hostname.startsWith('127.')) throw new Error(`Le banc ne vise que la boucle locale : ${opts.url}`);
  let n = 0;
  const parConnexion = opts.enTetesParConnexion;
  const r: Result = await autocannon({
    url: opts.url,
    connections: opts.connexions,
    duration: opts.dureeS,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    body: opts.body,
    timeout: 10,
    setupClient: parConnexion ? (client) => client.setHeaders({ ...opts.headers, ...parConnexion[n++ % parConnexion.length]! }) : undefined,
  });
  const inattendues: Record<string, number> = {};
  let reussies = 0;
  for (const [statut, { count }] of Object.entries(r.statusCodeStats)) {
    if (Number(statut) === opts.statutAttendu) reussies += count;
    else inattendues[statut] = count;
  }
  return {
    connexions: opts.connexions,
    dureeS: r.duration,
    parSeconde: reussies / r.duration,
    reussies,
    inattendues,
    erreurs: r.errors + r.timeouts,
    latenceMs: { moyenne: r.latency.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
  };
}
