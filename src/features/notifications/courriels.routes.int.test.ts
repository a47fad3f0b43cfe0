import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import { affiche, outilsDeTest } from '../admin/admin.banc-outils.ts';
import { ClientDeTest } from '../../test/client.ts';
import { ecrireAccuse, ecrireCourriel } from './test-courriels.ts';
import { urlsNotifications } from './notifications.urls.ts';

let b: Banc;
before(async () => {
  b = await banc();
});
after(async () => {
  await b.fermer();
});
beforeEach(async () => {
  await b.database.db.deleteFrom('courriel').execute();
});

const { db, connecte } = outilsDeTest(() => b);
const heure = (h: string) => new Date(`2026-12-01T${h}:00Z`);

/** The outbox of the embedded default: no SMTP server, nothing leaves, administrators read it here. */
describe('page des courriels (administrateurs)', () => {
  test('sans serveur SMTP, la file est lisible, du plus récent au plus ancien, avec l’état de chaque courriel', async () => {
    const attente = await ecrireCourriel(db(), { sujet: 'Campagne ouverte : classe exceptionnelle', destinataire: 'agent.un@example.fr', creeLe: heure('08:00') });
    const envoye = await ecrireCourriel(db(), { sujet: 'Vous êtes promouvable', destinataire: 'agent.deux@example.fr', creeLe: heure('09:00') });
    await db().updateTable('courriel').set({ envoye_le: heure('09:30') }).where('id', '=', envoye).execute();
    const echec = await ecrireCourriel(db(), { sujet: 'Avis <important> & urgent', destinataire: 'agent.trois@example.fr', creeLe: heure('10:00') });
    await db().updateTable('courriel').set({ tentatives: 8, derniere_erreur: 'connect ECONNREFUSED 127.0.0.1:25', prochain_essai_le: heure('12:00') }).where('id', '=', echec).execute();
    const reessai = await ecrireCourriel(db(), { sujet: 'Rappel', creeLe: heure('11:00') });
    await db().updateTable('courriel').set({ tentatives: 2, derniere_erreur: '451 Réessayez', prochain_essai_le: heure('11:04') }).where('id', '=', reessai).execute();

    const { client } = await connecte(['ADMINISTRATEUR']);
    const r = await client.get(urlsNotifications.courriels());
    assert.equal(r.statusCode, 200);
    const page = r.body;
    assert.ok(affiche(page, 'Aucun serveur d’envoi configuré'));
    assert.ok(page.includes('<code>SMTP_URL</code>'));
    assert.ok(affiche(page, '4 courriels, du plus récent au plus ancien'));
    const positions = ['Rappel', 'Avis &lt;important> &amp; urgent', 'Vous êtes promouvable', 'Campagne ouverte : classe exceptionnelle'].map((s) => page.indexOf(s));
    assert.ok(positions.every((p) => p > 0), `tous listés, échappés : ${positions}`);
    assert.deepEqual([...positions].sort((x, y) => x - y), positions, 'du plus récent au plus ancien');
    assert.ok(page.includes('agent.un@example.fr'));
    assert.ok(page.includes('01/12/2026 à 09:00'), 'date d’écriture, heure de Paris');
    assert.ok(page.includes('Envoyé le 01/12/2026 à 10:30'));
    assert.ok(affiche(page, 'Échec après 8 tentatives : connect ECONNREFUSED 127.0.0.1:25'));
    assert.ok(affiche(page, 'En attente : 2 échecs, nouvel essai à partir du 01/12/2026 à 12:04 (dernière erreur : 451 Réessayez)'));
    assert.ok(page.includes(`href="${urlsNotifications.courriel(attente)}"`));
    const restent = await db().selectFrom('courriel').select('id').where('envoye_le', 'is', null).execute();
    assert.equal(restent.length, 3, 'rien n’est parti');
  });

  test('un courriel se lit en entier, avec le nom de sa pièce jointe', async () => {
    const accuseId = await ecrireAccuse(db(), 'CE2027-000099', Buffer.from('%PDF-1.7'));
    const id = await ecrireCourriel(db(), {
      sujet: 'Accusé de réception de votre candidature CE2027-000099',
      destinataire: 'rene.leveque@example.fr',
      corps: 'Votre candidature a été déposée à la clôture.\nVotre accusé de réception est joint à ce message.',
      accuseId,
    });
    const { client } = await connecte(['ADMINISTRATEUR']);
    const r = await client.get(urlsNotifications.courriel(id));
    assert.equal(r.statusCode, 200);
    for (const texte of [
      'Accusé de réception de votre candidature CE2027-000099',
      'rene.leveque@example.fr',
      '<p class="fr-mb-1w">Votre candidature a été déposée à la clôture.</p>',
      '<p class="fr-mb-1w">Votre accusé de réception est joint à ce message.</p>',
      'accuse-reception-CE2027-000099.pdf',
      'En attente',
    ])
      assert.ok(affiche(r.body, texte), texte);
    const liste = await client.get(urlsNotifications.courriels());
    assert.ok(liste.body.includes('Pièce jointe : accuse-reception-CE2027-000099.pdf'));
  });

  test('pagination par 50, page hors limites ramenée à la dernière, numéro ou identifiant invalide refusé', async () => {
    for (let i = 0; i < 53; i++) await ecrireCourriel(db(), { sujet: `Avis n° ${String(i).padStart(2, '0')}`, creeLe: new Date(Date.UTC(2026, 11, 1, 8, i)) });
    const { client } = await connecte(['ADMINISTRATEUR']);
    const p1 = await client.get(urlsNotifications.courriels());
    assert.ok(p1.body.includes('Avis n° 52') && p1.body.includes('Avis n° 03') && !p1.body.includes('Avis n° 02<'));
    assert.ok(p1.body.includes(`href="${urlsNotifications.courriels(2)}"`));
    const p2 = await client.get(urlsNotifications.courriels(2));
    assert.ok(p2.body.includes('Avis n° 02') && p2.body.includes('Avis n° 00') && !p2.body.includes('Avis n° 03'));
    assert.ok((await client.get('/admin/courriels?page=9')).body.includes('Avis n° 00'));
    assert.equal((await client.get('/admin/courriels?page=abc')).statusCode, 400);
    assert.equal((await client.get('/admin/courriels/abc')).statusCode, 400);
    const absent = await client.get('/admin/courriels/999999999');
    assert.equal(absent.statusCode, 404);
    assert.ok(affiche(absent.body, 'Ce courriel n’existe pas.'));
  });

  test('l’accueil de l’administration mène à la page des courriels', async () => {
    const { client } = await connecte(['ADMINISTRATEUR']);
    assert.ok((await client.get('/admin')).body.includes(`href="${urlsNotifications.courriels()}"`));
  });

  test('un agent reçoit 403, un visiteur est envoyé à la connexion', async () => {
    const id = await ecrireCourriel(db(), { sujet: 'Confidentiel', destinataire: 'secret@example.fr' });
    const { client } = await connecte(['AGENT']);
    for (const url of [urlsNotifications.courriels(), urlsNotifications.courriel(id)]) {
      const r = await client.get(url);
      assert.equal(r.statusCode, 403, url);
      assert.ok(!r.body.includes('secret@example.fr') && !r.body.includes('Confidentiel'));
      assert.equal((await new ClientDeTest(b.app).get(url)).statusCode, 303, `${url} sans session`);
    }
  });
});
