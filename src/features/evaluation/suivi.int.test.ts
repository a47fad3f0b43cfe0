import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, type Banc } from '../../test/app.ts';
import type { ClientDeTest } from '../../test/client.ts';
import { agentHorsClasse, campagneEnExamen, personnel } from './appreciation.fixtures.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';

/*
 * The gestionnaire's follow-up of a regime B campaign (PE 2022): three PE of the Somme, one of the Oise, all in vivier
 * 2. Évaluateurs: one of the Somme (with an e-mail address), one of the Oise, one of the Somme without address. The
 * gestionnaire handles the Somme.
 */

let b: Banc;
let campagne: string;
let gestion: ClientDeTest;
let gestionCompte: { identifiant: string; motDePasse: string };
let somme: { id: string };
let sansAdresse: { id: string };
let agentCompte: { id: string };

const courriels = async () => (await sql<{ destinataire: string; sujet: string; corps: string }>`SELECT destinataire, sujet, corps FROM courriel ORDER BY id`.execute(b.database.db)).rows;

before(async () => {
  b = await banc({ debut: '2026-12-06T09:00:00Z' });
  campagne = await campagneEnExamen(b, 'PE', 2022);
  for (const [id, nom] of [['S001', 'ARNAUD'], ['S002', 'BERTIN'], ['S003', 'CAMUS']]) await agentHorsClasse(b, id!, { nom });
  await agentHorsClasse(b, 'O001', { uai: '0600001X', nom: 'OISE' });
  const e = await personnel(b, ['EVALUATEUR'], { corps: ['PE'], departements: ['080'] }, 'INSPECTEUR', 'Inès Somme');
  somme = e.compte;
  await b.database.db.updateTable('compte').set({ email: 'ines.somme@ac-demo.invalid' }).where('id', '=', somme.id).execute();
  await personnel(b, ['EVALUATEUR'], { corps: ['PE'], departements: ['060'] }, 'INSPECTEUR', 'Odile Oise');
  sansAdresse = (await personnel(b, ['EVALUATEUR'], { corps: ['PE'], departements: ['080'] }, 'INSPECTEUR', 'Sam Sansadresse')).compte;
  agentCompte = (await personnel(b, ['GESTIONNAIRE'], { corps: ['CERTIFIE'] })).compte;
  const g = await personnel(b, ['GESTIONNAIRE'], { corps: ['PE'], departements: ['080'] }, null, 'Gaëlle Somme');
  gestion = g.client;
  gestionCompte = g.compte;
  await e.client.get(u.agent(campagne, 'S001'));
  assert.equal((await e.client.post(u.agent(campagne, 'S001'), { texte: 'Très bonne manière de servir.' })).statusCode, 303);
});
after(async () => {
  await b.fermer();
});

describe('suivi des appréciations par le gestionnaire', () => {
  test('par évaluateur : ce qui reste à donner dans le périmètre du gestionnaire ; les manquants bloquants nommés', async () => {
    const r = await gestion.get(u.suivi(campagne));
    assert.equal(r.statusCode, 200);
    const ligne = (nom: string) => r.body.slice(r.body.indexOf(nom), r.body.indexOf('</tr>', r.body.indexOf(nom)));
    assert.match(ligne('Inès Somme'), /<td>3<\/td><td><strong>2<\/strong>/);
    assert.match(ligne('Odile Oise'), /<td>0<\/td>[\s\S]*Terminé/, 'l’agent de l’Oise n’est pas dans le périmètre du gestionnaire');
    assert.match(ligne('Sam Sansadresse'), /Pas d’adresse électronique/);
    assert.match(r.body, /Manquants qui bloquent l’arrêté du tableau : 3/);
    assert.match(r.body, /ARNAUD Claire \(S001\)[\s\S]*appréciation finale de l’autorité \(vivier 2\)/);
    assert.doesNotMatch(r.body, /OISE Claire/);
    assert.match(r.body, /Appréciations d’évaluateur non écrites \(elles ne bloquent pas\) : 2/);
    assert.match((await gestion.get(`/iprof/gestion/campagnes/${campagne}`)).body, /Suivi des appréciations/);
  });

  test('envoyer un rappel : un courriel mis en file, une seule fois par jour et par évaluateur ; le lendemain, un autre', async () => {
    await gestion.get(u.suivi(campagne));
    assert.equal((await gestion.post(u.rappel(campagne), { compte_id: somme.id }, { csrf: null })).statusCode, 403, 'sans jeton CSRF');
    assert.equal((await courriels()).length, 0);
    const r = await gestion.post(u.rappel(campagne), { compte_id: somme.id });
    assert.equal(r.statusCode, 303);
    assert.match((await gestion.get(r.headers.location as string)).body, /Le rappel est mis en file d’envoi[\s\S]*Dernier rappel : /);
    const c = await courriels();
    assert.equal(c.length, 1);
    assert.equal(c[0]!.destinataire, 'ines.somme@ac-demo.invalid');
    assert.match(c[0]!.sujet, /Rappel : 2 appréciations à donner/);
    assert.match(c[0]!.corps, /\/iprof\/evaluation\/campagnes\/\d+/);
    const encore = await gestion.post(u.rappel(campagne), { compte_id: somme.id });
    assert.match(encore.headers.location as string, /deja-rappele/);
    assert.equal((await courriels()).length, 1);
    b.clock.set('2026-12-07T09:00:00Z');
    await gestion.connecter(gestionCompte.identifiant, gestionCompte.motDePasse); // the session expired overnight
    await gestion.get(u.suivi(campagne));
    assert.equal((await gestion.post(u.rappel(campagne), { compte_id: somme.id })).statusCode, 303);
    assert.equal((await courriels()).length, 2);
  });

  test('sans adresse : 409 expliqué ; compte qui n’est pas évaluateur de la campagne : 404 ; identifiant mal formé : 400 ; rien en file', async () => {
    await gestion.get(u.suivi(campagne));
    const r = await gestion.post(u.rappel(campagne), { compte_id: sansAdresse.id });
    assert.equal(r.statusCode, 409);
    assert.match(r.body, /n’a pas d’adresse électronique/);
    assert.equal((await gestion.post(u.rappel(campagne), { compte_id: agentCompte.id })).statusCode, 404);
    assert.equal((await gestion.post(u.rappel(campagne), { compte_id: 'abc' })).statusCode, 400);
    assert.equal((await courriels()).length, 2);
  });
});
