import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, type Banc } from '../../test/app.ts';
import type { ClientDeTest } from '../../test/client.ts';
import { connecter } from '../dossier/dossier.fixtures.ts';
import { agentHorsClasse, campagneEnExamen, personnel } from './appreciation.fixtures.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';
import { manquants } from './completude.ts';

/*
 * The évaluateur's and the autorité's pages through buildApp. Regime B (PE 2022): ten PE of the Somme and one of the
 * Oise in vivier 2 (quota 2). Regime C (CERTIFIE 2026, two avis): two certifiés of a Oise collège, one in
 * mathematics, one in history; a chef d'établissement of that collège (avis n° 1), a mathematics inspector (n° 2).
 */

let b: Banc;
let campagneB: string;
let campagneC: string;
let evaluateur: ClientDeTest;
let autorite: ClientDeTest;
let chef: ClientDeTest;
let inspecteurMaths: ClientDeTest;
let agent: ClientDeTest;

const nombre = async (table: 'evaluation_historique' | 'appreciation_autorite' | 'appreciation_evaluateur' | 'avis_campagne') =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(b.database.db)).rows[0]!.n);

before(async () => {
  b = await banc({ debut: '2026-12-06T09:00:00Z' });
  campagneB = await campagneEnExamen(b, 'PE', 2022);
  for (let i = 1; i <= 10; i++) await agentHorsClasse(b, `S${String(i).padStart(3, '0')}`, { nom: `SOMME${String.fromCharCode(64 + i)}` });
  await agentHorsClasse(b, 'O001', { uai: '0600001X', nom: 'OISE' });
  campagneC = await campagneEnExamen(b, 'CERTIFIE', 2026);
  await agentHorsClasse(b, 'C001', { corps: 'CERTIFIE', uai: '0600001X', discipline: 'MATHEMATIQUES', nom: 'EULER' });
  await agentHorsClasse(b, 'C002', { corps: 'CERTIFIE', uai: '0600001X', discipline: 'HISTOIRE', nom: 'BLOCH' });
  evaluateur = (await personnel(b, ['EVALUATEUR'], { corps: ['PE'], departements: ['080'] }, 'INSPECTEUR', 'Inès Somme')).client;
  autorite = (await personnel(b, ['AUTORITE'], { corps: ['PE', 'CERTIFIE'] }, null, 'Régis Recteur')).client;
  chef = (await personnel(b, ['EVALUATEUR'], { corps: ['CERTIFIE'], etablissements: ['0600001X'] }, 'CHEF_ETABLISSEMENT')).client;
  inspecteurMaths = (await personnel(b, ['EVALUATEUR'], { corps: ['CERTIFIE'], disciplines: ['MATHEMATIQUES'] }, 'INSPECTEUR')).client;
  agent = (await connecter(b, { agentId: 'S001' })).client;
});
after(async () => {
  await b.fermer();
});

describe('points d’entrée', () => {
  test('l’évaluateur et l’autorité trouvent « Évaluation des agents » dans I-Prof ; un agent ne l’a pas et la page lui est refusée', async () => {
    for (const c of [evaluateur, autorite]) assert.match((await c.get('/iprof')).body, /href="\/iprof\/evaluation">Évaluation des agents/);
    assert.doesNotMatch((await agent.get('/iprof')).body, /Évaluation des agents/);
    assert.equal((await agent.get(u.accueil())).statusCode, 403);
    assert.equal((await agent.get(u.evaluateur(campagneB))).statusCode, 403);
    const r = await evaluateur.get(u.accueil());
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Écrire les appréciations/);
    assert.doesNotMatch(r.body, /CERTIFIE|certifiés/i, 'campagne d’un corps hors du périmètre');
    assert.equal((await evaluateur.get(u.evaluateur(campagneC))).statusCode, 404);
  });
});

