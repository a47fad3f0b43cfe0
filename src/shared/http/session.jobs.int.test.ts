import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../../db/connection.ts';
import { fixedClock } from '../clock.ts';
import { creerCompte } from '../../test/app.ts';
import { databaseDeTest } from '../../test/database.ts';
import { createSessionStore, idSession } from './session.ts';
import { demarrerPurgeSessions, FILE_PURGE_SESSIONS, type PurgeSessions } from './session.jobs.ts';

/** The purge of expired sessions: the store's bounded delete, then the pg-boss job on the app's own pool. */

let database: DatabaseHandle;
let compteId: string;
const clock = fixedClock('2026-11-30T20:00:00Z');
const min = 60_000;
const h = 60 * min;
const ilYA = (ms: number) => new Date(clock.now().getTime() - ms);
const enMarche: PurgeSessions[] = [];
const erreurs: unknown[] = [];
const silencieux = { info() {}, warn() {}, error: (o: unknown) => void erreurs.push(o) };

before(async () => {
  database = await databaseDeTest();
  compteId = (await creerCompte(database)).id;
});
beforeEach(async () => {
  await database.db.deleteFrom('session').execute();
});
afterEach(async () => {
  for (const p of enMarche.splice(0)) await p.arreter();
  assert.deepEqual(erreurs.splice(0), [], 'aucune erreur de pg-boss ni de la purge');
});
after(async () => {
  await database.close();
});

let n = 0;
/** A session row created `creee` ms ago and last seen `vue` ms ago; returns its id. */
async function session(creee: number, vue: number): Promise<string> {
  const id = idSession(`jeton-${++n}`);
  await database.db.insertInto('session').values({ id, compte_id: compteId, jeton_csrf: 'x', cree_le: ilYA(creee), vue_le: ilYA(vue), adresse: null, agent_utilisateur: null }).execute();
  return id;
}

async function restantes(): Promise<string[]> {
  return (await database.db.selectFrom('session').select('id').orderBy('id').execute()).map((r) => r.id);
}

describe('suppression des sessions expirées', () => {
  test('exactement celles que la règle dit expirées, à la milliseconde près', async () => {
    const gardees = [await session(0, 0), await session(12 * h - 1, 0), await session(h, 30 * min - 1)].sort();
    await session(12 * h, 0); // 12 h reached, although active
    await session(12 * h + 1, 0);
    await session(h, 30 * min); // 30 min idle
    await session(h, 45 * min);
    const store = createSessionStore({ db: database.db, clock });
    assert.equal(await store.purgerExpirees(100), 4);
    assert.deepEqual(await restantes(), gardees);
    assert.equal(await store.purgerExpirees(100), 0, 'une seconde purge ne trouve plus rien');
  });

  test('au plus un lot par instruction', async () => {
    for (let i = 0; i < 5; i++) await session(13 * h, 13 * h);
    const store = createSessionStore({ db: database.db, clock });
    assert.deepEqual([await store.purgerExpirees(2), await store.purgerExpirees(2), await store.purgerExpirees(2), await store.purgerExpirees(2)], [2, 2, 1, 0]);
  });
});

describe('tâche pg-boss « purger-sessions »', () => {
  // When each purge really ran (both « servers » are in this process, on one clock). pg-boss's started_on and
  // completed_on are now() of their transactions (their start): a fetch that waited for the previous completion to
  // commit has a started_on before it, without the passes overlapping.
  const purges: { debut: number; fin: number }[] = [];
  function sessionsMesurees() {
    const store = createSessionStore({ db: database.db, clock });
    return {
      purgerExpirees: async (lot: number) => {
        const debut = performance.now();
        try {
          return await store.purgerExpirees(lot);
        } finally {
          purges.push({ debut, fin: performance.now() });
        }
      },
    };
  }

  async function demarrer(o: { lot?: number; lotsParTour?: number; cron?: string | null } = {}) {
    const p = await demarrerPurgeSessions({
      database,
      sessions: sessionsMesurees(),
      log: silencieux,
      intervalleMs: 100,
      cron: o.cron === undefined ? null : o.cron,
      ...(o.lot ? { lot: o.lot } : {}),
      ...(o.lotsParTour ? { lotsParTour: o.lotsParTour } : {}),
    });
    enMarche.push(p);
    return p;
  }

  async function attendreVide(attendues: string[]) {
    for (let i = 0; i < 100 && (await restantes()).length > attendues.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await restantes(), attendues);
  }

  type Execution = { output: { supprimees: number; restantes: boolean }; started_on: Date; completed_on: Date };
  async function executions(): Promise<Execution[]> {
    const r = await database.pool.query(`SELECT output, started_on, completed_on FROM pgboss.job WHERE name = $1 AND state = 'completed' ORDER BY started_on`, [FILE_PURGE_SESSIONS]);
    return r.rows as Execution[];
  }

  test('deux serveurs sur la même base, passes bornées : chaque session expirée est supprimée une fois, les autres restent', async () => {
    const schema = await database.pool.query(`SELECT to_regclass('pgboss.job') IS NOT NULL AS existe`);
    if (schema.rows[0].existe) await database.pool.query(`DELETE FROM pgboss.job WHERE name = $1`, [FILE_PURGE_SESSIONS]);
    const valides = [await session(h, min), await session(2 * h, 0)].sort();
    for (let i = 0; i < 7; i++) await session(13 * h, 13 * h);
    const [a, b] = [await demarrer({ lot: 3, lotsParTour: 1 }), await demarrer({ lot: 3, lotsParTour: 1 })];
    await Promise.all([a.reveiller(), b.reveiller()]);
    await attendreVide(valides);
    await new Promise((r) => setTimeout(r, 300));
    const passes = await executions();
    const faites = passes.map((p) => p.output);
    assert.equal(faites.reduce((s, e) => s + e.supprimees, 0), 7, 'aucune session comptée deux fois');
    assert.ok(faites.every((e) => e.supprimees <= 3), `au plus un lot par passe : ${JSON.stringify(faites)}`);
    assert.deepEqual(faites.filter((e) => e.supprimees === 3).length, 2, 'deux passes pleines (3 + 3), puis le reste');
    assert.ok(purges.length >= passes.length, `purges mesurées : ${purges.length}, passes : ${passes.length}`);
    const parDebut = [...purges].sort((x, y) => x.debut - y.debut);
    for (let i = 1; i < parDebut.length; i++) {
      assert.ok(parDebut[i]!.debut >= parDebut[i - 1]!.fin, `jamais deux passes en même temps, même avec deux serveurs : ${JSON.stringify(parDebut)}`);
    }
  });

  test('planifiée : une seule planification quel que soit le nombre de serveurs, arrêt rapide', async () => {
    await demarrer({ cron: '*/10 * * * *' });
    const p = await demarrer({ cron: '*/10 * * * *' });
    const planifiees = await database.pool.query('SELECT name, cron, timezone FROM pgboss.schedule');
    assert.deepEqual(planifiees.rows, [{ name: FILE_PURGE_SESSIONS, cron: '*/10 * * * *', timezone: 'Europe/Paris' }]);
    const t0 = Date.now();
    await p.arreter();
    assert.ok(Date.now() - t0 < 3000, `arrêt en ${Date.now() - t0} ms`);
  });
});
