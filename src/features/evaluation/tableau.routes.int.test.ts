import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { createImportService } from '../import/import.service.ts';
import { sourceDossier } from '../import/import.source.ts';
import { chargerEchantillon, DOSSIER_ECHANTILLON } from '../import/test-echantillon.ts';
import { evaluerCampagne } from '../eligibilite/export.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { classerRegimeC, promotionsRegimeC } from './classement.rules.ts';
import { exporterTableau } from './tableau.ts';

/**
 * The table page and the autorité's arrêté through HTTP, on the sample académie with a regime C campaign (CERTIFIE
 * 2024, ratio 0.5): scope (404 out of perimetre, 403 for other roles), URL parameters (400), simulation, exports,
 * arrêté refused while an avis is missing, the snapshot unchanged by later edits, reopening with a motif, CSRF.
 */
const jeu = chargerEchantillon();
const parId = new Map(jeu.agents.map((a) => [a.agent_id, a]));
const LE = new Date('2026-11-30T09:00:00Z');
const RATIO = 0.5;
let b: Banc;
let campagneId: string;
const comptes: Record<string, { identifiant: string; motDePasse: string }> = {};

const entrees = () => evaluerCampagne(jeu, 'CERTIFIE', reglesPour(2024)).map((verdict) => ({ agent: parId.get(verdict.agent_id)!, verdict }));
const promouvables = () => entrees().filter((e) => e.verdict.promouvable);
/** The sample's avis of the CERTIFIE promouvables, completed (FAVORABLE twice) for those the sample leaves without. */
function avisComplets() {
  const connus = new Map(jeu.avis.map((a) => [a.agent_id, a]));
  return promouvables().map((e) => {
    const a = connus.get(e.agent.agent_id);
    return { agent_id: e.agent.agent_id, avis_1: a?.avis_1 ?? 'FAVORABLE', avis_2: a?.avis_2 ?? a?.avis_1 ?? 'FAVORABLE' } as const;
  });
}

async function saisirAvis(lignes: ReadonlyArray<{ agent_id: string; avis_1: string; avis_2: string | null }>) {
  await b.database.db.deleteFrom('avis_campagne').where('campagne_id', '=', campagneId).execute();
  const rows = lignes.flatMap((a) => [
    { campagne_id: campagneId, agent_id: a.agent_id, numero: 1 as const, avis: a.avis_1 as 'FAVORABLE', texte: null, par_compte_id: null, le: b.clock.now() },
    ...(a.avis_2 ? [{ campagne_id: campagneId, agent_id: a.agent_id, numero: 2 as const, avis: a.avis_2 as 'FAVORABLE', texte: null, par_compte_id: null, le: b.clock.now() }] : []),
  ]);
  if (rows.length > 0) await b.database.db.insertInto('avis_campagne').values(rows).execute();
}

async function client(qui: string): Promise<ClientDeTest> {
  const c = new ClientDeTest(b.app);
  const r = await c.connecter(comptes[qui]!.identifiant, comptes[qui]!.motDePasse);
  assert.equal(r.statusCode, 303, `connexion de ${qui}`);
  return c;
}

const url = (suffixe = '') => `/iprof/gestion/campagnes/${campagneId}/tableau${suffixe}`;
const statut = async () => (await b.database.db.selectFrom('campagne').select('statut').where('id', '=', campagneId).executeTakeFirstOrThrow()).statut;

before(async () => {
  b = await banc();
  const r = await createImportService({ db: b.database.db, clock: b.clock }).importer(sourceDossier(DOSSIER_ECHANTILLON), { lanceParCompteId: null });
  assert.equal(r.ok, true);
  const c = await b.database.db
    .insertInto('campagne')
    .values({ corps: 'CERTIFIE', annee: 2024, regime: 'C', ouverture: LE, fermeture: new Date('2026-12-15T16:00:00Z'), promotions: 1, parametres: JSON.stringify({ ratio: RATIO }), statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: LE })
    .returning('id')
    .executeTakeFirstOrThrow();
  campagneId = c.id;
  for (const [qui, roles, perimetre] of [
    ['gestion', ['GESTIONNAIRE'], {}],
    ['gestionPE', ['GESTIONNAIRE'], { corps: ['PE'] }],
    ['gestionAilleurs', ['GESTIONNAIRE'], { departements: ['976'] }],
    ['autorite', ['AUTORITE'], { corps: ['CERTIFIE', 'PE'] }],
    ['autoriteDepartement', ['AUTORITE'], { corps: ['CERTIFIE'], departements: ['080'] }],
    ['evaluateur', ['EVALUATEUR'], {}],
    ['agent', ['AGENT'], {}],
  ] as const) {
    const compte = await creerCompte(b.database, { roles: [...roles] });
    await b.database.db.updateTable('compte').set({ perimetre: JSON.stringify(perimetre) }).where('id', '=', compte.id).execute();
    comptes[qui] = compte;
  }
});
after(async () => {
  await b.fermer();
});

