import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { seedDemo } from '../../demo/seed.ts';

let b: Banc;
before(async () => {
  b = await banc();
  assert.equal(await seedDemo(b.database.db, b.clock), true);
});
after(async () => {
  await b.fermer();
});

describe('« Mon éligibilité à la classe exceptionnelle »', () => {
  test('jdupont (démonstration) est promouvable au premier vivier en 2019, année par année', async () => {
    const client = new ClientDeTest(b.app);
    await client.connecter('jdupont', 'Demo-Agent-2026!');
    const r = await client.get('/iprof/eligibilite?annee=2019');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Vous êtes promouvable pour la campagne 2019/);
    assert.match(r.body, /Vous relevez du premier vivier/);
    assert.match(r.body, /vous devez faire acte de candidature/);
    assert.match(r.body, /<td>2009-2010<\/td><td>Oui<\/td><td>Année retenue au titre de la fonction de/);
    assert.match(r.body, /<option value="2019" selected/);
  });

  test('une année hors liste retombe sur l’année en cours, sans erreur', async () => {
    const client = new ClientDeTest(b.app);
    await client.connecter('mmartin', 'Demo-Agent-2026!');
    for (const q of ['abc', '1990', '2019.5', '99999999999']) {
      const r = await client.get(`/iprof/eligibilite?annee=${q}`);
      assert.equal(r.statusCode, 200, q);
      assert.match(r.body, /<option value="2026" selected/);
    }
  });

  test('un compte sans dossier d’agent reçoit une explication', async () => {
    const g = await creerCompte(b.database, { roles: ['GESTIONNAIRE'] });
    const client = new ClientDeTest(b.app);
    await client.connecter(g.identifiant, g.motDePasse);
    const r = await client.get('/iprof/eligibilite');
    assert.match(r.body, /rattaché à aucun dossier d’agent/);
  });

  test('la page demande la connexion', async () => {
    const r = await new ClientDeTest(b.app).get('/iprof/eligibilite?annee=2019');
    assert.equal(r.statusCode, 303);
  });
});