describe('l’évaluateur (régime B)', () => {
  test('la liste : les agents de son périmètre seulement, avec ce qui reste à écrire', async () => {
    const r = await evaluateur.get(u.evaluateur(campagneB));
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /SOMMEA Claire \(S001\)/);
    assert.doesNotMatch(r.body, /OISE/);
    assert.match(r.body, /10 appréciations à donner<\/strong> sur 10 agents de votre périmètre/);
  });

  test('écrire une appréciation : 303, enregistrée et historisée ; texte vide : 400 en français, rien d’écrit', async () => {
    await evaluateur.get(u.agent(campagneB, 'S001'));
    const r = await evaluateur.post(u.agent(campagneB, 'S001'), { texte: 'Investissement constant dans l’équipe pédagogique.' });
    assert.equal(r.statusCode, 303);
    assert.match((await evaluateur.get(r.headers.location as string)).body, /Enregistré\.[\s\S]*9 appréciations à donner/);
    const vide = await evaluateur.post(u.agent(campagneB, 'S002'), { texte: '   ' });
    assert.equal(vide.statusCode, 400);
    assert.match(vide.body, /L’appréciation est obligatoire/);
    assert.equal(await nombre('appreciation_evaluateur'), 1);
  });

  test('« à donner seulement » : l’agent déjà apprécié sort de la liste, le compte reste celui du périmètre', async () => {
    const r = await evaluateur.get(u.evaluateur(campagneB, 1, true));
    assert.equal(r.statusCode, 200);
    assert.doesNotMatch(r.body, /SOMMEA Claire/);
    assert.match(r.body, /SOMMEB Claire/);
    assert.match(r.body, /9 appréciations à donner<\/strong> sur 10 agents/);
    assert.match(r.body, /Afficher tous les agents/);
  });

  test('hors périmètre : 403 et rien d’écrit (page et enregistrement) ; sans jeton CSRF : 403 et rien d’écrit', async () => {
    const avant = await nombre('evaluation_historique');
    assert.equal((await evaluateur.get(u.agent(campagneB, 'O001'))).statusCode, 403);
    await evaluateur.get(u.evaluateur(campagneB));
    const r = await evaluateur.post(u.agent(campagneB, 'O001'), { texte: 'Tentative' });
    assert.equal(r.statusCode, 403);
    assert.match(r.body, /n’est pas dans votre périmètre/);
    assert.equal((await evaluateur.post(u.agent(campagneB, 'INCONNU'), { texte: 'Tentative' })).statusCode, 403);
    assert.equal((await evaluateur.post(u.agent(campagneB, 'S003'), { texte: 'Sans jeton' }, { csrf: null })).statusCode, 403);
    assert.equal(await nombre('evaluation_historique'), avant);
  });
});

describe('population gardée entre les pages', () => {
  test('un agent ajouté hors import n’apparaît qu’avec un import réussi (empreinte) ; l’import le fait apparaître aussitôt', async () => {
    await agentHorsClasse(b, 'S011', { nom: 'SOMMEK' });
    assert.match((await evaluateur.get(u.evaluateur(campagneB))).body, /sur 10 agents de votre périmètre/, 'population gardée : empreinte inchangée');
    const { id } = await b.database.db
      .insertInto('import_rh')
      .values({ lance_par_compte_id: null, source: 'test', debut: b.clock.now(), fin: b.clock.now(), statut: 'REUSSI', compteurs: JSON.stringify({}), erreurs: JSON.stringify([]) })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.match((await evaluateur.get(u.evaluateur(campagneB))).body, /10 appréciations à donner<\/strong> sur 11 agents de votre périmètre/);
    await b.database.db.deleteFrom('agent_service').where('agent_id', '=', 'S011').execute();
    await b.database.db.deleteFrom('agent_carriere').where('agent_id', '=', 'S011').execute();
    await b.database.db.deleteFrom('agent').where('agent_id', '=', 'S011').execute();
    await b.database.db.deleteFrom('import_rh').where('id', '=', id).execute();
    assert.match((await evaluateur.get(u.evaluateur(campagneB))).body, /sur 10 agents de votre périmètre/);
  });
});

