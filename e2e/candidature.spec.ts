import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';
import { verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';

/** "YYYY-MM-DDTHH:MM" in Paris time, as a datetime-local field takes it, `minutes` from now (rounded up). */
function parisDans(minutes: number): string {
  const d = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
  const p = Object.fromEntries(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

async function cliquer(page: Page, role: 'button' | 'link', nom: string | RegExp) {
  const cible = page.getByRole(role, typeof nom === 'string' ? { name: nom, exact: true } : { name: nom }).first();
  await Promise.all([page.waitForURL(() => true, { waitUntil: 'load' }).catch(() => undefined), page.waitForEvent('load'), cible.click()]);
}

describe('candidature à la classe exceptionnelle, de la création de la campagne à l’accusé de réception', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('le gestionnaire crée une campagne PE 2019 qui ferme deux minutes plus tard', async () => {
    const page = await banc.pageConnectee('gestion1');
    await page.goto('/iprof/gestion/campagnes');
    await verifierAccessibilite(page);
    await page.getByLabel('Corps').selectOption('PE');
    await page.getByLabel('Année N de la campagne').fill('2019');
    await page.getByLabel('Ouverture (heure de Paris)').fill(parisDans(-1));
    await page.getByLabel('Fermeture (heure de Paris)').fill(parisDans(2));
    await page.getByLabel('Nombre de promotions').fill('20');
    await cliquer(page, 'button', 'Créer la campagne');
    assert.match(new URL(page.url()).pathname, /^\/iprof\/gestion\/campagnes\/\d+$/);
    await page.getByRole('heading', { level: 1, name: /professeurs des écoles — campagne 2019/ }).waitFor();
    await capturer(page, 'campagne-tableau-de-bord');
  });

  test('jdupont candidate, voit sa fiche, valide, annule, valide de nouveau ; l’accusé arrive à la clôture', async () => {
    const page = await banc.pageConnectee('jdupont');
    await cliquer(page, 'link', 'I-Prof Enseignant');
    await cliquer(page, 'link', 'Candidater');
    await verifierAccessibilite(page);
    await cliquer(page, 'link', /professeurs des écoles — campagne 2019/);
    await cliquer(page, 'button', 'Commencer ma candidature');
    await page.getByText('Votre candidature est commencée').waitFor();
    assert.ok(await page.getByRole('cell', { name: /directeur d/i }).count());
    await verifierAccessibilite(page);
    await capturer(page, 'candidature-brouillon');

    // A typed period survives a reload (kept in the tab until the server takes it).
    await page.getByLabel('Établissement ou service').fill('Circonscription d’Abbeville');
    await page.reload();
    assert.equal(await page.getByLabel('Établissement ou service').inputValue(), 'Circonscription d’Abbeville');

    await cliquer(page, 'link', 'Afficher votre fiche de candidature');
    await page.getByRole('heading', { level: 1, name: 'Fiche de candidature' }).waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'candidature-fiche');
    await cliquer(page, 'button', 'Valider votre candidature');
    await page.getByText('Votre demande de candidature a bien été enregistrée').waitFor();
    await page.getByText('A la date de fermeture de dépôt des candidatures vous recevrez un accusé de réception de votre demande.').waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'candidature-enregistree');

    // "Annuler" asks first, in a DSFR modal (without JavaScript the link leads to the same question on a page).
    await page.getByRole('link', { name: 'Annuler votre candidature' }).click();
    const modale = page.getByRole('dialog', { name: 'Annuler votre candidature ?' });
    await modale.waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'candidature-annuler-modale');
    await Promise.all([page.waitForEvent('load'), modale.getByRole('button', { name: 'Oui, annuler ma candidature' }).click()]);
    await page.getByRole('heading', { name: 'Votre candidature est annulée' }).waitFor();
    assert.equal(await page.getByText('Votre candidature est annulée').count(), 1, 'l’annulation est dite une fois');
    await cliquer(page, 'link', 'Afficher votre fiche de candidature');
    await cliquer(page, 'button', 'Valider votre candidature');
    await page.getByText('Votre demande de candidature a bien été enregistrée').waitFor();

    // The campaign closes by itself (closing instant + a 10 s margin); the page then shows the deposit.
    const limite = Date.now() + 4 * 60_000;
    for (;;) {
      await page.reload();
      if ((await page.getByText('Candidature déposée').count()) > 0 && (await page.getByRole('link', { name: /Télécharger l’accusé de réception/ }).count()) > 0) break;
      assert.ok(Date.now() < limite, 'la campagne aurait dû se clore d’elle-même');
      await page.waitForTimeout(5_000);
    }
    await verifierAccessibilite(page);
    await capturer(page, 'candidature-deposee');
    const reponse = await page.request.get(await page.getByRole('link', { name: /Télécharger l’accusé de réception/ }).getAttribute('href') as string);
    assert.equal(reponse.headers()['content-type'], 'application/pdf');
    assert.equal((await reponse.body()).subarray(0, 5).toString(), '%PDF-');

    await page.goto('/iprof/messages');
    await page.getByText(/Accusé de réception de votre candidature CE-2019-PE-/).first().waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'messages-accuse');
  });
});
