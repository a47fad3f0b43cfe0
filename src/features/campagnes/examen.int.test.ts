import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bancDeDemo, type Banc } from '../../test/app.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { chargerLabels, parcourirDossiers } from '../dossier/eligibilite.repository.ts';
import { createCampagneService, type SurPublication } from './campagne.service.ts';
import { createCandidatureService } from './candidature.service.ts';
import { createDocumentsService } from './documents.service.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';

let b: Banc;
let jdupont: Utilisateur;
before(async () => ({ b, jdupont } = await bancDeDemo()));
after(() => b.fermer());

const historique = async (id: string) =>
  (await b.database.db.selectFrom('campagne_historique').select(['de', 'vers', 'evenement']).where('campagne_id', '=', id).orderBy('id').execute()).map((h) => `${h.de ?? '∅'}→${h.vers} (${h.evenement})`);
const statut = async (id: string) => (await b.database.db.selectFrom('campagne').select('statut').where('id', '=', id).executeTakeFirstOrThrow()).statut;

async function creer(corps: string, annee: number, apresCloture?: (id: string) => Promise<unknown>, surPublication?: SurPublication) {
  const campagnes = createCampagneService({ db: b.database.db, clock: b.clock, ...(apresCloture ? { apresCloture } : {}), ...(surPublication ? { surPublication } : {}) });
  b.clock.set('2026-11-30T09:00:00Z');
  const id = await campagnes.creer(nouvelleCampagne.parse({ corps, annee, ouverture: '2026-12-01T08:00:00Z', fermeture: '2026-12-15T17:00:00+01:00', promotions: 20, ...(annee >= 2024 ? { ratio: '0.2' } : {}) }), null);
  return { id, campagnes };
}

