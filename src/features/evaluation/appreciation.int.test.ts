import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, type Banc } from '../../test/app.ts';
import { simultanement } from '../../test/concurrence.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { agentHorsClasse, campagneEnExamen, personnel } from './appreciation.fixtures.ts';
import { createAppreciationService, type AppreciationService } from './appreciation.service.ts';
import { manquants } from './completude.ts';

/*
 * Appreciations of a regime B campaign (PE 2022), service by service: eleven PE at hors-classe échelon 6 (vivier 2:
 * quota 20 % of 11 = 2 EXCELLENT), ten in the Somme and one in the Oise, and one at échelon 2 (in no list). The
 * autorité and the évaluateur handle the Somme. Runs on PGlite and, with VIVIER_TEST_PG, on PostgreSQL (where the
 * concurrency test means something).
 */

let b: Banc;
let campagneId: string;
let s: AppreciationService;
let autorite: Utilisateur;
let evaluateur: Utilisateur;
const SOMME = Array.from({ length: 10 }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);

const nombre = async (table: 'evaluation_historique' | 'appreciation_autorite' | 'appreciation_evaluateur', campagne = campagneId) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE campagne_id = ${campagne}`.execute(b.database.db)).rows[0]!.n);
const excellents = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM appreciation_autorite WHERE campagne_id = ${campagneId} AND appreciation = 'EXCELLENT'`.execute(b.database.db)).rows[0]!.n);
const refus = (code: string, statut: number) => (e: unknown) => (e as { code: string; statusCode: number }).code === code && (e as { statusCode: number }).statusCode === statut;

before(async () => {
  b = await banc({ debut: '2026-12-06T09:00:00Z' });
  campagneId = await campagneEnExamen(b, 'PE', 2022);
  for (const id of SOMME) await agentHorsClasse(b, id);
  await agentHorsClasse(b, 'O001', { uai: '0600001X' });
  await agentHorsClasse(b, 'S099', { echelon: 2 });
  s = createAppreciationService({ db: b.database.db, clock: b.clock });
  autorite = (await personnel(b, ['AUTORITE'], { corps: ['PE'], departements: ['080'] })).u;
  evaluateur = (await personnel(b, ['EVALUATEUR'], { corps: ['PE'], departements: ['080'] }, 'INSPECTEUR')).u;
});
after(async () => {
  await b.fermer();
});

describe('appréciation de l’évaluateur', () => {
  test('un agent du périmètre : le texte est écrit et historisé ; le même texte ne change rien', async () => {
    assert.deepEqual(await s.ecrireTexte(evaluateur, campagneId, 'S001', 'Engagement remarquable auprès des élèves.'), { change: true });
    assert.deepEqual(await s.ecrireTexte(evaluateur, campagneId, 'S001', 'Engagement remarquable auprès des élèves.'), { change: false });
    assert.deepEqual(await s.ecrireTexte(evaluateur, campagneId, 'S001', 'Engagement remarquable.'), { change: true });
    const h = await b.database.db.selectFrom('evaluation_historique').select(['objet', 'avant', 'apres', 'par_compte_id', 'source']).where('agent_id', '=', 'S001').orderBy('id').execute();
    assert.deepEqual(h, [
      { objet: 'APPRECIATION_EVALUATEUR', avant: null, apres: { texte: 'Engagement remarquable auprès des élèves.' }, par_compte_id: evaluateur.compteId, source: 'PAGE' },
      { objet: 'APPRECIATION_EVALUATEUR', avant: { texte: 'Engagement remarquable auprès des élèves.' }, apres: { texte: 'Engagement remarquable.' }, par_compte_id: evaluateur.compteId, source: 'PAGE' },
    ]);
  });

  test('hors périmètre ou inconnu : 403 et rien d’écrit ; agent sans liste : 409', async () => {
    const avant = await nombre('evaluation_historique');
    await assert.rejects(s.ecrireTexte(evaluateur, campagneId, 'O001', 'Texte'), refus('HORS_PERIMETRE', 403));
    await assert.rejects(s.ecrireTexte(evaluateur, campagneId, 'INCONNU', 'Texte'), refus('HORS_PERIMETRE', 403));
    await assert.rejects(s.ecrireTexte(evaluateur, campagneId, 'S099', 'Texte'), refus('AGENT_NON_EXAMINE', 409));
    assert.equal(await nombre('evaluation_historique'), avant);
    assert.equal(await nombre('appreciation_evaluateur'), 1);
  });
});

