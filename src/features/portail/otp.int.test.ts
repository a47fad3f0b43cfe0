import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../shared/test/app.ts';
import { ClientDeTest } from '../../shared/test/client.ts';
import { createOtpService } from './otp.service.ts';
import { genererCode } from './totp.ts';

/** Activation of a security key by its holder: the activation code is under the login's lockout rules. */

let b: Banc;
before(async () => {
  b = await banc();
});
after(async () => {
  await b.fermer();
});

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const min = 60_000;

/** A 6-digit code accepted neither now nor one step before or after. */
function codeFaux(): string {
  const valides = [-30_000, 0, 30_000].map((d) => genererCode(SECRET, new Date(b.clock.now().getTime() + d)));
  return ['000000', '111111', '222222', '333333'].find((c) => !valides.includes(c))!;
}

/** A logged-in holder of an issued (not yet activated) key, on the activation page. */
async function titulaire() {
  b.clock.set('2026-11-30T09:00:00Z');
  const c = await creerCompte(b.database);
  await b.database.db.insertInto('cle_otp').values({ compte_id: c.id, secret_base32: SECRET, statut: 'EMISE', pin_hash: null, dernier_pas: 0, emise_le: b.clock.now(), activee_le: null }).execute();
  const client = new ClientDeTest(b.app);
  await client.connecter(c.identifiant, c.motDePasse);
  await client.get('/portail/cle-otp');
  const activer = (code: string) => client.post('/portail/cle-otp', { code, pin: '4321', pin_confirmation: '4321' });
  return { c, client, activer };
}

async function cle(compteId: string) {
  return b.database.db.selectFrom('cle_otp').select(['statut', 'echecs_activation', 'activation_suspendue_jusqu_au']).where('compte_id', '=', compteId).executeTakeFirstOrThrow();
}

const affiche = (html: string, texte: string) => html.includes(texte.replace(/’/g, '&#8217;')) || html.includes(texte);

describe('activation d’une clé de sécurité : codes erronés', () => {
  test('40 codes faux envoyés ensemble puis le bon : le bon est refusé (429), la clé reste émise ; il passe après l’attente', async () => {
    const { c, activer } = await titulaire();
    const faux = codeFaux();
    const statuts = (await Promise.all(Array.from({ length: 40 }, () => activer(faux)))).map((r) => r.statusCode).sort();
    assert.deepEqual(statuts, [...Array(5).fill(400), ...Array(35).fill(429)], '5 codes vérifiés et comptés, 35 refusés sans vérification');
    assert.deepEqual(await cle(c.id), { statut: 'EMISE', echecs_activation: 5, activation_suspendue_jusqu_au: new Date(b.clock.now().getTime() + min) });

    const bon = await activer(genererCode(SECRET, b.clock.now()));
    assert.equal(bon.statusCode, 429);
    assert.ok(affiche(bon.body, 'Trop de codes erronés : l’activation de votre clé est suspendue, vous pourrez réessayer le 30/11/2026 à 10:01.'), 'heure de Paris');
    assert.equal((await cle(c.id)).statut, 'EMISE');

    b.clock.advance(min - 1);
    assert.equal((await activer(genererCode(SECRET, b.clock.now()))).statusCode, 429, '1 ms avant la fin de l’attente');
    b.clock.advance(1);
    const apres = await activer(genererCode(SECRET, b.clock.now()));
    assert.equal(apres.statusCode, 303);
    assert.deepEqual(await cle(c.id), { statut: 'ACTIVE', echecs_activation: 0, activation_suspendue_jusqu_au: null });
  });

  test('attente progressive comme à la connexion : 1 min au 5e code faux, 2 min au 6e…, une heure au 10e', async () => {
    const { c, activer, client } = await titulaire();
    const attentes: Array<number | null> = [];
    for (let i = 1; i <= 10; i++) {
      const r = await activer(codeFaux());
      assert.equal(r.statusCode, 400, `code faux n° ${i}`);
      assert.ok(affiche(r.body, 'Ce code ne correspond pas à votre clé'));
      const k = await cle(c.id);
      assert.equal(k.echecs_activation, i);
      attentes.push(k.activation_suspendue_jusqu_au ? (k.activation_suspendue_jusqu_au.getTime() - b.clock.now().getTime()) / min : null);
      assert.equal(affiche(r.body, 'l’activation de votre clé est suspendue'), i >= 5, `message d’attente au code n° ${i}`);
      if (i >= 5) {
        // During the wait, even the right code is refused, without being counted.
        assert.equal((await activer(genererCode(SECRET, b.clock.now()))).statusCode, 429);
        assert.equal((await cle(c.id)).echecs_activation, i);
        b.clock.advance(attentes.at(-1)! * min);
      }
    }
    assert.deepEqual(attentes, [null, null, null, null, 1, 2, 4, 8, 16, 60]);

    // The activation page says so before any attempt; the journal shows each suspension.
    b.clock.advance(-31 * min); // inside the hour, and less than 30 min after the last request (the session is still open)
    const page = await client.get('/portail/cle-otp');
    assert.equal(page.statusCode, 200);
    assert.ok(affiche(page.body, 'l’activation de votre clé est suspendue'));
    const journal = await b.database.db.selectFrom('journal_audit').select(['action', 'details']).where('cible', '=', `compte:${c.id}`).orderBy('id').execute();
    assert.deepEqual(journal.map((j) => [j.action, (j.details as { echecs: number }).echecs]), [5, 6, 7, 8, 9, 10].map((n) => ['CLE_OTP_ACTIVATION_SUSPENDUE', n]));
    b.clock.advance(31 * min);
    assert.equal((await activer(genererCode(SECRET, b.clock.now()))).statusCode, 303);
  });

  test('un formulaire invalide (PIN différents, code de 5 chiffres) n’est pas compté', async () => {
    const { c, client } = await titulaire();
    assert.equal((await client.post('/portail/cle-otp', { code: codeFaux(), pin: '4321', pin_confirmation: '1234' })).statusCode, 400);
    assert.equal((await client.post('/portail/cle-otp', { code: '12345', pin: '4321', pin_confirmation: '4321' })).statusCode, 400);
    assert.equal((await cle(c.id)).echecs_activation, 0);
  });

  test('l’administrateur voit la suspension ; réémettre la clé repart de zéro : la nouvelle s’active tout de suite', async () => {
    const { c, activer } = await titulaire();
    for (let i = 0; i < 5; i++) await activer(codeFaux());
    assert.equal((await cle(c.id)).echecs_activation, 5);
    const admin = await creerCompte(b.database, { roles: ['ADMINISTRATEUR'] });
    const pageAdmin = new ClientDeTest(b.app);
    await pageAdmin.connecter(admin.identifiant, admin.motDePasse);
    const fiche = await pageAdmin.get(`/admin/comptes/${c.id}`);
    assert.equal(fiche.statusCode, 200);
    assert.ok(affiche(fiche.body, 'Activation suspendue jusqu’au 30/11/2026 à 10:01 après 5 codes erronés'));
    const { secret } = await createOtpService({ db: b.database.db, clock: b.clock }).emettre(admin.id, c.id);
    assert.deepEqual(await cle(c.id), { statut: 'EMISE', echecs_activation: 0, activation_suspendue_jusqu_au: null });
    assert.equal((await activer(genererCode(secret, b.clock.now()))).statusCode, 303);
  });
});
