import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { capturer } from './support/captures.ts';
import { verifierAccessibilite } from './support/axe.ts';
import { ouvrirBanc, seConnecter, type BancE2e } from './support/banc.ts';
import { demarrerSlapd, PERSONNES, type Slapd } from '../src/test/slapd.ts';
import { createAnnuaire } from '../src/features/portail/annuaire.ts';
import { insererCompte } from '../src/features/admin/comptes.repository.ts';

// Sign-in through the académie's directory: a real OpenLDAP (slapd) on loopback, the real app, Chromium.
describe('Connexion par l’annuaire de l’académie (LDAP)', () => {
  let slapd: Slapd;
  let banc: BancE2e;
  const paul = PERSONNES[2]!;
  before(async () => {
    slapd = await demarrerSlapd();
    banc = await ouvrirBanc({ annuaire: createAnnuaire(slapd.config()) });
    // An account of the HR import: no password in Vivier, the directory checks it.
    await insererCompte(banc.database.db, { identifiant: paul.uid, nomAffiche: 'LAMBERT Paul', email: null, motDePasseHash: null, roles: ['AGENT'], perimetre: {}, le: new Date() });
  });
  after(async () => {
    await banc?.fermer();
    await slapd?.fermer();
  });

  test('Paul Lambert se connecte avec le mot de passe de sa messagerie académique (annuaire) ; son nom vient de l’annuaire', async () => {
    const page = await banc.nouvellePage();
    await seConnecter(page, paul.uid, { motDePasse: paul.motDePasse });
    assert.equal(new URL(page.url()).pathname, '/portail');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Bienvenue Paul Lambert');
  });

  test('« Mot de passe oublié ? » mène à la page qui dit à qui s’adresser (0 violation axe-core)', async () => {
    const page = await banc.nouvellePage();
    await page.goto('/connexion');
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Mot de passe oublié ?' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/connexion/aide');
    await page.getByRole('heading', { level: 2, name: 'Mot de passe oublié' }).waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'connexion-aide');
    await page.setViewportSize({ width: 320, height: 800 });
    await capturer(page, 'connexion-aide-320');
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('annuaire arrêté : « momentanément indisponible » sur le formulaire (0 violation axe-core)', async () => {
    await slapd.arreter();
    try {
      const page = await banc.nouvellePage();
      await seConnecter(page, paul.uid, { motDePasse: paul.motDePasse });
      assert.equal(new URL(page.url()).pathname, '/connexion');
      await page.getByRole('alert').filter({ hasText: 'Le service d’authentification est momentanément indisponible' }).waitFor();
      await verifierAccessibilite(page);
      await capturer(page, 'connexion-annuaire-indisponible');
      await page.setViewportSize({ width: 320, height: 800 });
      await capturer(page, 'connexion-annuaire-indisponible-320');
    } finally {
      await slapd.demarrer();
    }
  });
});
