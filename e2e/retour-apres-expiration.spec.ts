import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { capturer } from './support/captures.ts';
import { compteDemo, ouvrirBanc, seConnecter, type BancE2e } from './support/banc.ts';

describe('Retour sur la page d’origine après expiration de la session', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('une session expirée par inactivité renvoie à la connexion, qui ramène sur « Gérer mes favoris »', async () => {
    const page = await banc.pageConnectee('jdupont');
    await page.goto('/portail/favoris');
    await page.getByRole('heading', { level: 1, name: 'Gérer mes favoris' }).waitFor();

    // Forty minutes without activity, beyond the 30-minute inactivity limit.
    await sql`UPDATE session SET cree_le = cree_le - interval '40 minutes', vue_le = vue_le - interval '40 minutes'`.execute(banc.database.db);
    await page.reload();

    const ici = new URL(page.url());
    assert.equal(ici.pathname, '/connexion');
    assert.equal(ici.searchParams.get('retour'), '/portail/favoris');
    assert.equal(ici.searchParams.get('raison'), 'session');
    await page.getByText('Votre session a expiré ou vous n’êtes pas connecté.').waitFor();
    await capturer(page, 'connexion-session-expiree');

    await page.getByLabel('Identifiant de la messagerie académique').fill('jdupont');
    await page.getByLabel('Mot de Passe de messagerie').fill(compteDemo('jdupont').motDePasse);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Valider' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/portail/favoris');
    await page.getByRole('heading', { level: 1, name: 'Gérer mes favoris' }).waitFor();
  });

  test('une connexion par /connexion?retour=/portail/favoris arrive sur /portail/favoris', async () => {
    const page = await banc.nouvellePage();
    await seConnecter(page, 'jdupont', { motDePasse: compteDemo('jdupont').motDePasse }, '/connexion?retour=/portail/favoris');
    assert.equal(new URL(page.url()).pathname, '/portail/favoris');
  });

  test('une adresse de retour vers un autre site est ignorée', async () => {
    const page = await banc.nouvellePage();
    await seConnecter(page, 'jdupont', { motDePasse: compteDemo('jdupont').motDePasse }, '/connexion?retour=//exemple.invalid/piege');
    assert.equal(page.url(), `${banc.url}/portail`);
  });
});
