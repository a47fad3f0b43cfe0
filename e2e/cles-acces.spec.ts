import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';

type Identifiant = { credentialId: string; isResidentCredential: boolean; rpId?: string; privateKey: string; userHandle?: string; signCount: number };

/**
 * Chromium's virtual authenticator (DevTools protocol, WebAuthn domain): a platform authenticator with resident keys
 * and user verification, which answers without any dialog. It belongs to one page: the credential is copied from the
 * page that registered it to the page that signs in, as if both were the same device.
 */
async function authentificateurVirtuel(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, id: authenticatorId };
}

describe('Clés d’accès (passkeys) et sessions, dans Chromium', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc({ hote: 'localhost' });
  });
  after(async () => {
    await banc?.fermer();
  });

  test('Jean Dupont enregistre une clé d’accès, la renomme, puis se connecte avec elle seule', async () => {
    const page = await banc.pageConnectee('jdupont');
    const auth = await authentificateurVirtuel(page);
    await page.getByRole('link', { name: 'Ma sécurité' }).first().click();
    await page.waitForURL('**/portail/securite');
    await page.getByRole('heading', { level: 1, name: 'Ma sécurité' }).waitFor();
    await verifierAccessibilite(page);

    await page.getByLabel('Nom de la clé d’accès').fill('Ordinateur du bureau');
    await Promise.all([page.waitForURL('**/portail/securite?fait=cle-enregistree'), page.getByRole('button', { name: 'Enregistrer une clé d’accès' }).click()]);
    await page.getByRole('status').filter({ hasText: 'Votre clé d’accès est enregistrée.' }).waitFor();
    assert.deepEqual(await page.locator('tbody td:first-child').allInnerTexts(), ['Ordinateur du bureau']);
    await verifierAccessibilite(page);
    await capturer(page, 'securite-cle-enregistree');

    const champ = page.getByLabel('Nouveau nom de « Ordinateur du bureau »');
    await champ.fill('PC du bureau');
    await Promise.all([page.waitForURL('**/portail/securite?fait=cle-renommee'), page.getByRole('button', { name: 'Renommer « Ordinateur du bureau »' }).click()]);
    assert.deepEqual(await page.locator('tbody td:first-child').allInnerTexts(), ['PC du bureau']);

    const { credentials } = (await auth.cdp.send('WebAuthn.getCredentials', { authenticatorId: auth.id })) as { credentials: Identifiant[] };
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0]!.isResidentCredential, true, 'identifiant découvrable');
    assert.deepEqual(banc.erreursDe(page), []);

    // Another browser, the same device: no identifiant typed, the passkey names the account.
    const autre = await banc.nouvellePage();
    const auth2 = await authentificateurVirtuel(autre);
    await auth2.cdp.send('WebAuthn.addCredential', { authenticatorId: auth2.id, credential: credentials[0]! });
    await autre.goto('/connexion');
    await verifierAccessibilite(autre);
    await capturer(autre, 'connexion-cle-acces');
    await Promise.all([autre.waitForURL('**/portail'), autre.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click()]);
    assert.equal(await autre.getByRole('heading', { level: 1 }).innerText(), 'Bienvenue Jean Dupont');
    const apres = (await auth2.cdp.send('WebAuthn.getCredentials', { authenticatorId: auth2.id })) as { credentials: Identifiant[] };
    const compteur = apres.credentials[0]!.signCount;
    assert.ok(compteur > credentials[0]!.signCount, 'le compteur de signature a avancé');
    const cle = await banc.database.db.selectFrom('cle_acces').select(['compteur', 'nom']).executeTakeFirstOrThrow();
    assert.deepEqual(cle, { compteur: String(compteur), nom: 'PC du bureau' }, 'le serveur a gardé le compteur signé');
    assert.deepEqual(banc.erreursDe(autre), []);

  });

  test('une clé d’accès refusée par l’appareil (vérification de l’utilisateur échouée) : message sur la page, aucune navigation', async () => {
    const sans = await banc.nouvellePage();
    const auth = await authentificateurVirtuel(sans);
    await auth.cdp.send('WebAuthn.setUserVerified', { authenticatorId: auth.id, isUserVerified: false });
    await sans.goto('/connexion');
    await sans.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click();
    await sans.getByRole('alert').filter({ hasText: /annulée ou le délai est dépassé|n’a pas pu utiliser/ }).waitFor({ timeout: 20_000 });
    assert.equal(new URL(sans.url()).pathname, '/connexion');
    assert.equal(await sans.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).isEnabled(), true, 'on peut recommencer');
    await verifierAccessibilite(sans);
  });

  test('terminer une autre session depuis « Mes sessions » : l’autre navigateur doit se reconnecter', async () => {
    const ici = await banc.pageConnectee('mmartin');
    const la = await banc.pageConnectee('mmartin');
    await ici.goto('/portail/sessions');
    await ici.getByRole('heading', { level: 1, name: 'Mes sessions' }).waitFor();
    assert.equal(await ici.getByText('Ce navigateur', { exact: true }).count(), 1);
    await verifierAccessibilite(ici);
    await capturer(ici, 'mes-sessions');
    const boutons = ici.getByRole('button', { name: /^Terminer la session/ });
    const avant = await boutons.count();
    assert.ok(avant >= 1);
    await Promise.all([ici.waitForURL('**/portail/sessions?fait=session-terminee'), boutons.first().click()]);
    await ici.getByRole('status').filter({ hasText: 'La session a été terminée' }).waitFor();
    assert.equal(await ici.getByRole('button', { name: /^Terminer la session/ }).count(), avant - 1);

    await la.goto('/portail');
    assert.equal(new URL(la.url()).pathname, '/connexion', 'l’autre navigateur est renvoyé vers la connexion');
    await ici.goto('/portail');
    assert.equal(new URL(ici.url()).pathname, '/portail');
    await verifierAccessibilite(ici);
  });
});