describe('examen de la campagne', () => {
  test('régime A : la clôture dépose, les accusés sont émis, puis l’examen commence dans le même passage de l’échéancier', async () => {
    const documents = createDocumentsService({ db: b.database.db, clock: b.clock });
    const { id, campagnes } = await creer('PE', 2019, (c) => documents.emettreAccuses(c));
    b.clock.set('2026-12-02T09:30:00Z');
    await campagnes.appliquerEcheances();
    const candidatures = createCandidatureService({ db: b.database.db, clock: b.clock });
    await candidatures.commencer(jdupont, id, b.clock.now());
    await candidatures.valider(jdupont, id, b.clock.now());
    b.clock.set('2026-12-15T16:00:30Z');
    const faits = await campagnes.appliquerEcheances();
    assert.deepEqual(faits.map((f) => f.evenement), ['CLORE', 'EXAMINER']);
    assert.equal(await statut(id), 'EN_EXAMEN');
    assert.deepEqual(await historique(id), ['∅→PREPARATION (CREER)', 'PREPARATION→OUVERTE (OUVRIR)', 'OUVERTE→CLOSE (CLORE)', 'CLOSE→EN_EXAMEN (EXAMINER)']);
    assert.deepEqual(await campagnes.appliquerEcheances(), [], 'une seule fois');

    // A validation received before the closing instant but processed once the examination has begun is refused.
    await assert.rejects(candidatures.annuler(jdupont, id, new Date('2026-12-15T15:59:59Z')), (e: unknown) => e instanceof RegleMetierError && /clos depuis/.test(e.message));
    const c = await b.database.db.selectFrom('candidature').select('statut').where('campagne_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(c.statut, 'DEPOSEE');
  });

  test('régime A : tant qu’un accusé manque (rendu en échec), la campagne reste close ; émis au rattrapage, l’examen commence', async () => {
    const { id, campagnes } = await creer('PE', 2020, async () => {
      throw new Error('rendu impossible');
    });
    b.clock.set('2026-12-02T09:30:00Z');
    await campagnes.appliquerEcheances();
    const candidatures = createCandidatureService({ db: b.database.db, clock: b.clock });
    await candidatures.commencer(jdupont, id, b.clock.now());
    await candidatures.valider(jdupont, id, b.clock.now());
    b.clock.set('2026-12-15T16:00:30Z');
    await assert.rejects(campagnes.appliquerEcheances(), /rendu impossible/);
    assert.equal(await statut(id), 'CLOSE');
    assert.deepEqual(await campagnes.appliquerEcheances(), [], 'l’accusé manque : pas d’examen');
    assert.equal(await statut(id), 'CLOSE');

    assert.equal(await createDocumentsService({ db: b.database.db, clock: b.clock }).emettreAccuses(id), 1);
    assert.deepEqual((await campagnes.appliquerEcheances()).map((f) => f.evenement), ['EXAMINER']);
    assert.equal(await statut(id), 'EN_EXAMEN');
  });

  test('régime B : à la fin du délai de contestation, close puis en examen', async () => {
    const { id, campagnes } = await creer('PE', 2023);
    b.clock.set('2026-12-15T16:00:30Z');
    assert.deepEqual((await campagnes.appliquerEcheances()).map((f) => f.evenement), ['OUVRIR', 'CLORE', 'EXAMINER']);
    assert.equal(await statut(id), 'EN_EXAMEN');
  });

  test('régime C : l’ouverture mène droit à l’examen et informe chaque promouvable, et lui seul, qu’un avis sera donné', async () => {
    const { id, campagnes } = await creer('PE', 2024);
    b.clock.set('2026-12-01T08:00:00Z');
    assert.deepEqual((await campagnes.appliquerEcheances()).map((f) => f.evenement), ['OUVRIR']);
    assert.equal(await statut(id), 'EN_EXAMEN');
    assert.deepEqual(await historique(id), ['∅→PREPARATION (CREER)', 'PREPARATION→EN_EXAMEN (OUVRIR)']);

    const regles = reglesPour(2024);
    const attendus: string[] = [];
    let agentsPe = 0;
    for await (const page of parcourirDossiers(b.database.db, 'PE', await chargerLabels(b.database.db))) {
      agentsPe += page.length;
      for (const d of page) if (evaluerEligibilite(d, regles, { detail: false }).promouvable) attendus.push(d.agent.agent_id);
    }
    // Some PE agents of the demo are promouvable and some are not (only the former get the message).
    assert.ok(attendus.length > 0 && attendus.length < agentsPe, `des promouvables PE en 2024, pas tous : ${attendus.join(', ')} sur ${agentsPe}`);
    const messages = await b.database.db.selectFrom('message').select(['agent_id', 'corps']).where('sujet', 'like', '%campagne 2024').orderBy('agent_id').execute();
    assert.deepEqual(messages.map((m) => m.agent_id), attendus.sort());
    for (const m of messages) {
      assert.match(m.corps, /vous êtes promouvable/);
      assert.match(m.corps, /Aucune candidature n’est à déposer/);
      assert.match(m.corps, /inspectrice de l’éducation nationale \(IEN\) émettra un avis/, 'PE : un seul avis, celui de l’IEN');
      assert.match(m.corps, /au plus tard le 15 décembre 2026 à 17:00/);
    }
    const courriels = await b.database.db.selectFrom('courriel').select('cle').where('cle', 'like', `ouverture:${id}:%`).execute();
    assert.equal(courriels.length, attendus.length, 'le même avis par courriel');

    // `fermeture` is the deadline of the avis: it closes nothing.
    b.clock.set('2026-12-20T00:00:00Z');
    assert.deepEqual(await campagnes.appliquerEcheances(), []);
    assert.equal(await statut(id), 'EN_EXAMEN');
  });

  test('publication : à l’instant fixé, une seule fois, avec le travail du tableau dans la même transaction', async () => {
    const appels: string[] = [];
    const surPublication: SurPublication = async (trx, c, le) => {
      appels.push(`${c.id}@${le.toISOString()}`);
      // Runs in the publication's transaction: what it writes is committed with the new state.
      await trx.insertInto('journal_audit').values({ le, acteur_compte_id: null, action: 'TEST_PUBLICATION', cible: `campagne:${c.id}`, details: '{}' }).execute();
    };
    const { id, campagnes } = await creer('CERTIFIE', 2019, undefined, surPublication);
    await sql`UPDATE campagne SET statut = 'ARRETEE', publication_le = ${'2027-03-01T08:00:00Z'} WHERE id = ${id}::bigint`.execute(b.database.db);
    b.clock.set('2027-03-01T07:59:59.999Z');
    assert.deepEqual(await campagnes.appliquerEcheances(), []);
    assert.equal((await campagnes.prochaineEcheance())?.toISOString(), '2027-03-01T08:00:00.000Z', 'l’échéancier se réveille pour la publication');
    b.clock.set('2027-03-01T08:00:00Z');
    const autre = createCampagneService({ db: b.database.db, clock: b.clock, surPublication });
    const [un, deux] = await Promise.all([campagnes.appliquerEcheances(), autre.appliquerEcheances()]);
    assert.equal(un.length + deux.length, 1, 'publiée une fois par deux processus');
    assert.deepEqual(appels, [`${id}@2027-03-01T08:00:00.000Z`]);
    const c = await b.database.db.selectFrom('campagne').select(['statut', 'publiee_le']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(c.statut, 'PUBLIEE');
    assert.equal(c.publiee_le?.toISOString(), '2027-03-01T08:00:00.000Z');
    assert.deepEqual((await historique(id)).slice(-1), ['ARRETEE→PUBLIEE (PUBLIER)']);
    assert.equal((await b.database.db.selectFrom('journal_audit').select('id').where('action', '=', 'TEST_PUBLICATION').execute()).length, 1);
  });

  test('publication : si le travail du tableau échoue, rien n’est publié', async () => {
    const { id, campagnes } = await creer('CERTIFIE', 2020, undefined, async () => {
      throw new Error('tableau introuvable');
    });
    await sql`UPDATE campagne SET statut = 'ARRETEE', publication_le = ${'2027-03-01T08:00:00Z'} WHERE id = ${id}::bigint`.execute(b.database.db);
    b.clock.set('2027-03-02T00:00:00Z');
    await assert.rejects(campagnes.appliquerEcheances(), /tableau introuvable/);
    const c = await b.database.db.selectFrom('campagne').select(['statut', 'publiee_le']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(c, { statut: 'ARRETEE', publiee_le: null });
  });
});
