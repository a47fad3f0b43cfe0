import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ouvrirBanc, type BancE2e } from './support/banc.ts';

/**
 * A real browser sends the upload forms as the server expects them (ADR 8): the CSRF field first, a Content-Length,
 * an empty file input as a nameless empty part. Form order and framing are the browser's, not a test helper's.
 */
describe('pièces justificatives envoyées par le navigateur', () => {
  let banc: BancE2e;
  before(async () => {
    banc = await ouvrirBanc();
  });
  after(async () => {
    await banc?.fermer();
  });

  test('jdupont signale une erreur sur son nom : sans pièce le formulaire revient, avec un PDF le signalement part', async () => {
    const page = await banc.pageConnectee('jdupont');
    await page.goto('/iprof/dossier/signaler/identite/nom');
    await page.getByLabel('Votre message *').fill('Mon nom est mal orthographié : il manque un accent.');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Envoyer le signalement' }).click()]);
    await page.getByText('Joignez au moins une pièce justificative').first().waitFor();
    assert.equal(await page.getByLabel('Votre message *').inputValue(), 'Mon nom est mal orthographié : il manque un accent.');

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await page.getByLabel(/Pièces justificatives/).setInputFiles({ name: 'acte de naissance.pdf', mimeType: 'application/pdf', buffer: pdf });
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Envoyer le signalement' }).click()]);
    await page.getByText('Votre signalement a bien été transmis à votre gestionnaire').waitFor();
    const piece = await banc.database.db.selectFrom('piece_justificative').select(['nom_fichier', 'contenu']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(piece.nom_fichier, 'acte de naissance.pdf');
    assert.ok(Buffer.from(piece.contenu).equals(pdf));
    // The refused form above is a 400, which Chrome logs; nothing else (no CSP refusal, no script error).
    assert.deepEqual(banc.erreursDe(page).filter((e) => !/status of 400 \(Bad Request\)/.test(e)), []);
  });
});
