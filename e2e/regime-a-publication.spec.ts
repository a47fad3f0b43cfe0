import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import PDFDocument from 'pdfkit';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';
import { verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';
import { instantVersSaisieParis } from '../src/features/admin/bandeaux.rules.ts';
import { seedCampagnesDemo } from '../src/demo/campagnes.ts';
import { systemClock } from '../src/shared/clock.ts';

async function cliquer(page: Page, role: 'button' | 'link', nom: string | RegExp) {
  const cible = page.getByRole(role, typeof nom === 'string' ? { name: nom, exact: true } : { name: nom }).first();
  await Promise.all([page.waitForEvent('load'), cible.click()]);
}

/** axe-core and screenshots at 1280 then 320 px (axe-core at both), back at 1280. */
async function aDeuxLargeurs(page: Page, nom: string) {
  await verifierAccessibilite(page);
  await capturer(page, `${nom}-1280`);
  await page.setViewportSize({ width: 320, height: 800 });
  await verifierAccessibilite(page);
  await capturer(page, `${nom}-320`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

function pdf(texte: string): Promise<Buffer> {
  return new Promise((ok, ko) => {
    const doc = new PDFDocument({ size: 'A4' });
    const morceaux: Buffer[] = [];
    doc.on('data', (m: Buffer) => morceaux.push(m));
    doc.on('end', () => ok(Buffer.concat(morceaux)));
    doc.on('error', ko);
    doc.fontSize(14).text(texte);
    doc.end();
  });
}

/*
 * The regime A journey after closing, on the demo's own PE 2020 campaign (src/demo/examen.ts: closed, candidatures
 * deposited with their accusés, every one declared but jdupont's, appreciations given but his): the gestionnaire
 * examines jdupont's declared period and declares the candidature; the IEN writes his appreciation; the recteur tries
 * an « Excellent » beyond the quota (refused, nothing written), gives another appreciation, reads the table (more
 * than 20 lines), simulates it without vivier-1 « Excellent » (nothing saved), arrêtes it with a publication at once; jdupont reads his result and files a recours gracieux with a
 * pièce; the gestionnaire answers it. axe-core finds no violation on any page.
 */
describe('régime A après la clôture : recevabilité, appréciations, tableau, publication, recours', () => {
  let banc: BancE2e;
  let campagneId: string;
  before(async () => {
    banc = await ouvrirBanc();
    await seedCampagnesDemo(banc.database.db, systemClock);
    const c = await banc.database.db.selectFrom('campagne').select(['id', 'statut']).where('corps', '=', 'PE').where('annee', '=', 2020).executeTakeFirstOrThrow();
    assert.equal(c.statut, 'EN_EXAMEN');
    campagneId = c.id;
  });
  after(async () => {
    await banc?.fermer();
  });

  test('le gestionnaire examine la période déclarée par jdupont, avec sa pièce, puis déclare la candidature', async () => {
    const page = await banc.pageConnectee('gestion1');
    await page.goto(`/iprof/gestion/campagnes/${campagneId}`);
    await cliquer(page, 'link', 'Recevabilité des candidatures déposées');
    await page.getByText(/Avancement : \d+ candidatures? examinées? sur \d+/).waitFor();
    await aDeuxLargeurs(page, 'regime-a-recevabilite-file');
    await cliquer(page, 'link', /DUPONT Jean/);
    await cliquer(page, 'link', 'Examiner');
    await page.getByRole('img', { name: /Pièce justificative : attestation-maitre-formateur\.png/ }).waitFor();
    await aDeuxLargeurs(page, 'regime-a-recevabilite-periode');
    await page.getByLabel('Décision sur cette période').selectOption('ACCEPTEE');
    await cliquer(page, 'button', 'Enregistrer la décision');
    await page.getByText('La décision sur la période est enregistrée.').waitFor();
    await cliquer(page, 'button', 'Déclarer la candidature (recevable ou irrecevable selon le moteur)');
    await page.getByText('La candidature est déclarée et l’agent en est informé.').waitFor();
    await page.getByText(/Recevabilité jugée : Recevable/).waitFor();
    await verifierAccessibilite(page);
    const c = await banc.database.db.selectFrom('candidature').select('statut').where('campagne_id', '=', campagneId).where('agent_id', '=', 'DEMO0001').executeTakeFirstOrThrow();
    assert.equal(c.statut, 'RECEVABLE');
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('l’IEN écrit l’appréciation de jdupont', async () => {
    const page = await banc.pageConnectee('ien1');
    await page.goto('/iprof');
    await cliquer(page, 'link', 'Évaluation des agents');
    await cliquer(page, 'link', /Écrire les appréciations — .*campagne 2020/);
    await page.getByText('1 appréciation à donner').waitFor();
    await aDeuxLargeurs(page, 'regime-a-appreciations');
    await cliquer(page, 'link', /Saisir — DUPONT Jean/);
    await page.getByLabel(/^Votre appréciation/).fill('Directeur d’école investi, maître formateur reconnu.');
    await cliquer(page, 'button', 'Enregistrer');
    await page.getByText('Enregistré.').waitFor();
    await verifierAccessibilite(page);
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('le recteur : « Excellent » au-delà du quota refusé, appréciation donnée, tableau de plus de 20 lignes arrêté et publié', async () => {
    const page = await banc.pageConnectee('recteur1');
    await page.goto('/iprof');
    await cliquer(page, 'link', 'Évaluation des agents');
    await cliquer(page, 'link', /Appréciations finales — .*campagne 2020/);
    // The demo used the vivier-1 quota up: read it on the page, it is full.
    const compteur = (await page.getByText(/Vivier 1 : \d+ \/ \d+ « Excellent » utilisés/).first().textContent()) ?? '';
    const [, utilises, max] = /(\d+) \/ (\d+)/.exec(compteur)!;
    assert.equal(utilises, max, compteur);
    await aDeuxLargeurs(page, 'regime-a-finales');
    const finale = (vivier: number) => page.getByLabel(`Appréciation finale de Jean DUPONT, vivier ${vivier}`);
    const enregistrer = async (vivier: number, appreciation: string) => {
      await finale(vivier).selectOption(appreciation);
      await Promise.all([page.waitForEvent('load'), finale(vivier).locator('xpath=ancestor::form').getByRole('button', { name: /^Enregistrer/ }).click()]);
    };
    await enregistrer(1, 'EXCELLENT');
    await page.getByText('Appréciation non enregistrée').waitFor();
    await page.getByText(new RegExp(`Quota atteint : ${max} appréciations? « Excellent » sur ${max} possibles? au vivier 1`)).waitFor();
    await aDeuxLargeurs(page, 'regime-a-finales-refus');
    const avant = await banc.database.db.selectFrom('appreciation_autorite').select('appreciation').where('campagne_id', '=', campagneId).where('agent_id', '=', 'DEMO0001').execute();
    assert.deepEqual(avant, [], 'rien d’enregistré pour jdupont');
    // An INSATISFAISANT agent keeps their rank and takes no seat: jdupont is not promoted, whatever the others.
    await enregistrer(1, 'INSATISFAISANT');
    await page.getByText('Enregistré.').waitFor();
    if ((await finale(2).count()) > 0) {
      await enregistrer(2, 'INSATISFAISANT');
      await page.getByText('Enregistré.').waitFor();
    }

    await page.goto('/iprof');
    await cliquer(page, 'link', 'Tableaux d’avancement');
    await cliquer(page, 'link', /campagne 2020/);
    await page.getByRole('heading', { name: 'Tableau d’avancement', level: 1 }).waitFor();
    await page.getByText('Promotions (P) : 8').first().waitFor();
    await page.getByText(/Ligne de coupure/).first().waitFor();
    const lignes = await page.locator('main table tbody tr').count();
    assert.ok(lignes >= 20, `${lignes} lignes de tableau`);
    await aDeuxLargeurs(page, 'regime-a-tableau');

    // Simulation with no « Excellent » in vivier 1: the table changes, nothing is saved.
    const excellents = async () => (await banc.database.db.selectFrom('appreciation_autorite').select('agent_id').where('campagne_id', '=', campagneId).where('appreciation', '=', 'EXCELLENT').execute()).length;
    const avantSimulation = await excellents();
    await page.getByLabel(/Quota « Excellent » du vivier 1/).fill('0');
    await cliquer(page, 'button', 'Simuler');
    await page.getByRole('heading', { name: 'Tableau simulé', level: 1 }).waitFor();
    await page.getByText(new RegExp(`Quota « Excellent » du vivier 1 : 0 % de \\d+ agents, 0 au plus ; ${max} donnés?, ${max} comptés? « Très satisfaisant »`)).waitFor();
    assert.match(page.url(), /sim_exc1=0/);
    await aDeuxLargeurs(page, 'regime-a-tableau-simule-quota');
    assert.equal(await excellents(), avantSimulation, 'rien n’est enregistré');
    await cliquer(page, 'link', 'Revenir au tableau actuel');

    await page.getByLabel(/Date et heure de publication/).fill(instantVersSaisieParis(new Date()));
    await cliquer(page, 'button', 'Arrêter le tableau');
    await page.getByText('Le tableau est publié : chaque agent lit son résultat dans I-Prof.').waitFor();
    await aDeuxLargeurs(page, 'regime-a-tableau-publie');
    const c = await banc.database.db.selectFrom('campagne').select('statut').where('id', '=', campagneId).executeTakeFirstOrThrow();
    assert.equal(c.statut, 'PUBLIEE');
    const cand = await banc.database.db.selectFrom('candidature').select('statut').where('campagne_id', '=', campagneId).where('agent_id', '=', 'DEMO0001').executeTakeFirstOrThrow();
    assert.equal(cand.statut, 'NON_PROMU');
    assert.deepEqual(banc.erreursDe(page).filter((e) => !/status of 409/.test(e)), []);
  });

  test('jdupont lit son résultat et forme un recours gracieux avec une pièce', async () => {
    const page = await banc.pageConnectee('jdupont');
    await page.goto('/iprof');
    await cliquer(page, 'link', 'Mes résultats');
    await cliquer(page, 'link', /campagne 2020/);
    await page.getByRole('heading', { name: 'Vous n’êtes pas promu(e) cette année' }).waitFor();
    await page.getByText(/vivier 1 : rang \d+, barème \d+/).first().waitFor();
    await page.getByText(/Vous pouvez former un recours gracieux jusqu’au \d{1,2}(er)? \p{L}+ \d{4} inclus/u).waitFor();
    await aDeuxLargeurs(page, 'regime-a-resultat');
    await page.getByLabel('Votre demande et ses motifs').fill('Mes fonctions de maître formateur de 2005 à 2008 n’ont pas été prises en compte dans l’appréciation.');
    await page.getByLabel(/Pièces justificatives/).setInputFiles({ name: 'attestation-ien.pdf', mimeType: 'application/pdf', buffer: await pdf('Attestation de l’IEN : maître formateur 2005-2008') });
    await cliquer(page, 'button', 'Envoyer mon recours');
    await page.getByText('Votre recours gracieux est enregistré').waitFor();
    await page.getByRole('heading', { name: 'Votre recours est en cours d’examen' }).waitFor();
    await verifierAccessibilite(page);
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('le gestionnaire lit le recours et sa pièce, et y répond', async () => {
    const page = await banc.pageConnectee('gestion1');
    await page.goto(`/iprof/gestion/campagnes/${campagneId}`);
    await cliquer(page, 'link', 'Recours gracieux');
    await verifierAccessibilite(page);
    await cliquer(page, 'link', /DUPONT Jean/);
    await page.getByRole('link', { name: 'attestation-ien.pdf' }).waitFor();
    await aDeuxLargeurs(page, 'regime-a-recours-gestion');
    await page.getByLabel('Décision').selectOption('ACCEPTE');
    await page.getByLabel('Réponse à l’agent').fill('Votre dossier sera réexaminé à la prochaine campagne avec ces fonctions.');
    await cliquer(page, 'button', 'Répondre');
    await page.getByText('La réponse est enregistrée et l’agent en est informé.').waitFor();
    await verifierAccessibilite(page);
    const r = await banc.database.db.selectFrom('recours').select('statut').where('campagne_id', '=', campagneId).executeTakeFirstOrThrow();
    assert.equal(r.statut, 'ACCEPTE');
    assert.deepEqual(banc.erreursDe(page), []);
  });
});
