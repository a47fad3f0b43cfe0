import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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

function cv(agentId: string) {
  return b.database.db.selectFrom('cv_element').select(['id', 'rubrique', 'categorie', 'intitule', 'organisme', 'niveau', 'date_debut', 'date_fin', 'duree_heures', 'description']).where('agent_id', '=', agentId).orderBy('id').execute();
}

async function agentConnecte() {
  const a = await insererAgent(b.database);
  const { client } = await connecter(b, { agentId: a.agentId });
  return { a, client };
}

describe('le CV de l’agent', () => {
  test('ajouter, modifier puis supprimer une certification (POST → 303 → page avec confirmation)', async () => {
    const { a, client } = await agentConnecte();
    await client.get('/iprof/dossier/cv/qualifications/nouveau');
    let r = await client.post('/iprof/dossier/cv/qualifications', { categorie: 'CERTIFICATION', intitule: 'CAFIPEMF', organisme: 'Rectorat d’Amiens', niveau: '', date_debut: '2012-06-12', description: '' });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/iprof/dossier/qualifications?fait=cv-ajoute');
    const [e] = await cv(a.agentId);
    assert.deepEqual({ ...e, id: undefined }, { id: undefined, rubrique: 'QUALIFICATION', categorie: 'CERTIFICATION', intitule: 'CAFIPEMF', organisme: 'Rectorat d’Amiens', niveau: null, date_debut: '2012-06-12', date_fin: null, duree_heures: null, description: null });
    r = await client.get(r.headers.location as string);
    assert.match(r.body, /L’élément a été ajouté à votre CV/);
    assert.match(r.body, /CAFIPEMF/);

    r = await client.get(`/iprof/dossier/cv/qualifications/${e!.id}`);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /value="CAFIPEMF"/);
    assert.match(r.body, /value="2012-06-12"/);
    r = await client.post(`/iprof/dossier/cv/qualifications/${e!.id}`, { categorie: 'CERTIFICATION', intitule: 'CAFFA', organisme: '', niveau: '', date_debut: '01/07/2015', description: 'Formateur académique' });
    assert.equal(r.headers.location, '/iprof/dossier/qualifications?fait=cv-modifie');
    assert.equal((await cv(a.agentId))[0]!.intitule, 'CAFFA');
    assert.equal((await cv(a.agentId))[0]!.date_debut, '2015-07-01');

    await client.get('/iprof/dossier/qualifications');
    r = await client.post(`/iprof/dossier/cv/qualifications/${e!.id}/supprimer`);
    assert.equal(r.headers.location, '/iprof/dossier/qualifications?fait=cv-supprime');
    assert.deepEqual(await cv(a.agentId), []);
  });

  test('une activité et une formation s’affichent dans leur onglet', async () => {
    const { client } = await agentConnecte();
    await client.get('/iprof/dossier/cv/activites/nouveau');
    await client.post('/iprof/dossier/cv/activites', { intitule: 'Coordonnatrice REP+', organisme: 'Réseau Amiens Nord', date_debut: '2018-09-01', date_fin: '', description: 'Ligne 1\nLigne 2' });
    await client.post('/iprof/dossier/cv/formations', { intitule: 'Formation de formateurs', organisme: 'INSPÉ', date_debut: '2020-01-06', date_fin: '2020-01-10', duree_heures: '30', description: '' });
    const act = await client.get('/iprof/dossier/activites');
    assert.match(act.body, /Coordonnatrice REP\+/);
    assert.match(act.body, /depuis le 01\/09\/2018/);
    const form = await client.get('/iprof/dossier/formations');
    assert.match(form.body, /Formation de formateurs/);
    assert.match(form.body, /30 h/);
    assert.ok(!form.body.includes('Coordonnatrice'), 'chaque rubrique a son onglet');
  });

  const mauvais: Array<[string, Record<string, string | string[]>, RegExp]> = [
    ['un intitulé vide', { intitule: '', date_debut: '2018-09-01' }, /L’intitulé est obligatoire/],
    ['un intitulé de 10 ko', { intitule: 'x'.repeat(10_240), date_debut: '2018-09-01' }, /ne doit pas dépasser 200 caractères/],
    ['un caractère de contrôle', { intitule: 'Poste\u0007', date_debut: '2018-09-01' }, /caractères non autorisés/],
    ['un champ envoyé deux fois (tableau)', { intitule: ['a', 'b'], date_debut: '2018-09-01' }, /L’intitulé : valeur invalide/],
    ['une date impossible', { intitule: 'Poste', date_debut: '2018-02-31' }, /La date de début n’est pas une date valide/],
    ['une fin avant le début', { intitule: 'Poste', date_debut: '2018-09-01', date_fin: '2017-01-01' }, /postérieure ou égale à la date de début/],
    ['une date dans le futur', { intitule: 'Poste', date_debut: '2030-01-01' }, /ne peut pas être dans le futur/],
  ];
  for (const [titre, champs, message] of mauvais) {
    test(`refusé (400, rien d’enregistré) : ${titre}`, async () => {
      const { a, client } = await agentConnecte();
      await client.get('/iprof/dossier/cv/activites/nouveau');
      const r = await client.post('/iprof/dossier/cv/activites', champs);
      assert.equal(r.statusCode, 400);
      assert.match(r.body, message);
      assert.match(r.body, /fr-input-group--error/);
      assert.match(r.body, /Le formulaire contient/);
      assert.deepEqual(await cv(a.agentId), []);
    });
  }

  test('une modification refusée ne change rien', async () => {
    const { a, client } = await agentConnecte();
    await client.get('/iprof/dossier/cv/activites/nouveau');
    await client.post('/iprof/dossier/cv/activites', { intitule: 'Poste initial', date_debut: '2018-09-01' });
    const [e] = await cv(a.agentId);
    const r = await client.post(`/iprof/dossier/cv/activites/${e!.id}`, { intitule: 'Nouveau', date_debut: 'hier' });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /value="Nouveau"/, 'la saisie est réaffichée');
    assert.equal((await cv(a.agentId))[0]!.intitule, 'Poste initial');
  });

  test('on ne modifie ni ne supprime l’élément d’un autre agent (404), sans jeton CSRF rien ne change (403)', async () => {
    const { a: proprietaire, client: c1 } = await agentConnecte();
    await c1.get('/iprof/dossier/cv/activites/nouveau');
    await c1.post('/iprof/dossier/cv/activites', { intitule: 'À moi', date_debut: '2018-09-01' });
    const [e] = await cv(proprietaire.agentId);
    const { client: c2 } = await agentConnecte();
    await c2.get('/iprof/dossier/activites');
    assert.equal((await c2.get(`/iprof/dossier/cv/activites/${e!.id}`)).statusCode, 404);
    assert.equal((await c2.post(`/iprof/dossier/cv/activites/${e!.id}`, { intitule: 'Volé', date_debut: '2018-09-01' })).statusCode, 404);
    assert.equal((await c2.post(`/iprof/dossier/cv/activites/${e!.id}/supprimer`)).statusCode, 404);
    assert.equal((await c2.post(`/iprof/dossier/cv/formations/${e!.id}/supprimer`)).statusCode, 404, 'ni par une autre rubrique');
    assert.equal((await c1.post(`/iprof/dossier/cv/activites/${e!.id}/supprimer`, {}, { csrf: null })).statusCode, 403);
    assert.equal((await cv(proprietaire.agentId))[0]!.intitule, 'À moi');
  });

  test('le personnel voit le CV en lecture seule', async () => {
    const { a, client } = await agentConnecte();
    await client.get('/iprof/dossier/cv/formations/nouveau');
    await client.post('/iprof/dossier/cv/formations', { intitule: 'Gestes professionnels', date_debut: '2021-03-01' });
    const { client: gestion } = await connecter(b, { roles: ['GESTIONNAIRE'] });
    const r = await gestion.get(`/iprof/agents/${a.agentId}/formations`);
    assert.match(r.body, /Gestes professionnels/);
    assert.ok(!r.body.includes('Ajouter une formation') && !r.body.includes('/supprimer'));
  });
});
