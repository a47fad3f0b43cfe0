import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from '../../shared/test/app.ts';
import { ClientDeTest } from '../../shared/test/client.ts';

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
const AGENTS = 'agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\nW1;wun;M.;UN;Walter;1970-01-01;w@x;PE;;1995-09-01\n';

/** A multipart body: fields first, in the given order, then files. */
function multipart(champs: Array<[string, string]>, fichiers: Array<[string, string, string | Buffer]>) {
  const frontiere = '----vivier' + Math.random().toString(16).slice(2);
  const morceaux: Buffer[] = [];
  for (const [nom, valeur] of champs) morceaux.push(Buffer.from(`--${frontiere}\r\nContent-Disposition: form-data; name="${nom}"\r\n\r\n${valeur}\r\n`));
  for (const [champ, nomFichier, contenu] of fichiers) {
    morceaux.push(Buffer.from(`--${frontiere}\r\nContent-Disposition: form-data; name="${champ}"; filename="${nomFichier}"\r\nContent-Type: text/csv\r\n\r\n`), Buffer.from(contenu), Buffer.from('\r\n'));
  }
  morceaux.push(Buffer.from(`--${frontiere}--\r\n`));
  return { payload: Buffer.concat(morceaux), type: `multipart/form-data; boundary=${frontiere}` };
}

async function deposer(client: ClientDeTest, corps: ReturnType<typeof multipart>) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return b.app.inject({ method: 'POST', url: '/iprof/gestion/imports', payload: corps.payload, headers: { cookie, 'content-type': corps.type } });
}

async function attendreFin(url: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const r = await gestion.get(url, { accept: 'application/json' });
    const etat = JSON.parse(r.body) as { statut: string };
    if (etat.statut !== 'EN_COURS') return etat.statut;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('import jamais terminé');
}

