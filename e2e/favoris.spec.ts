import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { capturer } from './support/captures.ts';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';

/** Posts one of the small action forms and waits for the page it redirects to. */
async function cliquer(page: Page, bouton: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: bouton, exact: true }).click()]);
}

function favorisDeLAccueil(page: Page) {
  return page.getByRole('region', { name: 'Mes favoris' }).getByRole('listitem').allInnerTexts();
}

describe('Favoris du portail', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('Jean Dupont ajoute des favoris depuis l’accueil, les réordonne, puis les retire', async () => {
    const page = await banc.pageConnectee('jdupont');
    await page.getByText('Vous n’avez pas encore de favori.').waitFor();

    await cliquer(page, 'Ajouter aux favoris : I-Prof Enseignant');
    assert.equal(new URL(page.url()).pathname, '/portail');
    await page.getByRole('status').filter({ hasText: 'L’application a été ajoutée à vos favoris.' }).waitFor();
    assert.deepEqual(await favorisDeLAccueil(page), ['I-Prof Enseignant']);
    // The button of the catalogue entry now offers the opposite action.
    await page.getByRole('button', { name: 'Retirer des favoris : I-Prof Enseignant' }).waitFor();

    await cliquer(page, 'Ajouter aux favoris : Mon Portail Agent');
    assert.deepEqual(await favorisDeLAccueil(page), ['I-Prof Enseignant', 'Mon Portail Agent']);
    await capturer(page, 'portail-avec-favoris');

    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Gérer mes favoris' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/portail/favoris');
    const ordre = () => page.getByRole('list').filter({ has: page.getByRole('button', { name: /^Retirer/ }) }).getByRole('listitem').allInnerTexts();
    assert.deepEqual((await ordre()).map(premiereLigne), ['I-Prof Enseignant', 'Mon Portail Agent']);
    // The first one cannot go up, the last one cannot go down.
    assert.equal(await page.getByRole('button', { name: 'Monter « I-Prof Enseignant »' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Descendre « Mon Portail Agent »' }).count(), 0);

    await cliquer(page, 'Monter « Mon Portail Agent »');
    assert.equal(new URL(page.url()).pathname, '/portail/favoris');
    await page.getByRole('status').filter({ hasText: 'L’ordre de vos favoris a été modifié.' }).waitFor();
    assert.deepEqual((await ordre()).map(premiereLigne), ['Mon Portail Agent', 'I-Prof Enseignant']);
    await capturer(page, 'favoris-gestion');

    await cliquer(page, 'Retirer « I-Prof Enseignant »');
    assert.equal(new URL(page.url()).pathname, '/portail/favoris');
    await page.getByRole('status').filter({ hasText: 'L’application a été retirée de vos favoris.' }).waitFor();
    assert.deepEqual((await ordre()).map(premiereLigne), ['Mon Portail Agent']);

    await page.goto('/portail');
    assert.deepEqual(await favorisDeLAccueil(page), ['Mon Portail Agent']);
    await cliquer(page, 'Retirer des favoris : Mon Portail Agent');
    await page.getByText('Vous n’avez pas encore de favori.').waitFor();
  });
});

/** A list item's text starts with the application's name, followed by its buttons' labels. */
function premiereLigne(texte: string): string {
  return texte.split('\n')[0]!.trim();
}
