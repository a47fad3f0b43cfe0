import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';

const PAGES_ADMIN = [
  ['/admin', 'a11y-admin'],
  ['/admin/comptes', 'a11y-admin-comptes'],
  ['/admin/catalogue', 'a11y-admin-catalogue'],
  ['/admin/bandeaux', 'a11y-admin-bandeaux'],
  ['/admin/syndicats', 'a11y-admin-syndicats'],
  ['/admin/journal', 'a11y-admin-journal'],
] as const;

describe('Accessibilité (axe-core) des pages d’administration', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  for (const [chemin, capture] of PAGES_ADMIN) {
    test(`${chemin} pour l’administratrice`, async () => {
      const page = await banc.pageConnectee('admin1');
      const reponse = await page.goto(chemin);
      // A page of this list that answers 404 is missing: that is a failure, never a skipped test.
      assert.equal(reponse?.status(), 200, `${chemin} répond ${reponse?.status()}`);
      await capturer(page, capture); // first: a page that fails the check still leaves its screenshot
      await verifierAccessibilite(page);
      assert.deepEqual(banc.erreursDe(page), [], `${chemin} : erreurs dans la console`);
    });
  }
});
