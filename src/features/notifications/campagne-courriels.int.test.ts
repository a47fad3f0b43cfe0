import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import { seedDemo } from '../../demo/seed.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { createCampagneService } from '../campagnes/campagne.service.ts';
import { createCandidatureService } from '../campagnes/candidature.service.ts';
import { createDocumentsService } from '../campagnes/documents.service.ts';
import { nouvelleCampagne } from '../campagnes/campagne.schemas.ts';
import { createEnvoiService } from './envoi.service.ts';
import { messagerSmtp } from './smtp.ts';
import { pairSmtp, type PairSmtp } from './test-smtp.ts';

/** From the campaigns' own writers to the SMTP peer: the opening notices, then the accusé with its archived PDF. */

let b: Banc;
let pair: PairSmtp;
before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
  pair = await pairSmtp();
});
after(async () => {
  await pair.fermer();
  await b.fermer();
});

describe('courriels d’une campagne, de l’écriture à la réception', () => {
  test('avis d’ouverture puis accusé de réception : reçus une fois chacun, l’accusé identique au PDF archivé', async () => {
    const db = b.database.db;
    const c = await db.selectFrom('compte').select(['id', 'identifiant', 'nom_affiche', 'agent_id']).where('identifiant', '=', 'jdupont').executeTakeFirstOrThrow();
    const jdupont: Utilisateur = { compteId: c.id, identifiant: c.identifiant, nomAffiche: c.nom_affiche, roles: ['AGENT'], perimetre: {}, qualiteEvaluateur: null, agentId: c.agent_id, precedenteConnexion: null, favoris: [] };
    const adresse = (await db.selectFrom('agent').select('email').where('agent_id', '=', c.agent_id!).executeTakeFirstOrThrow()).email;

    const messager = messagerSmtp(pair.url, { ignoreTLS: true });
    const envoi = createEnvoiService({ db, clock: b.clock, messager, expediteur: 'Vivier <ne-pas-repondre@vivier.invalid>' });
    const documents = createDocumentsService({ db, clock: b.clock });
    const campagnes = createCampagneService({ db, clock: b.clock, apresCloture: (id) => documents.emettreAccuses(id) });
    try {
      const id = await campagnes.creer(nouvelleCampagne.parse({ corps: 'PE', annee: 2019, ouverture: '2026-12-01T08:00:00Z', fermeture: '2026-12-15T17:00:00+01:00', promotions: 20 }), null);
      b.clock.set('2026-12-01T08:00:30Z');
      await campagnes.appliquerEcheances();
      const avis = await db.selectFrom('courriel').select('id').where('envoye_le', 'is', null).execute();
      assert.ok(avis.length > 0, 'avis d’ouverture en file');
      assert.equal((await envoi.envoyerEnAttente()).envoyes, avis.length);
      await pair.attendre(avis.length);
      const pourJdupont = pair.recus.filter((r) => r.enveloppe.includes(adresse));
      assert.equal(pourJdupont.length, 1);
      assert.match(pourJdupont[0]!.courriel.subject ?? '', /^(Ouverture de la campagne|Vous êtes promouvable)/);

      const s = createCandidatureService({ db, clock: b.clock });
      b.clock.set('2026-12-02T09:30:00Z');
      await s.commencer(jdupont, id, b.clock.now());
      await s.valider(jdupont, id, b.clock.now());
      b.clock.set('2026-12-15T16:00:30Z');
      await campagnes.appliquerEcheances();

      const avant = pair.recus.length;
      assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 1, echecs: 0, restants: false });
      await pair.attendre(avant + 1);
      const recu = pair.recus[avant]!;
      const cand = await db.selectFrom('candidature').select(['id', 'reference']).where('campagne_id', '=', id).where('agent_id', '=', c.agent_id!).executeTakeFirstOrThrow();
      const accuse = await db.selectFrom('candidature_document').select('pdf').where('candidature_id', '=', cand.id).where('type', '=', 'ACCUSE_RECEPTION').executeTakeFirstOrThrow();
      assert.deepEqual(recu.enveloppe, [adresse]);
      assert.equal(recu.courriel.subject, `Accusé de réception de votre candidature ${cand.reference}`);
      assert.match(recu.courriel.text ?? '', /a été déposée à la clôture/);
      assert.equal(recu.courriel.attachments.length, 1);
      assert.equal(recu.courriel.attachments[0]!.filename, `accuse-reception-${cand.reference}.pdf`);
      assert.ok(recu.courriel.attachments[0]!.content.equals(accuse.pdf), 'le PDF reçu est l’accusé archivé, octet pour octet');

      assert.equal(await documents.emettreAccuses(id), 0);
      assert.deepEqual(await envoi.envoyerEnAttente(), { envoyes: 0, echecs: 0, restants: false }, 'rien ne repart');
    } finally {
      messager.fermer();
    }
  });
});
