import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, type Banc } from '../../test/app.ts';
import type { ClientDeTest } from '../../test/client.ts';
import { agentHorsClasse, campagneEnExamen, personnel } from './appreciation.fixtures.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';

/*
 * appreciations.csv and avis.csv loaded into a campaign through the page, all or nothing. Regime B (PE 2022): ten PE of
 * the Somme and one of the Oise in vivier 2 (quota 20 % of 11 = 2), loaded by a gestionnaire of the Somme. Regime C
 * (PE 2026): one avis per agent.
 */

let b: Banc;
let campagneB: string;
let campagneC: string;
let gestion: ClientDeTest;
let evaluateur: ClientDeTest;

const nombre = async (table: 'evaluation_historique' | 'appreciation_autorite' | 'avis_campagne') => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(b.database.db)).rows[0]!.n);

async function charger(client: ClientDeTest, campagne: string, nom: string, contenu: string | Buffer, csrf?: null) {
  await client.get(u.chargement(campagne));
  return client.postMultipart(u.chargement(campagne), {}, [{ champ: 'fichier', nom, contenu, type: 'text/csv' }], csrf === null ? { csrf: null } : {});
}

before(async () => {
  b = await banc({ debut: '2026-12-06T09:00:00Z' });
  campagneB = await campagneEnExamen(b, 'PE', 2022);
  for (let i = 1; i <= 10; i++) await agentHorsClasse(b, `S${String(i).padStart(3, '0')}`);
  await agentHorsClasse(b, 'O001', { uai: '0600001X' });
  await agentHorsClasse(b, 'S099', { echelon: 2 });
  gestion = (await personnel(b, ['GESTIONNAIRE'], { corps: ['PE'], departements: ['080'] })).client;
  evaluateur = (await personnel(b, ['EVALUATEUR'], { corps: ['PE'] }, 'INSPECTEUR')).client;
});
after(async () => {
  await b.fermer();
});

