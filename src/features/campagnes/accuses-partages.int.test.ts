import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection.ts';
import { fixedClock, type Clock } from '../../shared/clock.ts';
import { databaseDeTest } from '../../test/database.ts';
import { seedCatalogue, seedDemo } from '../../demo/seed.ts';
import { creerPoolAccuses, type PoolAccuses } from '../documents/lot.ts';
import { createDocumentsService } from './documents.service.ts';

/**
 * The accusés of a closing issued by several processes at once (each server process runs the catch-up of every closed
 * campaign): the batches are shared, not duplicated. Two documents services on one database (PGlite, or PostgreSQL
 * with VIVIER_TEST_PG: then on connections of their own) count their renderings: each accusé rendered once, none
 * missing; a batch claimed by a process that died waits for the end of its lease, one still rendering keeps it.
 */

let database: DatabaseHandle;
/** The worker threads that render, as in the server: the main thread stays free (the leases' renewals run on time). */
let threads: PoolAccuses;
before(async () => {
  threads = creerPoolAccuses({ taille: 2 });
  database = await databaseDeTest();
  await seedCatalogue(database.db, { avecExternes: false });
  await seedDemo(database.db, fixedClock('2026-11-30T09:00:00Z'));
});
after(async () => {
  await threads.fermer();
  await database.close();
});

