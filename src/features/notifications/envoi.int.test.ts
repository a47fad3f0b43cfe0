import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { DatabaseHandle } from '../../db/connection.ts';
import { fixedClock } from '../../shared/clock.ts';
import { databaseDeTest } from '../../test/database.ts';
import * as repo from './courriels.repository.ts';
import { etatCourriel } from './courriels.rules.ts';
import { createEnvoiService } from './envoi.service.ts';
import { messagerSmtp, type Messager } from './smtp.ts';
import { ecrireAccuse, ecrireCourriel } from './test-courriels.ts';
import { pairSmtp, type PairSmtp } from './test-smtp.ts';

const EXPEDITEUR = 'Vivier <ne-pas-repondre@vivier.invalid>';
const MINUTE = 60_000;

let database: DatabaseHandle;
let pair: PairSmtp;
let clock: ReturnType<typeof fixedClock>;
const messagers: Messager[] = [];

function messager(url = pair.url): Messager {
  const m = messagerSmtp(url, { ignoreTLS: true });
  messagers.push(m);
  return m;
}

function expediteurDeTest(o: { url?: string; tentativesMax?: number; lot?: number } = {}) {
  return createEnvoiService({
    db: database.db,
    clock,
    messager: messager(o.url),
    expediteur: EXPEDITEUR,
    politique: { tentativesMax: o.tentativesMax ?? 8, ...(o.lot ? { lot: o.lot } : {}) },
  });
}

const ligne = (id: string) => database.db.selectFrom('courriel').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

before(async () => {
  database = await databaseDeTest();
  pair = await pairSmtp();
});
beforeEach(async () => {
  clock = fixedClock('2026-12-15T16:05:00Z');
  await database.db.deleteFrom('courriel').execute();
  pair.recus.length = 0;
  pair.refuser(null);
});
afterEach(() => {
  for (const m of messagers.splice(0)) m.fermer();
});
after(async () => {
  await pair.fermer();
  await database.close();
});

