import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { capturer } from './support/captures.ts';
import { compteDemo, ouvrirBanc, seConnecter, type BancE2e } from './support/banc.ts';

describe('Connexion par mot de passe', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('un visiteur anonyme arrive sur le formulaire de connexion', async () => {
    const page = await banc.nouvellePage();
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/connexion');
    await page.getByRole('heading', { level: 1, name: 'Authentification' }).waitFor();
    await capturer(page, 'connexion');
  });

  test('Jean Dupont se connecte avec son mot de passe et arrive sur l’accueil du portail', async () => {
    const page = await banc.nouvellePage();
    await seConnecter(page, 'jdupont', { motDePasse: compteDemo('jdupont').motDePasse });

    assert.equal(new URL(page.url()).pathname, '/portail');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Bienvenue Jean Dupont');
    await page.getByRole('heading', { level: 2, name: 'Mes favoris' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Accédez à vos applications' }).waitFor();
    const rubriques = await page.getByRole('heading', { level: 3 }).allInnerTexts();
    assert.ok(rubriques.includes('Gestion des personnels'), `rubriques affichées : ${rubriques.join(', ')}`);
    assert.ok(rubriques.includes('Scolarité du 1er degré'), `rubriques affichées : ${rubriques.join(', ')}`);
    assert.equal(await page.getByRole('link', { name: 'I-Prof Enseignant', exact: true }).getAttribute('href'), '/iprof');
    await page.getByRole('button', { name: 'Déconnexion' }).waitFor();
    await capturer(page, 'portail-accueil');

    await page.getByRole('link', { name: 'I-Prof Enseignant', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'I-Prof Enseignant' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/iprof');
  });

  test('un mot de passe faux laisse sur le formulaire avec un message qui ne dit pas ce qui est faux', async () => {
    const page = await banc.nouvellePage();
    await seConnecter(page, 'mmartin', { motDePasse: 'pas-le-bon-mot-de-passe' });
    assert.equal(new URL(page.url()).pathname, '/connexion');
    await page.getByRole('alert').filter({ hasText: 'Connexion refusée' }).waitFor();
    assert.equal(await page.getByLabel('Identifiant de la messagerie académique').inputValue(), 'mmartin');
    assert.equal(await page.getByLabel('Mot de Passe de messagerie').inputValue(), '', 'le mot de passe n’est jamais réaffiché');
    await capturer(page, 'connexion-refusee');
  });

  test('un formulaire vide est réaffiché avec le résumé des erreurs, chacune liée à son champ', async () => {
    const page = await banc.nouvellePage();
    await page.goto('/connexion');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Valider' }).click()]);
    const resume = page.getByRole('alert').filter({ hasText: 'Le formulaire contient' });
    await resume.waitFor();
    const liens = await resume.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(liens.sort(), ['#champ-identifiant', '#champ-mot_de_passe']);
    await capturer(page, 'connexion-erreurs');
  });
});
