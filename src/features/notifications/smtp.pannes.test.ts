import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection.ts';
import { systemClock } from '../../shared/clock.ts';
import { createCampagneService } from '../campagnes/campagne.service.ts';
import { creerClusterPg, type ClusterPg } from '../../test/cluster-pg.ts';
import { AgentHttp, baseDePanne, creerAgents, lancerServeurDePanne, type AgentDePanne, type ServeurDePanne } from '../../test/pannes.ts';
import { pairSmtp, type PairSmtp } from './test-smtp.ts';

/**
 * The SMTP server down while the scheduler opens a campaign (opening notices) and then publishes another one's table
 * (results), with two server processes on one PostgreSQL (a cluster of the test's own) and a real SMTP peer: the
 * pages are served all along (no 500), the e-mails wait in the outbox with the error noted (no password anywhere),
 * and once the peer is back on the same port each e-mail is received exactly once and marked sent.
 */

const N = 12;
const MOT_DE_PASSE_AGENT = 'Panne-Mot-de-passe-1!';
let cluster: ClusterPg;
let database: DatabaseHandle;
let url: string;
let serveurs: ServeurDePanne[] = [];
let agents: AgentDePanne[];
let pairEteint: PairSmtp;
let pair: PairSmtp | null = null;
let ouvertureId: string;
let publicationId: string;
let depart: number;

const attendre = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

