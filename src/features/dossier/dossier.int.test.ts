import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, type Banc } from '../../shared/test/app.ts';
import { connecter, insererAgent, insererEtablissements } from './dossier.fixtures.ts';

let b: Banc;
before(async () => {
  b = await banc();
  await insererEtablissements(b.database);
});
after(async () => {
  await b.fermer();
});

function consultations(agentId: string) {
  return b.database.db.selectFrom('consultation_dossier').select(['nom_affiche', 'role', 'page']).where('agent_id', '=', agentId).orderBy('id').execute();
}

describe('l’agent et son dossier', () => {
  test('chaque onglet de son dossier s’affiche avec ses données', async () => {
    const a = await insererAgent(b.database);
    const { client } = await connecter(b, { agentId: a.agentId });
    const attendus: Array<[string, string[]]> = [
      ['/iprof/dossier', ['Votre dossier', 'Identité', 'Hélène', '12/04/1970', 'Professeur des écoles', 'Signaler une erreur']],
      ['/iprof/dossier/situation', ['Hors-classe', 'depuis le 01/09/2016', 'Échelon : <strong>3</strong>', 'Historique de carrière', 'Classe normale', 'Disponibilité', 'du 01/09/2004 au 31/08/2005']],
      ['/iprof/dossier/affectations', ['École primaire Louise Michel', '0801500K', 'Amiens', '100 %', 'Titulaire', '1999-2000 à 2001-2002 : REP', 'Directeur d’école', 'depuis le 01/09/2009']],
      ['/iprof/dossier/fonctions', ['Directeur d’école', 'École élémentaire Jules Verne']],
      ['/iprof/dossier/activites', ['Activités professionnelles', 'Ajouter une activité']],
      ['/iprof/dossier/qualifications', ['Qualifications et compétences']],
      ['/iprof/dossier/formations', ['Formations']],
      ['/iprof/dossier/signalements', ['Historique des corrections']],
      ['/iprof/dossier/consultations', ['Qui a consulté mon dossier', 'Personne n’a encore consulté votre dossier.']],
    ];
    for (const [url, textes] of attendus) {
      const r = await client.get(url);
      assert.equal(r.statusCode, 200, url);
      for (const t of textes) assert.ok(r.body.includes(t), `${url} : « ${t} » attendu`);
      assert.match(r.body, /aria-current="page"/, 'l’onglet courant est signalé');
    }
    const f = await client.get('/iprof/dossier/fonctions');
    assert.ok(!f.body.includes('Louise Michel'), 'l’enseignement n’est pas une fonction ou mission');
  });

  test('un agent ne lit pas le dossier d’un autre : adresse du personnel refusée', async () => {
    const a = await insererAgent(b.database);
    const autre = await insererAgent(b.database);
    const { client } = await connecter(b, { agentId: a.agentId });
    const r = await client.get(`/iprof/agents/${autre.agentId}`);
    assert.equal(r.statusCode, 403);
    assert.ok(!r.body.includes(autre.agentId));
    assert.equal((await client.get('/iprof/agents')).statusCode, 403);
    assert.deepEqual(await consultations(autre.agentId), []);
  });

  test('un compte sans agent associé reçoit un message clair', async () => {
    const { client } = await connecter(b, { agentId: null });
    const r = await client.get('/iprof/dossier');
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /Aucun dossier d’agent n’est associé à votre compte/);
  });

  test('un onglet inconnu n’existe pas', async () => {
    const a = await insererAgent(b.database);
    const { client } = await connecter(b, { agentId: a.agentId });
    assert.equal((await client.get('/iprof/dossier/constructor')).statusCode, 404);
  });
});