describe('appreciations.csv (régime B)', () => {
  test('fichier mal formé : 400, erreurs par ligne et colonne en français, rien d’écrit', async () => {
    const r = await charger(gestion, campagneB, 'appreciations.csv', 'agent_id;vivier;appreciation\nS001;2;EXCELLENT\nS002;3;SATISFAISANT\nS003;2;PARFAIT\nS001;2;SATISFAISANT\n;2;SATISFAISANT\n');
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /Rien n’a été enregistré : 4 erreurs/);
    assert.match(r.body, /appreciations\.csv, ligne 3, colonne vivier : Code inconnu « 3 »/);
    assert.match(r.body, /appreciations\.csv, ligne 4, colonne appreciation : Code inconnu « PARFAIT »/);
    assert.match(r.body, /ligne 5, colonne agent_id : L.{1,6}agent S001 a déjà une appréciation pour le vivier 2 \(ligne 2\)/);
    assert.match(r.body, /ligne 6, colonne agent_id : La colonne agent_id est obligatoire et vide/);
    assert.equal(await nombre('appreciation_autorite'), 0);
    const entete = await charger(gestion, campagneB, 'appreciations.csv', 'agent;vivier;appreciation\nS001;2;EXCELLENT\n');
    assert.equal(entete.statusCode, 400);
    assert.match(entete.body, /agent_id/);
  });

  test('agent hors périmètre, inconnu, non examiné ou au mauvais vivier : erreurs par ligne, rien d’écrit', async () => {
    const r = await charger(gestion, campagneB, 'appreciations.csv', 'agent_id;vivier;appreciation\nS001;2;SATISFAISANT\nO001;2;SATISFAISANT\nZ999;2;SATISFAISANT\nS099;2;SATISFAISANT\nS002;1;SATISFAISANT\n');
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /ligne 3, colonne agent_id : L’agent O001 n’existe pas ou n’est pas dans votre périmètre/);
    assert.match(r.body, /ligne 4, colonne agent_id : L’agent Z999 n’existe pas ou n’est pas dans votre périmètre/);
    assert.match(r.body, /ligne 5, colonne agent_id : L’agent S099 n’est pas à examiner dans cette campagne/);
    assert.match(r.body, /ligne 6, colonne agent_id : L’agent S002 n’est pas examiné au vivier 1/);
    assert.equal(await nombre('appreciation_autorite'), 0);
  });

  test('trois Excellent pour un quota de deux : refusé, rien d’écrit', async () => {
    const r = await charger(gestion, campagneB, 'appreciations.csv', 'agent_id;vivier;appreciation\nS001;2;EXCELLENT\nS002;2;EXCELLENT\nS003;2;EXCELLENT\n');
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /Quota dépassé au vivier 2 : 3 « Excellent » après chargement, 2 au plus \(20 % de 11 agents\)/);
    assert.equal(await nombre('appreciation_autorite'), 0);
  });

  test('mauvais nom de fichier, sans jeton CSRF, rôle sans chargement : refus et rien d’écrit', async () => {
    const bon = 'agent_id;vivier;appreciation\nS001;2;SATISFAISANT\n';
    const nom = await charger(gestion, campagneB, 'avis.csv', bon);
    assert.equal(nom.statusCode, 400);
    assert.match(nom.body, /cette campagne attend appreciations\.csv/);
    assert.equal((await charger(gestion, campagneB, 'appreciations.csv', bon, null)).statusCode, 403);
    assert.equal((await evaluateur.get(u.chargement(campagneB))).statusCode, 403);
    assert.equal(await nombre('appreciation_autorite'), 0);
  });

  test('un fichier valide (BOM, séparateur « , ») : tout est écrit et historisé avec la source CSV ; le même fichier ne change plus rien', async () => {
    const lignes = ['agent_id,vivier,appreciation', 'S001,2,EXCELLENT', 'S002,2,EXCELLENT', ...['S003', 'S004', 'S005'].map((id) => `${id},2,TRES_SATISFAISANT`)];
    const contenu = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lignes.join('\r\n') + '\r\n')]);
    const r = await charger(gestion, campagneB, 'appreciations.csv', contenu);
    assert.equal(r.statusCode, 200, r.body.slice(0, 3000));
    assert.match(r.body, /5 lignes lues, 5 appréciation\(s\) modifié\(e\)s/);
    assert.equal(await nombre('appreciation_autorite'), 5);
    const h = await b.database.db.selectFrom('evaluation_historique').select(['source', 'objet']).distinct().execute();
    assert.deepEqual(h, [{ source: 'CSV', objet: 'APPRECIATION_AUTORITE' }]);
    const encore = await charger(gestion, campagneB, 'appreciations.csv', contenu);
    assert.match(encore.body, /5 lignes lues, 0 appréciation/);
    assert.equal(await nombre('evaluation_historique'), 5);
  });

  test('hors examen : refusé (409), rien d’écrit', async () => {
    await b.database.db.updateTable('campagne').set({ statut: 'ARRETEE' }).where('id', '=', campagneB).execute();
    try {
      await gestion.get(u.evaluateur(campagneB));
      const r = await gestion.postMultipart(u.chargement(campagneB), {}, [{ champ: 'fichier', nom: 'appreciations.csv', contenu: 'agent_id;vivier;appreciation\nS006;2;SATISFAISANT\n' }]);
      assert.equal(r.statusCode, 409);
      assert.equal(await nombre('appreciation_autorite'), 5);
    } finally {
      await b.database.db.updateTable('campagne').set({ statut: 'EN_EXAMEN' }).where('id', '=', campagneB).execute();
    }
  });
});

describe('avis.csv (régime C, PE : un avis)', () => {
  before(async () => {
    campagneC = await campagneEnExamen(b, 'PE', 2026);
  });

  test('avis_2 renseigné pour un professeur des écoles : erreur de ligne, rien d’écrit ; fichier valide : écrit', async () => {
    const r = await charger(gestion, campagneC, 'avis.csv', 'agent_id;avis_1;avis_2\nS001;TRES_FAVORABLE;\nS002;FAVORABLE;FAVORABLE\n');
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /avis\.csv, ligne 3, colonne agent_id : L’agent S002 \(PE\) n’a qu’un avis : avis_2 doit être vide/);
    assert.equal(await nombre('avis_campagne'), 0);
    const ok = await charger(gestion, campagneC, 'avis.csv', 'agent_id;avis_1;avis_2\nS001;TRES_FAVORABLE;\nS002;DEFAVORABLE;\n');
    assert.equal(ok.statusCode, 200);
    const avis = await b.database.db.selectFrom('avis_campagne').select(['agent_id', 'numero', 'avis']).where('campagne_id', '=', campagneC).orderBy('agent_id').execute();
    assert.deepEqual(avis, [
      { agent_id: 'S001', numero: 1, avis: 'TRES_FAVORABLE' },
      { agent_id: 'S002', numero: 1, avis: 'DEFAVORABLE' },
    ]);
  });
});
