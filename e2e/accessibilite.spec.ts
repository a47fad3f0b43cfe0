import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { contrastesIndecis, verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';

/** Loads a page, checks it answers 200, has no console error (a CSP violation would be one), and no axe-core violation. */
async function controler(banc: BancE2e, page: Page, chemin: string, capture: string): Promise<void> {
  const reponse = await page.goto(chemin);
  assert.equal(reponse?.status(), 200, `${chemin} répond ${reponse?.status()}`);
  await capturer(page, capture); // first: a page that fails the check still leaves its screenshot
  await verifierAccessibilite(page);
  assert.deepEqual(banc.erreursDe(page), [], `${chemin} : erreurs dans la console`);
}

describe('Accessibilité (axe-core) des pages du portail', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('la page de connexion, vide puis avec des erreurs de saisie', async () => {
    const page = await banc.nouvellePage();
    await controler(banc, page, '/connexion', 'a11y-connexion');
    assert.deepEqual(await contrastesIndecis(page), [], 'contrastes laissés « incomplete » par axe-core');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Valider' }).click()]);
    await page.getByRole('alert').first().waitFor();
    await verifierAccessibilite(page);
  });

  for (const [chemin, capture] of [
    ['/portail', 'a11y-portail'],
    ['/portail/favoris', 'a11y-portail-favoris'],
    ['/portail/cle-otp', 'a11y-portail-cle-otp'],
    ['/portail/securite', 'a11y-portail-securite'],
    ['/portail/sessions', 'a11y-portail-sessions'],
    ['/iprof', 'a11y-iprof'],
  ] as const) {
    test(`${chemin} pour un agent connecté`, async () => {
      const page = await banc.pageConnectee('jdupont');
      await controler(banc, page, chemin, capture);
    });
  }

  test('l’accueil avec des favoris et un message de confirmation', async () => {
    const page = await banc.pageConnectee('mmartin');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Ajouter aux favoris : I-Prof Enseignant' }).click()]);
    await verifierAccessibilite(page);
    await page.goto('/portail/favoris');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Ajouter « Mon Portail Agent »' }).click()]);
    await verifierAccessibilite(page);
  });

  test('la page d’erreur 404', async () => {
    const page = await banc.pageConnectee('jdupont');
    const reponse = await page.goto('/page-qui-n-existe-pas');
    assert.equal(reponse?.status(), 404);
    await verifierAccessibilite(page);
    await capturer(page, 'a11y-erreur-404');
  });

  test('la connexion et l’accueil sur un écran de téléphone, menu ouvert', async () => {
    const page = await banc.pageConnectee('jdupont');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/portail');
    await verifierAccessibilite(page);
    await capturer(page, 'mobile-portail');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('dialog').waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'mobile-portail-menu');

    const anonyme = await banc.nouvellePage();
    await anonyme.setViewportSize({ width: 390, height: 844 });
    await anonyme.goto('/connexion');
    await verifierAccessibilite(anonyme);
    await capturer(anonyme, 'mobile-connexion');
  });
});
