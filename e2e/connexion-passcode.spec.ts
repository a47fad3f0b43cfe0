import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { genererCode } from '../src/features/portail/totp.ts';
import { compteDemo, ouvrirBanc, seConnecter, type BancE2e } from './support/banc.ts';

describe('Connexion par passcode OTP (code PIN + clé de sécurité)', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('Jean Dupont se connecte avec son code PIN suivi du code affiché par sa clé, une seule fois par code', async () => {
    const { otp } = compteDemo('jdupont');
    assert.ok(otp, 'le compte de démonstration jdupont a une clé OTP');
    // Computed now: the seed marked the steps before its own instant as used, and a code is accepted once.
    const passcode = `${otp.pin}${genererCode(otp.secret, new Date())}`;

    const page = await banc.nouvellePage();
    await seConnecter(page, 'jdupont', { passcode });
    assert.equal(new URL(page.url()).pathname, '/portail');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Bienvenue Jean Dupont');

    // The same passcode replayed from another browser is refused.
    const autre = await banc.nouvellePage();
    await seConnecter(autre, 'jdupont', { passcode });
    assert.equal(new URL(autre.url()).pathname, '/connexion');
    await autre.getByRole('alert').filter({ hasText: 'Connexion refusée' }).waitFor();
  });

  test('un passcode au mauvais format est signalé sur son champ', async () => {
    const page = await banc.nouvellePage();
    await seConnecter(page, 'jdupont', { passcode: '1984 12' });
    assert.equal(new URL(page.url()).pathname, '/connexion');
    const champ = page.getByLabel('Passcode OTP');
    assert.equal(await champ.getAttribute('aria-invalid'), 'true');
    await page.locator('#champ-passcode-erreur').filter({ hasText: '10 chiffres' }).waitFor();
  });
});