describe('appréciation finale de l’autorité et quota d’Excellent', () => {
  test('quota du vivier 2 : 20 % de 11 promouvables = 2 ; le troisième Excellent est refusé et ne change rien', async () => {
    assert.deepEqual(await s.apprecier(autorite, campagneId, 'S001', 2, 'EXCELLENT'), { change: true });
    assert.deepEqual(await s.apprecier(autorite, campagneId, 'S002', 2, 'EXCELLENT'), { change: true });
    const avant = await nombre('evaluation_historique');
    await assert.rejects(s.apprecier(autorite, campagneId, 'S003', 2, 'EXCELLENT'), (e: Error) => refus('QUOTA_EXCELLENT_ATTEINT', 409)(e) && /2 appréciations « Excellent » sur 2 possibles au vivier 2/.test(e.message));
    assert.equal(await excellents(), 2);
    assert.equal(await nombre('evaluation_historique'), avant);
    assert.equal((await b.database.db.selectFrom('appreciation_autorite').select('agent_id').where('agent_id', '=', 'S003').execute()).length, 0);
  });

  test('au quota : garder son propre Excellent passe ; en retirer un en libère un', async () => {
    assert.deepEqual(await s.apprecier(autorite, campagneId, 'S002', 2, 'EXCELLENT'), { change: false });
    assert.deepEqual(await s.apprecier(autorite, campagneId, 'S003', 2, 'TRES_SATISFAISANT'), { change: true });
    assert.deepEqual(await s.apprecier(autorite, campagneId, 'S002', 2, 'SATISFAISANT'), { change: true });
    assert.deepEqual(await s.apprecier(autorite, campagneId, 'S003', 2, 'EXCELLENT'), { change: true });
    const h = await b.database.db.selectFrom('evaluation_historique').select(['avant', 'apres']).where('agent_id', '=', 'S003').where('objet', '=', 'APPRECIATION_AUTORITE').orderBy('id').execute();
    assert.deepEqual(h, [
      { avant: null, apres: { appreciation: 'TRES_SATISFAISANT' } },
      { avant: { appreciation: 'TRES_SATISFAISANT' }, apres: { appreciation: 'EXCELLENT' } },
    ]);
  });

  test('vivier où l’agent n’est pas, hors périmètre : refus et rien d’écrit', async () => {
    const avant = await nombre('evaluation_historique');
    await assert.rejects(s.apprecier(autorite, campagneId, 'S004', 1, 'SATISFAISANT'), refus('HORS_LISTE', 409));
    await assert.rejects(s.apprecier(autorite, campagneId, 'O001', 2, 'SATISFAISANT'), refus('HORS_PERIMETRE', 403));
    assert.equal(await nombre('evaluation_historique'), avant);
  });

  test('deux onglets de l’autorité en même temps pour le dernier Excellent : un seul passe (verrou du quota)', async () => {
    await s.apprecier(autorite, campagneId, 'S003', 2, 'SATISFAISANT'); // one EXCELLENT left to give
    assert.equal(await excellents(), 1);
    const { resultats, enAttente } = await simultanement(b.database, { sql: 'SELECT id FROM campagne WHERE id = $1 FOR UPDATE', parametres: [campagneId] }, 2, (i) =>
      s.apprecier(autorite, campagneId, i === 0 ? 'S005' : 'S006', 2, 'EXCELLENT'),
    );
    if (b.database.kind === 'postgres') assert.equal(enAttente, 2);
    assert.equal(resultats.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(resultats));
    const rejet = resultats.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal(rejet.reason.code, 'QUOTA_EXCELLENT_ATTEINT');
    assert.equal(await excellents(), 2);
  });

  test('une campagne hors examen (tableau arrêté) refuse toute écriture (409), rien d’écrit', async () => {
    await b.database.db.updateTable('campagne').set({ statut: 'ARRETEE' }).where('id', '=', campagneId).execute();
    try {
      const avant = await nombre('evaluation_historique');
      await assert.rejects(s.apprecier(autorite, campagneId, 'S007', 2, 'SATISFAISANT'), (e: Error) => refus('CAMPAGNE_PAS_EN_EXAMEN', 409)(e) && /tableau est arrêté/.test(e.message));
      await assert.rejects(s.ecrireTexte(evaluateur, campagneId, 'S007', 'Texte'), refus('CAMPAGNE_PAS_EN_EXAMEN', 409));
      assert.equal(await nombre('evaluation_historique'), avant);
    } finally {
      await b.database.db.updateTable('campagne').set({ statut: 'EN_EXAMEN' }).where('id', '=', campagneId).execute();
    }
  });
});

describe('complétude', () => {
  test('les appréciations finales manquantes sont listées et bloquent ; les textes manquants sont listés sans bloquer', async () => {
    const c = await manquants(b.database.db, campagneId);
    const donnees = new Set((await b.database.db.selectFrom('appreciation_autorite').select('agent_id').where('campagne_id', '=', campagneId).execute()).map((a) => a.agent_id));
    const attendus = [...SOMME, 'O001'].filter((id) => !donnees.has(id)).sort();
    assert.deepEqual(c.bloquants.map((m) => m.agent_id).sort(), attendus);
    assert.ok(c.bloquants.every((m) => m.objet === 'APPRECIATION_AUTORITE' && m.libelle === 'appréciation finale de l’autorité (vivier 2)'));
    assert.equal(c.textes.length, 10, 'un seul texte écrit sur onze agents');
    assert.match(c.message!, new RegExp(`${attendus.length} appréciations finales manquent`));
  });

  test('dans une transaction (comme l’arrêté l’appellera) et une fois tout saisi : rien ne manque', async () => {
    const reste = (await manquants(b.database.db, campagneId)).bloquants;
    await b.database.db.transaction().execute(async (trx) => {
      for (const m of reste) {
        await trx.insertInto('appreciation_autorite').values({ campagne_id: campagneId, agent_id: m.agent_id, vivier: 2, appreciation: 'SATISFAISANT', par_compte_id: null, le: new Date() }).execute();
      }
      const c = await manquants(trx, campagneId);
      assert.equal(c.bloquants.length, 0);
      assert.equal(c.message, null);
    });
  });
});