before(async () => {
  cluster = await creerClusterPg();
  ({ url, database } = await baseDePanne(cluster, 'smtp'));
  agents = await creerAgents(database, N, 'SMTP');
  // Hors-classe, 4th échelon: above the vivier-1 threshold (PE: 3rd), so each gets the opening notice of regime A.
  await database.db
    .insertInto('agent_carriere')
    .values(agents.map((a) => ({ agent_id: a.agentId, date_effet: '2015-09-01', grade: 'HC', echelon: 4 })))
    .execute();
  // The SMTP peer: its port and password are those of SMTP_URL; stopped before the servers start, started again later.
  pairEteint = await pairSmtp();
  await pairEteint.fermer();

  depart = Date.now();
  const campagnes = createCampagneService({ db: database.db, clock: systemClock });
  // PE 2019 opens 15 s from now, PE 2020's arrêté table is published 35 s from now: both while the peer is down.
  ouvertureId = await campagnes.creer({ corps: 'PE', annee: 2019, ouverture: new Date(depart + 15_000), fermeture: new Date(depart + 7 * 86400_000), promotions: 5 }, null);
  publicationId = await campagnes.creer({ corps: 'PE', annee: 2020, ouverture: new Date(depart - 90 * 86400_000), fermeture: new Date(depart - 60 * 86400_000), promotions: 5 }, null);
  await database.db
    .updateTable('campagne')
    .set({ statut: 'ARRETEE', publication_le: new Date(depart + 35_000) })
    .where('id', '=', publicationId)
    .execute();
  const tableau = await database.db
    .insertInto('tableau')
    .values({ campagne_id: publicationId, statut: 'ARRETE', version_regles: '2020', parametres: '{}', empreinte_entrees: '0'.repeat(64), nb_lignes: N, arrete_par_compte_id: null, arrete_le: new Date(depart - 86400_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('tableau_ligne')
    .values(agents.map((a, i) => ({ tableau_id: tableau.id, liste: 1 as const, rang: i + 1, agent_id: a.agentId, nom: `NOM${i + 1}`, prenom: `Prénom${i + 1}`, vivier: 1 as const, bareme: 200 - i, palier: null, appreciation: 'EXCELLENT', promu: i < 5 })))
    .execute();

  serveurs = await Promise.all([lancerServeurDePanne(url, { SMTP_URL: pairEteint.url }), lancerServeurDePanne(url, { SMTP_URL: pairEteint.url })]);
});

after(async () => {
  try {
    for (const s of serveurs) await s.arreter();
    await pair?.fermer();
    await database?.close();
  } finally {
    await cluster?.supprimer();
  }
});

type Courriel = { cle: string; destinataire: string; sujet: string; envoye_le: Date | null; tentatives: number; derniere_erreur: string | null };
const courriels = async (): Promise<Courriel[]> =>
  (await sql<Courriel>`SELECT cle, destinataire, sujet, envoye_le, tentatives, derniere_erreur FROM courriel ORDER BY id`.execute(database.db)).rows;
const statut = async (id: string) => (await database.db.selectFrom('campagne').select(['statut', 'publiee_le']).where('id', '=', id).executeTakeFirstOrThrow());
const refusSmtp = (s: ServeurDePanne) => s.journal().filter((l) => l.msg === 'serveur SMTP injoignable : courriels gardés dans la file');

describe('serveur SMTP en panne pendant l’ouverture et la publication, deux processus', () => {
  test('les courriels attendent dans la file, sans erreur 500 ni secret noté, puis partent une fois chacun au retour du serveur', async () => {
    const navigateurs = await Promise.all(
      agents.slice(0, 2).map(async (a, i) => {
        const n = new AgentHttp(serveurs[i]!.url);
        await n.connecter(a.identifiant, MOT_DE_PASSE_AGENT);
        return n;
      }),
    );
    const statuts = new Map<number, number>();
    let requetes = 0;
    const naviguer = async () => {
      for (const [i, n] of navigateurs.entries()) {
        for (const chemin of ['/iprof/messages', '/portail']) {
          // Each page on both processes (the session is in the database).
          for (const s of serveurs) {
            const r = await n.requete(chemin, { url: s.url });
            statuts.set(r.statut, (statuts.get(r.statut) ?? 0) + 1);
            requetes++;
            assert.equal(r.statut, 200, `${chemin} (agent ${i + 1}) : ${r.statut}\n${r.corps.slice(0, 300)}`);
          }
        }
      }
    };

    // Opening, then publication, while the peer is down: pages served meanwhile, e-mails queued, sweeps refused.
    const limite = Date.now() + 120_000;
    for (;;) {
      await naviguer();
      const [o, p] = [await statut(ouvertureId), await statut(publicationId)];
      const file = await courriels();
      const apresPublication = p.publiee_le ? serveurs.flatMap(refusSmtp).filter((l) => Number(l.time) > p.publiee_le!.getTime()) : [];
      if (o.statut === 'OUVERTE' && p.statut === 'PUBLIEE' && file.length === 2 * N && apresPublication.length > 0) break;
      assert.ok(Date.now() < limite, `échéances ou balayages manquants après 120 s : ouverture ${o.statut}, publication ${p.statut}, ${file.length} courriels\n${serveurs.map((s) => s.sortie().slice(-2000)).join('\n---\n')}`);
      await attendre(500);
    }
    const panne = await courriels();
    const ouvertures = panne.filter((c) => c.cle.startsWith(`ouverture:${ouvertureId}:`));
    const resultats = panne.filter((c) => c.cle.startsWith(`publication:${publicationId}:`));
    assert.equal(ouvertures.length, N, 'un avis d’ouverture par agent');
    assert.equal(resultats.length, N, 'un courriel de résultat par agent');
    assert.deepEqual(panne.filter((c) => c.envoye_le !== null), [], 'rien n’est parti pendant la panne');
    assert.deepEqual(panne.filter((c) => c.tentatives !== 0).map((c) => c.cle), [], 'un serveur injoignable ne consomme aucun essai');
    const notees = panne.filter((c) => c.derniere_erreur !== null);
    assert.ok(notees.length >= 1, 'l’erreur est notée sur la file');
    for (const c of notees) {
      assert.match(c.derniere_erreur!, /^Serveur SMTP injoignable : .*ECONNREFUSED/);
      assert.ok(!c.derniere_erreur!.includes(pairEteint.motDePasse) && !c.derniere_erreur!.includes(encodeURIComponent(pairEteint.motDePasse)), 'pas de mot de passe dans l’erreur notée');
    }
    const refus = serveurs.map((s) => refusSmtp(s).length);
    // The messages are in I-Prof whatever the e-mail does.
    const page = await navigateurs[0]!.requete('/iprof/messages');
    assert.match(page.corps, /Ouverture de la campagne/);
    assert.match(page.corps, /Résultat : /);

    // The peer again, on the same port: everything leaves (the next sweep comes within 15 s), once.
    pair = await pairSmtp({ port: pairEteint.port });
    const retour = Date.now();
    const limite2 = Date.now() + 90_000;
    while ((await courriels()).some((c) => c.envoye_le === null)) {
      assert.ok(Date.now() < limite2, `courriels encore en file 90 s après le retour du serveur SMTP\n${serveurs.map((s) => s.sortie().slice(-2000)).join('\n---\n')}`);
      await naviguer();
      await attendre(250);
    }
    const delaiRetour = Date.now() - retour;
    await attendre(3_000); // nothing more comes
    await naviguer();

    const fin = await courriels();
    assert.deepEqual(fin.filter((c) => c.envoye_le === null || c.derniere_erreur !== null || c.tentatives !== 0).map((c) => c.cle), [], 'toute la file marquée envoyée, erreur effacée');
    const parCle = new Map<string, number>();
    for (const r of pair.recus) for (const d of r.enveloppe) parCle.set(`${d} | ${r.courriel.subject}`, (parCle.get(`${d} | ${r.courriel.subject}`) ?? 0) + 1);
    const attendus = fin.map((c) => `${c.destinataire} | ${c.sujet}`);
    assert.equal(new Set(attendus).size, 2 * N);
    assert.deepEqual(
      attendus.filter((k) => parCle.get(k) !== 1).map((k) => `${k} : ${parCle.get(k) ?? 0}`),
      [],
      'chaque courriel reçu exactement une fois',
    );
    assert.equal(pair.recus.length, 2 * N, 'rien d’autre reçu');
    assert.ok(pair.recus.every((r) => /^Ouverture de la campagne : |^Résultat : /.test(r.courriel.subject ?? '')));

    for (const s of serveurs) {
      assert.equal((await fetch(`${s.url}/sante/pret`)).status, 200, 'processus debout');
      assert.deepEqual(s.journal().filter((l) => l.level >= 50).map((l) => l.msg), [], 'aucune erreur journalisée');
      assert.ok(!s.sortie().includes(pairEteint.motDePasse) && !s.sortie().includes(encodeURIComponent(pairEteint.motDePasse)), 'le mot de passe SMTP n’est jamais journalisé');
    }
    const codes = [...statuts].map(([k, v]) => `${v} × ${k}`).join(', ');
    assert.deepEqual([...statuts.keys()], [200]);
    console.log(
      `SMTP en panne (2 processus) : ouverture et publication faites pendant la panne, ${ouvertures.length} avis d’ouverture et ${resultats.length} courriels de résultat en file, ` +
        `${notees.length} erreur(s) notée(s) sans secret, ${refus.join(' + ')} balayages refusés (par processus) ; ${requetes} pages servies (${codes}) ; ` +
        `serveur revenu sur le même port : ${pair.recus.length} courriels reçus en ${(delaiRetour / 1000).toFixed(1)} s, chacun une fois (${parCle.size} couples destinataire/objet)`,
    );
  });
});
