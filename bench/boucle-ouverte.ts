/**
 * Open-loop load (issue 15, « Load as users bring it »): agents arrive at a fixed rate whatever the latency, each one
 * logging in, opening its candidature and validating it, then reading the confirmation. A closed loop (autocannon's
 * connections) slows its arrivals when the server slows: it hides the queue that real users build. Here arrival k is
 * due at t0 + k / rate; a generator late by more than a few ms says so (`retardMs`).
 *
 * The journey of one agent (five requests; each is timed apart):
 *   connexion     POST /connexion (double-submit CSRF, as a browser)            → 303 and a session cookie
 *   page          GET /iprof/candidater/:id (the session's CSRF token)          → 200
 *   commencer     POST …/commencer (opens the candidature, BROUILLON)           → 303 ?fait=commencee
 *   valider       POST …/valider                                               → 303 ?fait=validee
 *   confirmation  GET the page it leads to                                     → 200 « bien été enregistrée »
 * Requests go to the application's processes in turn (round robin by request, as a load balancer without stickiness):
 * a session opened on one process is used on the other.
 *
 * A bounded generator: at most `maxEnVol` journeys in flight; an arrival beyond it is not started and counted as an
 * error (« abandonnée »): the server is saturated, and the queue would otherwise grow without bound.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { latences, type Latences } from './statistiques.ts';

export const ETAPES = ['connexion', 'page', 'commencer', 'valider', 'confirmation'] as const;
export type Etape = (typeof ETAPES)[number];

export type ResultatBoucleOuverte = {
  taux: number;
  dureeS: number;
  processus: number;
  arrivees: number;
  /** Journeys whose five requests all answered as expected. */
  reussis: number;
  abandonnees: number;
  /** Failures by step and kind (status, timeout, network error). */
  erreurs: Record<string, number>;
  parEtape: Record<Etape, Latences>;
  /** From the arrival's due time to the confirmation read. */
  parcours: Latences;
  /** Lateness of the generator: start of a journey after its due time. */
  retardMs: Latences;
  /** Journeys completed per second over the arrival window. */
  debit: number;
  maxEnVol: number;
  /** Agents whose POST valider answered 303 ?fait=validee (for the database check). */
  validesAgents: string[];
  /** Agents whose journey started (some may have stopped midway). */
  commencesAgents: string[];
};

type Reponse = { statut: number; location: string | undefined; cookies: string[]; corps: string };

const DELAI_MS = 10_000;

function requete(agent: http.Agent, base: URL, chemin: string, init: { method?: 'GET' | 'POST'; cookie: string; corps?: string; adresse?: string }): Promise<Reponse> {
  return new Promise((resolve, reject) => {
    const corps = init.corps === undefined ? undefined : Buffer.from(init.corps);
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path: chemin,
        method: init.method ?? 'GET',
        headers: {
          cookie: init.cookie,
          ...(init.adresse ? { 'x-forwarded-for': init.adresse } : {}),
          ...(corps ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(corps.length) } : {}),
        },
        timeout: DELAI_MS,
      },
      (res) => {
        const morceaux: Buffer[] = [];
        res.on('data', (m: Buffer) => morceaux.push(m));
        res.on('end', () =>
          resolve({
            statut: res.statusCode ?? 0,
            location: res.headers.location,
            cookies: res.headers['set-cookie'] ?? [],
            corps: Buffer.concat(morceaux).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('délai dépassé')));
    req.on('error', reject);
    req.end(corps);
  });
}

class Echec extends Error {
  constructor(readonly etape: Etape, readonly motif: string) {
    super(`${etape} : ${motif}`);
  }
}

/**
 * One open-loop run: `taux` arrivals per second for `dureeS` seconds, agent k taking `comptes[k]`, against the
 * processes at `urls` (loopback only), on campaign `campagneId`.
 */