describe('page du tableau', () => {
  test('le gestionnaire voit le tableau proposé (rangs, paliers, ligne de coupure) ; hors périmètre 404, autres rôles 403', async () => {
    await saisirAvis(avisComplets());
    const g = await client('gestion');
    const r = await g.get(url());
    assert.equal(r.statusCode, 200);
    const attendu = classerRegimeC(entrees(), avisComplets(), reglesPour(2024), promotionsRegimeC(RATIO, promouvables().length));
    assert.ok(attendu.lignes.length >= 10);
    assert.match(r.body, new RegExp(`Promotions \\(P\\) : ${attendu.promotions}`));
    assert.match(r.body, /Ligne de coupure/);
    const premier = attendu.lignes[0]!;
    assert.ok(r.body.includes(`${premier.nom} ${premier.prenom}`));
    // Reloadable: the same address gives the same page.
    assert.equal((await g.get(url('?tri=nom&sens=desc&page=1'))).statusCode, 200);
    assert.equal((await g.get(url('?promu=oui'))).body.match(/<tr>/g)!.length - 1, attendu.lignes.filter((l) => l.promu).length);

    assert.equal((await (await client('gestionPE')).get(url())).statusCode, 404);
    // A partial perimetre (a département without any of these agents): the page and the export show none of them.
    const ailleurs = await client('gestionAilleurs');
    const partiel = await ailleurs.get(url());
    assert.equal(partiel.statusCode, 200);
    assert.match(partiel.body, /Votre périmètre est partiel/);
    assert.match(partiel.body, /0 agent\./);
    assert.ok(!partiel.body.includes(`${premier.nom} ${premier.prenom}`));
    assert.equal((await ailleurs.get(url('.csv'))).body, 'rang;agent_id;nom;prenom;vivier;bareme;promu\n');
    assert.equal((await (await client('evaluateur')).get(url())).statusCode, 403);
    assert.equal((await (await client('agent')).get(url())).statusCode, 403);
    assert.equal((await (await client('autorite')).get(url())).statusCode, 200);
  });

  test('paramètres d’URL invalides : 400 en français, aucune ligne', async () => {
    const g = await client('gestion');
    for (const q of ['?tri=salaire', '?page=abc', '?sens=haut', '?promu=peut-etre', '?sim_ratio=2', '?sim_part=30', '?sim_tous=1', '?sim_exc1=10', '?sim_exc2=101']) {
      const r = await g.get(url(q));
      assert.equal(r.statusCode, 400, q);
      assert.match(r.body, /fr-error-text|fr-alert/, q);
      assert.doesNotMatch(r.body, /<tbody>/, q);
    }
  });

  test('simulation (GET, rien n’est enregistré) : un autre taux, le tableau simulé à côté avec qui entre et qui sort', async () => {
    const g = await client('gestion');
    const avant = await b.database.db.selectFrom('tableau').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const r = await g.get(url('?sim_ratio=0,2'));
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Tableau simulé/);
    const simule = classerRegimeC(entrees(), avisComplets(), reglesPour(2024), promotionsRegimeC(0.2, promouvables().length));
    const actuel = classerRegimeC(entrees(), avisComplets(), reglesPour(2024), promotionsRegimeC(RATIO, promouvables().length));
    const sortent = actuel.lignes.filter((l) => l.promu).length - simule.lignes.filter((l) => l.promu).length;
    assert.ok(sortent > 0);
    assert.ok(r.body.includes(`Promus par le tableau actuel, plus par la simulation (${sortent})`));
    assert.ok(r.body.includes('Promus par la simulation, pas par le tableau actuel (0)'));
    assert.match(r.body, /<td>Sort<\/td>/);
    const apres = await b.database.db.selectFrom('tableau').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    assert.equal(apres.n, avant.n);
    // The simulated table's export.
    const csv = await g.get(url('.csv?sim_ratio=0.2'));
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body, exporterTableau(simule));
  });

  test('exports CSV, XLSX et ODS du tableau depuis la page', async () => {
    const g = await client('gestion');
    const attendu = classerRegimeC(entrees(), avisComplets(), reglesPour(2024), promotionsRegimeC(RATIO, promouvables().length));
    const csv = await g.get(url('.csv'));
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body, exporterTableau(attendu));
    const xlsx = await g.get(url('.xlsx'));
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    assert.equal((await g.get(url('.ods'))).statusCode, 200);
    assert.equal((await g.get(url('.pdf'))).statusCode, 404);
    assert.equal((await (await client('gestionPE')).get(url('.csv'))).statusCode, 404);
  });
});

