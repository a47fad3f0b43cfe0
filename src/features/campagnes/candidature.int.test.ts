import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, utilisateurDe, type Banc } from '../../shared/test/app.ts';
import { seedDemo } from '../../demo/seed.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import { createCampagneService } from './campagne.service.ts';
import { createCandidatureService } from './candidature.service.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';

let b: Banc;
let jdupont: Utilisateur;
const OUVERTURE = '2026-12-01T08:00:00Z';
const FERMETURE = '2026-12-15T17:00:00+01:00'; // 16:00 UTC

before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
  jdupont = await utilisateurDe(b.database, 'jdupont');
});
after(async () => {
  await b.fermer();
});

async function nouvelleCampagnePE(annee: number) {
  const campagnes = createCampagneService({ db: b.database.db, clock: b.clock });
  const entree = nouvelleCampagne.parse({ corps: 'PE', annee, ouverture: OUVERTURE, fermeture: FERMETURE, promotions: 20 });
  return { campagnes, id: await campagnes.creer(entree, null) };
}

const candidatures = () => createCandidatureService({ db: b.database.db, clock: b.clock });

function historique(campagneId: string) {
  return b.database.db
    .selectFrom('candidature_historique')
    .innerJoin('candidature', 'candidature.id', 'candidature_historique.candidature_id')
    .select(['candidature_historique.de', 'candidature_historique.vers', 'candidature_historique.evenement'])
    .where('candidature.campagne_id', '=', campagneId)
    .orderBy('candidature_historique.id')
    .execute();
}

describe('la candidature de jdupont (PE 2019, régime A)', () => {
  test('ouverture, brouillon prérempli, validation, annulation, nouvelle validation, dépôt à la clôture', async () => {
    const { campagnes, id } = await nouvelleCampagnePE(2019);
    b.clock.set('2026-12-01T08:00:00Z');
    assert.deepEqual(await campagnes.appliquerEcheances(), [{ campagneId: id, evenement: 'OUVRIR' }]);
    assert.deepEqual(await campagnes.appliquerEcheances(), [], 'une seule ouverture');
    const messages = await b.database.db.selectFrom('message').select(['agent_id', 'sujet']).where('categorie', '=', 'CAMPAGNE').execute();
    assert.ok(messages.some((m) => m.agent_id === 'DEMO0001'), 'jdupont (HC 3e échelon) est prévenu');
    assert.ok(!messages.some((m) => m.agent_id === 'DEMO0004'), 'un agent de classe normale ne l’est pas');
    const courriels = await b.database.db.selectFrom('courriel').select('destinataire').execute();
    assert.ok(courriels.some((c) => c.destinataire === 'jean.dupont@ac-demo.invalid'));

    const s = candidatures();
    b.clock.set('2026-12-02T10:00:00Z');
    await s.commencer(jdupont, id, b.clock.now());
    await s.commencer(jdupont, id, b.clock.now()); // twice: harmless
    let v = await s.vue(jdupont, id);
    assert.equal(v.candidature?.statut, 'BROUILLON');
    assert.deepEqual(v.periodes.map((p) => [p.nature, p.fonction, p.du, p.au, p.source]), [
      ['EDUCATION_PRIORITAIRE', null, '1999-09-01', '2009-08-31', 'DOSSIER'],
      ['FONCTION', 'DIRECTEUR_ECOLE', '2009-09-01', '2019-08-31', 'DOSSIER'],
    ]);
    assert.equal(await s.valider(jdupont, id, b.clock.now()), 'VALIDEE');
    assert.equal(await s.valider(jdupont, id, b.clock.now()), 'DEJA_VALIDEE');
    assert.equal(await s.annuler(jdupont, id, b.clock.now()), 'ANNULEE');
    assert.equal(await s.valider(jdupont, id, b.clock.now()), 'VALIDEE');

    b.clock.set('2026-12-15T16:00:10Z');
    assert.deepEqual(await campagnes.appliquerEcheances(), [{ campagneId: id, evenement: 'CLORE' }]);
    assert.deepEqual(await campagnes.appliquerEcheances(), []);
    v = await s.vue(jdupont, id);
    assert.equal(v.candidature?.statut, 'DEPOSEE');
    assert.match(v.candidature?.reference ?? '', /^CE-2019-PE-\d{6}$/);
    assert.deepEqual((await historique(id)).map((h) => `${h.de ?? '∅'}→${h.vers}`), ['∅→BROUILLON', 'BROUILLON→ENREGISTREE', 'ENREGISTREE→ANNULEE', 'ANNULEE→ENREGISTREE', 'ENREGISTREE→DEPOSEE']);
  });
});

describe('fenêtre de dépôt', () => {
  test('une validation reçue 1 ms avant la fermeture est acceptée ; à la fermeture elle est refusée et rien ne change', async () => {
    const { id } = await nouvelleCampagnePE(2020);
    const s = candidatures();
    await s.commencer(jdupont, id, new Date('2026-12-10T10:00:00Z'));
    await assert.rejects(s.valider(jdupont, id, new Date('2026-12-15T16:00:00.000Z')), (e: unknown) => e instanceof RegleMetierError && /clos depuis le 15\/12\/2026 à 17:00/.test(e.message));
    assert.equal((await s.vue(jdupont, id)).candidature?.statut, 'BROUILLON');
    b.clock.set('2026-12-15T16:00:03Z'); // processed after the instant, received before it
    assert.equal(await s.valider(jdupont, id, new Date('2026-12-15T15:59:59.999Z')), 'VALIDEE');
    await assert.rejects(s.annuler(jdupont, id, new Date('2026-12-15T16:00:00.001Z')), RegleMetierError);
    assert.equal((await s.vue(jdupont, id)).candidature?.statut, 'ENREGISTREE');
  });

  test('avant l’ouverture, la campagne n’est pas visible ; un agent d’un autre corps ne la voit jamais', async () => {
    b.clock.set('2026-11-30T09:00:00Z');
    const { id } = await nouvelleCampagnePE(2018);
    await assert.rejects(candidatures().vue(jdupont, id), /n’existe pas ou ne vous concerne pas/);
    b.clock.set('2026-12-02T00:00:00Z');
    const mmartin = { ...jdupont, agentId: 'DEMO0002' };
    await assert.rejects(candidatures().vue(mmartin, id), /ne vous concerne pas/);
    assert.ok(await candidatures().vue(jdupont, id));
  });
});

describe('requêtes concurrentes', () => {
  test('50 validations et annulations simultanées : un état cohérent et une ligne d’historique par vrai changement', async () => {
    const { id } = await nouvelleCampagnePE(2017);
    b.clock.set('2026-12-03T10:00:00Z');
    const s = candidatures();
    await s.commencer(jdupont, id, b.clock.now());
    const resultats = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? s.valider(jdupont, id, b.clock.now()) : s.annuler(jdupont, id, b.clock.now()))));
    const h = (await historique(id)).slice(1); // after CREER
    // Each history row is a real move from the previous state.
    let etat = 'BROUILLON';
    for (const ligne of h) {
      assert.equal(ligne.de, etat);
      etat = ligne.vers;
    }
    assert.equal((await s.vue(jdupont, id)).candidature?.statut, etat);
    const changements = resultats.filter((r) => r.status === 'fulfilled' && (r.value === 'VALIDEE' || r.value === 'ANNULEE')).length;
    assert.equal(h.length, changements);
    for (const r of resultats) if (r.status === 'rejected') assert.ok(r.reason instanceof RegleMetierError, String(r.reason));
  });
});
