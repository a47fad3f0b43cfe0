import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const source = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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
  const dejaLa = await page.evaluate(() => 'axe' in window);
  if (!dejaLa) await page.evaluate(source);
  const resultats = await page.evaluate(
    (opts) => (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<AxeResults> } }).axe.run(document, opts),
    options as Record<string, unknown>,
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

/** The colour-contrast checks axe-core could not decide (over a gradient or an image, say): each one is a contrast nobody measured. */
export async function contrastesIndecis(page: Page): Promise<string[]> {
  const dejaLa = await page.evaluate(() => 'axe' in window);
  if (!dejaLa) await page.evaluate(source);
  const r = await page.evaluate(() => (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<AxeResults> } }).axe.run(document, { runOnly: ['color-contrast'] }));
  return r.incomplete.flatMap((i) => i.nodes.map((n) => `${n.target.join(' ')} (${n.any.map((a) => (a.data as { messageKey?: string } | null)?.messageKey ?? a.message).join(', ')})`));
}
