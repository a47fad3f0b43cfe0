import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, creerCompte, type Banc } from '../test/app.ts';
import { ClientDeTest } from '../test/client.ts';
import { POLITIQUE_SESSION } from './session.rules.ts';

/**
 * Session lifetime through real requests, on the fixed clock: renewal on activity, the idle limit, the 12-hour
 * limit, each asserted at its exact instant (1 ms before and at the boundary). The rule's own numbers come from
 * POLITIQUE_SESSION; the instants below spell them out so that a changed policy is seen here too.
 */

let b: Banc;
const T0 = new Date('2026-11-30T08:00:00Z');
const min = 60_000;
const h = 60 * min;
const a = (ms: number) => new Date(T0.getTime() + ms);

before(async () => {
  b = await banc();
  // Counts the rewrites of a session row (the renewal is the only UPDATE of `session`): a rewrite of the same value
  // would not show in the row itself.
  await sql`CREATE TABLE test_ecritures_session (n integer NOT NULL)`.execute(b.database.db);
  await sql`INSERT INTO test_ecritures_session VALUES (0)`.execute(b.database.db);
  await sql`CREATE FUNCTION test_compter_ecriture() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE test_ecritures_session SET n = n + 1; RETURN NEW; END $$`.execute(b.database.db);
  await sql`CREATE TRIGGER test_compter_ecriture BEFORE UPDATE ON session FOR EACH ROW EXECUTE FUNCTION test_compter_ecriture()`.execute(b.database.db);
});
after(async () => {
  await b.fermer();
});
beforeEach(async () => {
  await sql`UPDATE test_ecritures_session SET n = 0`.execute(b.database.db);
});

/** Logs in at `le` (the session's creation and first activity). */
async function connecteA(le: Date) {
  b.clock.set(le);
  const c = await creerCompte(b.database);
  const client = new ClientDeTest(b.app);
  assert.equal((await client.connecter(c.identifiant, c.motDePasse)).statusCode, 303);
  return { c, client };
}

async function getA(client: ClientDeTest, le: Date, url = '/portail') {
  b.clock.set(le);
  return client.get(url);
}

async function ecritures(): Promise<number> {
  const r = await sql<{ n: number }>`SELECT n FROM test_ecritures_session`.execute(b.database.db);
  return r.rows[0]!.n;
}

async function sessionDe(compteId: string) {
  return b.database.db.selectFrom('session').select(['cree_le', 'vue_le']).where('compte_id', '=', compteId).executeTakeFirst();
}

function renvoieVersConnexion(r: { statusCode: number; headers: Record<string, unknown> }) {
  assert.equal(r.statusCode, 303);
  assert.match(String(r.headers.location), /^\/connexion\?retour=%2Fportail&raison=session$/);
}

test('la politique testée ici est celle en vigueur (30 min, 12 h, une écriture par minute au plus)', () => {
  assert.deepEqual(POLITIQUE_SESSION, { inactiviteMs: 30 * min, dureeMaxMs: 12 * h, rafraichissementMs: min });
});

describe('renouvellement par l’activité', () => {
  test('active toutes les 2 minutes, la session tient à 30 min, 1 h, 6 h, 11 h 58 et jusqu’à 12 h moins 1 ms ; elle se ferme exactement à 12 h', async () => {
    const { c, client } = await connecteA(T0);
    const statuts = new Map<number, number>();
    for (let t = 2 * min; t < 12 * h; t += 2 * min) statuts.set(t, (await getA(client, a(t))).statusCode);
    const refusees = [...statuts].filter(([, s]) => s !== 200).map(([t]) => `${t / min} min`);
    assert.deepEqual(refusees, [], 'aucune requête refusée avant 12 h');
    assert.equal(statuts.size, 359);
    for (const jalon of [30 * min, 32 * min, h, 6 * h, 12 * h - 2 * min]) assert.equal(statuts.get(jalon), 200, `à ${jalon / min} min`);
    assert.deepEqual(await sessionDe(c.id), { cree_le: T0, vue_le: a(12 * h - 2 * min) }, 'la dernière activité est celle de 11 h 58');
    assert.equal(await ecritures(), 359, 'une écriture par requête espacée de 2 min');

    assert.equal((await getA(client, a(12 * h - 1))).statusCode, 200, '12 h moins 1 ms : encore connecté');
    renvoieVersConnexion(await getA(client, a(12 * h)));
    assert.equal(await sessionDe(c.id), undefined, 'la session expirée est supprimée');
    renvoieVersConnexion(await getA(client, a(12 * h + 1)));
  });

  test('une activité juste avant la limite d’inactivité repousse cette limite de 30 min à partir de cette activité', async () => {
    const { client } = await connecteA(T0);
    assert.equal((await getA(client, a(30 * min - 1))).statusCode, 200);
    assert.equal((await getA(client, a(60 * min - 2))).statusCode, 200, '30 min moins 1 ms après la dernière activité');
    renvoieVersConnexion(await getA(client, a(90 * min - 2)));
  });
});

describe('inactivité', () => {
  test('sans activité, connecté à 30 min moins 1 ms ; déconnecté à 30 min exactement', async () => {
    const avant = await connecteA(T0);
    const apres = await connecteA(T0);
    assert.equal((await getA(avant.client, a(30 * min - 1))).statusCode, 200);
    renvoieVersConnexion(await getA(apres.client, a(30 * min)));
    assert.equal(await sessionDe(apres.c.id), undefined);
    assert.notEqual(await sessionDe(avant.c.id), undefined);
  });
});

describe('écriture de la dernière activité', () => {
  test('réécrite seulement une minute au moins après la précédente écriture', async () => {
    const { c, client } = await connecteA(T0);
    const vue = async () => (await sessionDe(c.id))?.vue_le.toISOString();
    const pas: Array<[number, string, number]> = [
      // [instant of the request, last-seen instant after it, rewrites so far]
      [30_000, a(0).toISOString(), 0],
      [min - 1, a(0).toISOString(), 0],
      [min, a(min).toISOString(), 1],
      [min + 1, a(min).toISOString(), 1],
      [2 * min - 1, a(min).toISOString(), 1],
      [2 * min, a(2 * min).toISOString(), 2],
      [10 * min, a(10 * min).toISOString(), 3],
    ];
    for (const [t, attendue, n] of pas) {
      assert.equal((await getA(client, a(t))).statusCode, 200);
      assert.equal(await vue(), attendue, `après la requête à ${t} ms`);
      assert.equal(await ecritures(), n, `écritures après la requête à ${t} ms`);
    }
  });

  test('l’inactivité se compte depuis la dernière écriture : une requête non écrite ne repousse pas la limite', async () => {
    const { client } = await connecteA(T0);
    assert.equal((await getA(client, a(min))).statusCode, 200); // written: last seen at 1 min
    assert.equal((await getA(client, a(2 * min - 1))).statusCode, 200); // not written (less than a minute later)
    assert.equal((await getA(client, a(31 * min - 1))).statusCode, 200, '30 min moins 1 ms après l’écriture');
    const autre = await connecteA(T0);
    assert.equal((await getA(autre.client, a(min))).statusCode, 200);
    assert.equal((await getA(autre.client, a(2 * min - 1))).statusCode, 200);
    renvoieVersConnexion(await getA(autre.client, a(31 * min)));
  });
});
