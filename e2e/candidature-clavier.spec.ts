import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { capturer } from './support/captures.ts';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';

function parisDans(minutes: number): string {
  const d = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
  const p = Object.fromEntries(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The focused element's visible text (or accessible label), and whether its focus ring is drawn (outline of at least 1 px). */
async function focus(page: Page): Promise<{ texte: string; visible: boolean; commande: boolean }> {
  return page.evaluate(`(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { texte: '', visible: false, commande: false };
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    // A link enlarged to its tile (DSFR fr-enlarge-link) draws its ring on its ::before, which covers the tile.
    const anneau = [s, getComputedStyle(e, '::before')].some((t) => t.outlineStyle !== 'none' && parseFloat(t.outlineWidth) >= 1);
    return { texte: (e.textContent || e.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' '), visible: anneau && r.width > 0 && r.height > 0, commande: e.tagName === 'A' || e.tagName === 'BUTTON' };
  })()`);
}

/** Presses Tab until the focused link or button reads `cible` (a scrolling table region holds the same words), checking the focus ring on the way; fails after 120 presses. */
async function tabulerJusqua(page: Page, cible: string | RegExp): Promise<void> {
  const vus: string[] = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const f = await focus(page);
    vus.push(f.texte.slice(0, 30));
    if (f.commande && (typeof cible === 'string' ? f.texte === cible : cible.test(f.texte))) {
      assert.ok(f.visible, `« ${f.texte} » a le focus sans anneau visible`);
      return;
    }
  }
  assert.fail(`« ${cible} » jamais atteint au clavier ; parcours : ${vus.join(' → ')}`);
}

/** Activates the focused element with a key and waits for the page it leads to. */
async function activer(page: Page, touche: 'Enter' | 'Space'): Promise<void> {
  const avant = page.url();
  const texte = (await focus(page)).texte;
  await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), page.keyboard.press(touche)]).catch((err: Error) => {
    throw new Error(`${touche} sur « ${texte} » (${avant}) n’a pas chargé de page : ${err.message.split('\n')[0]}`);
  });
}

describe('La candidature au clavier seul (Tab, Entrée, Espace), focus visible à chaque étape', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
    const gestion = await banc.pageConnectee('gestion1');
    await gestion.goto('/iprof/gestion/campagnes');
    await gestion.getByLabel('Corps').selectOption('PE');
    await gestion.getByLabel('Année N de la campagne').fill('2019');
    await gestion.getByLabel('Ouverture (heure de Paris)').fill(parisDans(-1));
    await gestion.getByLabel('Fermeture (heure de Paris)').fill(parisDans(120));
    await gestion.getByLabel('Nombre de promotions').fill('20');
    await Promise.all([gestion.waitForEvent('load'), gestion.getByRole('button', { name: 'Créer la campagne', exact: true }).click()]);
  });
  after(async () => {
    await banc?.fermer();
  });

  test('du portail à la candidature validée puis annulée après confirmation', async () => {
    const page = await banc.pageConnectee('jdupont');
    await tabulerJusqua(page, 'I-Prof Enseignant');
    await activer(page, 'Enter');
    await tabulerJusqua(page, 'Candidater');
    await activer(page, 'Enter');
    await tabulerJusqua(page, /professeurs des écoles — campagne 2019/);
    await activer(page, 'Enter');
    await tabulerJusqua(page, 'Commencer ma candidature');
    await activer(page, 'Space');
    await page.getByText('Votre candidature est commencée').waitFor();
    await tabulerJusqua(page, 'Afficher votre fiche de candidature');
    await activer(page, 'Enter');
    await tabulerJusqua(page, 'Valider votre candidature');
    await capturer(page, 'clavier-candidature-valider');
    await activer(page, 'Space');
    await page.getByText('Votre demande de candidature a bien été enregistrée').waitFor();
    // Cancelling asks first: the modal opens, the keyboard reaches its buttons.
    await tabulerJusqua(page, 'Annuler votre candidature');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Annuler votre candidature ?' }).waitFor();
    await tabulerJusqua(page, 'Oui, annuler ma candidature');
    await capturer(page, 'clavier-candidature-annuler');
    await activer(page, 'Enter');
    await page.getByRole('heading', { name: 'Votre candidature est annulée' }).waitFor();
  });

  test('sans JavaScript, « Annuler votre candidature » mène à la même question sur une page', async () => {
    const contexte = await banc.navigateur.newContext({ baseURL: banc.url, javaScriptEnabled: false, locale: 'fr-FR' });
    try {
      const page = await contexte.newPage();
      await page.goto('/connexion');
      await page.getByLabel('Identifiant de la messagerie académique').fill('jdupont');
      await page.getByLabel('Mot de Passe de messagerie').fill('Demo-Agent-2026!');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Valider' }).click()]);
      await page.goto('/iprof/candidater');
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: /campagne 2019/ }).click()]);
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Afficher votre fiche de candidature' }).click()]);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Valider votre candidature' }).click()]);
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Annuler votre candidature' }).click()]);
      assert.match(new URL(page.url()).pathname, /\/annuler$/);
      await page.getByRole('heading', { level: 1, name: 'Annuler votre candidature ?' }).waitFor();
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Oui, annuler ma candidature' }).click()]);
      assert.equal(await page.getByText('Votre candidature est annulée').count(), 1);
    } finally {
      await contexte.close();
    }
  });
});
