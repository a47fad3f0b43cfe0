import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { affiche } from '../admin/admin.banc-outils.ts';
import { ClientDeTest } from '../../test/client.ts';
import { seedDemo } from '../../demo/seed.ts';
import { createCampagneService } from './campagne.service.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';

let b: Banc;
let campagneId: string;
before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
  const campagnes = createCampagneService({ db: b.database.db, clock: b.clock });
  campagneId = await campagnes.creer(nouvelleCampagne.parse({ corps: 'PE', annee: 2022, ouverture: '2026-12-01T08:00:00Z', fermeture: '2026-12-20T17:00:00+01:00', promotions: 10 }), null);
  b.clock.set('2026-12-01T08:00:00Z');
  await campagnes.appliquerEcheances();
});
after(async () => {
  await b.fermer();
});

async function connecte(identifiant: string, mdp: string) {
  const c = new ClientDeTest(b.app);
  await c.connecter(identifiant, mdp);
  return c;
}

describe('régime B : constat de l’administration et contestation', () => {
  test('à l’ouverture, chaque promouvable est informé du constat et du délai de 15 jours', async () => {
    const m = await b.database.db.selectFrom('message').select(['sujet', 'corps']).where('agent_id', '=', 'DEMO0001').where('categorie', '=', 'CAMPAGNE').executeTakeFirstOrThrow();
    assert.match(m.sujet, /Vous êtes promouvable/);
    assert.match(m.corps, /premier vivier/);
    assert.match(m.corps, /délai de 15 jours/);
  });

  test('pièces mal envoyées à la contestation et à la période : 400 en français, rien d’enregistré', async () => {
    b.clock.set('2026-12-05T09:00:00Z');
    const agent = await connecte('jdupont', 'Demo-Agent-2026!');
    const compter = async () =>
      Promise.all((['contestation', 'contestation_piece', 'candidature_periode', 'candidature_piece'] as const).map(async (t) => (await b.database.db.selectFrom(t).select('id').execute()).length));
    const avant = await compter();
    const frontiere = '----vivieressai';
    const champ = (nom: string, valeur: string) => `--${frontiere}\r\nContent-Disposition: form-data; name="${nom}"\r\n\r\n${valeur}\r\n`;
    const poster = async (action: string, corps: string) => {
      await agent.get(`/iprof/candidater/${campagneId}`);
      const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const payload = Buffer.from(champ('_csrf', agent.csrf()!) + champ('message', 'Il manque mes années de maître formateur.') + corps);
      return b.app.inject({ method: 'POST', url: `/iprof/candidater/${campagneId}/${action}`, payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${frontiere}` } });
    };
    const pdf = '%PDF-1.4 attestation';
    for (const action of ['contester', 'periodes']) {
      // A file part cut before its closing boundary.
      const tronque = await poster(action, `--${frontiere}\r\nContent-Disposition: form-data; name="pieces"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n${pdf}`);
      assert.equal(tronque.statusCode, 400, action);
      assert.match(tronque.body, /Le formulaire envoyé est incomplet ou mal formé : rien n’a été enregistré/);
      // A file part without a filename (application/octet-stream).
      const sansNom = await poster(action, `--${frontiere}\r\nContent-Disposition: form-data; name="pieces"\r\nContent-Type: application/octet-stream\r\n\r\n${pdf}\r\n--${frontiere}--\r\n`);
      assert.equal(sansNom.statusCode, 400, action);
      assert.match(sansNom.body, /Un des fichiers envoyés n’a pas de nom/);
    }
    assert.deepEqual(await compter(), avant);
  });

  test('l’agent conteste avec une pièce ; le gestionnaire rejette avec un motif ; l’agent est informé', async () => {
    b.clock.set('2026-12-05T10:00:00Z');
    const agent = await connecte('jdupont', 'Demo-Agent-2026!');
    let r = await agent.get(`/iprof/candidater/${campagneId}`);
    assert.match(r.body, /Contester ce constat/);
    const vide = await agent.postMultipart(`/iprof/candidater/${campagneId}/contester`, { message: '' });
    assert.equal(vide.statusCode, 400);
    assert.match(vide.body, /Le message est obligatoire/);
    await agent.get(`/iprof/candidater/${campagneId}`);
    r = await agent.postMultipart(`/iprof/candidater/${campagneId}/contester`, { message: 'Il manque mes années de maître formateur.' }, [{ champ: 'pieces', nom: 'attestation.pdf', contenu: Buffer.from('%PDF-1.4 attestation') }]);
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    r = await agent.get(String(r.headers.location));
    assert.match(r.body, /Votre contestation est en attente de décision/);

    const gestion = await connecte('gestion1', 'Demo-Gestion-2026!');
    r = await gestion.get(`/iprof/gestion/campagnes/${campagneId}/contestations`);
    const lien = /href="(\/iprof\/gestion\/campagnes\/\d+\/contestations\/\d+)"/.exec(r.body)?.[1];
    assert.ok(lien);
    r = await gestion.get(lien!);
    assert.match(r.body, /Il manque mes années de maître formateur/);
    assert.match(r.body, /attestation\.pdf/);
    const sansMotif = await gestion.post(`${lien}/decider`, { decision: 'REJETEE', motif: '' });
    assert.equal(sansMotif.statusCode, 400);
    await gestion.get(lien!);
    r = await gestion.post(`${lien}/decider`, { decision: 'REJETEE', motif: 'Les années de maître formateur sont déjà comptées.' });
    assert.equal(r.statusCode, 303);
    await gestion.get(lien!);
    const deux = await gestion.post(`${lien}/decider`, { decision: 'ACCEPTEE', motif: 'x' });
    assert.equal(deux.statusCode, 409, 'une seule décision');

    r = await agent.get(`/iprof/candidater/${campagneId}`);
    assert.match(r.body, /Votre contestation est rejetée/);
    assert.match(r.body, /déjà comptées/);
    const m = await b.database.db.selectFrom('message').select('corps').where('agent_id', '=', 'DEMO0001').where('sujet', 'like', 'Décision sur votre contestation%').executeTakeFirstOrThrow();
    assert.match(m.corps, /rejetée. Motif : Les années de maître formateur sont déjà comptées./);
  });

  test('après 15 jours, plus de contestation possible : le bouton disparaît et un envoi tardif est refusé sans rien écrire', async () => {
    // The window is [ouverture, ouverture + 15 days): this instant is its end, the first refused.
    b.clock.set('2026-12-16T08:00:00Z');
    const agent = await connecte('mmartin', 'Demo-Agent-2026!');
    // mmartin is CERTIFIE: the PE campaign does not exist for her.
    assert.equal((await agent.get(`/iprof/candidater/${campagneId}`)).statusCode, 404);
    const pe = await connecte('jdupont', 'Demo-Agent-2026!');
    const r = await pe.get(`/iprof/candidater/${campagneId}`);
    assert.doesNotMatch(r.body, /Contester ce constat/);

    // Sophie Bernard (PE) never contested: a late post would create her contestation. jdupont's is already decided.
    const compte = await creerCompte(b.database, { roles: ['AGENT'] });
    await b.database.db.updateTable('compte').set({ agent_id: 'DEMO0003' }).where('id', '=', compte.id).execute();
    const sbernard = await connecte(compte.identifiant, compte.motDePasse);
    b.clock.set('2026-12-16T07:59:59.999Z');
    assert.match((await sbernard.get(`/iprof/candidater/${campagneId}`)).body, /Contester ce constat/, 'encore possible 1 ms avant la fin');
    b.clock.set('2026-12-16T08:00:00Z');
    assert.doesNotMatch((await sbernard.get(`/iprof/candidater/${campagneId}`)).body, /Contester ce constat/);
    const avant = await ecrits();
    for (const [client, instant] of [
      [sbernard, '2026-12-16T08:00:00.000Z'],
      [sbernard, '2026-12-16T08:05:00.000Z'],
      [pe, '2026-12-16T08:00:00.000Z'],
    ] as const) {
      b.clock.set(instant);
      await client.get(`/iprof/candidater/${campagneId}`);
      const tardive = await client.postMultipart(`/iprof/candidater/${campagneId}/contester`, { message: 'Je conteste après le délai.' }, [{ champ: 'pieces', nom: 'tardive.pdf', contenu: Buffer.from('%PDF-1.4 tardive') }]);
      assert.equal(tardive.statusCode, 409, `${instant} : ${tardive.body.slice(0, 300)}`);
      assert.ok(affiche(tardive.body, 'Le délai de contestation a pris fin le 16/12/2026 à 09:00 : rien n’a été enregistré.'), tardive.body);
    }
    assert.deepEqual(await ecrits(), avant);
    assert.equal(await b.database.db.selectFrom('contestation').select('id').where('agent_id', '=', 'DEMO0003').executeTakeFirst(), undefined);
  });
});

/** Everything a contestation writes: the rows themselves, their pièces, the audit log, the agent's messages. */
async function ecrits() {
  const nombre = async (table: 'contestation' | 'contestation_piece' | 'journal_audit' | 'message' | 'courriel') =>
    Number((await b.database.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  return { contestations: await nombre('contestation'), pieces: await nombre('contestation_piece'), audit: await nombre('journal_audit'), messages: await nombre('message'), courriels: await nombre('courriel') };
}
