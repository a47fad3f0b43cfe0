import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DOSSIER_CAPTURES } from './support/captures.ts';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';
import { mesurerReflow } from './support/reflow.ts';

/** The two widths of WCAG 1.4.10 (320 CSS px: a phone, or 1280 px zoomed to 400 %) and of an ordinary desktop. */
const LARGEURS = [320, 1280] as const;
/** Screenshots of every page at both widths: e2e/screenshots/reflow/ (gitignored, kept as CI artefacts). */
const DOSSIER = path.join(DOSSIER_CAPTURES, 'reflow');

function parisDans(minutes: number): string {
  const d = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
  const p = Object.fromEntries(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

async function cliquer(page: Page, role: 'button' | 'link', nom: string | RegExp) {
  const cible = page.getByRole(role, typeof nom === 'string' ? { name: nom, exact: true } : { name: nom }).first();
  await Promise.all([page.waitForEvent('load'), cible.click()]);
}

/**
 * Renders the page at each width, keeps a full-page screenshot of it and returns its defects, one line each.
 * The screenshot comes first: a page that fails still leaves its picture.
 */
async function examiner(page: Page, chemin: string, nom: string): Promise<string[]> {
  const defauts: string[] = [];
  for (const largeur of LARGEURS) {
    await page.setViewportSize({ width: largeur, height: 900 });
    const reponse = await page.goto(chemin);
    assert.equal(reponse?.status(), 200, `${chemin} répond ${reponse?.status()}`);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: path.join(DOSSIER, `${nom}-${largeur}.png`), fullPage: true, caret: 'initial' });
    const d = await mesurerReflow(page);
    if (d.debordement) defauts.push(`${chemin} à ${largeur} px : ${d.debordement}`);
    for (const m of d.motsCoupes) defauts.push(`${chemin} à ${largeur} px : mot coupé ${m}`);
    for (const b of d.libellesMasques) defauts.push(`${chemin} à ${largeur} px : bouton sans libellé visible ${b}`);
  }
  return defauts;
}

async function examinerTout(page: Page, pages: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const defauts: string[] = [];
  for (const [chemin, nom] of pages) defauts.push(...(await examiner(page, chemin, nom)));
  assert.deepEqual(defauts, [], `Pages qui ne se redistribuent pas :\n${defauts.join('\n')}`);
}

