import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const source = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The whole page but a closed DSFR modal: nobody sees it, yet while the DSFR's script sets it up or fades it out axe
 * can catch it half-transparent and measure the contrast of a fading text (seen: the cancel confirmation's title at
 * 2.21:1 on the page under it). An opened modal (`fr-modal--opened`) is checked like the rest.
 */
const CONTEXTE = { include: [['html']], exclude: [['.fr-modal:not(.fr-modal--opened)']] };

/**
 * Runs axe-core on the page as it is and fails with every violation's rule, impact and targets.
 * axe is evaluated through the DevTools protocol rather than `page.addScriptTag`: the app's CSP (`script-src 'self'`)
 * rightly refuses the inline script addScriptTag creates, and this way the page keeps its real CSP during the check.
 */
export async function verifierAccessibilite(page: Page, options: RunOptions = {}): Promise<void> {
  const violations = await analyser(page, options);
  assert.equal(violations.length, 0, `${page.url()} : ${violations.length} violation(s) axe-core\n${decrire(violations)}`);
}

export async function analyser(page: Page, options: RunOptions = {}): Promise<Result[]> {
  await transitionsFinies(page);
  const dejaLa = await page.evaluate(() => 'axe' in window);
  if (!dejaLa) await page.evaluate(source);
  const resultats = await page.evaluate(
    ({ opts, contexte }) => (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<AxeResults> } }).axe.run(contexte, opts),
    { opts: options as Record<string, unknown>, contexte: CONTEXTE },
  );
  return resultats.violations;
}

export function decrire(violations: Result[]): string {
  return violations
    .map((v) => {
      const cibles = v.nodes.map((n) => `      ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n');
      return `  - ${v.id} (${v.impact ?? 'impact inconnu'}) : ${v.help}\n${cibles}`;
    })
    .join('\n');
}

/**
 * Waits (2 s at most) for the CSS transitions under way, e.g. a DSFR modal fading in: measured mid-fade, its title's
 * contrast is that of a half-transparent text (seen: 1.62:1), which nobody reads.
 */
async function transitionsFinies(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.race([Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))), new Promise((ok) => setTimeout(ok, 2_000))]),
  );
}

/** The colour-contrast checks axe-core could not decide (over a gradient or an image, say): each one is a contrast nobody measured. */
export async function contrastesIndecis(page: Page): Promise<string[]> {
  await transitionsFinies(page);
  const dejaLa = await page.evaluate(() => 'axe' in window);
  if (!dejaLa) await page.evaluate(source);
  const r = await page.evaluate(
    (contexte) => (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<AxeResults> } }).axe.run(contexte, { runOnly: ['color-contrast'] }),
    CONTEXTE,
  );
  return r.incomplete.flatMap((i) => i.nodes.map((n) => `${n.target.join(' ')} (${n.any.map((a) => (a.data as { messageKey?: string } | null)?.messageKey ?? a.message).join(', ')})`));
}
