import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { DatabaseHandle } from '../../db/connection.ts';
import { creerClusterPg, type ClusterPg } from '../../test/cluster-pg.ts';
import { AgentHttp, baseDePanne, creerAgents, lancerServeurDePanne } from '../../test/pannes.ts';

/**
 * Graceful stop: SIGTERM while a request is in flight (held by a lock on the session table): the process stops taking
 * connections, the request in flight finishes with its page, then the process exits 0. On a cluster of the test's own.
 */

let cluster: ClusterPg;
let database: DatabaseHandle;
let url: string;

before(async () => {
  cluster = await creerClusterPg();
  ({ url, database } = await baseDePanne(cluster, 'arret'));
});

after(async () => {
  try {
    await database?.close();
  } finally {
    await cluster?.supprimer();
  }
});

describe('arrêt gracieux', () => {
  test('SIGTERM pendant une requête : elle se termine (200), aucune nouvelle connexion, sortie 0', async () => {
    const [compte] = await creerAgents(database, 1);
    const serveur = await lancerServeurDePanne(url);
    const agent = new AgentHttp(serveur.url);
    await agent.connecter(compte!.identifiant, compte!.motDePasse);
    const verrou = new pg.Client({ connectionString: url });
    await verrou.connect();
    try {
      await verrou.query('BEGIN');
      await verrou.query('LOCK TABLE session IN ACCESS EXCLUSIVE MODE');
      const enVol = agent.requete('/portail');
      // The request is in the server, waiting for the lock.
      for (let i = 0; ; i++) {
        const { rows } = await verrou.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
        if (rows[0].n > 0) break;
        assert.ok(i < 200, 'la requête n’attend pas le verrou');
        await new Promise((ok) => setTimeout(ok, 25));
      }
      const arret = serveur.arreter();
      await new Promise((ok) => setTimeout(ok, 500));
      const nouvelle = await fetch(`${serveur.url}/sante/vivant`, { headers: { connection: 'close' } }).then(
        (r) => `HTTP ${r.status}`,
        (err: Error) => (err.cause as { code?: string } | undefined)?.code ?? err.message,
      );
      assert.notEqual(nouvelle, 'HTTP 200', 'une nouvelle connexion n’est plus servie normalement');
      await verrou.query('ROLLBACK');
      const r = await enVol;
      assert.equal(r.statut, 200, r.corps.slice(0, 300));
      assert.equal(await arret, 0, serveur.sortie().split('\n').filter((l) => !l.includes('"level":30')).join('\n').slice(-3000));
      const msgs = serveur.journal().map((l) => l.msg);
      assert.ok(msgs.includes('arrêt en cours : requêtes en cours terminées, aucune nouvelle') && msgs.includes('arrêté'));
      console.log(`arrêt gracieux : requête en cours servie (${r.statut}) après SIGTERM, nouvelle connexion : ${nouvelle}, sortie 0`);
    } finally {
      await verrou.end();
      await serveur.arreter();
    }
  });
});
