import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';
import { verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';
import { instantVersSaisieParis } from '../src/features/admin/bandeaux.rules.ts';

async function cliquer(page: Page, role: 'button' | 'link', nom: string | RegExp) {
  const cible = page.getByRole(role, typeof nom === 'string' ? { name: nom, exact: true } : { name: nom }).first();
  await Promise.all([page.waitForEvent('load'), cible.click()]);
}

/** Checks the page at 1280 px then at 320 px (axe-core, screenshot), and goes back to 1280. */
async function aDeuxLargeurs(page: Page, nom: string) {
  await verifierAccessibilite(page);
  await capturer(page, `${nom}-1280`);
  await page.setViewportSize({ width: 320, height: 800 });
  await verifierAccessibilite(page);
  await capturer(page, `${nom}-320`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/*
 * A regime C campaign of the demo académie (CERTIFIE 2026, ratio 0.5) in examination, its avis given: the recteur reads
 * the proposed table, simulates another ratio, arrêtes it with a publication date already reached (published at
 * once); Marie Martin (not promoted, second tier) reads her result with the recours deadline and files a recours.
 */
describe('tableau du régime C : arrêté, publication, résultat de l’agent', () => {
  let banc: BancE2e;
  let campagneId: string;
  before(async () => {
    banc = await ouvrirBanc();
    const { db } = banc.database;
    const c = await db
      .insertInto('campagne')
      .values({ corps: 'CERTIFIE', annee: 2026, regime: 'C', ouverture: '2026-01-05T08:00:00Z', fermeture: '2026-02-20T16:00:00Z', promotions: 1, parametres: JSON.stringify({ ratio: 0.5 }), statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: '2026-01-01T08:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    campagneId = c.id;
    const avis = [
      ['DEMO0005', 1, 'TRES_FAVORABLE'],
      ['DEMO0005', 2, 'TRES_FAVORABLE'],
      ['DEMO0002', 1, 'TRES_FAVORABLE'],
      ['DEMO0002', 2, 'FAVORABLE'],
    ] as const;
    await db
      .insertInto('avis_campagne')
      .values(avis.map(([agent_id, numero, a]) => ({ campagne_id: campagneId, agent_id, numero, avis: a, texte: null, par_compte_id: null, le: new Date() })))
      .execute();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('le recteur lit le tableau proposé, simule, puis l’arrête ; publié aussitôt', async () => {
    const page = await banc.pageConnectee('recteur1');
    await page.goto('/iprof');
    await cliquer(page, 'link', 'Tableaux d’avancement');
    await cliquer(page, 'link', /Certifiés — campagne 2026|CERTIFIE|certifi/i);
    await page.getByRole('heading', { name: 'Tableau d’avancement', level: 1 }).waitFor();
    await page.getByText('Promotions (P) : 1').first().waitFor();
    await page.getByText(/Ligne de coupure/).waitFor();
    await aDeuxLargeurs(page, 'tableau-propose');

    await page.getByLabel('Taux de promotion').fill('1');
    await cliquer(page, 'button', 'Simuler');
    await page.getByRole('heading', { name: 'Tableau simulé', level: 1 }).waitFor();
    await page.getByText('Promus par la simulation, pas par le tableau actuel (1)').waitFor();
    assert.match(page.url(), /sim_ratio=1/);
    await aDeuxLargeurs(page, 'tableau-simule');
    // Back and forward are safe: nothing was saved, the pages are GETs.
    await page.goBack();
    await page.getByRole('heading', { name: 'Tableau d’avancement', level: 1 }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { name: 'Tableau simulé', level: 1 }).waitFor();
    await cliquer(page, 'link', 'Revenir au tableau actuel');

    await page.getByLabel(/Date et heure de publication/).fill(instantVersSaisieParis(new Date()));
    await cliquer(page, 'button', 'Arrêter le tableau');
    await page.getByText('Le tableau est publié : chaque agent lit son résultat dans I-Prof.').waitFor();
    await page.getByRole('heading', { name: 'Tableau publié' }).waitFor();
    await aDeuxLargeurs(page, 'tableau-publie');
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('l’agent lit son résultat (rang, palier, date limite du recours) et forme un recours', async () => {
    const page = await banc.pageConnectee('mmartin');
    await page.goto('/iprof');
    await cliquer(page, 'link', 'Mes résultats');
    await cliquer(page, 'link', /campagne 2026/);
    await page.getByRole('heading', { name: 'Vous n’êtes pas promu(e) cette année' }).waitFor();
    await page.getByText(/rang 2, palier 2/).waitFor();
    await page.getByText(/Vous pouvez former un recours gracieux jusqu’au \d{1,2}(er)? \p{L}+ \d{4} inclus/u).waitFor();
    await aDeuxLargeurs(page, 'resultat-agent');
    await page.getByLabel('Votre demande et ses motifs').fill('Mon avis d’inspection date de 2019 : je demande un nouvel examen.');
    await cliquer(page, 'button', 'Envoyer mon recours');
    await page.getByText('Votre recours gracieux est enregistré').waitFor();
    await page.getByRole('heading', { name: 'Votre recours est en cours d’examen' }).waitFor();
    await verifierAccessibilite(page);
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('le gestionnaire répond au recours dans sa file', async () => {
    const page = await banc.pageConnectee('gestion1');
    await page.goto(`/iprof/gestion/campagnes/${campagneId}`);
    await cliquer(page, 'link', 'Recours gracieux');
    await verifierAccessibilite(page);
    await cliquer(page, 'link', /MARTIN Marie/);
    await verifierAccessibilite(page);
    await capturer(page, 'recours-gestion-1280');
    await page.getByLabel('Décision').selectOption('REJETE');
    await page.getByLabel('Réponse à l’agent').fill('Les avis de 2026 sont ceux retenus pour cette campagne.');
    await cliquer(page, 'button', 'Répondre');
    await page.getByText('La réponse est enregistrée et l’agent en est informé.').waitFor();
    await verifierAccessibilite(page);
    assert.deepEqual(banc.erreursDe(page), []);
  });
});
