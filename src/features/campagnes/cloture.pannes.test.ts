import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection.ts';
import { DELAI_CLOTURE_MS } from './campagne.machine.ts';
import { creerClusterPg, type ClusterPg } from '../../test/cluster-pg.ts';
import { baseDePanne, creerAgents, creerCampagneOuverte, creerCandidatures, lancerServeurDePanne, type ServeurDePanne } from '../../test/pannes.ts';

/**
 * kill -9 of the server (its two processes, VIVIER_PROCESSUS=2) while the closing issues the accusés de réception:
 * once started again, every validated candidature is DEPOSEE with exactly one accusé, one fiche, one I-Prof message
 * and one e-mail queued; nothing issued twice. On a PostgreSQL cluster of the test's own.
 */

const N = 300;
let cluster: ClusterPg;
let database: DatabaseHandle;
let url: string;
const serveurs: ServeurDePanne[] = [];
let campagneId: string;

before(async () => {
  cluster = await creerClusterPg();
  ({ url, database } = await baseDePanne(cluster, 'cloture'));
  const maintenant = Date.now();
  // Closed a while ago: the scheduler deposits them as soon as the server starts, then issues the accusés.
  campagneId = await creerCampagneOuverte(database, { ouverture: new Date(maintenant - 7 * 86400_000), fermeture: new Date(maintenant - DELAI_CLOTURE_MS - 1_000) });
  await creerCandidatures(database, campagneId, await creerAgents(database, N), 'ENREGISTREE', new Date(maintenant - 86400_000));
});

after(async () => {
  try {
    for (const s of serveurs) await s.arreter();
    await database?.close();
  } finally {
    await cluster?.supprimer();
  }
});

async function compter() {
  const r = await sql<{ deposees: number; accuses: number; fiches: number; messages: number; courriels: number; clotures: number }>`
    SELECT
      (SELECT count(*)::int FROM candidature WHERE campagne_id = ${campagneId}::bigint AND statut = 'DEPOSEE') AS deposees,
      (SELECT count(*)::int FROM candidature_document WHERE type = 'ACCUSE_RECEPTION') AS accuses,
      (SELECT count(*)::int FROM candidature_document WHERE type = 'FICHE') AS fiches,
      (SELECT count(*)::int FROM message WHERE document_type = 'ACCUSE_RECEPTION') AS messages,
      (SELECT count(*)::int FROM courriel WHERE cle LIKE 'accuse:%') AS courriels,
      (SELECT count(*)::int FROM candidature_historique WHERE evenement = 'CLORE') AS clotures`.execute(database.db);
  return r.rows[0]!;
}

describe('kill -9 pendant la clôture', () => {
  test('après redémarrage, chaque candidature validée est déposée avec exactement un accusé, une fiche, un message et un courriel', async () => {
    const premier = await lancerServeurDePanne(url, { VIVIER_PROCESSUS: '2' });
    serveurs.push(premier);
    // Killed as soon as the first batch of accusés is committed, before the last one.
    let auMeurtre = await compter();
    const limite = Date.now() + 120_000;
    while (auMeurtre.accuses === 0) {
      assert.ok(Date.now() < limite, `aucun accusé émis en 120 s :\n${premier.sortie().slice(-3000)}`);
      await new Promise((ok) => setTimeout(ok, 10));
      auMeurtre = await compter();
    }
    await premier.tuer();
    const apresMeurtre = await compter();
    assert.equal(apresMeurtre.deposees, N, 'la clôture (une transaction) était faite');
    assert.ok(apresMeurtre.accuses < N, `tué trop tard : ${apresMeurtre.accuses} accusés sur ${N} déjà émis`);
    assert.equal(apresMeurtre.fiches, apresMeurtre.accuses, 'une fiche par accusé, même coupé (une transaction par lot)');
    assert.equal(apresMeurtre.messages, apresMeurtre.accuses);
    assert.equal(apresMeurtre.courriels, apresMeurtre.accuses);

    const second = await lancerServeurDePanne(url, { VIVIER_PROCESSUS: '2' });
    serveurs.push(second);
    let fin = await compter();
    const limite2 = Date.now() + 120_000;
    while (fin.accuses < N) {
      assert.ok(Date.now() < limite2, `rattrapage incomplet : ${fin.accuses} accusés sur ${N}\n${second.sortie().slice(-3000)}`);
      await new Promise((ok) => setTimeout(ok, 200));
      fin = await compter();
    }
    await new Promise((ok) => setTimeout(ok, 1_000)); // nothing more comes
    fin = await compter();
    assert.deepEqual(fin, { deposees: N, accuses: N, fiches: N, messages: N, courriels: N, clotures: N });

    const parCandidature = await sql<{ statut: string; accuses: number; fiches: number; messages: number; courriels: number }>`
      SELECT c.statut,
        (SELECT count(*)::int FROM candidature_document d WHERE d.candidature_id = c.id AND d.type = 'ACCUSE_RECEPTION') AS accuses,
        (SELECT count(*)::int FROM candidature_document d WHERE d.candidature_id = c.id AND d.type = 'FICHE') AS fiches,
        (SELECT count(*)::int FROM message m JOIN candidature_document d ON d.id::text = m.document_id WHERE d.candidature_id = c.id AND m.document_type = 'ACCUSE_RECEPTION') AS messages,
        (SELECT count(*)::int FROM courriel e WHERE e.cle = 'accuse:' || c.id) AS courriels
      FROM candidature c WHERE c.campagne_id = ${campagneId}::bigint`.execute(database.db);
    const ecarts = parCandidature.rows.filter((r) => r.statut !== 'DEPOSEE' || r.accuses !== 1 || r.fiches !== 1 || r.messages !== 1 || r.courriels !== 1);
    assert.deepEqual(ecarts, [], 'chaque candidature : déposée, un accusé, une fiche, un message, un courriel');
    const rattrapes = second.journal().filter((l) => l.msg === 'accusés de réception émis en rattrapage');
    assert.ok(rattrapes.length >= 1, 'le second démarrage a rattrapé les accusés manquants');
    assert.deepEqual(second.journal().filter((l) => l.level >= 50).map((l) => l.msg), []);
    console.log(
      `kill -9 pendant la clôture (2 processus) : ${apresMeurtre.accuses} accusés sur ${N} émis au moment du kill ; après redémarrage ${fin.accuses} accusés, ${fin.fiches} fiches, ${fin.messages} messages, ${fin.courriels} courriels pour ${fin.deposees} candidatures déposées ; aucun en double`,
    );
  });
});
