import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Screenshots land in e2e/screenshots/ (gitignored), one file per name: a later run overwrites it. */
export const DOSSIER_CAPTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

export async function capturer(page: Page, nom: string): Promise<string> {
  // Wait for the Marianne web fonts: a capture taken before shows the fallback font.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const fichier = path.join(DOSSIER_CAPTURES, `${nom}.png`);
  // caret: 'initial': by default Playwright hides the text caret by writing `caret-color: transparent !important` in the
  // style attribute of every input, the hidden CSRF field of the header's logout form included. When the DSFR header
  // then copies its tools into the mobile menu (innerHTML), that copied style attribute is refused by our CSP
  // (style-src 'self'): the intermittent "inline style" console error of the admin pages (hash sha256-LCYO6aZg…).
  await page.screenshot({ path: fichier, fullPage: true, caret: 'initial' });
  return fichier;
}