describe('dépôt d’un import par un gestionnaire', () => {
  test('des fichiers valides sont importés ; la page de suivi montre le résultat', async () => {
    const page = await gestion.get('/iprof/gestion/imports');
    assert.equal(page.statusCode, 200);
    const r = await deposer(gestion, multipart([['_csrf', gestion.csrf()!]], [['fichiers', 'etablissements.csv', ETABS], ['fichiers', 'agents.csv', AGENTS]]));
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    const url = String(r.headers.location);
    assert.match(url, /^\/iprof\/gestion\/imports\/\d+$/);
    assert.equal(await attendreFin(url), 'REUSSI');
    const detail = await gestion.get(url);
    assert.match(detail.body, /Import réussi/);
    assert.ok(await b.database.db.selectFrom('agent').select('agent_id').where('agent_id', '=', 'W1').executeTakeFirst());
  });

  test('un fichier en erreur : rien n’est modifié et l’erreur est montrée avec sa ligne', async () => {
    await gestion.get('/iprof/gestion/imports');
    const r = await deposer(gestion, multipart([['_csrf', gestion.csrf()!]], [['fichiers', 'etablissements.csv', ETABS], ['fichiers', 'agents.csv', AGENTS.replace('W1;wun', 'W2;wdeux').replace(';PE;', ';XX;')]]));
    const url = String(r.headers.location);
    assert.equal(await attendreFin(url), 'ECHEC');
    const detail = await gestion.get(url);
    assert.match(detail.body, /aucune donnée n’a été modifiée/);
    assert.match(detail.body, /<td>agents.csv<\/td><td>2<\/td><td>corps<\/td>/);
    assert.equal(await b.database.db.selectFrom('agent').select('agent_id').where('agent_id', '=', 'W2').executeTakeFirst(), undefined);
  });

  test('sans jeton CSRF en premier champ : 403 et aucun import', async () => {
    const avant = (await b.database.db.selectFrom('import_rh').select('id').execute()).length;
    const sans = await deposer(gestion, multipart([], [['fichiers', 'agents.csv', AGENTS]]));
    assert.equal(sans.statusCode, 403);
    const faux = await deposer(gestion, multipart([['_csrf', 'faux']], [['fichiers', 'agents.csv', AGENTS]]));
    assert.equal(faux.statusCode, 403);
    assert.equal((await b.database.db.selectFrom('import_rh').select('id').execute()).length, avant);
  });

  const refus: Array<[string, Array<[string, string, string]>, RegExp]> = [
    ['aucun fichier', [], /Aucun fichier déposé/],
    ['un fichier au nom inattendu', [['fichiers', 'paie.csv', 'x']], /Fichier inattendu/],
    ['le même fichier deux fois', [['fichiers', 'agents.csv', AGENTS], ['fichiers', 'agents.csv', AGENTS]], /déposé deux fois/],
  ];
  for (const [titre, fichiers, message] of refus) {
    test(`${titre} : 400 avec un message en français`, async () => {
      await gestion.get('/iprof/gestion/imports');
      const r = await deposer(gestion, multipart([['_csrf', gestion.csrf()!]], fichiers));
      assert.equal(r.statusCode, 400);
      assert.match(r.body, message);
    });
  }

  test('un agent n’accède pas aux imports', async () => {
    const a = await creerCompte(b.database, { roles: ['AGENT'] });
    const client = new ClientDeTest(b.app);
    await client.connecter(a.identifiant, a.motDePasse);
    assert.equal((await client.get('/iprof/gestion/imports')).statusCode, 403);
    await client.get('/portail');
    const r = await deposer(client, multipart([['_csrf', client.csrf()!]], [['fichiers', 'agents.csv', AGENTS]]));
    assert.equal(r.statusCode, 403);
  });

  for (const [titre, perimetre] of [
    ['un gestionnaire d’un département', { corps: ['PE'], departements: ['080'] }],
    ['un gestionnaire d’un établissement', { etablissements: ['0800001A'] }],
    ['un gestionnaire de quelques corps', { corps: ['PE', 'CPE'] }],
  ] as const) {
    test(`${titre} n’importe pas (l’import récrit toute l’académie) : 403, rien d’importé, pas de tuile`, async () => {
      const g = await creerCompte(b.database, { roles: ['GESTIONNAIRE'] });
      await b.database.db.updateTable('compte').set({ perimetre: JSON.stringify(perimetre) }).where('id', '=', g.id).execute();
      const client = new ClientDeTest(b.app);
      await client.connecter(g.identifiant, g.motDePasse);
      assert.doesNotMatch((await client.get('/iprof')).body, /Import des données RH/);
      const liste = await client.get('/iprof/gestion/imports');
      assert.equal(liste.statusCode, 403);
      assert.match(liste.body, /réservé aux gestionnaires dont le périmètre couvre toute l’académie/);
      // The first test of this file imported: its report exists.
      const dernier = await b.database.db.selectFrom('import_rh').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal((await client.get(`/iprof/gestion/imports/${dernier.id}`)).statusCode, 403, 'les rapports citent des lignes de tous les agents');
      const avant = (await b.database.db.selectFrom('import_rh').select('id').execute()).length;
      await client.get('/iprof');
      const r = await deposer(client, multipart([['_csrf', client.csrf()!]], [['fichiers', 'agents.csv', AGENTS]]));
      assert.equal(r.statusCode, 403);
      assert.equal((await b.database.db.selectFrom('import_rh').select('id').execute()).length, avant);
    });
  }

  test('le gestionnaire de toute l’académie voit la tuile de l’import', async () => {
    assert.match((await gestion.get('/iprof')).body, /Import des données RH/);
  });

  test('un import inconnu donne une page 404', async () => {
    assert.equal((await gestion.get('/iprof/gestion/imports/999999')).statusCode, 404);
    assert.equal((await gestion.get('/iprof/gestion/imports/abc')).statusCode, 404);
  });
});
