import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';
import { verifierAccessibilite } from './support/axe.ts';
import { capturer } from './support/captures.ts';

/** A real one-page PDF (the browser's viewer must open it in the page's frame). */
function pdf(texte: string): Promise<Buffer> {
  return new Promise((ok, ko) => {
    const doc = new PDFDocument({ size: 'A4' });
    const morceaux: Buffer[] = [];
    doc.on('data', (m: Buffer) => morceaux.push(m));
    doc.on('end', () => ok(Buffer.concat(morceaux)));
    doc.on('error', ko);
    doc.fontSize(16).text(texte);
    doc.end();
  });
}
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function cliquer(page: Page, role: 'button' | 'link', nom: string | RegExp) {
  const cible = page.getByRole(role, typeof nom === 'string' ? { name: nom, exact: true } : { name: nom }).first();
  await Promise.all([page.waitForEvent('load'), cible.click()]);
}

/*
 * The recevabilité of a deposited candidature, in the browser: a PE 2019 campaign already examined, where jdupont
 * deposited a declared period with a PDF and an image. The gestionnaire reads them in the page (no CSP refusal, no
 * axe-core violation), rejects the period with a motif and declares the candidature; jdupont reads the outcome.
 */
describe('recevabilité d’une candidature déposée', () => {
  let banc: BancE2e;
  let campagneId: string;
  before(async () => {
    banc = await ouvrirBanc();
    const { db } = banc.database;
    const c = await db
      .insertInto('campagne')
      .values({ corps: 'PE', annee: 2019, regime: 'A', ouverture: '2026-01-05T08:00:00Z', fermeture: '2026-01-20T16:00:00Z', promotions: 20, parametres: '{}', statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: '2026-01-01T08:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    campagneId = c.id;
    const cand = await db
      .insertInto('candidature')
      .values({ campagne_id: campagneId, agent_id: 'DEMO0001', statut: 'DEPOSEE', cree_le: '2026-01-06T08:00:00Z', modifie_le: '2026-01-20T16:00:10Z', validee_le: '2026-01-06T09:00:00Z', reference: 'CE-2019-PE-000001' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('candidature_periode')
      .values({ candidature_id: cand.id, du: '2009-09-01', au: '2019-08-31', nature: 'FONCTION', fonction: 'DIRECTEUR_ECOLE', etablissement: 'École élémentaire Jules Verne', source: 'DOSSIER', commentaire: null })
      .execute();
    const p = await db
      .insertInto('candidature_periode')
      .values({ candidature_id: cand.id, du: '2005-09-01', au: '2008-08-31', nature: 'FONCTION', fonction: 'MAITRE_FORMATEUR', etablissement: 'Circonscription d’Abbeville', source: 'AGENT', commentaire: 'Maître formateur, voir l’attestation' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [nom, type, contenu] of [
      ['attestation.pdf', 'application/pdf', await pdf('Attestation de maître formateur')],
      ['arrete.png', 'image/png', PNG],
    ] as const) {
      await db.insertInto('candidature_piece').values({ periode_id: p.id, nom_fichier: nom, type_contenu: type, taille: contenu.length, sha256: 'x'.repeat(64), contenu, cree_le: new Date() }).execute();
    }
    await sql`INSERT INTO candidature_historique (candidature_id, de, vers, evenement, le) VALUES (${cand.id}::bigint, 'ENREGISTREE', 'DEPOSEE', 'CLORE', now())`.execute(db);
  });
  after(async () => {
    await banc?.fermer();
  });

  test('le gestionnaire examine la période, ses pièces dans la page, la rejette et déclare la candidature', async () => {
    const page = await banc.pageConnectee('gestion1');
    await page.goto(`/iprof/gestion/campagnes/${campagneId}`);
    await cliquer(page, 'link', 'Recevabilité des candidatures déposées');
    await page.getByText('Avancement : 0 candidature examinée sur 1').waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'recevabilite-file');
    await cliquer(page, 'link', /DUPONT Jean/);
    await verifierAccessibilite(page);
    await cliquer(page, 'link', 'Examiner');
    await page.getByRole('img', { name: 'Pièce justificative : arrete.png' }).waitFor();
    assert.equal(await page.getByRole('img', { name: 'Pièce justificative : arrete.png' }).evaluate((i: HTMLImageElement) => i.naturalWidth), 1, 'image chargée');
    // The frame holds the browser's PDF viewer (a blocked frame would hold Chrome's error page, as HTML).
    const cadre = page.frames().find((f) => f.url().includes('/pieces/') && f !== page.mainFrame());
    assert.ok(cadre, 'cadre de la pièce PDF');
    await cadre.waitForLoadState();
    assert.equal(await cadre.evaluate(() => document.contentType), 'application/pdf');
    await verifierAccessibilite(page);
    await capturer(page, 'recevabilite-periode');
    assert.deepEqual(banc.erreursDe(page), [], 'ni refus de la CSP ni erreur dans la console');

    await page.getByLabel('Décision sur cette période').selectOption('REJETEE');
    await cliquer(page, 'button', 'Enregistrer la décision');
    await page.getByText('Choisissez le motif du rejet').first().waitFor();
    await verifierAccessibilite(page);
    await page.getByLabel('Motif du rejet (communiqué à l’agent)').selectOption('PIECE_NON_PROBANTE');
    await page.getByLabel(/^Précision/).fill('L’attestation ne couvre pas l’année 2007-2008.');
    await cliquer(page, 'button', 'Enregistrer la décision');
    await page.getByText('La décision sur la période est enregistrée.').waitFor();
    await cliquer(page, 'button', 'Déclarer la candidature (recevable ou irrecevable selon le moteur)');
    await page.getByText('La candidature est déclarée et l’agent en est informé.').waitFor();
    await page.getByText(/Recevabilité jugée : Recevable \(10 année\(s\) retenue\(s\) sur 8 requise\(s\)\)/).waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'recevabilite-candidature');
  });

  test('jdupont lit le résultat et le motif de la période non retenue', async () => {
    const page = await banc.pageConnectee('jdupont');
    await page.goto(`/iprof/candidater/${campagneId}`);
    await page.getByRole('heading', { name: 'Votre candidature est recevable' }).waitFor();
    await page.getByText(/Non retenue — La pièce fournie ne justifie pas la période déclarée : L’attestation ne couvre pas l’année 2007-2008\./).waitFor();
    await verifierAccessibilite(page);
    await capturer(page, 'recevabilite-agent');
    await page.goto('/iprof/messages');
    await page.getByText(/Candidature recevable/).first().waitFor();
  });
});
