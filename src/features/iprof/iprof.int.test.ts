import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { seedDemo } from '../../demo/seed.ts';
import { COMPTES_DEMO } from '../../demo/comptes.ts';

let b: Banc;
before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
});
after(async () => {
  await b.fermer();
});

async function hub(identifiant: string): Promise<string> {
  const client = new ClientDeTest(b.app);
  await client.connecter(identifiant, COMPTES_DEMO.find((c) => c.identifiant === identifiant)!.motDePasse);
  const r = await client.get('/iprof');
  assert.equal(r.statusCode, 200);
  return r.body;
}

describe('la page I-Prof montre à chaque rôle ses propres points d’entrée', () => {
  test('l’agent : son dossier de carrière, son éligibilité, ses candidatures', async () => {
    const page = await hub('jdupont');
    assert.match(page, /votre dossier de carrière et vos candidatures/);
    for (const e of ['Votre dossier', 'Mon éligibilité', 'Candidater']) assert.match(page, new RegExp(`>${e}</a>`));
  });

  for (const identifiant of ['ien1', 'recteur1', 'gestion1']) {
    test(`${identifiant} n’a ni dossier de carrière ni candidature : on ne lui en parle pas`, async () => {
      const page = await hub(identifiant);
      assert.doesNotMatch(page, /votre dossier de carrière|vos candidatures|Compléter votre dossier/);
      for (const e of ['Votre dossier', 'Mon éligibilité', 'Candidater']) assert.doesNotMatch(page, new RegExp(`>${e}</a>`));
      assert.match(page, /les dossiers des agents de votre périmètre/);
      assert.match(page, />Dossiers des agents<\/a>/);
    });
  }
});