describe('arrêter et rouvrir le tableau', () => {
  test('refusé sans CSRF, au gestionnaire, à une autorité d’un seul département, avec une date passée, puis tant qu’un avis manque', async () => {
    const a = await client('autorite');
    await a.get(url());
    assert.equal((await a.post(url('/arreter'), { publication: '2027-06-15T09:00' }, { csrf: null })).statusCode, 403);
    const g = await client('gestion');
    await g.get(url());
    assert.equal((await g.post(url('/arreter'), { publication: '2027-06-15T09:00' })).statusCode, 403);
    const d = await client('autoriteDepartement');
    await d.get(url());
    assert.equal((await d.post(url('/arreter'), { publication: '2027-06-15T09:00' })).statusCode, 403);
    assert.equal((await a.post(url('/arreter'), { publication: 'demain' })).statusCode, 400);
    assert.equal((await a.post(url('/arreter'), { publication: '2020-06-15T09:00' })).statusCode, 409);

    const incomplets = avisComplets().map((x, i) => (i === 0 ? { ...x, avis_2: null } : x));
    await saisirAvis(incomplets);
    const r = await a.post(url('/arreter'), { publication: '2027-06-15T09:00' });
    assert.equal(r.statusCode, 409);
    // Refused by the completeness of the avis (completude.ts, wired in app.ts) before the table's own check.
    assert.match(r.body, /1 avis manque/);
    assert.equal(await statut(), 'EN_EXAMEN');
    assert.equal((await b.database.db.selectFrom('tableau').selectAll().execute()).length, 0, 'rien d’écrit');
  });

  test('arrêté : instantané avec version des règles et empreinte ; les données modifiées ensuite ne le changent pas ; 409 ensuite', async () => {
    await saisirAvis(avisComplets());
    const a = await client('autorite');
    await a.get(url());
    const r = await a.post(url('/arreter'), { publication: '2027-06-15T09:00' });
    assert.equal(r.statusCode, 303);
    assert.equal(await statut(), 'ARRETEE');
    const t = await b.database.db.selectFrom('tableau').selectAll().where('campagne_id', '=', campagneId).executeTakeFirstOrThrow();
    assert.equal(t.statut, 'ARRETE');
    assert.match(t.empreinte_entrees, /^[0-9a-f]{64}$/);
    assert.match(t.version_regles, /^2024-[0-9a-f]{16}$/);
    const c = await b.database.db.selectFrom('campagne').select('publication_le').where('id', '=', campagneId).executeTakeFirstOrThrow();
    assert.equal(c.publication_le?.toISOString(), '2027-06-15T07:00:00.000Z');
    const attendu = classerRegimeC(entrees(), avisComplets(), reglesPour(2024), promotionsRegimeC(RATIO, promouvables().length));
    const csvArrete = (await a.get(url('.csv'))).body;
    assert.equal(csvArrete, exporterTableau(attendu));
    assert.equal(t.nb_lignes, attendu.lignes.length);

    // Later edits (an import, a direct write) never change the arrêté table.
    await saisirAvis(avisComplets().map((x) => ({ ...x, avis_1: 'DEFAVORABLE', avis_2: 'DEFAVORABLE' })));
    assert.equal((await a.get(url('.csv'))).body, csvArrete);
    const page = await a.get(url());
    assert.match(page.body, /Tableau arrêté/);
    assert.ok(page.body.includes(t.empreinte_entrees));

    assert.equal((await a.post(url('/arreter'), { publication: '2027-06-15T09:00' })).statusCode, 409);
  });

  test('rouvrir : motif obligatoire (400), puis audité, l’instantané gardé en historique, l’examen reprend', async () => {
    const a = await client('autorite');
    await a.get(url());
    assert.equal((await a.post(url('/rouvrir'), { motif: '' })).statusCode, 400);
    assert.equal(await statut(), 'ARRETEE');
    const g = await client('gestion');
    await g.get(url());
    assert.equal((await g.post(url('/rouvrir'), { motif: 'Erreur d’avis signalée' })).statusCode, 403);
    const r = await a.post(url('/rouvrir'), { motif: 'Erreur d’avis signalée par un chef d’établissement' });
    assert.equal(r.statusCode, 303);
    assert.equal(await statut(), 'EN_EXAMEN');
    const t = await b.database.db.selectFrom('tableau').selectAll().where('campagne_id', '=', campagneId).executeTakeFirstOrThrow();
    assert.equal(t.statut, 'ROUVERT');
    assert.equal(t.motif_reouverture, 'Erreur d’avis signalée par un chef d’établissement');
    const audit = await b.database.db.selectFrom('journal_audit').select(['action', 'details']).where('cible', '=', `campagne:${campagneId}`).orderBy('id').execute();
    assert.deepEqual(audit.map((x) => x.action), ['TABLEAU_ARRETE', 'TABLEAU_ROUVERT']);
    const c = await b.database.db.selectFrom('campagne').select('publication_le').where('id', '=', campagneId).executeTakeFirstOrThrow();
    assert.equal(c.publication_le, null);
    // The page computes again from the data as they now are (every avis DEFAVORABLE: nobody listed).
    const page = await a.get(url());
    assert.match(page.body, /Tableau proposé/);
    assert.match(page.body, /Rouvert le|rouvert le/);
  });
});
