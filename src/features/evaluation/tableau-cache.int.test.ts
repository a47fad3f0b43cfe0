import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import type { ClientDeTest } from '../../test/client.ts';
import { agentHorsClasse, campagneEnExamen, personnel } from './appreciation.fixtures.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';
import { urlsTableau } from './tableau.urls.ts';

/*
 * The ranked table kept in memory by the signature of its inputs: trusted for `fraicheurTableauxMs` (here one hour, so
 * that only an invalidation can refresh it), and read again after any write request of the server. Regime B (PE 2022):
 * three PE in vivier 2; the autorité gives their final appreciations through the page.
 */

let b: Banc;
let campagne: string;
let autorite: ClientDeTest;

before(async () => {
  b = await banc({ debut: '2026-12-06T09:00:00Z', fraicheurTableauxMs: 3_600_000 });
  campagne = await campagneEnExamen(b, 'PE', 2022);
  for (const [id, nom] of [['S001', 'ARAGO'], ['S002', 'BECQUEREL'], ['S003', 'CURIE']] as const) await agentHorsClasse(b, id, { nom });
  autorite = (await personnel(b, ['AUTORITE'], { corps: ['PE'] }, null, 'Régis Recteur')).client;
});
after(async () => {
  await b.fermer();
});

const tableau = async () => {
  const r = await autorite.get(urlsTableau.tableau(campagne));
  assert.equal(r.statusCode, 200);
  return r.body;
};
const ligne = (html: string, agentId: string) => new RegExp(`<td>${agentId}</td><td>2</td><td>\\d+</td><td>([^<]+)</td>`).exec(html)?.[1] ?? null;

test('une appréciation enregistrée par la page invalide le tableau gardé en mémoire ; une écriture hors du serveur attend sa fraîcheur', async () => {
  await autorite.get(u.finales(campagne));
  for (const agent_id of ['S001', 'S002']) assert.equal((await autorite.post(u.finales(campagne), { agent_id, vivier: '2', appreciation: 'SATISFAISANT' })).statusCode, 303);
  // S003 has none: the table cannot be ranked yet.
  assert.match(await tableau(), /Le tableau ne peut pas être calculé/);

  // Written beside the server (as the CLI or a second server would): the page keeps the table it ranked.
  await b.database.db.insertInto('appreciation_autorite').values({ campagne_id: campagne, agent_id: 'S003', vivier: 2, appreciation: 'SATISFAISANT', par_compte_id: null, le: b.clock.now() }).execute();
  assert.match(await tableau(), /Le tableau ne peut pas être calculé/, 'sans écriture par le serveur, la signature lue il y a moins d’une heure est gardée');

  // A write through the server: the next page reads the signature again and ranks the new inputs.
  assert.equal((await autorite.post(u.finales(campagne), { agent_id: 'S003', vivier: '2', appreciation: 'TRES_SATISFAISANT' })).statusCode, 303);
  const apres = await tableau();
  assert.doesNotMatch(apres, /Le tableau ne peut pas être calculé/);
  assert.equal(ligne(apres, 'S003'), 'Très satisfaisant');
  assert.equal(ligne(apres, 'S001'), 'Satisfaisant');

  // Then again: an appreciation changed through the page shows on the very next page.
  assert.equal((await autorite.post(u.finales(campagne), { agent_id: 'S001', vivier: '2', appreciation: 'INSATISFAISANT' })).statusCode, 303);
  assert.equal(ligne(await tableau(), 'S001'), 'Insatisfaisant');
});
