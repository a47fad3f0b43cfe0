import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { capturer } from './support/captures.ts';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';

describe('Déconnexion', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('après « Déconnexion », le portail n’est plus accessible sans se reconnecter', async () => {
    const page = await banc.pageConnectee('jdupont');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Déconnexion' }).click()]);

    const ici = new URL(page.url());
    assert.equal(ici.pathname, '/connexion');
    assert.equal(ici.searchParams.get('raison'), 'deconnexion');
    await page.getByRole('status').filter({ hasText: 'Vous êtes déconnecté.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Déconnexion' }).count(), 0);
    await capturer(page, 'connexion-apres-deconnexion');

    await page.goto('/portail');
    const redirige = new URL(page.url());
    assert.equal(redirige.pathname, '/connexion');
    assert.equal(redirige.searchParams.get('retour'), '/portail');
    const cookies = await page.context().cookies();
    assert.equal(cookies.find((c) => c.name === 'vivier_session'), undefined, 'le cookie de session est effacé');
  });
});
