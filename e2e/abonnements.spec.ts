import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';

/*
 * Élections professionnelles (issue 14): from the catalogue entry of the user document, the agent ticks, union by
 * union, the lists they receive; the change is kept in their history; the union's correspondent exports the subscribers
 * of their list as CSV, with the dossier's e-mail (authoritative) of the agent.
 */

async function charger(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}

describe('Abonnements aux informations syndicales', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('Jean Dupont s’abonne depuis le catalogue à une liste académique, la retrouve cochée et dans son historique, puis s’en désabonne', async () => {
    const page = await banc.pageConnectee('jdupont');
    await charger(page, () => page.getByRole('link', { name: 'Gérer ses abonnements : infos syndicales académiques', exact: true }).click());
    assert.equal(new URL(page.url()).pathname, '/portail/abonnements/academiques');
    await page.getByRole('heading', { level: 1, name: 'Gérer ses abonnements : infos syndicales académiques' }).waitFor();
    // Opt-in: nothing is ticked for him by default; his address is the dossier's.
    const sdep = page.getByRole('group', { name: /^SDEP/ });
    const section = sdep.getByRole('checkbox', { name: /Section académique/ });
    assert.equal(await section.isChecked(), false);
    await page.getByText('jean.dupont@ac-demo.invalid').waitFor();
    await verifierAccessibilite(page);

    // The keyboard ticks the box (Space), the button submits.
    await section.focus();
    await page.keyboard.press('Space');
    assert.equal(await section.isChecked(), true);
    await charger(page, () => page.getByRole('button', { name: 'Enregistrer mes abonnements' }).click());
    await page.getByRole('status').filter({ hasText: 'Vos abonnements ont été enregistrés.' }).waitFor();
    assert.equal(await page.getByRole('group', { name: /^SDEP/ }).getByRole('checkbox', { name: /Section académique/ }).isChecked(), true);
    const historique = page.getByRole('table', { name: /Historique de mes abonnements/ });
    assert.match(await historique.innerText(), /SDEP\s+Section académique\s+Abonnement/);
    await capturer(page, 'abonnements-academiques');
    await verifierAccessibilite(page);

    // Reloading the result page (PRG) sends nothing again.
    await page.reload();
    assert.equal(await page.getByRole('table', { name: /Historique de mes abonnements/ }).getByRole('row').count(), 2);

    // The national page leaves the académique choice alone.
    await charger(page, () => page.getByRole('link', { name: 'Gérer ses abonnements : infos syndicales nationales' }).click());
    assert.equal(new URL(page.url()).pathname, '/portail/abonnements/nationales');
    await verifierAccessibilite(page);
    await charger(page, () => page.getByRole('button', { name: 'Enregistrer mes abonnements' }).click());
    await page.getByRole('status').filter({ hasText: 'Vos abonnements n’ont pas changé.' }).waitFor();
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('le correspondant de SDEP exporte en CSV les abonnés de la section académique, dont Jean Dupont à l’adresse de son dossier', async () => {
    const agent = await banc.pageConnectee('jdupont');
    await agent.goto('/portail/abonnements/academiques');
    const section = agent.getByRole('group', { name: /^SDEP/ }).getByRole('checkbox', { name: /Section académique/ });
    if (!(await section.isChecked())) {
      await section.check();
      await charger(agent, () => agent.getByRole('button', { name: 'Enregistrer mes abonnements' }).click());
    }

    const page = await banc.pageConnectee('synd1');
    await charger(page, () => page.getByRole('link', { name: 'Abonnés des listes de mon syndicat', exact: true }).click());
    assert.equal(new URL(page.url()).pathname, '/portail/correspondant');
    // Only the lists of SDEP, his union.
    assert.equal(await page.getByRole('heading', { level: 2, name: /^UPE/ }).count(), 0);
    await capturer(page, 'abonnements-correspondant');
    await verifierAccessibilite(page);
    const [telechargement] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter (CSV) les abonnés de « Section académique »' }).click()]);
    assert.match(telechargement.suggestedFilename(), /^abonnes-sdep-section-academique-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await telechargement.path())!, 'utf8');
    const lignes = csv.trimEnd().split('\n');
    assert.equal(lignes[0], 'nom;adresse_electronique;abonne_depuis');
    assert.ok(lignes.some((l) => l.startsWith('Jean Dupont;jean.dupont@ac-demo.invalid;')), csv);
    assert.ok(lignes.some((l) => l.startsWith('Marie Martin;marie.martin@ac-demo.invalid;')), csv);

    // The export is in the audit log, in French.
    const admin = await banc.pageConnectee('admin1');
    await admin.goto('/admin/journal');
    await admin.getByText('Export des abonnés d’une liste syndicale').first().waitFor();
    assert.deepEqual(banc.erreursDe(page), []);
  });

  test('l’administratrice voit les syndicats, leurs listes et leurs correspondants (axe-core)', async () => {
    const page = await banc.pageConnectee('admin1');
    await page.goto('/admin');
    await charger(page, () => page.getByRole('link', { name: 'Syndicats et listes d’information' }).click());
    await verifierAccessibilite(page);
    await charger(page, () => page.getByRole('link', { name: 'SDEP', exact: true }).click());
    await page.getByRole('table', { name: 'Correspondants de SDEP' }).getByText('synd1').waitFor();
    await capturer(page, 'admin-syndicat');
    await verifierAccessibilite(page);
    await charger(page, () => page.getByRole('link', { name: 'Section académique' }).click());
    await verifierAccessibilite(page);
    assert.deepEqual(banc.erreursDe(page), []);
  });
});