export async function boucleOuverte(opts: {
  urls: readonly string[];
  campagneId: string;
  comptes: ReadonlyArray<{ identifiant: string; agentId: string; motDePasse: string }>;
  taux: number;
  dureeS: number;
  maxEnVol?: number;
  /**
   * The address each agent comes from, added by a load balancer as X-Forwarded-For (the server trusts it: TRUST_PROXY),
   * on every request of its journey: the per-address login limit counts each agent apart, as in production.
   * Absent: no header (every agent is the bench's loopback address).
   */
  adresseDe?: (k: number) => string;
  /** The cookies' names (secure cookies in production: `__Host-vivier_session`, `__Host-vivier_csrf`). */
  cookies?: { session: string; csrf: string };
}): Promise<ResultatBoucleOuverte> {
  const noms = opts.cookies ?? { session: 'vivier_session', csrf: 'vivier_csrf' };
  const bases = opts.urls.map((u) => new URL(u));
  for (const b of bases) if (!b.hostname.startsWith('127.')) throw new Error(`Le banc ne vise que la boucle locale : ${b}`);
  const total = Math.round(opts.taux * opts.dureeS);
  if (opts.comptes.length < total) throw new Error(`boucle ouverte : ${total} arrivées, ${opts.comptes.length} comptes`);
  const maxEnVol = opts.maxEnVol ?? 2000;
  const agents = bases.map(() => new http.Agent({ keepAlive: true, maxSockets: 1024 }));
  let tour = 0;
  /** The next process, in turn. */
  const envoyerA = (chemin: string, init: Parameters<typeof requete>[3]) => {
    const i = tour++ % bases.length;
    return requete(agents[i]!, bases[i]!, chemin, init);
  };
  const mesures = Object.fromEntries(ETAPES.map((e) => [e, [] as number[]])) as Record<Etape, number[]>;
  const erreurs: Record<string, number> = {};
  const parcours: number[] = [];
  const retards: number[] = [];
  const valides: string[] = [];
  const commences: string[] = [];
  let enVol = 0;
  let pic = 0;
  let abandonnees = 0;
  const page = `/iprof/candidater/${opts.campagneId}`;

  const etape = async (nom: Etape, f: () => Promise<Reponse>, attendu: (r: Reponse) => string | null): Promise<Reponse> => {
    const t = performance.now();
    let r: Reponse;
    try {
      r = await f();
    } catch (err) {
      throw new Echec(nom, err instanceof Error ? err.message : String(err));
    }
    mesures[nom].push(performance.now() - t);
    const defaut = attendu(r);
    if (defaut) throw new Echec(nom, defaut);
    return r;
  };

  async function parcourir(compte: (typeof opts.comptes)[number], du: number, k: number): Promise<void> {
    const adresse = opts.adresseDe?.(k);
    const envoyer = (chemin: string, init: Parameters<typeof requete>[3]) => envoyerA(chemin, adresse ? { ...init, adresse } : init);
    const csrfAnonyme = crypto.randomBytes(32).toString('base64url');
    const connexion = await etape(
      'connexion',
      () =>
        envoyer('/connexion', {
          method: 'POST',
          cookie: `${noms.csrf}=${csrfAnonyme}`,
          corps: new URLSearchParams({ _csrf: csrfAnonyme, identifiant: compte.identifiant, mot_de_passe: compte.motDePasse }).toString(),
        }),
      (r) => (r.statut === 303 && r.cookies.some((c) => c.startsWith(`${noms.session}=`)) ? null : `statut ${r.statut}`),
    );
    const cookie = connexion.cookies.find((c) => c.startsWith(`${noms.session}=`))!.split(';')[0]!;
    const p = await etape('page', () => envoyer(page, { cookie }), (r) => (r.statut === 200 && /name="_csrf" value="/.test(r.corps) ? null : `statut ${r.statut}`));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(p.corps)![1]!;
    const corps = `_csrf=${encodeURIComponent(csrf)}`;
    await etape('commencer', () => envoyer(`${page}/commencer`, { method: 'POST', cookie, corps }), (r) => (r.statut === 303 && (r.location ?? '').includes('fait=commencee') ? null : `statut ${r.statut} ${r.location ?? ''}`));
    const v = await etape('valider', () => envoyer(`${page}/valider`, { method: 'POST', cookie, corps }), (r) => (r.statut === 303 && (r.location ?? '').includes('fait=validee') ? null : `statut ${r.statut} ${r.location ?? ''}`));
    valides.push(compte.agentId);
    await etape('confirmation', () => envoyer(v.location!, { cookie }), (r) => (r.statut === 200 && r.corps.includes('bien été enregistrée') ? null : `statut ${r.statut}`));
    parcours.push(performance.now() - du);
  }

  const enCours = new Set<Promise<void>>();
  const t0 = performance.now();
  let lance = 0;
  while (lance < total) {
    const dues = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * opts.taux) + 1);
    while (lance < dues) {
      const k = lance++;
      const du = t0 + (k / opts.taux) * 1000;
      if (enVol >= maxEnVol) {
        abandonnees++;
        continue;
      }
      retards.push(performance.now() - du);
      enVol++;
      pic = Math.max(pic, enVol);
      commences.push(opts.comptes[k]!.agentId);
      const p: Promise<void> = parcourir(opts.comptes[k]!, du, k)
        .catch((err: unknown) => {
          const cle = err instanceof Echec ? `${err.etape} : ${err.motif.slice(0, 60)}` : `? : ${String(err).slice(0, 60)}`;
          erreurs[cle] = (erreurs[cle] ?? 0) + 1;
        })
        .finally(() => {
          enVol--;
          enCours.delete(p);
        });
      enCours.add(p);
    }
    // The next arrival's due time (or 1 ms): setTimeout's granularity is about a millisecond.
    const prochaine = t0 + (lance / opts.taux) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(5, prochaine - performance.now()))));
  }
  const finArrivees = performance.now();
  await Promise.all([...enCours]);
  for (const a of agents) a.destroy();
  if (abandonnees > 0) erreurs['abandonnée (générateur saturé)'] = abandonnees;
  const dureeS = (finArrivees - t0) / 1000;
  return {
    taux: opts.taux,
    dureeS,
    processus: bases.length,
    arrivees: total,
    reussis: parcours.length,
    abandonnees,
    erreurs,
    parEtape: Object.fromEntries(ETAPES.map((e) => [e, latences(mesures[e])])) as Record<Etape, Latences>,
    parcours: latences(parcours),
    retardMs: latences(retards),
    debit: parcours.length / Math.max(dureeS, (performance.now() - t0) / 1000),
    maxEnVol: pic,
    validesAgents: valides,
    commencesAgents: commences,
  };
}