describe('l’autorité (régime B) : appréciations finales et quota', () => {
  test('la page montre les compteurs « x / max utilisés » par vivier', async () => {
    const r = await autorite.get(u.finales(campagneB));
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Vivier 2 : 0 \/ 2 « Excellent » utilisés/);
    assert.match(r.body, /Vivier 1 : 0 \/ 0 « Excellent » utilisés/);
    assert.match(r.body, /11 appréciations finales à donner/);
    assert.match(r.body, /Investissement constant/, 'le texte de l’évaluateur est lu');
  });

  test('deux Excellent passent, le troisième est refusé (409, message clair, compteurs à jour) et ne change rien', async () => {
    const premier = await autorite.post(u.finales(campagneB), { agent_id: 'S001', vivier: '2', appreciation: 'EXCELLENT', page: '1' });
    assert.equal(premier.statusCode, 303);
    assert.equal(premier.headers.location, `${u.finales(campagneB)}?fait=enregistre#finale-S001-2`, 'retour à la ligne enregistrée');
    const page2 = await autorite.post(u.finales(campagneB), { agent_id: 'S002', vivier: '2', appreciation: 'EXCELLENT', page: '2' });
    assert.equal(page2.headers.location, `${u.finales(campagneB, 2)}&fait=enregistre#finale-S002-2`, 'retour à la page du formulaire');
    await autorite.get(u.finales(campagneB));
    const avant = await nombre('evaluation_historique');
    const r = await autorite.post(u.finales(campagneB), { agent_id: 'S003', vivier: '2', appreciation: 'EXCELLENT' });
    assert.equal(r.statusCode, 409);
    assert.match(r.body, /Appréciation non enregistrée[\s\S]*Quota atteint : 2 appréciations « Excellent » sur 2 possibles au vivier 2/);
    assert.match(r.body, /Vivier 2 : 2 \/ 2 « Excellent » utilisés/);
    assert.equal(await nombre('evaluation_historique'), avant);
    assert.equal((await b.database.db.selectFrom('appreciation_autorite').select('agent_id').where('agent_id', '=', 'S003').execute()).length, 0);
  });

  test('« à donner seulement » : les agents qui ont leur appréciation finale sortent de la liste, et y restent après un enregistrement', async () => {
    const r = await autorite.get(u.finales(campagneB, 1, true));
    assert.doesNotMatch(r.body, /SOMMEA Claire \(S001\)/);
    assert.match(r.body, /SOMMEC Claire \(S003\)/);
    const post = await autorite.post(u.finales(campagneB), { agent_id: 'S010', vivier: '2', appreciation: 'SATISFAISANT', page: '1', a_donner: '1' });
    assert.equal(post.headers.location, `${u.finales(campagneB, 1, true)}&fait=enregistre#finale-S010-2`);
    assert.doesNotMatch((await autorite.get(post.headers.location as string)).body, /SOMMEJ Claire \(S010\)/);
  });

  test('valeur hors liste : 400 ; sans jeton CSRF : 403 ; l’évaluateur n’a pas accès : 403', async () => {
    await autorite.get(u.finales(campagneB));
    assert.equal((await autorite.post(u.finales(campagneB), { agent_id: 'S004', vivier: '2', appreciation: 'PARFAIT' })).statusCode, 400);
    assert.equal((await autorite.post(u.finales(campagneB), { agent_id: 'S004', vivier: '2', appreciation: 'SATISFAISANT', page: 'deux' })).statusCode, 400);
    assert.equal((await autorite.post(u.finales(campagneB), { agent_id: 'S004', vivier: '2', appreciation: 'SATISFAISANT' }, { csrf: null })).statusCode, 403);
    await evaluateur.get(u.evaluateur(campagneB));
    assert.equal((await evaluateur.post(u.finales(campagneB), { agent_id: 'S004', vivier: '2', appreciation: 'SATISFAISANT' })).statusCode, 403);
    assert.equal((await b.database.db.selectFrom('appreciation_autorite').select('agent_id').where('agent_id', '=', 'S004').execute()).length, 0);
  });

  test('hors examen (tableau arrêté) : 409, la page est en lecture seule, rien d’écrit', async () => {
    await b.database.db.updateTable('campagne').set({ statut: 'ARRETEE' }).where('id', '=', campagneB).execute();
    try {
      await autorite.get(u.finales(campagneB));
      const r = await autorite.post(u.finales(campagneB), { agent_id: 'S004', vivier: '2', appreciation: 'SATISFAISANT' });
      assert.equal(r.statusCode, 409);
      assert.match(r.body, /le tableau est arrêté/);
      assert.match(r.body, /Lecture seule/);
      assert.equal((await evaluateur.post(u.agent(campagneB, 'S004'), { texte: 'Trop tard' })).statusCode, 409);
      assert.equal((await b.database.db.selectFrom('appreciation_autorite').select('agent_id').where('agent_id', '=', 'S004').execute()).length, 0);
    } finally {
      await b.database.db.updateTable('campagne').set({ statut: 'EN_EXAMEN' }).where('id', '=', campagneB).execute();
    }
  });
});

