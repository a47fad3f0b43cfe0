import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection.ts';
import { creerClusterPg, type ClusterPg } from '../../test/cluster-pg.ts';
import { AgentHttp, baseDePanne, creerAgents, creerCampagneOuverte, creerCandidatures, lancerServeurDePanne, type ServeurDePanne } from '../../test/pannes.ts';

/**
 * PostgreSQL restarted in the middle of a burst of validations and cancellations, under the server in two processes
 * (VIVIER_PROCESSUS=2): the requests of the outage get the 503 page "réessayez" (never a 500, never a hang), agents
 * who retry get through, no candidature is lost, half-written or changed twice, and the same processes serve on
 * (none restarted). On a PostgreSQL cluster of the test's own.
 */

const AGENTS = 40;
const RAFALE_MS = 4_000;
let cluster: ClusterPg;
let database: DatabaseHandle;
let serveur: ServeurDePanne;
let campagneId: string;
let agents: Array<{ http: AgentHttp }> = [];

before(async () => {
  cluster = await creerClusterPg();
  const base = await baseDePanne(cluster, 'rafale');
  database = base.database;
  const maintenant = Date.now();
  campagneId = await creerCampagneOuverte(database, { ouverture: new Date(maintenant - 3600_000), fermeture: new Date(maintenant + 3600_000) });
  const comptes = await creerAgents(database, AGENTS);
  await creerCandidatures(database, campagneId, comptes, 'BROUILLON', new Date(maintenant - 60_000));
  // Behind a proxy, each agent from an address of its own: 40 logins from one address would meet the login limit.
  serveur = await lancerServeurDePanne(base.url, { VIVIER_PROCESSUS: '2', TRUST_PROXY: '1' });
  agents = comptes.map((_, i) => ({ http: new AgentHttp(serveur.url, `10.0.0.${i + 1}`) }));
  for (let i = 0; i < comptes.length; i += 8) await Promise.all(comptes.slice(i, i + 8).map((c, j) => agents[i + j]!.http.connecter(c.identifiant, c.motDePasse)));
});

after(async () => {
  try {
    await serveur?.arreter();
    await database?.close();
  } finally {
    await cluster?.supprimer();
  }
});

/**
 * The pids answering /sante/vivant (the cluster hands connections out in turn: a few calls see both processes). The
 * server is ready once one process answers /sante/pret: on a loaded machine the second may still be starting, so this
 * asks until both have answered (60 s at most) — failed once in CI with one pid before and two after.
 */
async function pidsVivants(): Promise<Set<number>> {
  const pids = new Set<number>();
  const limite = Date.now() + 60_000;
  for (let i = 0; i < 12 || (pids.size < 2 && Date.now() < limite); i++) {
    if (i >= 12) await new Promise((ok) => setTimeout(ok, 100));
    pids.add(((await (await fetch(`${serveur.url}/sante/vivant`, { headers: { connection: 'close' } })).json()) as { pid: number }).pid);
  }
  return pids;
}