/** A closed PE campaign of `annee` where every agent's candidature is deposited; its candidatures' ids. */
async function campagneClose(annee: number): Promise<{ id: string; candidatures: string[] }> {
  const { id } = await database.db
    .insertInto('campagne')
    .values({ corps: 'PE', annee, regime: 'A', ouverture: new Date('2026-12-01T08:00:00Z'), fermeture: new Date('2026-12-15T16:00:00Z'), promotions: 5, parametres: '{}', statut: 'CLOSE', cree_par_compte_id: null, cree_le: new Date('2026-11-30T09:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`INSERT INTO candidature (campagne_id, agent_id, statut, cree_le, modifie_le, validee_le, reference)
    SELECT ${id}::bigint, agent_id, 'DEPOSEE', now(), now(), TIMESTAMPTZ '2026-12-03T10:00:00Z', 'CE-${sql.raw(String(annee))}-' || agent_id FROM agent`.execute(database.db);
  const candidatures = (await database.db.selectFrom('candidature').select('id').where('campagne_id', '=', id).orderBy('id').execute()).map((c) => c.id);
  return { id, candidatures };
}

/** The rendering threads, counting what they render for one service (by reference). */
function poolCompteur(rendus: Map<string, number>): PoolAccuses {
  return {
    ...threads,
    async deposer(d) {
      rendus.set(d.reference, (rendus.get(d.reference) ?? 0) + 1);
      return threads.deposer(d);
    },
    fermer: async () => {},
  };
}

async function accusesDe(campagneId: string): Promise<Map<string, number>> {
  const r = await sql<{ candidature_id: string; n: number }>`SELECT d.candidature_id::text, count(*)::int AS n FROM candidature_document d
    JOIN candidature c ON c.id = d.candidature_id WHERE c.campagne_id = ${campagneId}::bigint AND d.type = 'ACCUSE_RECEPTION' GROUP BY 1`.execute(database.db);
  return new Map(r.rows.map((x) => [x.candidature_id, x.n]));
}

const service = (clock: Clock, rendus: Map<string, number>) => createDocumentsService({ db: database.db, clock, pool: poolCompteur(rendus), tailleLot: 3 });

describe('accusés de réception émis par deux processus en même temps', () => {
  test('les lots sont partagés : chaque accusé rendu une fois, aucun manquant, les deux ont travaillé', async () => {
    const { id, candidatures } = await campagneClose(2019);
    assert.ok(candidatures.length >= 12, `${candidatures.length} candidatures`);
    const clock = fixedClock('2026-12-15T16:00:30Z');
    const [rendusA, rendusB] = [new Map<string, number>(), new Map<string, number>()];
    const [a, b] = await Promise.all([service(clock, rendusA).emettreAccuses(id), service(clock, rendusB).emettreAccuses(id)]);

    assert.equal(a + b, candidatures.length, 'chaque accusé émis par l’un ou l’autre');
    assert.ok(a > 0 && b > 0, `les deux ont émis (${a} et ${b})`);
    const rendus = new Map<string, number>();
    for (const m of [rendusA, rendusB]) for (const [k, v] of m) rendus.set(k, (rendus.get(k) ?? 0) + v);
    assert.deepEqual([...rendus.values()].filter((n) => n !== 1), [], 'aucun accusé rendu deux fois');
    assert.equal(rendus.size, candidatures.length, 'chaque candidature rendue');
    const emis = await accusesDe(id);
    assert.deepEqual(candidatures.filter((c) => emis.get(c) !== 1), [], 'un accusé par candidature, aucun manquant');
    assert.deepEqual([await service(clock, rendusA).emettreAccuses(id), await service(clock, rendusB).emettreAccuses(id)], [0, 0]);
    console.log(`${database.kind} : ${candidatures.length} accusés, ${rendusA.size} rendus par le premier service et ${rendusB.size} par le second, aucun en double`);
  });

  test('un lot réservé par un processus disparu attend la fin de son bail, puis est émis par un autre', async () => {
    const { id, candidatures } = await campagneClose(2020);
    const clock = fixedClock('2026-12-15T16:00:30Z');
    // A process killed while rendering these three: their lease runs 30 s more.
    const reserves = candidatures.slice(0, 3);
    await database.db.updateTable('candidature').set({ accuse_bail_jusqua: new Date('2026-12-15T16:01:00Z') }).where('id', 'in', reserves).execute();
    const rendus = new Map<string, number>();
    assert.equal(await service(clock, rendus).emettreAccuses(id), candidatures.length - 3, 'les autres sont émis, pas ceux-là');
    const avant = await accusesDe(id);
    assert.deepEqual(reserves.filter((c) => avant.has(c)), [], 'les réservés attendent');
    clock.set('2026-12-15T16:00:59Z');
    assert.equal(await service(clock, rendus).emettreAccuses(id), 0, 'pas avant la fin du bail');
    clock.set('2026-12-15T16:01:00Z');
    assert.equal(await service(clock, rendus).emettreAccuses(id), 3, 'repris à la fin du bail');
    assert.deepEqual([...rendus.values()].filter((n) => n !== 1), []);
    const emis = await accusesDe(id);
    assert.deepEqual(candidatures.filter((c) => emis.get(c) !== 1), []);
  });

  test('un rendu plus long que le bail garde son lot : le bail est renouvelé tant qu’il dure', async () => {
    const { id, candidatures } = await campagneClose(2021);
    const clock = fixedClock('2026-12-15T16:00:30Z');
    const [rendusA, rendusB] = [new Map<string, number>(), new Map<string, number>()];
    // A's rendering waits for the test's signal: it lasts as long as the test says, whatever the machine's load.
    let ouvrir!: () => void;
    const porte = new Promise<void>((ok) => (ouvrir = ok));
    const retenu: PoolAccuses = {
      ...poolCompteur(rendusA),
      async deposer(d) {
        rendusA.set(d.reference, (rendusA.get(d.reference) ?? 0) + 1);
        await porte;
        return threads.deposer(d);
      },
    };
    const lent = createDocumentsService({ db: database.db, clock, tailleLot: 3, bailMs: 300, pool: retenu });
    const enCours = lent.emettreAccuses(id, 1);
    const attendre = async (condition: () => Promise<boolean> | boolean, quoi: string) => {
      const limite = Date.now() + 30_000;
      while (!(await condition())) {
        assert.ok(Date.now() < limite, quoi);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    };
    await attendre(() => rendusA.size === 3, 'A rend son premier lot');
    // Ten minutes later by the clock: A's first lease (300 ms) is long over, unless A renewed it meanwhile.
    clock.set('2026-12-15T16:10:30Z');
    const lot = candidatures.slice(0, 3);
    await attendre(async () => {
      const baux = await database.db.selectFrom('candidature').select('accuse_bail_jusqua').where('id', 'in', lot).execute();
      return baux.every((b) => b.accuse_bail_jusqua !== null && b.accuse_bail_jusqua > clock.now());
    }, 'le bail du lot de A est renouvelé');
    const b = await service(clock, rendusB).emettreAccuses(id);
    ouvrir();
    const a = await enCours;
    assert.deepEqual([a, b], [3, candidatures.length - 3], 'A émet son lot, B tout le reste');
    assert.deepEqual([...rendusA.keys()].filter((k) => rendusB.has(k)), [], 'B n’a rien rendu de ce que A rendait');
    const emis = await accusesDe(id);
    assert.deepEqual(candidatures.filter((c) => emis.get(c) !== 1), []);
  });
});
