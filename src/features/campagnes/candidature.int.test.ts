import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bancDeDemo, utilisateurDe, type Banc } from '../../test/app.ts';
import { simultanement } from '../../test/concurrence.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import { createCampagneService } from './campagne.service.ts';
import { createCandidatureService } from './candidature.service.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';
import { historiqueDeCampagne } from '../../test/historique.ts';

let b: Banc;
let jdupont: Utilisateur;
const OUVERTURE = '2026-12-01T08:00:00Z';
const FERMETURE = '2026-12-15T17:00:00+01:00'; // 16:00 UTC

before(async () => ({ b, jdupont } = await bancDeDemo()));
after(() => b.fermer());

async function nouvelleCampagneDe(annee: number, corps: 'PE' | 'CERTIFIE' = 'PE') {
  const campagnes = createCampagneService({ db: b.database.db, clock: b.clock });
  const entree = nouvelleCampagne.parse({ corps, annee, ouverture: OUVERTURE, fermeture: FERMETURE, promotions: 20 });
  return { campagnes, id: await campagnes.creer(entree, null) };
}
const nouvelleCampagnePE = (annee: number) => nouvelleCampagneDe(annee, 'PE');

const candidatures = () => createCandidatureService({ db: b.database.db, clock: b.clock });

const historique = (campagneId: string) => historiqueDeCampagne(b.database.db, campagneId);

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

