import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { capturer } from './support/captures.ts';
import { verifierAccessibilite } from './support/axe.ts';
import { mesurerReflow } from './support/reflow.ts';
import { compteDemo, ouvrirBanc, type BancE2e } from './support/banc.ts';
import { demarrerFournisseurOidc, PERSONNES_OIDC, type FournisseurDeTest } from '../src/test/oidc.ts';
import { createFournisseurOidc } from '../src/features/portail/proconnect.ts';

// ProConnect sign-in and logout in Chromium: a real OpenID Connect provider (oidc-provider on loopback, configured as
// ProConnect), the real app, the real button.
describe('Connexion avec ProConnect', () => {
  let fournisseur: FournisseurDeTest;
  let banc: BancE2e;
  const camille = PERSONNES_OIDC[0]!;
  const jean = compteDemo('jdupont');
  before(async () => {
    fournisseur = await demarrerFournisseurOidc();
    banc = await ouvrirBanc({ oidc: (url) => createFournisseurOidc(fournisseur.config(url)) });
  });
  after(async () => {
    await banc?.fermer();
    await fournisseur?.fermer();
  });

  async function cliquer(page: Page, role: 'button' | 'link', nom: string | RegExp) {
    await Promise.all([page.waitForEvent('load'), page.getByRole(role, { name: nom }).first().click()]);
  }

  /** Screenshot at 1280 and 320 px, and no horizontal scroll nor cut word at 320 (WCAG 1.4.10). */
  async function aDeuxLargeurs(page: Page, nom: string) {
    await capturer(page, nom);
    await page.setViewportSize({ width: 320, height: 800 });
    await capturer(page, `${nom}-320`);
    const d = await mesurerReflow(page);
    assert.equal(d.debordement, null, `${nom} à 320 px : ${d.debordement}`);
    assert.deepEqual(d.motsCoupes, []);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function seConnecterChezLeFournisseur(page: Page, courriel: string) {
    await page.getByRole('heading', { name: 'Fournisseur d’identité de test' }).waitFor();
    await page.getByLabel('Adresse électronique professionnelle').fill(courriel);
    await cliquer(page, 'button', 'Se connecter');
  }

  test('bouton ProConnect, liaison confirmée avec les identifiants Vivier, déconnexion qui ferme aussi ProConnect, puis ProConnect seul', async () => {
    const page = await banc.nouvellePage();
    await page.goto('/connexion');
    const bouton = page.getByRole('button', { name: 'S’identifier avec ProConnect' });
    await bouton.waitFor();
    assert.equal(await page.getByRole('link', { name: 'Qu’est-ce que ProConnect ?' }).getAttribute('href'), 'https://www.proconnect.gouv.fr/');
    // The logo is Vivier's own file: nothing fetched from elsewhere.
    const logo = await bouton.evaluate((b) => getComputedStyle(b, '::before').backgroundImage);
    assert.match(logo, /\/static\/proconnect\/logo\.svg/);
    await verifierAccessibilite(page);
    await aDeuxLargeurs(page, 'connexion-proconnect');

    await cliquer(page, 'button', 'S’identifier avec ProConnect');
    assert.equal(new URL(page.url()).origin, fournisseur.issuer);
    await seConnecterChezLeFournisseur(page, camille.email);

    // Unknown e-mail: the person confirms which Vivier account is theirs.
    assert.equal(new URL(page.url()).pathname, '/connexion/proconnect/confirmation');
    await page.getByRole('heading', { level: 1, name: 'Lier votre identité ProConnect' }).waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(camille.email.replace(/\./g, '\\.')));
    await verifierAccessibilite(page);
    await aDeuxLargeurs(page, 'connexion-proconnect-confirmation');
    await page.getByLabel('Identifiant de la messagerie académique').fill(jean.identifiant);
    await page.getByLabel('Mot de Passe de messagerie').fill(jean.motDePasse);
    await cliquer(page, 'button', 'Lier et me connecter');
    assert.equal(new URL(page.url()).pathname, '/portail');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Bienvenue Jean Dupont');

    // Logout: Vivier, then ProConnect (the provider's page sends the browser back with the state), then the sign-in page.
    await cliquer(page, 'button', 'Déconnexion');
    await page.waitForURL((u) => u.pathname === '/connexion' && u.searchParams.get('raison') === 'deconnexion');
    await page.getByRole('status').filter({ hasText: 'Vous êtes déconnecté.' }).waitFor();
    const cookies = await page.context().cookies(fournisseur.issuer);
    assert.equal(cookies.filter((c) => c.name.startsWith('_session')).length, 0, 'la session du fournisseur est fermée');

    // Next time ProConnect alone: the provider asks again (its session ended), the link does the rest.
    await cliquer(page, 'button', 'S’identifier avec ProConnect');
    await seConnecterChezLeFournisseur(page, camille.email);
    assert.equal(new URL(page.url()).pathname, '/portail');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Bienvenue Jean Dupont');
    assert.deepEqual(fournisseur.refus, [], 'le fournisseur strict (paramètres de ProConnect) n’a rien refusé');
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('fournisseur arrêté : « ProConnect indisponible » sur la page de connexion (0 violation axe-core)', async () => {
    await fournisseur.arreter();
    try {
      const page = await banc.nouvellePage();
      await page.goto('/connexion');
      await cliquer(page, 'button', 'S’identifier avec ProConnect');
      await page.getByRole('alert').filter({ hasText: 'ProConnect est momentanément indisponible' }).waitFor();
      await verifierAccessibilite(page);
      await aDeuxLargeurs(page, 'connexion-proconnect-indisponible');
    } finally {
      await fournisseur.demarrer();
    }
  });
});
