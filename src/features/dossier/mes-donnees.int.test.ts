import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { banc, type Banc } from '../../test/app.ts';
import { connecter, insererAgent, insererEtablissements } from './dossier.fixtures.ts';

let b: Banc;
before(async () => {
  b = await banc();
  await insererEtablissements(b.database);
});
after(async () => {
  await b.fermer();
});

function pdfEnTexte(pdf: Buffer): string {
  const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-pdf-'));
  try {
    const fichier = path.join(dossier, 'mes-donnees.pdf');
    fs.writeFileSync(fichier, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', fichier, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dossier, { recursive: true, force: true });
  }
}

describe('Mes données', () => {
  test('le JSON contient l’identité, le compte sans secret, les données RH, le CV, les messages, les consultations et les connexions', async () => {
    const a = await insererAgent(b.database);
    const { client, compte } = await connecter(b, { agentId: a.agentId });
    await client.get('/iprof/dossier/cv/qualifications/nouveau');
    await client.post('/iprof/dossier/cv/qualifications', { categorie: 'LANGUE', intitule: 'Allemand', niveau: 'B2' });
    const { client: gestion } = await connecter(b, { roles: ['GESTIONNAIRE'], nom: 'Gaëlle Estion' });
    await gestion.get(`/iprof/agents/${a.agentId}`);
    await b.database.db.insertInto('message').values({ agent_id: a.agentId, compte_id: null, categorie: 'CAMPAGNE', sujet: 'Ouverture de la campagne', corps: 'Bienvenue', cree_le: new Date(), lu_le: null, document_type: null, document_id: null }).execute();

    const page = await client.get('/iprof/mes-donnees');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /loi « informatique et libertés » du 6 janvier 1978/);
    const r = await client.get('/iprof/mes-donnees/export.json');
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.match(String(r.headers['content-disposition']), /^attachment/);
    const d = JSON.parse(r.body);
    assert.equal(d.compte.identifiant, compte.identifiant);
    assert.equal(d.dossier.identite.agent_id, a.agentId);
    assert.equal(d.dossier.carriere.length, 3);
    assert.equal(d.dossier.affectations.length, 2);
    assert.deepEqual(d.dossier.cv.map((e: { intitule: string; niveau: string }) => [e.intitule, e.niveau]), [['Allemand', 'B2']]);
    assert.equal(d.dossier.consultations[0].nom_affiche, 'Gaëlle Estion');
    assert.equal(d.messages[0].sujet, 'Ouverture de la campagne');
    assert.ok(d.tentatives_connexion.length >= 1, 'les tentatives de connexion');
    for (const secret of ['mot_de_passe_hash', 'secret_base32', 'pin_hash', 'jeton_csrf', compte.motDePasse]) assert.ok(!r.body.includes(secret), `pas de ${secret}`);
  });

  test('le PDF se relit avec ses accents (police Marianne embarquée)', async () => {
    const a = await insererAgent(b.database, { nom: 'LEFÈVRE-ÉTIENNE' });
    const { client } = await connecter(b, { agentId: a.agentId });
    await client.get('/iprof/dossier/cv/activites/nouveau');
    await client.post('/iprof/dossier/cv/activites', { intitule: 'Maître formatrice à l’école élémentaire', date_debut: '2015-09-01' });
    const r = await client.get('/iprof/mes-donnees/export.pdf');
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/pdf');
    assert.ok(r.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));
    assert.match(r.rawPayload.toString('latin1'), /Marianne/, 'la police est embarquée');
    const texte = pdfEnTexte(r.rawPayload).replace(/\s+/g, ' ');
    for (const attendu of ['Mes données personnelles — I-Prof', 'LEFÈVRE-ÉTIENNE', 'Hélène', 'Historique d’affectation', 'École primaire Louise Michel', 'Maître formatrice à l’école élémentaire', 'Hors-classe, échelon 3', 'Tentatives de connexion']) {
      assert.ok(texte.includes(attendu), `« ${attendu} » dans le PDF`);
    }
  });

  test('un compte de personnel sans dossier exporte son compte', async () => {
    const { client } = await connecter(b, { roles: ['GESTIONNAIRE'] });
    const d = JSON.parse((await client.get('/iprof/mes-donnees/export.json')).body);
    assert.equal(d.dossier, null);
    assert.deepEqual(d.compte.roles, ['GESTIONNAIRE']);
    assert.equal((await client.get('/iprof/mes-donnees/export.pdf')).statusCode, 200);
  });
});
