/**
 * The validation in one statement (candidature.repository's validerEnUneInstruction, the closing rush's path) and the
 * cases it leaves to the general transaction: the same rows, dates and history, and the transaction's answers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bancDeDemo, utilisateurDe, type Banc } from '../../test/app.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import { createCampagneService } from './campagne.service.ts';
import { createCandidatureService } from './candidature.service.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';
import { historiqueDeCampagne } from '../../test/historique.ts';

let b: Banc;
let jdupont: Utilisateur;

before(async () => ({ b, jdupont } = await bancDeDemo()));
after(() => b.fermer());

async function nouvelleCampagneDe(annee: number) {
  const campagnes = createCampagneService({ db: b.database.db, clock: b.clock });
  const entree = nouvelleCampagne.parse({ corps: 'PE', annee, ouverture: '2026-12-01T08:00:00Z', fermeture: '2026-12-15T17:00:00+01:00', promotions: 20 });
  return { campagnes, id: await campagnes.creer(entree, null) };
}
const candidatures = () => createCandidatureService({ db: b.database.db, clock: b.clock });
const historique = (campagneId: string) => historiqueDeCampagne(b.database.db, campagneId);

describe('la validation en une instruction et ses replis sur la transaction', () => {
  const ligne = (id: string) =>
    b.database.db.selectFrom('candidature').select(['statut', 'modifie_le', 'validee_le', 'reference']).where('campagne_id', '=', id).executeTakeFirstOrThrow();
  const dernier = (id: string) =>
    b.database.db
      .selectFrom('candidature_historique as h')
      .innerJoin('candidature as c', 'c.id', 'h.candidature_id')
      .select(['h.de', 'h.vers', 'h.evenement', 'h.le', 'h.par_compte_id', 'h.details'])
      .where('c.campagne_id', '=', id)
      .orderBy('h.id', 'desc')
      .executeTakeFirstOrThrow();

  test('campagne ouverte : dates et ligne d’historique exactes, depuis un brouillon puis depuis une annulation', async () => {
    const { campagnes, id } = await nouvelleCampagneDe(2019);
    b.clock.set('2026-12-01T08:00:00Z');
    await campagnes.appliquerEcheances(); // OUVERTE
    const s = candidatures();
    b.clock.set('2026-12-04T09:00:00Z');
    await s.commencer(jdupont, id, b.clock.now());
    b.clock.set('2026-12-04T09:00:05Z');
    assert.equal(await s.valider(jdupont, id, new Date('2026-12-04T09:00:04Z')), 'VALIDEE');
    let l = await ligne(id);
    assert.deepEqual([l.statut, l.modifie_le.toISOString(), l.validee_le?.toISOString()], ['ENREGISTREE', '2026-12-04T09:00:05.000Z', '2026-12-04T09:00:04.000Z']);
    let h = await dernier(id);
    assert.deepEqual({ ...h, le: h.le.toISOString() }, { de: 'BROUILLON', vers: 'ENREGISTREE', evenement: 'VALIDER', le: '2026-12-04T09:00:05.000Z', par_compte_id: jdupont.compteId, details: {} });
    assert.equal(await s.valider(jdupont, id, b.clock.now()), 'DEJA_VALIDEE');
    await s.annuler(jdupont, id, b.clock.now());
    b.clock.set('2026-12-05T10:00:00Z');
    assert.equal(await s.valider(jdupont, id, b.clock.now()), 'VALIDEE');
    l = await ligne(id);
    assert.equal(l.validee_le?.toISOString(), '2026-12-05T10:00:00.000Z');
    h = await dernier(id);
    assert.deepEqual([h.de, h.vers, h.evenement], ['ANNULEE', 'ENREGISTREE', 'VALIDER']);
    assert.deepEqual((await historique(id)).map((x) => x.evenement), ['CREER', 'VALIDER', 'ANNULER', 'VALIDER']);
  });

  test('reçue avant la fermeture, traitée après la clôture (campagne CLOSE) : déposée à l’instant, avec sa référence', async () => {
    const { campagnes, id } = await nouvelleCampagneDe(2020);
    b.clock.set('2026-12-01T08:00:00Z');
    await campagnes.appliquerEcheances();
    const s = candidatures();
    await s.commencer(jdupont, id, b.clock.now());
    // The closing step has just run (its transaction, FOR UPDATE on the campaign, took it to CLOSE): the accusés are
    // still to issue, the examination has not begun.
    b.clock.set('2026-12-15T16:00:10Z');
    await b.database.db.updateTable('campagne').set({ statut: 'CLOSE' }).where('id', '=', id).execute();
    b.clock.set('2026-12-15T16:00:11Z');
    assert.equal(await s.valider(jdupont, id, new Date('2026-12-15T15:59:59.500Z')), 'VALIDEE');
    const l = await ligne(id);
    assert.equal(l.statut, 'DEPOSEE');
    assert.match(l.reference ?? '', /^CE-2020-PE-\d{6}$/);
    assert.deepEqual((await historique(id)).map((x) => `${x.de ?? '∅'}→${x.vers}`), ['∅→BROUILLON', 'BROUILLON→ENREGISTREE', 'ENREGISTREE→DEPOSEE']);
  });

  test('sans candidature commencée, ou par un agent d’un autre corps : la réponse de la transaction, rien d’écrit', async () => {
    const { campagnes, id } = await nouvelleCampagneDe(2018);
    b.clock.set('2026-12-01T08:00:00Z');
    await campagnes.appliquerEcheances();
    const s = candidatures();
    await assert.rejects(s.valider(jdupont, id, b.clock.now()), (e: unknown) => e instanceof RegleMetierError && e.code === 'SANS_CANDIDATURE');
    const mmartin = await utilisateurDe(b.database, 'mmartin');
    await assert.rejects(s.valider(mmartin, id, b.clock.now()), /n’existe pas ou ne vous concerne pas/);
    assert.deepEqual(await historique(id), []);
  });
});
