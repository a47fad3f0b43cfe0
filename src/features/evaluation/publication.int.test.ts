import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { createImportService } from '../import/import.service.ts';
import { sourceDossier } from '../import/import.source.ts';
import { chargerEchantillon, DOSSIER_ECHANTILLON } from '../import/test-echantillon.ts';
import { evaluerCampagne } from '../eligibilite/export.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { createCampagneService, type Campagne, type SurPublication } from '../campagnes/campagne.service.ts';
import { trouverCampagne } from '../campagnes/campagne.repository.ts';
import { classerViviers } from './classement.rules.ts';
import { createCacheTableaux } from './tableau-cache.ts';
import { createTableauService } from './tableau-arrete.service.ts';
import { calculerTableau } from './tableau.service.ts';
import { candidatsRecevables } from './tableau.repository.ts';
import { agentsExamines } from './completude.ts';
import { empreinteEntrees } from './tableau.empreinte.ts';
import { createPublicationService } from './publication.service.ts';

/**
 * Arrêté then publication of a regime A campaign (PE 2019, sample académie): the snapshot is stable when the data
 * change afterwards, its hash is that of its inputs, the publication happens once at its date (caught up after a
 * stop, rolled back whole if it fails), candidatures become PROMU / NON_PROMU and every agent of the table gets a
 * message and a queued e-mail.
 */
const jeu = chargerEchantillon();
const parId = new Map(jeu.agents.map((a) => [a.agent_id, a]));
const LE = new Date('2026-11-30T09:00:00Z');
const PUBLICATION = new Date('2027-06-15T07:00:00Z');
let b: Banc;
let autorite: Utilisateur;
let campagneId: string;