describe('PostgreSQL redémarre pendant une rafale de validations', () => {
  test('503 « réessayez » pendant la coupure, rien de perdu, de dédoublé ni d’écrit à moitié, reprise sans redémarrer les processus', async () => {
    const avant = await pidsVivants();
    assert.equal(avant.size, 2, `les deux processus répondent avant la coupure (${[...avant]})`);
    const page = `/iprof/candidater/${campagneId}`;
    const statuts = new Map<string, number>();
    const noter = (k: string) => statuts.set(k, (statuts.get(k) ?? 0) + 1);
    const autres: string[] = [];
    /** Per agent: changes announced (303 validee/annulee) and answers 503 (changed or not: the page says to check). */
    const bilan = agents.map(() => ({ annonces: 0, indisponibles: 0 }));
    let fin = false;

    const rafale = Promise.all(
      agents.map(async (a, i) => {
        let action: 'valider' | 'annuler' = 'valider';
        while (!fin) {
          const r = await a.http.requete(`${page}/${action}`, { champs: {} });
          if (r.statut === 303) {
            const fait = /fait=([a-z-]+)/.exec(r.location ?? '')?.[1] ?? '?';
            noter(`303 ${fait}`);
            if (fait === 'validee' || fait === 'annulee') bilan[i]!.annonces++;
            action = action === 'valider' ? 'annuler' : 'valider';
          } else if (r.statut === 503) {
            noter('503');
            bilan[i]!.indisponibles++;
            if (!/Réessayez dans un instant/.test(r.corps) || r.reessayer !== '5') autres.push(`503 sans la page attendue : ${r.corps.slice(0, 200)}`);
            await new Promise((ok) => setTimeout(ok, 200)); // the user waits a moment, then sends again
          } else {
            noter(String(r.statut));
            autres.push(`${r.statut} ${r.corps.slice(0, 300)}`);
          }
        }
      }),
    );
    await new Promise((ok) => setTimeout(ok, 800));
    await cluster.redemarrer('fast');
    await new Promise((ok) => setTimeout(ok, RAFALE_MS));
    fin = true;
    await rafale;
    // Each agent ends by validating, retrying until it gets through (as an agent would).
    for (const [i, a] of agents.entries()) {
      for (let essai = 0; ; essai++) {
        const r = await a.http.requete(`${page}/valider`, { champs: {} });
        if (r.statut === 303) {
          if (/fait=validee/.test(r.location ?? '')) bilan[i]!.annonces++;
          break;
        }
        assert.ok(essai < 50 && r.statut === 503, `validation finale : ${r.statut}`);
        await new Promise((ok) => setTimeout(ok, 200));
      }
    }

    assert.deepEqual(autres, [], 'que des 303 et des 503 « réessayez »');
    assert.ok((statuts.get('503') ?? 0) > 0, 'la coupure a bien touché des requêtes');

    const candidatures = await database.db.selectFrom('candidature').select(['id', 'agent_id', 'statut', 'validee_le', 'modifie_le']).where('campagne_id', '=', campagneId).orderBy('agent_id').execute();
    assert.equal(candidatures.length, AGENTS);
    const historiques = await sql<{ candidature_id: string; de: string | null; vers: string; evenement: string; le: Date }>`
      SELECT candidature_id, de, vers, evenement, le FROM candidature_historique ORDER BY id`.execute(database.db);
    let changements = 0;
    let ambigus = 0;
    for (const [i, c] of candidatures.entries()) {
      const h = historiques.rows.filter((x) => x.candidature_id === c.id);
      assert.equal(c.statut, 'ENREGISTREE', `candidature ${c.agent_id}`);
      assert.ok(c.validee_le, `candidature ${c.agent_id} validée sans date`);
      // A chain: each change starts where the previous left it, the last one is the stored state, written together.
      let etat: string | null = null;
      for (const x of h) {
        assert.equal(x.de, etat, `historique de ${c.agent_id} : ${h.map((y) => `${y.de}→${y.vers}`).join(' ')}`);
        etat = x.vers;
      }
      assert.equal(etat, c.statut);
      assert.equal(h.at(-1)!.le.getTime(), c.modifie_le.getTime(), 'la ligne et son dernier historique écrits ensemble');
      const faits = h.length - 1; // CREER
      const b = bilan[i]!;
      // Every announced change is there; beyond them, only changes whose answer was a 503 (committed as the base went).
      assert.ok(faits >= b.annonces && faits <= b.annonces + b.indisponibles, `${c.agent_id} : ${faits} changements, ${b.annonces} annoncés, ${b.indisponibles} réponses 503`);
      changements += faits;
      ambigus += faits - b.annonces;
    }
    const apres = await pidsVivants();
    assert.ok([...apres].every((p) => avant.has(p)), `mêmes processus avant (${[...avant]}) et après (${[...apres]})`);
    const journal = serveur.journal();
    assert.deepEqual(journal.filter((l) => l.msg === 'un processus de Vivier s’est arrêté de lui-même : relancé'), []);
    assert.deepEqual(journal.filter((l) => l.level >= 50).map((l) => l.msg), [], 'aucune erreur journalisée : la coupure est un avertissement');
    const vus = [...statuts].sort().map(([k, n]) => `${k} × ${n}`).join(', ');
    console.log(`PostgreSQL redémarré pendant la rafale (${AGENTS} agents, 2 processus) : ${vus} ; ${changements} changements en base, dont ${ambigus} faits juste avant la coupure sans réponse 303 ; ${AGENTS} candidatures validées au final ; processus ${[...avant].join(', ')} toujours là`);
  });
});
