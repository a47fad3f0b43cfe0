import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../../db/connection.ts';
import { creerClusterPg, type ClusterPg } from '../../test/cluster-pg.ts';
import { AgentHttp, baseDePanne, creerAgents, creerCampagneOuverte, creerCandidatures, lancerServeurDePanne, type ServeurDePanne } from '../../test/pannes.ts';

/**
 * 50 validations and cancellations of one agent's candidature, all at once, sent to two server processes on the same
 * PostgreSQL (a cluster of the test's own): each request is answered (303), the final state is the last change
 * applied, and the history tells every change, in order, each starting where the previous one ended.
 */

const N = 50;
let cluster: ClusterPg;
let database: DatabaseHandle;
let serveurs: ServeurDePanne[] = [];
let campagneId: string;

before(async () => {
  cluster = await creerClusterPg();
  const base = await baseDePanne(cluster, 'concurrence');
  database = base.database;
  const maintenant = Date.now();
  campagneId = await creerCampagneOuverte(database, { ouverture: new Date(maintenant - 3600_000), fermeture: new Date(maintenant + 3600_000) });
  const agents = await creerAgents(database, 1);
  await creerCandidatures(database, campagneId, agents, 'ENREGISTREE', new Date(maintenant - 60_000));
  serveurs = await Promise.all([lancerServeurDePanne(base.url), lancerServeurDePanne(base.url)]);
});

after(async () => {
  try {
    for (const s of serveurs) await s.arreter();
    await database?.close();
  } finally {
    await cluster?.supprimer();
  }
});

describe('un agent, deux processus, 50 validations et annulations simultanées', () => {
  test('chaque requête est servie, l’état final est le dernier changement, l’historique les dit tous dans l’ordre', async () => {
    const agent = (await database.db.selectFrom('compte').select(['identifiant']).where('agent_id', 'is not', null).executeTakeFirstOrThrow()).identifiant;
    const navigateur = new AgentHttp(serveurs[0]!.url);
    await navigateur.connecter(agent, 'Panne-Mot-de-passe-1!');
    const page = `/iprof/candidater/${campagneId}`;
    assert.equal((await navigateur.requete(page, { url: serveurs[1]!.url })).statut, 200, 'la session ouverte sur un processus vaut sur l’autre');

    // A fixed, mixed order of actions (no randomness: the same test every time), half to each process.
    const actions = Array.from({ length: N }, (_, i) => ((i * 7) % 5 < 3 ? 'valider' : 'annuler'));
    const reponses = await Promise.all(actions.map((a, i) => navigateur.requete(`${page}/${a}`, { url: serveurs[i % 2]!.url, champs: {} })));

    const faits = reponses.map((r) => (r.statut === 303 ? /fait=([a-z-]+)/.exec(r.location ?? '')?.[1] ?? `303 ${r.location}` : `${r.statut}`));
    const compte = (f: string) => faits.filter((x) => x === f).length;
    assert.deepEqual(
      faits.filter((f) => !['validee', 'deja-validee', 'annulee', 'deja-annulee'].includes(f)),
      [],
      'chaque requête est une validation ou une annulation faite, ou déjà faite (303)',
    );

    const c = await database.db.selectFrom('candidature').select(['id', 'statut', 'validee_le']).where('campagne_id', '=', campagneId).executeTakeFirstOrThrow();
    const historique = await database.db.selectFrom('candidature_historique').select(['de', 'vers', 'evenement']).where('candidature_id', '=', c.id).orderBy('id').execute();
    const changements = historique.slice(2); // CREER, then the validation the test started from
    assert.deepEqual(historique.slice(0, 2).map((h) => h.evenement), ['CREER', 'VALIDER']);
    assert.equal(changements.length, compte('validee') + compte('annulee'), 'une ligne d’historique par changement annoncé, pas une de plus');
    let etat = 'ENREGISTREE';
    for (const h of changements) {
      assert.equal(h.de, etat, 'chaque changement part de l’état où le précédent a laissé la candidature');
      assert.equal(h.evenement, etat === 'ENREGISTREE' ? 'ANNULER' : 'VALIDER');
      etat = h.vers;
    }
    assert.equal(c.statut, etat, 'l’état final est celui du dernier changement');
    assert.ok(c.validee_le !== null);
    const erreurs = serveurs.flatMap((s) => s.journal().filter((l) => l.level >= 50));
    assert.deepEqual(erreurs, [], 'aucune erreur journalisée');
    console.log(
      `${N} requêtes sur 2 processus : ${compte('validee')} validations et ${compte('annulee')} annulations faites, ${compte('deja-validee')} « déjà validée », ${compte('deja-annulee')} « déjà annulée » ; ${changements.length} lignes d’historique ; état final ${c.statut}`,
    );
  });
});
