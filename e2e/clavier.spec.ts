import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { capturer } from './support/captures.ts';
import { compteDemo, ouvrirBanc, type BancE2e } from './support/banc.ts';

/** The focused element's id, or its tag and (short) text when it has no id: "a:Contenu", "button:Valider". */
function idFocalise(page: Page): Promise<string> {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e) return '';
    return e.id || `${e.tagName.toLowerCase()}:${(e.textContent ?? '').trim().slice(0, 40)}`;
  });
}

describe('Connexion au clavier seul', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('le lien d’évitement « Contenu » est le premier arrêt de tabulation', async () => {
    const page = await banc.nouvellePage();
    await page.goto('/connexion');
    await page.keyboard.press('Tab');
    assert.equal(await idFocalise(page), 'a:Contenu');
    await page.keyboard.press('Enter');
    // Following an in-page link updates the address after the key press returns: wait for it (a failure is a timeout).
    await page.waitForFunction(() => location.hash === '#contenu', undefined, { timeout: 5000 });
    assert.equal(new URL(page.url()).hash, '#contenu');
  });

  test('Jean Dupont remplit et envoie le formulaire avec Tab et Entrée seulement', async () => {
    const page = await banc.nouvellePage();
    await page.goto('/connexion');
    const parcours: string[] = [];
    for (let i = 0; i < 12 && (await idFocalise(page)) !== 'champ-identifiant'; i++) {
      await page.keyboard.press('Tab');
      parcours.push(await idFocalise(page));
    }
    assert.equal(await idFocalise(page), 'champ-identifiant', `ordre de tabulation : ${parcours.join(' → ')}`);
    await page.keyboard.type('jdupont');
    // Each field is followed by its « oublié ? » link, as on the user document's sign-in page.
    await page.keyboard.press('Tab');
    assert.equal(await idFocalise(page), 'a:Identifiant oublié ?');
    await page.keyboard.press('Tab');
    assert.equal(await idFocalise(page), 'champ-mot_de_passe');
    await page.keyboard.type(compteDemo('jdupont').motDePasse);
    await page.keyboard.press('Tab');
    assert.equal(await idFocalise(page), 'a:Mot de passe oublié ?');
    await page.keyboard.press('Tab');
    assert.equal(await idFocalise(page), 'champ-passcode');
    await page.keyboard.press('Tab');
    assert.equal(await idFocalise(page), 'button:Valider');
    await capturer(page, 'connexion-clavier');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/portail');
  });

  test('Entrée dans le champ mot de passe envoie aussi le formulaire', async () => {
    const page = await banc.nouvellePage();
    await page.goto('/connexion');
    await page.getByLabel('Identifiant de la messagerie académique').focus();
    await page.keyboard.type('jdupont');
    await page.getByLabel('Mot de Passe de messagerie').focus();
    await page.keyboard.type(compteDemo('jdupont').motDePasse);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/portail');
  });
});
