import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Screenshots land in e2e/screenshots/ (gitignored), one file per name: a later run overwrites it. */
export const DOSSIER_CAPTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

export async function capturer(page: Page, nom: string): Promise<string> {
  // Wait for the Marianne web fonts: a capture taken before shows the fallback font.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const fichier = path.join(DOSSIER_CAPTURES, `${nom}.png`);
  await page.screenshot({ path: fichier, fullPage: true });
  return fichier;
}