describe('lecture par les personnels, dans leur périmètre', () => {
  test('un gestionnaire du périmètre lit le dossier ; la lecture est enregistrée et montrée à l’agent', async () => {
    const a = await insererAgent(b.database);
    const { client: gestion } = await connecter(b, { roles: ['GESTIONNAIRE'], perimetre: { corps: ['PE'], departements: ['080'] }, nom: 'Gaëlle Estion' });
    let r = await gestion.get(`/iprof/agents/${a.agentId}`);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Dossier de Mme Hélène/);
    assert.match(r.body, /lecture seule/);
    assert.ok(!r.body.includes('Signaler une erreur'), 'seul l’agent signale une erreur');
    r = await gestion.get(`/iprof/agents/${a.agentId}/situation`);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(await consultations(a.agentId), [
      { nom_affiche: 'Gaëlle Estion', role: 'GESTIONNAIRE', page: 'identite' },
      { nom_affiche: 'Gaëlle Estion', role: 'GESTIONNAIRE', page: 'situation' },
    ]);
    assert.equal((await gestion.get(`/iprof/agents/${a.agentId}/consultations`)).statusCode, 404, 'les consultations sont à l’agent');

    const { client: agent } = await connecter(b, { agentId: a.agentId });
    const page = await agent.get('/iprof/dossier/consultations');
    assert.match(page.body, /Gaëlle Estion/);
    assert.match(page.body, /Gestionnaire/);
    assert.match(page.body, /Situation administrative/);
    assert.match(page.body, /30\/11\/2026/);
  });

  test('hors périmètre (autre corps, autre département) : refusé, rien d’enregistré', async () => {
    const certifie = await insererAgent(b.database, { corps: 'CERTIFIE' });
    const oise = await insererAgent(b.database, { uaiCourante: '0600001X' });
    const { client: ien } = await connecter(b, { roles: ['EVALUATEUR'], perimetre: { corps: ['PE'], departements: ['080'] } });
    for (const id of [certifie.agentId, oise.agentId, 'INCONNU1']) {
      const r = await ien.get(`/iprof/agents/${id}/affectations`);
      assert.equal(r.statusCode, 404, id);
      assert.match(r.body, /n’est pas dans votre périmètre/);
      assert.ok(!r.body.includes('Hélène'));
    }
    assert.deepEqual(await consultations(certifie.agentId), []);
    assert.deepEqual(await consultations(oise.agentId), []);
  });

  test('la recherche ne propose que les agents du périmètre', async () => {
    const dedans = await insererAgent(b.database, { nom: 'ZARBIDEDANS' });
    const dehors = await insererAgent(b.database, { nom: 'ZARBIDEHORS', uaiCourante: '0600001X' });
    const { client: ien } = await connecter(b, { roles: ['EVALUATEUR'], perimetre: { departements: ['080'] } });
    const r = await ien.get('/iprof/agents?q=zarbi');
    assert.equal(r.statusCode, 200);
    assert.ok(r.body.includes(dedans.agentId));
    assert.ok(!r.body.includes(dehors.agentId));
    const { client: etab } = await connecter(b, { roles: ['AUTORITE'], perimetre: { etablissements: ['0600001X'] } });
    const r2 = await etab.get('/iprof/agents?q=ZARBI');
    assert.ok(r2.body.includes(dehors.agentId) && !r2.body.includes(dedans.agentId));
    assert.equal((await etab.get(`/iprof/agents/${dehors.agentId}`)).statusCode, 200);
  });

  test('recherche invalide : 400 en français, la base n’est pas interrogée avec', async () => {
    const { client } = await connecter(b, { roles: ['GESTIONNAIRE'] });
    const nul = await client.get('/iprof/agents?q=%00');
    assert.equal(nul.statusCode, 400);
    assert.match(nul.body, /caractère non autorisé/);
    for (const [url, message] of [
      ['/iprof/agents?q=a%01b', /La recherche contient des caractères non autorisés/],
      ['/iprof/agents?q=a&q=b', /La recherche : valeur invalide/],
      [`/iprof/agents?q=${'x'.repeat(101)}`, /La recherche ne doit pas dépasser 100 caractères/],
    ] as const) {
      const r = await client.get(url);
      assert.equal(r.statusCode, 400, url);
      assert.match(r.body, message);
      assert.match(r.body, /fr-input-group--error/, 'le formulaire de recherche montre l’erreur');
    }
    assert.equal((await client.get('/iprof/agents?q=%ED%A0%80')).statusCode, 200, 'un octet UTF-8 invalide est décodé en caractère de remplacement : recherche sans résultat');
    assert.equal((await client.get('/iprof/agents/%00/situation')).statusCode, 404, 'un paramètre d’adresse mal formé ne nomme rien');
  });

  test('un administrateur n’a pas accès aux dossiers', async () => {
    const a = await insererAgent(b.database);
    const { client } = await connecter(b, { roles: ['ADMINISTRATEUR'] });
    assert.equal((await client.get(`/iprof/agents/${a.agentId}`)).statusCode, 403);
  });
});

describe('accueil I-Prof', () => {
  test('l’agent voit « Votre dossier », « Compléter votre dossier » et la loi du 6 janvier 1978', async () => {
    const a = await insererAgent(b.database);
    const { client } = await connecter(b, { agentId: a.agentId });
    const r = await client.get('/iprof');
    for (const t of ['Votre dossier', 'Compléter votre dossier', 'Mes messages', 'Mes données', 'loi « informatique et libertés » du 6 janvier 1978', 'droit d’accès et de rectification']) {
      assert.ok(r.body.includes(t), t);
    }
    assert.ok(!r.body.includes('Signalements d’erreur'));
  });
  test('le gestionnaire voit les dossiers des agents et les signalements', async () => {
    const { client } = await connecter(b, { roles: ['GESTIONNAIRE'] });
    const r = await client.get('/iprof');
    assert.ok(r.body.includes('Dossiers des agents') && r.body.includes('Signalements d’erreur'));
    assert.ok(!r.body.includes('Compléter votre dossier'));
  });
});