describe('envoi de la file des courriels par SMTP', () => {
  test('les courriels en attente partent : objet, destinataire, accents, et l’accusé de réception joint à l’octet près', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(40_000), Buffer.from('\n%%EOF\n')]);
    const accuseId = await ecrireAccuse(database.db, 'CE2027-000042', pdf);
    const avis = await ecrireCourriel(database.db, {
      destinataire: 'jeanne.dupont@example.fr',
      sujet: 'Vous êtes promouvable : classe exceptionnelle 2027',
      corps: 'L’administration a constaté que vous êtes promouvable.\nLe détail figure dans « Mon éligibilité ».',
    });
    const accuse = await ecrireCourriel(database.db, {
      destinataire: 'rene.leveque@example.fr',
      sujet: 'Accusé de réception de votre candidature CE2027-000042',
      corps: 'Votre candidature a été déposée à la clôture. Votre accusé de réception est joint à ce message.',
      accuseId,
    });

    const bilan = await expediteurDeTest().envoyerEnAttente();
    assert.deepEqual(bilan, { envoyes: 2, echecs: 0, restants: false });
    await pair.attendre(2);

    const recu = (sujet: string) => pair.recus.find((r) => r.courriel.subject === sujet);
    const a = recu('Vous êtes promouvable : classe exceptionnelle 2027');
    assert.ok(a, 'avis reçu, objet accentué décodé');
    assert.deepEqual(a.enveloppe, ['jeanne.dupont@example.fr']);
    assert.equal(a.courriel.to && !Array.isArray(a.courriel.to) ? a.courriel.to.text : null, 'jeanne.dupont@example.fr');
    assert.deepEqual(a.courriel.from?.value.map((v) => [v.name, v.address]), [['Vivier', 'ne-pas-repondre@vivier.invalid']]);
    assert.equal(a.courriel.text?.trim(), 'L’administration a constaté que vous êtes promouvable.\nLe détail figure dans « Mon éligibilité ».');
    assert.equal(a.courriel.attachments.length, 0);

    const b = recu('Accusé de réception de votre candidature CE2027-000042');
    assert.ok(b, 'accusé reçu');
    assert.deepEqual(b.enveloppe, ['rene.leveque@example.fr']);
    assert.match(b.courriel.text ?? '', /déposée à la clôture/);
    assert.equal(b.courriel.attachments.length, 1);
    const pj = b.courriel.attachments[0]!;
    assert.equal(pj.filename, 'accuse-reception-CE2027-000042.pdf');
    assert.equal(pj.contentType, 'application/pdf');
    assert.ok(pj.content.equals(pdf), 'mêmes octets que le PDF archivé');

    for (const id of [avis, accuse]) {
      const l = await ligne(id);
      assert.deepEqual([l.envoye_le?.toISOString(), l.tentatives, l.derniere_erreur], ['2026-12-15T16:05:00.000Z', 0, null]);
    }
    assert.deepEqual(await expediteurDeTest().envoyerEnAttente(), { envoyes: 0, echecs: 0, restants: false }, 'rien ne repart');
    assert.equal(pair.recus.length, 2);
  });

  test('deux expéditeurs lancés en même temps n’envoient chaque courriel qu’une fois', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await ecrireCourriel(database.db, { sujet: `Avis ${i}` }));
    const [x, y] = await Promise.all([expediteurDeTest({ lot: 3 }).envoyerEnAttente(), expediteurDeTest({ lot: 3 }).envoyerEnAttente()]);
    assert.equal(x.envoyes + y.envoyes, 40);
    assert.ok(x.envoyes > 0 && y.envoyes > 0, 'les deux ont travaillé en même temps');
    assert.equal(x.echecs + y.echecs, 0);
    await pair.attendre(40);
    await new Promise((r) => setTimeout(r, 200));
    const sujets = pair.recus.map((r) => r.courriel.subject);
    assert.equal(sujets.length, 40, 'aucun doublon reçu');
    assert.equal(new Set(sujets).size, 40);
    const restants = await database.db.selectFrom('courriel').select('id').where('envoye_le', 'is', null).execute();
    assert.deepEqual(restants, []);
  });

  test('un refus définitif (5xx) est noté et abandonné aussitôt, sans nouvel essai', async () => {
    const id = await ecrireCourriel(database.db, { destinataire: 'inconnu@example.fr' });
    pair.refuser({ code: 550, message: 'Boîte inconnue' });
    const envoi = expediteurDeTest();
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 0, echecs: 1, restants: false });
    const l = await ligne(id);
    assert.equal(l.tentatives, envoi.politique.tentativesMax);
    assert.match(l.derniere_erreur ?? '', /550/);
    pair.refuser(null);
    clock.advance(24 * 3600_000);
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 0, echecs: 0, restants: false }, 'plus jamais essayé');
    assert.equal((await ligne(id)).envoye_le, null);
  });

  test('un refus temporaire du serveur est noté sans secret, puis réessayé plus tard, pas avant', async () => {
    const id = await ecrireCourriel(database.db, { destinataire: 'occupe@example.fr' });
    pair.refuser({ code: 451, message: 'Boîte momentanément indisponible' });
    const envoi = expediteurDeTest();
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 0, echecs: 1, restants: false });
    let l = await ligne(id);
    assert.equal(l.envoye_le, null);
    assert.equal(l.tentatives, 1);
    assert.match(l.derniere_erreur ?? '', /451/);
    assert.match(l.derniere_erreur ?? '', /momentanément indisponible/);
    assert.ok(!(l.derniere_erreur ?? '').includes(pair.motDePasse) && !(l.derniere_erreur ?? '').includes(encodeURIComponent(pair.motDePasse)), 'pas de mot de passe');
    assert.equal(l.prochain_essai_le?.toISOString(), '2026-12-15T16:06:00.000Z', 'nouvel essai une minute plus tard');

    pair.refuser(null);
    clock.advance(30_000);
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 0, echecs: 0, restants: false }, 'pas avant l’heure');
    clock.advance(30_000);
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 1, echecs: 0, restants: false });
    await pair.attendre(1);
    l = await ligne(id);
    assert.equal(l.envoye_le?.toISOString(), '2026-12-15T16:06:00.000Z');
    assert.equal(l.derniere_erreur, null);
    assert.equal(l.tentatives, 1, 'le nombre d’échecs reste lisible');
  });

  test('un serveur arrêté : le balayage s’arrête au premier courriel, l’erreur est notée sans compter d’essai, et tout part une fois le serveur revenu', async () => {
    const eteint = await pairSmtp();
    await eteint.fermer();
    const ids = [await ecrireCourriel(database.db), await ecrireCourriel(database.db), await ecrireCourriel(database.db)];
    const envoi = expediteurDeTest({ url: eteint.url, tentativesMax: 3 });
    // More sweeps than the row has attempts: an unreachable server spends none of them (a long outage loses nothing).
    for (const attente of [0, 1, 2, 3, 4]) {
      clock.advance(attente * MINUTE);
      assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 0, echecs: 0, restants: false, serveurInjoignable: true });
    }
    const lignes = await Promise.all(ids.map(ligne));
    assert.deepEqual(lignes.map((l) => [l.tentatives, l.prochain_essai_le, l.envoye_le]), ids.map(() => [0, null, null]), 'aucun essai compté, tous dus au prochain balayage');
    assert.match(lignes[0]!.derniere_erreur ?? '', /^Serveur SMTP injoignable : .*ECONNREFUSED/);
    assert.equal(lignes[1]!.derniere_erreur, null, 'seul le premier a été essayé : les autres échoueraient de même');
    assert.ok(!(lignes[0]!.derniere_erreur ?? '').includes(pair.motDePasse));
    assert.deepEqual(etatCourriel(lignes[0]!, 3).etat, 'EN_ATTENTE');
    // The server is back (the test's live peer): everything goes, once.
    const recus = pair.recus.length;
    assert.deepEqual(await expediteurDeTest().envoyerEnAttente(), { envoyes: 3, echecs: 0, restants: false });
    await pair.attendre(recus + 3);
    assert.deepEqual((await Promise.all(ids.map(ligne))).map((l) => [l.tentatives, l.derniere_erreur, l.envoye_le !== null]), ids.map(() => [0, null, true]));
  });

  test('un courriel réservé par un expéditeur disparu attend la fin de son bail, puis part', async () => {
    const id = await ecrireCourriel(database.db);
    const reserve = await repo.reserver(database.db, { maintenant: clock.now(), bailJusqua: new Date(clock.now().getTime() + 15 * MINUTE), tentativesMax: 8, limite: 10 });
    assert.deepEqual(reserve.map((c) => c.id), [id]);
    const envoi = expediteurDeTest();
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 0, echecs: 0, restants: false }, 'réservé ailleurs');
    clock.advance(15 * MINUTE);
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 1, echecs: 0, restants: false });
    await pair.attendre(1);
  });

  test('un expéditeur qu’on arrête rend ce qu’il avait réservé sans l’essayer', async () => {
    for (let i = 0; i < 5; i++) await ecrireCourriel(database.db);
    let essais = 0;
    const envoi = createEnvoiService({
      db: database.db,
      clock,
      messager: { secrets: [], fermer() {}, envoyer: async () => void essais++ },
      expediteur: EXPEDITEUR,
    });
    const bilan = await envoi.envoyerEnAttente({ arrete: () => essais >= 2 });
    assert.deepEqual(bilan, { envoyes: 2, echecs: 0, restants: false });
    const dus = await database.db.selectFrom('courriel').select('id').where('envoye_le', 'is', null).where('prochain_essai_le', 'is', null).execute();
    assert.equal(dus.length, 3, 'les trois autres sont dus tout de suite');
  });

  test('une pièce jointe introuvable est un échec noté, pas un courriel sans son accusé', async () => {
    const id = await ecrireCourriel(database.db, { accuseId: '999999' });
    assert.deepEqual(await expediteurDeTest().envoyerEnAttente(), { envoyes: 0, echecs: 1, restants: false });
    assert.match((await ligne(id)).derniere_erreur ?? '', /pièce jointe introuvable/);
    assert.equal(pair.recus.length, 0);
  });

  test('une longue file est envoyée en plusieurs balayages', async () => {
    for (let i = 0; i < 7; i++) await ecrireCourriel(database.db);
    const envoi = createEnvoiService({ db: database.db, clock, messager: messager(), expediteur: EXPEDITEUR, politique: { lot: 2, parBalayage: 4 } });
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 4, echecs: 0, restants: true });
    assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 3, echecs: 0, restants: false });
    await pair.attendre(7);
  });
});