describe('Redistribution (WCAG 1.4.10) : chaque page des parcours à 320 et à 1280 px', () => {
  let banc: BancE2e;
  let campagne = '';
  before(async () => {
    fs.mkdirSync(DOSSIER, { recursive: true });
    banc = await ouvrirBanc();
    // An open PE campaign, and jdupont's candidature in it with a declared period (the table with dates and "Retirer").
    const gestion = await banc.pageConnectee('gestion1');
    await gestion.goto('/iprof/gestion/campagnes');
    await gestion.getByLabel('Corps').selectOption('PE');
    await gestion.getByLabel('Année N de la campagne').fill('2019');
    await gestion.getByLabel('Ouverture (heure de Paris)').fill(parisDans(-1));
    await gestion.getByLabel('Fermeture (heure de Paris)').fill(parisDans(120));
    await gestion.getByLabel('Nombre de promotions').fill('20');
    await cliquer(gestion, 'button', 'Créer la campagne');
    campagne = /\/iprof\/gestion\/campagnes\/(\d+)$/.exec(new URL(gestion.url()).pathname)?.[1] ?? '';
    assert.ok(campagne, `pas de campagne créée : ${gestion.url()}`);
    const agent = await banc.pageConnectee('jdupont');
    await agent.goto(`/iprof/candidater/${campagne}`);
    await cliquer(agent, 'button', 'Commencer ma candidature');
    await agent.getByLabel('Du', { exact: true }).fill('1999-09-01');
    await agent.getByLabel('Au', { exact: true }).fill('2004-08-31');
    await agent.getByLabel('Nature').selectOption('FONCTION');
    await agent.getByLabel('Fonction (pour une fonction ou mission)').selectOption({ index: 1 });
    await agent.getByLabel('Établissement ou service').fill('Circonscription d’Abbeville');
    await cliquer(agent, 'button', 'Ajouter la période');
    assert.ok(await agent.getByRole('button', { name: /^Retirer/ }).count(), 'la période déclarée devrait pouvoir être retirée');
  });
  after(async () => {
    await banc?.fermer();
  });

  test('la connexion', async () => {
    await examinerTout(await banc.nouvellePage(), [['/connexion', 'connexion']]);
  });

  test('le portail et I-Prof de l’agent : dossier et ses onglets, éligibilité, candidature, fiche', async () => {
    const page = await banc.pageConnectee('jdupont');
    await examinerTout(page, [
      ['/portail', 'portail'],
      ['/portail/favoris', 'portail-favoris'],
      ['/portail/cle-otp', 'portail-cle-otp'],
      ['/portail/abonnements/nationales', 'portail-abonnements-nationales'],
      ['/portail/abonnements/academiques', 'portail-abonnements-academiques'],
      ['/portail/securite', 'portail-securite'],
      ['/portail/sessions', 'portail-sessions'],
      ['/iprof', 'iprof-agent'],
      ['/iprof/dossier', 'dossier-identite'],
      ['/iprof/dossier/situation', 'dossier-situation'],
      ['/iprof/dossier/affectations', 'dossier-affectations'],
      ['/iprof/dossier/fonctions', 'dossier-fonctions'],
      ['/iprof/dossier/activites', 'dossier-activites'],
      ['/iprof/dossier/qualifications', 'dossier-qualifications'],
      ['/iprof/dossier/formations', 'dossier-formations'],
      ['/iprof/dossier/signalements', 'dossier-signalements'],
      ['/iprof/dossier/consultations', 'dossier-consultations'],
      ['/iprof/dossier/cv/activites/nouveau', 'dossier-cv-nouveau'],
      ['/iprof/eligibilite', 'eligibilite'],
      ['/iprof/candidater', 'candidater'],
      [`/iprof/candidater/${campagne}`, 'candidature'],
      [`/iprof/candidater/${campagne}/fiche`, 'candidature-fiche'],
      ['/iprof/messages', 'messages'],
      ['/iprof/mes-donnees', 'mes-donnees'],
    ]);
  });

  test('la gestion : campagnes, candidatures, dossiers des agents, signalements, imports', async () => {
    const page = await banc.pageConnectee('gestion1');
    await page.goto(`/iprof/gestion/campagnes/${campagne}/candidatures`);
    const fiche = await page.getByRole('link', { name: /dupont/i }).first().getAttribute('href');
    assert.ok(fiche, 'la candidature de jdupont devrait être listée');
    await examinerTout(page, [
      ['/iprof', 'iprof-gestion'],
      ['/iprof/gestion/campagnes', 'gestion-campagnes'],
      [`/iprof/gestion/campagnes/${campagne}`, 'gestion-campagne'],
      [`/iprof/gestion/campagnes/${campagne}/candidatures`, 'gestion-candidatures'],
      [fiche, 'gestion-candidature'],
      [`/iprof/gestion/campagnes/${campagne}/recevabilite`, 'gestion-recevabilite'],
      ['/iprof/agents', 'gestion-agents'],
      ['/iprof/agents/DEMO0001', 'gestion-agent'],
      ['/iprof/agents/DEMO0001/affectations', 'gestion-agent-affectations'],
      ['/iprof/agents/DEMO0001/fonctions', 'gestion-agent-fonctions'],
      ['/iprof/gestion/signalements', 'gestion-signalements'],
      ['/iprof/gestion/imports', 'gestion-imports'],
    ]);
  });

  test('I-Prof de l’évaluateur et de l’autorité', async () => {
    await examinerTout(await banc.pageConnectee('ien1'), [['/iprof', 'iprof-evaluateur']]);
    await examinerTout(await banc.pageConnectee('recteur1'), [['/iprof', 'iprof-autorite']]);
  });

  test('le correspondant syndical : les abonnés des listes de son syndicat', async () => {
    await examinerTout(await banc.pageConnectee('synd1'), [['/portail/correspondant', 'portail-correspondant']]);
  });

  test('l’administration des syndicats : liste, fiche, liste d’information, formulaires', async () => {
    const page = await banc.pageConnectee('admin1');
    await page.goto('/admin/syndicats');
    const fiche = await page.getByRole('link', { name: 'SDEP', exact: true }).getAttribute('href');
    assert.ok(fiche, 'SDEP devrait être listé');
    await page.goto(fiche);
    const liste = await page.getByRole('link', { name: 'Section académique' }).getAttribute('href');
    assert.ok(liste, 'la section académique de SDEP devrait être listée');
    await examinerTout(page, [
      ['/admin/syndicats', 'admin-syndicats'],
      ['/admin/syndicats/nouveau', 'admin-syndicat-nouveau'],
      [fiche, 'admin-syndicat'],
      [`${fiche}/listes/nouvelle`, 'admin-syndicat-liste-nouvelle'],
      [liste, 'admin-syndicat-liste'],
    ]);
  });

  test('l’administration : comptes, catalogue, bandeaux, journal, courriels', async () => {
    const page = await banc.pageConnectee('admin1');
    await page.goto('/admin/comptes?q=jdupont');
    const compte = await page.getByRole('link', { name: /jdupont|Jean Dupont/ }).first().getAttribute('href');
    assert.ok(compte, 'le compte de jdupont devrait être listé');
    await examinerTout(page, [
      ['/admin', 'admin'],
      ['/admin/comptes', 'admin-comptes'],
      [compte, 'admin-compte'],
      ['/admin/comptes/nouveau', 'admin-compte-nouveau'],
      ['/admin/catalogue', 'admin-catalogue'],
      ['/admin/bandeaux', 'admin-bandeaux'],
      ['/admin/journal', 'admin-journal'],
      ['/admin/courriels', 'admin-courriels'],
    ]);
  });
});
