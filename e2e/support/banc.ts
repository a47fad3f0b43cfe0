import type { Browser, BrowserContext, Page } from 'playwright-core';
import { COMPTES_DEMO, type CompteDemo } from '../../src/demo/comptes.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { demarrerApp } from './app.ts';
import { lancerNavigateur } from './navigateur.ts';

export type BancE2e = {
  /** The app's base address, e.g. http://127.0.0.1:41234 (pages take paths relative to it). */
  url: string;
  database: DatabaseHandle;
  navigateur: Browser;
  /** An anonymous page in a context of its own (own cookies). */
  nouvellePage(): Promise<Page>;
  /** A page already logged in through the real login form, on the portal home. */
  pageConnectee(identifiant: string): Promise<Page>;
  /** Console errors and uncaught exceptions the page has shown so far (CSP violations show up here). */
  erreursDe(page: Page): string[];
  fermer(): Promise<void>;
};

export function compteDemo(identifiant: string): CompteDemo {
  const c = COMPTES_DEMO.find((x) => x.identifiant === identifiant);
  if (!c) throw new Error(`Pas de compte de démonstration « ${identifiant} ».`);
  return c;
}

/** Fills the login form and submits it; resolves once the page that follows (portal, or the form again) has loaded. */
export async function seConnecter(page: Page, identifiant: string, secret: { motDePasse: string } | { passcode: string }, chemin = '/connexion'): Promise<void> {
  await page.goto(chemin);
  await page.getByLabel('Identifiant de la messagerie académique').fill(identifiant);
  if ('motDePasse' in secret) await page.getByLabel('Mot de Passe de messagerie').fill(secret.motDePasse);
  else await page.getByLabel('Passcode OTP').fill(secret.passcode);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Valider' }).click()]);
}

/** One app and one browser for a spec file: open it in `before`, close it in `after`. */
export async function ouvrirBanc(opts: Parameters<typeof demarrerApp>[0] = {}): Promise<BancE2e> {
  const app = await demarrerApp(opts);
  let navigateur: Browser;
  try {
    navigateur = await lancerNavigateur();
  } catch (err) {
    await app.fermer();
    throw err;
  }
  const contextes: BrowserContext[] = [];
  const erreurs = new WeakMap<Page, string[]>();

  async function nouvellePage(): Promise<Page> {
    const contexte = await navigateur.newContext({ baseURL: app.url, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
    contextes.push(contexte);
    // A CSP violation is reported with what was refused and by which script and position: Chrome's console message
    // alone names neither (this is how the screenshots' caret style, see captures.ts, was traced).
    await contexte.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`[CSP] ${e.violatedDirective} refusé : source ${e.sourceFile || '?'}:${e.lineNumber}:${e.columnNumber}, extrait « ${e.sample} », ressource ${e.blockedURI || '?'}`),
      );
    });
    const page = await contexte.newPage();
    const liste: string[] = [];
    erreurs.set(page, liste);
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const { url, lineNumber, columnNumber } = m.location();
      liste.push(`console : ${m.text()}${url ? ` (${url}:${lineNumber}:${columnNumber})` : ''}`);
    });
    page.on('pageerror', (e) => liste.push(`exception : ${e.message}`));
    return page;
  }

  return {
    url: app.url,
    database: app.database,
    navigateur,
    nouvellePage,
    async pageConnectee(identifiant) {
      const page = await nouvellePage();
      await seConnecter(page, identifiant, { motDePasse: compteDemo(identifiant).motDePasse });
      if (new URL(page.url()).pathname !== '/portail') throw new Error(`La connexion de ${identifiant} a échoué : page ${page.url()}`);
      return page;
    },
    erreursDe(page) {
      // A page not opened by nouvellePage() has no listener: "no error" would then mean "not watched".
      const liste = erreurs.get(page);
      if (!liste) throw new Error(`Page non suivie (ouverte sans nouvellePage()) : ses erreurs de console ne sont pas relevées (${page.url()})`);
      return liste;
    },
    async fermer() {
      for (const c of contextes) await c.close();
      await navigateur.close();
      await app.fermer();
    },
  };
}
