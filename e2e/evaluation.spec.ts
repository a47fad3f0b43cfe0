import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';
import { verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';

async function cliquer(page: Page, role: 'button' | 'link', nom: string | RegExp) {
  const cible = page.getByRole(role, typeof nom === 'string' ? { name: nom, exact: true } : { name: nom }).first();
  await Promise.all([page.waitForEvent('load'), cible.click()]);
}

/** axe-core at 1280 px, then screenshots at 1280 and 320 px (the page back at 1280 after). */
async function regarder(page: Page, nom: string) {
  await verifierAccessibilite(page);
  await capturer(page, `${nom}-1280`);
  await page.setViewportSize({ width: 320, height: 800 });
  await capturer(page, `${nom}-320`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/*
 * Appreciations and avis in the browser, on the demo académie: a PE 2026 campaign (regime C) where the IEN ien1 gives
 * the avis of a promouvable of the Somme; a PE 2022 campaign (regime B) where the recteur gives a final appreciation,
 * then EXCELLENTs up to the quota read on the page and one more, refused; the gestionnaire's
 * follow-up page and the CSV load page. axe-core finds no violation on any of them.
 */
describe('appréciations et avis', () => {
  let banc: BancE2e;
  let campagneC: string;
  let campagneB: string;
  before(async () => {
    banc = await ouvrirBanc();
    const { db } = banc.database;
    const campagne = async (annee: number, regime: 'B' | 'C') =>
      (
        await db
          .insertInto('campagne')
          .values({ corps: 'PE', annee, regime, ouverture: '2026-11-02T08:00:00Z', fermeture: '2026-11-20T16:00:00Z', promotions: 2, parametres: regime === 'C' ? '{"ratio":0.2}' : '{}', statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: '2026-11-01T08:00:00Z' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    campagneC = await campagne(2026, 'C');
    campagneB = await campagne(2022, 'B');
  });
  after(async () => {
    await banc?.fermer();
  });

  test('l’IEN donne l’avis d’un promouvable de sa circonscription depuis I-Prof', async () => {
    const page = await banc.pageConnectee('ien1');
    await page.goto('/iprof');
    await cliquer(page, 'link', 'Évaluation des agents');
    await regarder(page, 'evaluation-accueil');
    await cliquer(page, 'link', /Donner les avis — .*campagne 2026/);
    await page.getByText('Avis manquant').first().waitFor();
    // As many avis to give as the demo has promouvables in the circonscription (the demo grows: read, then expect one less).
    const aDonner = Number((await page.getByText(/\d+ avis à donner/).first().textContent())?.match(/(\d+) avis à donner/)?.[1]);
    assert.ok(aDonner >= 1, `avis à donner : ${aDonner}`);
    await regarder(page, 'evaluation-avis-liste');
    await cliquer(page, 'link', /Saisir/);
    await regarder(page, 'evaluation-avis-agent');
    await page.locator('label[for="avis-TRES_FAVORABLE"]').click();
    await page.getByLabel('Commentaire (facultatif)').fill('Engagement remarquable dans la circonscription.');
    await cliquer(page, 'button', 'Enregistrer');
    await page.getByText('Enregistré.').waitFor();
    await page.getByText(`${aDonner - 1} avis à donner`).first().waitFor();
    assert.equal(await page.getByRole('cell', { name: 'Très favorable' }).count(), 1);
    const avis = await banc.database.db.selectFrom('avis_campagne').select(['numero', 'avis']).where('campagne_id', '=', campagneC).execute();
    assert.deepEqual(avis, [{ numero: 1, avis: 'TRES_FAVORABLE' }]);
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('le recteur donne une appréciation finale ; un « Excellent » au-delà du quota est refusé et rien ne change', async () => {
    const page = await banc.pageConnectee('recteur1');
    await page.goto('/iprof');
    await cliquer(page, 'link', 'Évaluation des agents');
    await cliquer(page, 'link', /Appréciations finales — .*campagne 2022/);
    // The quota is a share of the list (rule set of the year): read it, use it up row by row, then one more is refused.
    const compteur = await page.getByText(/Vivier 1 : 0 \/ \d+ « Excellent » utilisés/).first().textContent();
    const quota = Number(compteur?.match(/0 \/ (\d+)/)?.[1]);
    assert.ok(Number.isInteger(quota) && quota < 10, `quota du vivier 1 : ${compteur}`);
    await regarder(page, 'evaluation-finales');
    // A vivier-1 row not yet EXCELLENT, wherever the saves moved it; its own form's button saves it.
    const donner = async (appreciation: string) => {
      const boites = page.getByRole('combobox', { name: /vivier 1$/ });
      const n = await boites.count();
      let k = 0;
      while (k < n && (await boites.nth(k).inputValue()) === 'EXCELLENT') k++;
      assert.ok(k < n, 'une ligne du vivier 1 sans « Excellent »');
      await boites.nth(k).selectOption(appreciation);
      await Promise.all([page.waitForEvent('load'), boites.nth(k).locator('xpath=ancestor::form').getByRole('button', { name: /^Enregistrer/ }).click()]);
    };
    await donner('TRES_SATISFAISANT');
    await page.getByText('Enregistré.').waitFor();
    for (let i = 0; i < quota; i++) {
      await donner('EXCELLENT');
      await page.getByText('Enregistré.').waitFor();
    }
    await page.getByText(`Vivier 1 : ${quota} / ${quota} « Excellent » utilisés`).first().waitFor();
    await donner('EXCELLENT');
    await page.getByText('Appréciation non enregistrée').waitFor();
    await page.getByText(new RegExp(`Quota atteint : ${quota} appréciations? « Excellent » sur ${quota} possibles? au vivier 1`)).waitFor();
    await regarder(page, 'evaluation-finales-refus');
    const finales = await banc.database.db.selectFrom('appreciation_autorite').select(['vivier', 'appreciation']).where('campagne_id', '=', campagneB).execute();
    // The first row went TRES_SATISFAISANT then EXCELLENT when the quota is not 0; the refused row has nothing.
    const attendu = quota === 0 ? [{ vivier: 1, appreciation: 'TRES_SATISFAISANT' }] : Array.from({ length: quota }, () => ({ vivier: 1, appreciation: 'EXCELLENT' }));
    assert.deepEqual(finales, attendu);
    // The refusal is a 409 page, which the browser reports in its console; nothing else.
    assert.deepEqual(banc.erreursDe(page).filter((e) => !/status of 409/.test(e)), []);
  });

  test('le gestionnaire suit les avis et trouve le chargement du fichier', async () => {
    const page = await banc.pageConnectee('gestion1');
    await page.goto(`/iprof/gestion/campagnes/${campagneB}`);
    await cliquer(page, 'link', 'Suivi des appréciations');
    await page.getByText(/Manquants qui bloquent l’arrêté du tableau : \d+/).waitFor();
    await regarder(page, 'evaluation-suivi');
    await page.goto(`/iprof/gestion/campagnes/${campagneB}`);
    await cliquer(page, 'link', 'Charger appreciations.csv');
    await regarder(page, 'evaluation-chargement');
    assert.deepEqual(banc.erreursDe(page), []);
  });
});