describe('les avis (régime C, second degré : deux avis)', () => {
  test('le chef d’établissement donne l’avis n° 1 à ses deux agents ; l’inspecteur de mathématiques l’avis n° 2 au seul agent de sa discipline', async () => {
    const liste = await chef.get(u.evaluateur(campagneC));
    assert.match(liste.body, /avis n° 1/);
    assert.match(liste.body, /2 avis à donner/);
    assert.match(liste.body, /Avis manquant/);
    await chef.get(u.agent(campagneC, 'C001'));
    assert.equal((await chef.post(u.agent(campagneC, 'C001'), { avis: 'TRES_FAVORABLE', texte: '' })).statusCode, 303);
    assert.equal((await chef.post(u.agent(campagneC, 'C002'), { avis: 'FAVORABLE', texte: 'Très investie.' })).statusCode, 303);
    const maths = await inspecteurMaths.get(u.evaluateur(campagneC));
    assert.match(maths.body, /EULER/);
    assert.doesNotMatch(maths.body, /BLOCH/);
    assert.equal((await inspecteurMaths.post(u.agent(campagneC, 'C002'), { avis: 'FAVORABLE', texte: '' })).statusCode, 403, 'discipline hors périmètre');
    assert.equal((await inspecteurMaths.post(u.agent(campagneC, 'C001'), { avis: 'SUPERBE', texte: '' })).statusCode, 400);
    assert.equal((await inspecteurMaths.post(u.agent(campagneC, 'C001'), { avis: 'FAVORABLE', texte: '' })).statusCode, 303);
    const avis = await b.database.db.selectFrom('avis_campagne').select(['agent_id', 'numero', 'avis', 'texte']).orderBy('agent_id').orderBy('numero').execute();
    assert.deepEqual(avis, [
      { agent_id: 'C001', numero: 1, avis: 'TRES_FAVORABLE', texte: null },
      { agent_id: 'C001', numero: 2, avis: 'FAVORABLE', texte: null },
      { agent_id: 'C002', numero: 1, avis: 'FAVORABLE', texte: 'Très investie.' },
    ]);
  });

  test('l’avis manquant (n° 2 de l’agent d’histoire) est listé et bloque l’arrêté', async () => {
    const c = await manquants(b.database.db, campagneC);
    assert.deepEqual(
      c.bloquants.map((m) => [m.agent_id, m.objet, m.libelle]),
      [['C002', 'AVIS', 'avis n° 2 (inspecteur de la discipline)']],
    );
    assert.match(c.message!, /1 avis manque/);
  });
});