const v1 = () => evaluerCampagne(jeu, 'PE', reglesPour(2019)).filter((v) => v.vivier1).map((v) => v.agent_id);
const campagne = async () => (await trouverCampagne(b.database.db, campagneId)) as Campagne;
const compter = async (table: 'message' | 'courriel' | 'candidature_historique') => (await b.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

before(async () => {
  b = await banc();
  const r = await createImportService({ db: b.database.db, clock: b.clock }).importer(sourceDossier(DOSSIER_ECHANTILLON), { lanceParCompteId: null });
  assert.equal(r.ok, true);
  const c = await b.database.db
    .insertInto('campagne')
    .values({ corps: 'PE', annee: 2019, regime: 'A', ouverture: LE, fermeture: new Date('2026-12-15T16:00:00Z'), promotions: 20, parametres: '{}', statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: LE })
    .returning('id')
    .executeTakeFirstOrThrow();
  campagneId = c.id;
  // Two in three vivier-1 agents RECEVABLE, the others IRRECEVABLE; the sample's appreciations as the autorité's.
  await b.database.db
    .insertInto('candidature')
    .values(v1().map((agent_id, i) => ({ campagne_id: campagneId, agent_id, statut: i % 3 === 2 ? ('IRRECEVABLE' as const) : ('RECEVABLE' as const), cree_le: LE, modifie_le: LE, validee_le: LE, reference: null })))
    .execute();
  await b.database.db
    .insertInto('appreciation_autorite')
    .values(jeu.appreciations.filter((a) => parId.get(a.agent_id)?.corps === 'PE').map((a) => ({ campagne_id: campagneId, agent_id: a.agent_id, vivier: a.vivier, appreciation: a.appreciation, par_compte_id: null, le: LE })))
    .execute();
  const compte = await creerCompte(b.database, { roles: ['AUTORITE'] });
  autorite = { compteId: compte.id, identifiant: compte.identifiant, nomAffiche: 'Autorité', roles: ['AUTORITE'], perimetre: {}, qualiteEvaluateur: null, agentId: null, precedenteConnexion: null, favoris: [] };
});
after(async () => {
  await b.fermer();
});

describe('arrêté puis publication (régime A)', () => {
  const tableaux = () => createTableauService({ db: b.database.db, clock: b.clock, cache: createCacheTableaux() });

  test('arrêté refusé tant qu’une candidature déposée attend sa recevabilité ; rien n’est enregistré', async () => {
    const [premier] = v1();
    const statutAvant = (await b.database.db.selectFrom('candidature').select('statut').where('campagne_id', '=', campagneId).where('agent_id', '=', premier!).executeTakeFirstOrThrow()).statut;
    await b.database.db.updateTable('candidature').set({ statut: 'DEPOSEE' }).where('campagne_id', '=', campagneId).where('agent_id', '=', premier!).execute();
    await assert.rejects(tableaux().arreter(autorite, await campagne(), PUBLICATION, b.clock.now()), /1 candidature déposée attend encore la décision de recevabilité\. Rien n’a été enregistré/);
    assert.equal((await campagne()).statut, 'EN_EXAMEN');
    assert.equal((await b.database.db.selectFrom('tableau').select('id').where('campagne_id', '=', campagneId).execute()).length, 0);
    await b.database.db.updateTable('candidature').set({ statut: statutAvant }).where('campagne_id', '=', campagneId).where('agent_id', '=', premier!).execute();
  });

  test('arrêté : l’instantané est le tableau calculé, son empreinte celle de ses entrées ; les données changées ensuite ne le touchent pas', async () => {
    const avant = await calculerTableau(b.database.db, { corps: 'PE', annee: 2019, promotions: 20, simulation: false });
    const r = await tableaux().arreter(autorite, await campagne(), PUBLICATION, b.clock.now());
    assert.equal(r.empreinte, empreinteEntrees({ ...avant, promotions: 20 }));
    assert.equal(r.lignes, avant.tableau.lignes.length);
    const lire = () => b.database.db.selectFrom('tableau_ligne').select(['liste', 'rang', 'agent_id', 'bareme', 'promu', 'appreciation']).where('tableau_id', '=', r.tableauId).orderBy('liste').orderBy('rang').execute();
    const instantane = await lire();
    assert.deepEqual(
      instantane.map((l) => [l.rang, l.agent_id, l.bareme, l.promu]),
      avant.tableau.lignes.map((l) => [l.rang, l.agent_id, l.bareme, l.promu]),
    );

    // An import or a direct write afterwards: the appreciations all changed. The snapshot and the page stay the same.
    await b.database.db.updateTable('appreciation_autorite').set({ appreciation: 'INSATISFAISANT' }).where('campagne_id', '=', campagneId).execute();
    const apres = await calculerTableau(b.database.db, { corps: 'PE', annee: 2019, promotions: 20, simulation: false });
    assert.notEqual(empreinteEntrees({ ...apres, promotions: 20 }), r.empreinte, 'l’empreinte voit le changement');
    assert.deepEqual(await lire(), instantane);
    const page = await tableaux().actuel(await campagne());
    assert.equal(page.source, 'ARRETE');
    assert.equal(page.empreinte, r.empreinte);
    assert.deepEqual(page.tableau.lignes.map((l) => [l.rang, l.agent_id, l.promu]), avant.tableau.lignes.map((l) => [l.rang, l.agent_id, l.promu]));
    // The same inputs give the same hash, whatever the order of the rows.
    assert.equal(empreinteEntrees({ ...avant, promotions: 20, entrees: [...avant.entrees].reverse(), appreciations: [...avant.appreciations].reverse() }), r.empreinte);
  });

  test('publication : pas avant sa date ; un échec défait tout ; à sa date (rattrapée après un arrêt), une seule fois', async () => {
    const publication = createPublicationService({ db: b.database.db });
    const messages0 = await compter('message');
    const courriels0 = await compter('courriel');

    b.clock.set('2027-06-15T06:59:59Z');
    assert.deepEqual(await createCampagneService({ db: b.database.db, clock: b.clock, surPublication: publication.surPublication }).appliquerEcheances(), []);

    // A failure after the table's writes (the process dies, the database refuses): nothing is published.
    const enEchec: SurPublication = async (trx, c, le) => {
      await publication.surPublication(trx, c, le);
      throw new Error('panne pendant la publication');
    };
    b.clock.set('2027-06-20T10:00:00Z');
    await assert.rejects(createCampagneService({ db: b.database.db, clock: b.clock, surPublication: enEchec }).appliquerEcheances(), /panne/);
    assert.equal((await campagne()).statut, 'ARRETEE');
    assert.equal(await compter('message'), messages0);
    assert.equal((await b.database.db.selectFrom('tableau').select('statut').where('campagne_id', '=', campagneId).executeTakeFirstOrThrow()).statut, 'ARRETE');

    // Restarted days after the date: caught up, once.
    const campagnes = createCampagneService({ db: b.database.db, clock: b.clock, surPublication: publication.surPublication });
    assert.deepEqual((await campagnes.appliquerEcheances()).map((f) => f.evenement), ['PUBLIER']);
    assert.deepEqual(await campagnes.appliquerEcheances(), []);
    const c = await campagne();
    assert.equal(c.statut, 'PUBLIEE');
    assert.equal(c.publiee_le?.toISOString(), '2027-06-20T10:00:00.000Z');

    const lignes = await b.database.db.selectFrom('tableau_ligne as l').innerJoin('tableau as t', 't.id', 'l.tableau_id').select(['l.agent_id', 'l.promu', 'l.liste', 'l.rang', 'l.bareme']).where('t.campagne_id', '=', campagneId).where('t.statut', '=', 'PUBLIE').execute();
    const agents = new Set(lignes.map((l) => l.agent_id));
    assert.equal(await compter('message'), messages0 + agents.size, 'un message par agent du tableau');
    const avecCourriel = await b.database.db.selectFrom('agent').select('agent_id').where('agent_id', 'in', [...agents]).where('email', '<>', '').execute();
    assert.equal(await compter('courriel'), courriels0 + avecCourriel.length);

    // Regime A (DOMAIN.md §6): every decided candidature ends PROMU or NON_PROMU. RECEVABLE as the table says;
    // IRRECEVABLE is NON_PROMU unless promoted in vivier 2 (examined there without applying, §5). History says whence.
    const promus = new Set(lignes.filter((l) => l.promu).map((l) => l.agent_id));
    const candidatures = await b.database.db.selectFrom('candidature').select(['id', 'agent_id', 'statut']).where('campagne_id', '=', campagneId).execute();
    const origine = new Map(
      (await b.database.db.selectFrom('candidature_historique').select(['candidature_id', 'de', 'vers', 'evenement']).where('candidature_id', 'in', candidatures.map((x) => x.id)).execute()).map((h) => [h.candidature_id, h] as const),
    );
    const irrecevables = v1().filter((_, i) => i % 3 === 2);
    assert.ok(irrecevables.length > 0);
    for (const x of candidatures) {
      assert.equal(x.statut, promus.has(x.agent_id) ? 'PROMU' : 'NON_PROMU', x.agent_id);
      const h = origine.get(x.id)!;
      assert.equal(h.de, irrecevables.includes(x.agent_id) ? 'IRRECEVABLE' : 'RECEVABLE', x.agent_id);
      assert.equal(h.vers, x.statut);
      assert.equal(h.evenement, x.statut === 'PROMU' ? 'PROMOUVOIR' : 'NE_PAS_PROMOUVOIR');
    }
    assert.ok(candidatures.some((x) => x.statut === 'PROMU') && candidatures.some((x) => x.statut === 'NON_PROMU'));
    // An IRRECEVABLE agent is never in the vivier-1 list; one NON_PROMU now is still not an admissible candidate.
    assert.ok(!lignes.some((l) => l.liste === 1 && irrecevables.includes(l.agent_id)));
    assert.deepEqual([...(await candidatsRecevables(b.database.db, campagneId))].sort(), v1().filter((_, i) => i % 3 !== 2).sort());

    // A non-promoted agent's message: rank, barème, last promoted barème of the list, recours deadline as a date.
    const nonPromu = lignes.find((l) => !l.promu && l.liste === 1 && !promus.has(l.agent_id))!;
    const dernier = Math.min(...lignes.filter((l) => l.liste === 1 && l.promu).map((l) => l.bareme!));
    const m = await b.database.db.selectFrom('message').select(['sujet', 'corps']).where('agent_id', '=', nonPromu.agent_id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(m.corps, new RegExp(`vivier 1 : rang ${nonPromu.rang}, barème ${nonPromu.bareme}, dernier barème promu ${dernier}`));
    assert.match(m.corps, /jusqu’au 20 août 2027 inclus/);
    const promu = [...promus][0]!;
    const mp = await b.database.db.selectFrom('message').select('corps').where('agent_id', '=', promu).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(mp.corps, /promu\(e\) à la classe exceptionnelle, avec effet au 1er septembre 2019/);

    // The agent's own result.
    const r = await publication.resultat(nonPromu.agent_id, campagneId);
    assert.equal(r.resultat.kind, 'NON_PROMU');
    assert.equal(r.dateLimiteRecours, '2027-08-20');
    await assert.rejects(publication.resultat('A-inconnu', campagneId), /Aucun résultat/);
  });

  test('sans tableau arrêté, la publication échoue et rien n’est publié', async () => {
    const publication = createPublicationService({ db: b.database.db });
    const c = await campagne();
    await b.database.db.transaction().execute(async (trx) => {
      await assert.rejects(publication.surPublication(trx, c, b.clock.now()), /sans tableau arrêté/);
    });
  });
});

describe('lecture du tableau calculé', () => {
  test('le tableau de la page est celui des règles pures (mêmes entrées)', async () => {
    const c = await campagne();
    const t = await calculerTableau(b.database.db, { corps: 'PE', annee: 2019, promotions: 7, simulation: true });
    const attendu = classerViviers(t.entrees, t.appreciations, reglesPour(2019), 7, 'SIMULATION');
    assert.deepEqual(t.tableau, attendu);
    assert.equal(c.corps, 'PE');
  });

  test('simulation d’un quota « Excellent » : le tableau est classé avec les « Excellent » en trop comptés « Très satisfaisant », rien n’est enregistré', async () => {
    // The first test left every appreciation INSATISFAISANT: some EXCELLENT in each list again.
    await b.database.db.updateTable('appreciation_autorite').set({ appreciation: 'EXCELLENT' }).where('campagne_id', '=', campagneId).where(sql<boolean>`agent_id IN (SELECT agent_id FROM appreciation_autorite WHERE campagne_id = ${campagneId}::bigint ORDER BY agent_id LIMIT 6)`).execute();
    const lire = () => b.database.db.selectFrom('appreciation_autorite').select(['agent_id', 'vivier', 'appreciation']).where('campagne_id', '=', campagneId).orderBy('agent_id').orderBy('vivier').execute();
    const avant = await lire();
    const base = await calculerTableau(b.database.db, { corps: 'PE', annee: 2019, promotions: 7, simulation: true });
    const t = await calculerTableau(b.database.db, { corps: 'PE', annee: 2019, promotions: 7, simulation: true, partExcellent: { 1: 0, 2: 0 } });
    // The lists of the simulation: every vivier-1 agent, every vivier-2 agent (an appreciation of an agent outside a list is not counted).
    const liste = (v: 1 | 2) => new Set(base.entrees.filter((e) => (v === 1 ? e.verdict.vivier1 : e.verdict.vivier2)).map((e) => e.agent.agent_id));
    const donnes = (v: 1 | 2) => base.appreciations.filter((a) => a.vivier === v && a.appreciation === 'EXCELLENT' && liste(v).has(a.agent_id)).length;
    assert.ok(donnes(1) + donnes(2) > 0, 'l’échantillon a des « Excellent »');
    assert.deepEqual(t.quotasSimules.map((q) => [q.vivier, q.max, q.ramenes.length]), [[1, 0, donnes(1)], [2, 0, donnes(2)]]);
    assert.ok(t.tableau.lignes.every((l) => l.appreciation !== 'EXCELLENT'));
    assert.ok(base.tableau.lignes.some((l) => l.appreciation === 'EXCELLENT'));
    assert.deepEqual(t.tableau, classerViviers(t.entrees, t.appreciations, reglesPour(2019), 7, 'SIMULATION'));
    assert.deepEqual(await lire(), avant);
  });

  test('les agents examinés (pages d’appréciation, quotas, complétude) sont exactement ceux que le tableau lit', async () => {
    const c = await campagne();
    const t = await calculerTableau(b.database.db, { corps: 'PE', annee: 2019, promotions: 20, simulation: false });
    const pop = await agentsExamines(b.database.db, { id: c.id, corps: 'PE', annee: 2019, regime: 'A', statut: c.statut });
    assert.deepEqual([...pop.examines.keys()].sort(), t.entrees.map((e) => e.agent.agent_id).sort());
    const listes = (v: 1 | 2) => t.entrees.filter((e) => pop.examines.get(e.agent.agent_id)!.listes.includes(v)).length;
    assert.deepEqual(pop.effectifs, { 1: listes(1), 2: listes(2) });
    assert.equal(pop.effectifs[1], new Set(t.tableau.lignes.filter((l) => l.vivier === 1).map((l) => l.agent_id)).size);
  });
});
