import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../../db/connection.ts';
import { systemClock } from '../../shared/clock.ts';
import { databaseDeTest } from '../../test/database.ts';
import { demarrerEnvoiCourriels, FILE_COURRIELS, type EnvoiCourriels } from './courriels.jobs.ts';
import { createEnvoiService } from './envoi.service.ts';
import { messagerSmtp, type Messager } from './smtp.ts';
import { ecrireAccuse, ecrireCourriel } from './test-courriels.ts';
import { pairSmtp, type PairSmtp } from './test-smtp.ts';

/** The pg-boss job on the app's own pool (PGlite's single connection by default, PostgreSQL with VIVIER_TEST_PG). */

let database: DatabaseHandle;
let pair: PairSmtp;
const enMarche: Array<{ envoi: EnvoiCourriels; messager: Messager }> = [];
const erreurs: unknown[] = [];
const silencieux = { info() {}, warn() {}, error: (o: unknown) => void erreurs.push(o) };

async function demarrer(o: { cron?: string | null } = {}) {
  const messager = messagerSmtp(pair.url, { ignoreTLS: true });
  const envoi = await demarrerEnvoiCourriels({
    database,
    envoi: createEnvoiService({ db: database.db, clock: systemClock, messager, expediteur: 'Vivier <ne-pas-repondre@vivier.invalid>' }),
    log: silencieux,
    intervalleMs: 100,
    cron: o.cron === undefined ? null : o.cron,
  });
  enMarche.push({ envoi, messager });
  return envoi;
}

before(async () => {
  database = await databaseDeTest();
  pair = await pairSmtp();
});
beforeEach(async () => {
  await database.db.deleteFrom('courriel').execute();
  pair.recus.length = 0;
});
afterEach(async () => {
  for (const { envoi, messager } of enMarche.splice(0)) {
    await envoi.arreter();
    messager.fermer();
  }
  assert.deepEqual(erreurs.splice(0), [], 'aucune erreur de pg-boss ni de la file');
});
after(async () => {
  await pair.fermer();
  await database.close();
});

describe('tâche pg-boss « envoyer-courriels »', () => {
  test('au démarrage, la file en attente part (rattrapage), pièce jointe comprise', async () => {
    const accuseId = await ecrireAccuse(database.db, 'CE2027-000007', Buffer.from('%PDF-1.7 accusé'));
    await ecrireCourriel(database.db, { sujet: 'Accusé de réception de votre candidature CE2027-000007', accuseId });
    await ecrireCourriel(database.db, { sujet: 'Campagne ouverte' });
    await demarrer();
    await pair.attendre(2);
    assert.deepEqual(pair.recus.map((r) => r.courriel.subject).sort(), ['Accusé de réception de votre candidature CE2027-000007', 'Campagne ouverte']);
    assert.equal(pair.recus.find((r) => r.courriel.attachments.length === 1)?.courriel.attachments[0]?.filename, 'accuse-reception-CE2027-000007.pdf');
  });

  test('réveillée après un commit, elle envoie ce qui vient d’être écrit ; un réveil en trop ne renvoie rien', async () => {
    const envoi = await demarrer();
    await ecrireCourriel(database.db, { sujet: 'Après commit' });
    await envoi.reveiller();
    await envoi.reveiller();
    await pair.attendre(1);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(pair.recus.map((r) => r.courriel.subject), ['Après commit']);
    const { n } = await database.db.selectFrom('courriel').select((eb) => eb.fn.countAll<string>().as('n')).where('envoye_le', 'is', null).executeTakeFirstOrThrow();
    assert.equal(Number(n), 0);
  });

  test('deux serveurs sur la même base : chaque courriel part une fois', async () => {
    for (let i = 0; i < 30; i++) await ecrireCourriel(database.db, { sujet: `Avis ${i}` });
    const [a, b] = [await demarrer(), await demarrer()];
    await Promise.all([a.reveiller(), b.reveiller()]);
    await pair.attendre(30);
    await new Promise((r) => setTimeout(r, 500));
    const sujets = pair.recus.map((r) => r.courriel.subject);
    assert.equal(sujets.length, 30);
    assert.equal(new Set(sujets).size, 30);
  });

  test('avec le balayage planifié (cron), l’arrêt est rapide et ne laisse rien tourner', async () => {
    const envoi = await demarrer({ cron: '* * * * *' });
    await ecrireCourriel(database.db, { sujet: 'Planifié' });
    await envoi.reveiller();
    await pair.attendre(1);
    const t0 = Date.now();
    await envoi.arreter();
    assert.ok(Date.now() - t0 < 3000, `arrêt en ${Date.now() - t0} ms`);
    const planifiees = await database.pool.query('SELECT name FROM pgboss.schedule');
    assert.deepEqual(planifiees.rows.map((r: { name: string }) => r.name), [FILE_COURRIELS]);
  });
});