describe('requêtes concurrentes (simultanées sur PostgreSQL : tout le pool attend le même verrou, puis la course)', () => {
  const N = 50;
  /** On PostgreSQL, every connection of the pool was seen waiting at the barrier (simultanement, concurrence.ts). */
  function toutLePoolAttendait(enAttente: number | null) {
    if (b.database.kind === 'postgres') assert.equal(enAttente, Math.min(N, b.database.pool.options.max!), 'connexions du pool arrêtées ensemble à la barrière');
    else assert.equal(enAttente, null);
  }
  // Regime A has four campaign years per corps, and the other tests use PE's: these use mmartin's corps too.
  let mmartin: Utilisateur;
  before(async () => {
    mmartin = await utilisateurDe(b.database, 'mmartin');
  });
  const verrouCandidature = (campagneId: string) => ({ sql: 'SELECT id FROM candidature WHERE campagne_id = $1 FOR UPDATE', parametres: [campagneId] });
  const candidaturesDe = (campagneId: string) => b.database.db.selectFrom('candidature').select(['id', 'statut']).where('campagne_id', '=', campagneId).execute();
  const valeurs = <T,>(resultats: PromiseSettledResult<T>[]) =>
    resultats.map((r) => {
      assert.equal(r.status, 'fulfilled', r.status === 'rejected' ? String(r.reason) : '');
      return (r as PromiseFulfilledResult<T>).value;
    });

  test(`${N} premières ouvertures simultanées du formulaire : une seule candidature, une ligne CREER, les périodes du dossier une fois`, async () => {
    const { id } = await nouvelleCampagnePE(2017);
    b.clock.set('2026-12-03T10:00:00Z');
    const s = candidatures();
    const { resultats, enAttente } = await simultanement(b.database, { sql: 'SELECT id FROM campagne WHERE id = $1 FOR UPDATE', parametres: [id] }, N, () => s.commencer(jdupont, id, b.clock.now()));
    toutLePoolAttendait(enAttente);
    assert.deepEqual(valeurs(resultats), Array(N).fill(undefined));
    const [c, ...autres] = await candidaturesDe(id);
    assert.deepEqual(autres, [], 'une seule candidature');
    assert.equal(c?.statut, 'BROUILLON');
    assert.deepEqual((await historique(id)).map((h) => `${h.de ?? '∅'}→${h.vers}`), ['∅→BROUILLON']);
    const periodes = await b.database.db.selectFrom('candidature_periode').select(['nature', 'du']).where('candidature_id', '=', c!.id).orderBy('du').execute();
    assert.deepEqual(periodes, [{ nature: 'EDUCATION_PRIORITAIRE', du: '1999-09-01' }, { nature: 'FONCTION', du: '2009-09-01' }]);
  });

  test(`${N} validations simultanées d’un brouillon : une seule l’enregistre, les autres répondent « déjà validée », une ligne d’historique`, async () => {
    const { id } = await nouvelleCampagneDe(2017, 'CERTIFIE');
    b.clock.set('2026-12-03T10:00:00Z');
    const s = candidatures();
    await s.commencer(mmartin, id, b.clock.now());
    const { resultats, enAttente } = await simultanement(b.database, verrouCandidature(id), N, () => s.valider(mmartin, id, b.clock.now()));
    toutLePoolAttendait(enAttente);
    const v = valeurs(resultats);
    const attendu = ['VALIDEE', ...Array<string>(N - 1).fill('DEJA_VALIDEE')];
    // On PostgreSQL any one of them wins the race (answers compared in sorted order, VALIDEE last);
    // on PGlite (one connection) the first call made wins.
    assert.deepEqual(b.database.kind === 'postgres' ? [...v].sort() : v, b.database.kind === 'postgres' ? [...attendu].sort() : attendu);
    assert.deepEqual((await candidaturesDe(id)).map((c) => c.statut), ['ENREGISTREE']);
    assert.deepEqual((await historique(id)).map((h) => `${h.de ?? '∅'}→${h.vers}`), ['∅→BROUILLON', 'BROUILLON→ENREGISTREE']);
  });

  test(`${N / 2} validations et ${N / 2} annulations simultanées d’une candidature enregistrée : chaque réponse correspond à une ligne d’historique ou à « déjà »`, async () => {
    const { id } = await nouvelleCampagneDe(2018, 'CERTIFIE');
    b.clock.set('2026-12-03T10:00:00Z');
    const s = candidatures();
    await s.commencer(mmartin, id, b.clock.now());
    await s.valider(mmartin, id, b.clock.now());
    const valider = (i: number) => i % 2 === 0;
    const { resultats, enAttente } = await simultanement(b.database, verrouCandidature(id), N, (i) => (valider(i) ? s.valider(mmartin, id, b.clock.now()) : s.annuler(mmartin, id, b.clock.now())));
    toutLePoolAttendait(enAttente);
    // From ENREGISTREE or ANNULEE both moves are always allowed: no call may fail.
    const v: string[] = valeurs<string>(resultats);
    v.forEach((r, i) => assert.ok(valider(i) ? r === 'VALIDEE' || r === 'DEJA_VALIDEE' : r === 'ANNULEE' || r === 'DEJA_ANNULEE', `appel ${i} : ${r}`));
    const h = (await historique(id)).slice(2).map((l) => `${l.de}→${l.vers}`); // after CREER and the first validation
    // The moves alternate, from ENREGISTREE; each real change answered VALIDEE or ANNULEE, every other call « déjà ».
    assert.ok(h.length >= 1, 'la première annulation servie change l’état');
    h.forEach((l, k) => assert.equal(l, k % 2 === 0 ? 'ENREGISTREE→ANNULEE' : 'ANNULEE→ENREGISTREE', `ligne ${k}`));
    assert.equal(v.filter((r) => r === 'ANNULEE').length, h.filter((l) => l.endsWith('→ANNULEE')).length);
    assert.equal(v.filter((r) => r === 'VALIDEE').length, h.filter((l) => l.endsWith('→ENREGISTREE')).length);
    assert.deepEqual((await candidaturesDe(id)).map((c) => c.statut), [h.length % 2 === 0 ? 'ENREGISTREE' : 'ANNULEE']);
    if (b.database.kind === 'pglite') {
      // One connection: the calls ran in the order they were made (valider, annuler, valider…).
      assert.deepEqual(v, ['DEJA_VALIDEE', ...Array.from({ length: N - 1 }, (_, k) => (k % 2 === 0 ? 'ANNULEE' : 'VALIDEE'))]);
    }
  });
});
