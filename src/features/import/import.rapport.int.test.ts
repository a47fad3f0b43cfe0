import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { createImportService } from './import.service.ts';

/** What the import's page says when the files are wrong, when the server stopped, and when something else failed. */
let b: Banc;
let gestion: ClientDeTest;
before(async () => {
  b = await banc();
  const g = await creerCompte(b.database, { roles: ['GESTIONNAIRE'] });
  gestion = new ClientDeTest(b.app);
  await gestion.connecter(g.identifiant, g.motDePasse);
});
after(async () => {
  await b.fermer();
});

const ETABS = 'uai;nom;commune;type\n0800001A;École A;Amiens;ECOLE\n';
const agents = (nom: string) => `agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\nV1;vun;M.;${nom};Victor;1970-01-01;;PE;;1995-09-01\n`;

/** Uploads the two files through the page and returns the URL of the import it started. */
async function deposer(agentsCsv: string): Promise<string> {
  await gestion.get('/iprof/gestion/imports');
  const frontiere = '----vivier' + Math.random().toString(16).slice(2);
  const partie = (nom: string, contenu: string) => `--${frontiere}\r\nContent-Disposition: form-data; name="fichiers"; filename="${nom}"\r\nContent-Type: text/csv\r\n\r\n${contenu}\r\n`;
  const payload = `--${frontiere}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${gestion.csrf()!}\r\n` + partie('etablissements.csv', ETABS) + partie('agents.csv', agentsCsv) + `--${frontiere}--\r\n`;
  const cookie = [...gestion.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const r = await b.app.inject({ method: 'POST', url: '/iprof/gestion/imports', payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${frontiere}` } });
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  return String(r.headers.location);
}

async function attendreFin(url: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const etat = JSON.parse((await gestion.get(url, { accept: 'application/json' })).body) as { statut: string };
    if (etat.statut !== 'EN_COURS') return etat.statut;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('import jamais terminé');
}

describe('le compte rendu d’un import sur sa page', () => {
  test('un caractère nul : l’import est refusé et la page montre l’erreur avec sa ligne et sa colonne', async () => {
    const url = await deposer(agents('V\0ICTOR'));
    assert.equal(await attendreFin(url), 'ECHEC');
    const page = (await gestion.get(url)).body;
    assert.match(page, /Import refusé : aucune donnée n’a été modifiée/);
    assert.match(page, /<td>agents.csv<\/td><td>2<\/td><td>nom<\/td><td>Caractère nul/);
    assert.doesNotMatch(page, /interrompu/i);
  });

  test('un nom de 10 240 caractères : refusé, la valeur n’est pas recopiée dans la page', async () => {
    const url = await deposer(agents('N'.repeat(10_240)));
    assert.equal(await attendreFin(url), 'ECHEC');
    const page = (await gestion.get(url)).body;
    assert.match(page, /<td>agents.csv<\/td><td>2<\/td><td>nom<\/td><td>La valeur de la colonne nom compte 10\u202f240 caractères : 100 au plus.<\/td>/);
    assert.doesNotMatch(page, /NNNNNNNNNN/);
  });

  test('une panne inattendue : la page dit « erreur technique », pas « arrêt du serveur »', async () => {
    await sql`ALTER TABLE etape_agent ADD CONSTRAINT panne_de_test CHECK (nom <> 'PANNE')`.execute(b.database.db);
    try {
      const url = await deposer(agents('PANNE'));
      assert.equal(await attendreFin(url), 'ERREUR_TECHNIQUE');
      const page = (await gestion.get(url)).body;
      assert.match(page, /Import arrêté par une erreur technique : aucune donnée n’a été modifiée/);
      assert.match(page, new RegExp(`en citant l’import n° ${url.split('/').pop()}`));
      assert.doesNotMatch(page, /arrêt du serveur|s’est arrêté/);
      assert.match((await gestion.get('/iprof/gestion/imports')).body, /<td>Erreur technique<\/td>/);
    } finally {
      await sql`ALTER TABLE etape_agent DROP CONSTRAINT panne_de_test`.execute(b.database.db);
    }
  });

  test('un import arrêté avec le serveur : la page le dit', async () => {
    const imports = createImportService({ db: b.database.db, clock: b.clock });
    const id = await imports.ouvrir('test', null);
    await imports.marquerInterrompus();
    const page = (await gestion.get(`/iprof/gestion/imports/${id}`)).body;
    assert.match(page, /Import interrompu : aucune donnée n’a été modifiée/);
    assert.match(page, /Le serveur s’est arrêté pendant l’import/);
  });
});
