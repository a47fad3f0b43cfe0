import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { createImportService } from '../import/import.service.ts';
import { sourceDossier } from '../import/import.source.ts';
import { chargerEchantillon, DOSSIER_ECHANTILLON } from '../import/test-echantillon.ts';
import { evaluerCampagne } from '../eligibilite/export.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { createCampagneService, type Campagne } from '../campagnes/campagne.service.ts';
import { trouverCampagne } from '../campagnes/campagne.repository.ts';
import { createCacheTableaux } from './tableau-cache.ts';
import { createTableauService } from './tableau-arrete.service.ts';
import { createPublicationService } from './publication.service.ts';

/**
 * After the publication of a regime C table (CERTIFIE 2024, sample académie): each agent reads their own result in
 * I-Prof (never another's), a non-promoted agent files a recours gracieux with a pièce (CSRF, contents checked, within
 * two months), the gestionnaire of their perimetre answers it in a queue (every URL id checked against its parent).
 */
const jeu = chargerEchantillon();
const parId = new Map(jeu.agents.map((a) => [a.agent_id, a]));
const LE = new Date('2026-11-30T09:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let b: Banc;
let campagneId: string;
let autreCampagneId: string;
const comptes: Record<string, { identifiant: string; motDePasse: string }> = {};
let promu: string;
let nonPromus: string[];

async function client(qui: string): Promise<ClientDeTest> {
  const c = new ClientDeTest(b.app);
  const r = await c.connecter(comptes[qui]!.identifiant, comptes[qui]!.motDePasse);
  assert.equal(r.statusCode, 303, `connexion de ${qui}`);
  return c;
}

async function compte(qui: string, roles: Array<'AGENT' | 'GESTIONNAIRE' | 'AUTORITE'>, perimetre: object, agentId: string | null = null) {
  const c = await creerCompte(b.database, { roles });
  await b.database.db.updateTable('compte').set({ perimetre: JSON.stringify(perimetre), agent_id: agentId }).where('id', '=', c.id).execute();
  comptes[qui] = c;
  return c;
}

before(async () => {
  b = await banc();
  const r = await createImportService({ db: b.database.db, clock: b.clock }).importer(sourceDossier(DOSSIER_ECHANTILLON), { lanceParCompteId: null });
  assert.equal(r.ok, true);
  const inserer = (corps: 'CERTIFIE' | 'PE', annee: number) =>
    b.database.db
      .insertInto('campagne')
      .values({ corps, annee, regime: 'C', ouverture: LE, fermeture: new Date('2026-12-15T16:00:00Z'), promotions: 1, parametres: JSON.stringify({ ratio: 0.3 }), statut: 'EN_EXAMEN', cree_par_compte_id: null, cree_le: LE })
      .returning('id')
      .executeTakeFirstOrThrow();
  campagneId = (await inserer('CERTIFIE', 2024)).id;
  autreCampagneId = (await inserer('PE', 2024)).id;
  const promouvables = evaluerCampagne(jeu, 'CERTIFIE', reglesPour(2024)).filter((v) => v.promouvable);
  await b.database.db
    .insertInto('avis_campagne')
    .values(promouvables.flatMap((v, i) => [1, 2].map((numero) => ({ campagne_id: campagneId, agent_id: v.agent_id, numero: numero as 1 | 2, avis: i % 2 === 0 ? ('TRES_FAVORABLE' as const) : ('FAVORABLE' as const), texte: null, par_compte_id: null, le: LE }))))
    .execute();
  const a = await compte('autorite', ['AUTORITE'], {});
  const autorite: Utilisateur = { compteId: a.id, identifiant: a.identifiant, nomAffiche: 'Autorité', roles: ['AUTORITE'], perimetre: {}, qualiteEvaluateur: null, agentId: null, precedenteConnexion: null, favoris: [] };
  const c = (await trouverCampagne(b.database.db, campagneId)) as Campagne;
  await createTableauService({ db: b.database.db, clock: b.clock, cache: createCacheTableaux() }).arreter(autorite, c, new Date('2026-12-20T09:00:00Z'), b.clock.now());
  b.clock.set('2026-12-20T09:00:00Z');
  const faits = await createCampagneService({ db: b.database.db, clock: b.clock, surPublication: createPublicationService({ db: b.database.db }).surPublication }).appliquerEcheances();
  assert.deepEqual(faits.map((f) => f.evenement), ['PUBLIER']);
  const lignes = await b.database.db.selectFrom('tableau_ligne').select(['agent_id', 'promu']).orderBy('rang').execute();
  promu = lignes.find((l) => l.promu)!.agent_id;
  nonPromus = lignes.filter((l) => !l.promu).map((l) => l.agent_id);
  assert.ok(nonPromus.length >= 2);
  await compte('promu', ['AGENT'], {}, promu);
  await compte('np1', ['AGENT'], {}, nonPromus[0]!);
  await compte('np2', ['AGENT'], {}, nonPromus[1]!);
  await compte('agentPE', ['AGENT'], {}, jeu.agents.find((x) => x.corps === 'PE')!.agent_id);
  await compte('gestion', ['GESTIONNAIRE'], {});
  await compte('gestionPE', ['GESTIONNAIRE'], { corps: ['PE'] });
});
after(async () => {
  await b.fermer();
});

const resultat = (id = campagneId) => `/iprof/resultats/${id}`;

describe('résultat de l’agent', () => {
  test('chacun lit son propre résultat : promu avec la date d’effet, non promu avec son rang et son palier, le recours et sa date limite', async () => {
    const p = await client('promu');
    const rp = await p.get(resultat());
    assert.equal(rp.statusCode, 200);
    assert.match(rp.body, /avec effet au 1er septembre 2024/);
    assert.doesNotMatch(rp.body, /Former un recours/);
    const n = await client('np1');
    const rn = await n.get(resultat());
    assert.equal(rn.statusCode, 200);
    const rang = (await b.database.db.selectFrom('tableau_ligne').select(['rang', 'palier']).where('agent_id', '=', nonPromus[0]!).executeTakeFirstOrThrow());
    assert.ok(rn.body.includes(`rang ${rang.rang}, palier ${rang.palier}`));
    assert.match(rn.body, /jusqu’au 20 février 2027 inclus/);
    assert.ok(!rn.body.includes(parId.get(nonPromus[1]!)!.nom), 'pas le nom d’un autre');
    assert.equal((await n.get('/iprof/resultats')).statusCode, 200);
    // A campaign of another corps, or not published: does not exist for them.
    assert.equal((await n.get(resultat(autreCampagneId))).statusCode, 404);
    assert.equal((await (await client('agentPE')).get(resultat())).statusCode, 404);
    assert.equal((await n.get('/iprof/resultats/abc')).statusCode, 404);
    assert.equal((await (await client('gestion')).get(resultat())).statusCode, 403);
  });
});

describe('recours gracieux', () => {
  test('dépôt : CSRF, texte obligatoire (400, rien d’écrit), pièce au contenu vérifié, une seule fois ; refusé au promu', async () => {
    const n = await client('np1');
    await n.get(resultat());
    const url = `${resultat()}/recours`;
    assert.equal((await n.postMultipart(url, { texte: 'Je conteste' }, [], { csrf: null })).statusCode, 403);
    assert.equal((await n.postMultipart(url, { texte: '' })).statusCode, 400);
    const faux = await n.postMultipart(url, { texte: 'Je conteste' }, [{ champ: 'pieces', nom: 'faux.pdf', contenu: 'pas un pdf', type: 'application/pdf' }]);
    assert.equal(faux.statusCode, 400);
    const compte = async () => (await b.database.db.selectFrom('recours').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    assert.equal(await compte(), 0);
    const r = await n.postMultipart(url, { texte: 'Mon ancienneté n’a pas été prise en compte.' }, [{ champ: 'pieces', nom: 'arrete.pdf', contenu: PDF, type: 'application/pdf' }]);
    assert.equal(r.statusCode, 303);
    assert.equal(await compte(), 1);
    await n.get(resultat());
    assert.equal((await n.postMultipart(url, { texte: 'Encore' })).headers.location, `${resultat()}?fait=recours-existant`);
    assert.equal(await compte(), 1);
    const page = await n.get(resultat());
    assert.match(page.body, /Votre recours est en cours d’examen/);

    const p = await client('promu');
    await p.get(resultat());
    assert.equal((await p.postMultipart(url, { texte: 'Je veux' })).statusCode, 409);

    const n2 = await client('np2');
    await n2.get(resultat());
    assert.equal((await n2.postMultipart(url, { texte: 'Second recours' })).statusCode, 303);
  });

  test('le gestionnaire traite la file : périmètre, ids vérifiés contre leur parent, réponse historisée et communiquée, une seule fois', async () => {
    const [r1, r2] = await b.database.db.selectFrom('recours').select(['id', 'agent_id']).orderBy('id').execute();
    const piece = await b.database.db.selectFrom('recours_piece').select('id').where('recours_id', '=', r1!.id).executeTakeFirstOrThrow();
    const base = `/iprof/gestion/campagnes/${campagneId}/recours`;
    const g = await client('gestion');
    const liste = await g.get(base);
    assert.equal(liste.statusCode, 200);
    assert.ok(liste.body.includes(parId.get(r1!.agent_id)!.nom));
    assert.equal((await g.get(`${base}?statut=OUBLIE`)).statusCode, 400);
    assert.equal((await (await client('gestionPE')).get(base)).statusCode, 404);
    assert.equal((await g.get(`/iprof/gestion/campagnes/${autreCampagneId}/recours/${r1!.id}`)).statusCode, 404, 'recours d’une autre campagne');
    assert.equal((await g.get(`${base}/${r1!.id}/pieces/${piece.id}`)).statusCode, 200);
    assert.equal((await g.get(`${base}/${r2!.id}/pieces/${piece.id}`)).statusCode, 404, 'pièce d’un autre recours');

    // The agent's own pièce, and not another's.
    const n1 = await client('np1');
    assert.equal((await n1.get(`${resultat()}/recours/${r1!.id}/pieces/${piece.id}`)).statusCode, 200);
    const n2 = await client('np2');
    assert.equal((await n2.get(`${resultat()}/recours/${r1!.id}/pieces/${piece.id}`)).statusCode, 404);

    await g.get(`${base}/${r1!.id}`);
    assert.equal((await g.post(`${base}/${r1!.id}/repondre`, { decision: 'PEUT-ETRE', reponse: 'x' })).statusCode, 400);
    assert.equal((await g.post(`${base}/${r1!.id}/repondre`, { decision: 'REJETE', reponse: 'Rejeté' }, { csrf: null })).statusCode, 403);
    const r = await g.post(`${base}/${r1!.id}/repondre`, { decision: 'REJETE', reponse: 'Votre ancienneté est bien comptée.' });
    assert.equal(r.statusCode, 303);
    const apres = await b.database.db.selectFrom('recours').selectAll().where('id', '=', r1!.id).executeTakeFirstOrThrow();
    assert.equal(apres.statut, 'REJETE');
    assert.ok(apres.repondu_le);
    const m = await b.database.db.selectFrom('message').select('corps').where('agent_id', '=', r1!.agent_id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(m.corps, /Votre recours gracieux est rejeté. Réponse de l’administration : Votre ancienneté est bien comptée./);
    const h = await b.database.db.selectFrom('evaluation_historique').select('objet').where('objet', '=', 'RECOURS').where('cle', '=', r1!.id).execute();
    assert.equal(h.length, 2);
    await g.get(`${base}/${r1!.id}`);
    assert.equal((await g.post(`${base}/${r1!.id}/repondre`, { decision: 'ACCEPTE', reponse: 'Finalement oui' })).statusCode, 409);
    assert.match((await n1.get(resultat())).body, /Votre recours est rejeté/);
  });

  test('hors délai (après la date limite, heure de Paris), le recours est refusé', async () => {
    b.clock.set('2027-02-20T22:59:00Z');
    const n = await client('np2');
    await b.database.db.deleteFrom('recours').where('agent_id', '=', nonPromus[1]!).execute();
    await n.get(resultat());
    assert.equal((await n.postMultipart(`${resultat()}/recours`, { texte: 'Dernier jour' })).statusCode, 303);
    await b.database.db.deleteFrom('recours').where('agent_id', '=', nonPromus[1]!).execute();
    b.clock.set('2027-02-20T23:00:00Z');
    await n.get(resultat());
    assert.equal((await n.postMultipart(`${resultat()}/recours`, { texte: 'Trop tard' })).statusCode, 409);
  });
});
