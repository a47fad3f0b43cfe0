import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { banc, type Banc } from '../../shared/test/app.ts';
import type { ClientDeTest } from '../../shared/test/client.ts';
import type { Perimetre } from '../../db/schema.ts';
import { connecter, insererAgent, insererEtablissements } from '../dossier/dossier.fixtures.ts';
import { createCampagneService } from './campagne.service.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';

/*
 * The scope matrix of the campaign pages (issue 10): every gestionnaire route × accounts scoped by corps, by département,
 * by établissement, unscoped, and an évaluateur; each id in scope, out of scope, and under the wrong parent; reads and
 * writes. Out of scope and wrong parent are both 404 (as the dossier does) and write nothing.
 */

let b: Banc;
const PDF = Buffer.from('%PDF-1.4\n% pièce de contestation\n%%EOF\n');

type Cle = 'pe080' | 'pe060' | 'cert080' | 'cert060';
type Contestation = { id: string; pieceId: string; campagneId: string; agentId: string };
const contestations = {} as Record<Cle, Contestation>;
const campagnes = {} as Record<'PE' | 'CERTIFIE' | 'PE_A', string>;

type Compte = 'parCorps' | 'parDepartement' | 'parEtablissement' | 'sansRestriction';
const PERIMETRES: Record<Compte, Perimetre> = {
  parCorps: { corps: ['PE'] },
  parDepartement: { corps: ['PE'], departements: ['080'] },
  parEtablissement: { etablissements: ['0600001X'] },
  sansRestriction: {},
};
const clients = {} as Record<Compte | 'evaluateur', ClientDeTest>;

/** Which contestations each account may handle: the dossier's rule (corps AND (département OR établissement)). */
const VISIBLES: Record<Compte, Cle[]> = {
  parCorps: ['pe080', 'pe060'],
  parDepartement: ['pe080'],
  parEtablissement: ['pe060', 'cert060'],
  sansRestriction: ['pe080', 'pe060', 'cert080', 'cert060'],
};
/** Which campaigns each account sees: those of a corps in its scope. */
const CAMPAGNES_VISIBLES: Record<Compte, Array<'PE' | 'CERTIFIE'>> = {
  parCorps: ['PE'],
  parDepartement: ['PE'],
  parEtablissement: ['PE', 'CERTIFIE'],
  sansRestriction: ['PE', 'CERTIFIE'],
};
const COMPTES = Object.keys(PERIMETRES) as Compte[];
const CLES: Cle[] = ['pe080', 'pe060', 'cert080', 'cert060'];

async function contester(campagneId: string, agentId: string): Promise<Contestation> {
  const { db } = b.database;
  const c = await db
    .insertInto('contestation')
    .values({ campagne_id: campagneId, agent_id: agentId, message: `Contestation de ${agentId}`, statut: 'EN_ATTENTE', cree_le: new Date('2026-11-30T09:00:00Z'), decidee_le: null, decidee_par_compte_id: null, decision: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p = await db
    .insertInto('contestation_piece')
    .values({ contestation_id: c.id, nom_fichier: `piece-${agentId}.pdf`, type_contenu: 'application/pdf', taille: PDF.length, sha256: crypto.createHash('sha256').update(PDF).digest('hex'), contenu: PDF, cree_le: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: c.id, pieceId: p.id, campagneId, agentId };
}

before(async () => {
  b = await banc();
  await insererEtablissements(b.database);
  const service = createCampagneService({ db: b.database.db, clock: b.clock });
  const creer = (corps: string, annee: number) =>
    service.creer(nouvelleCampagne.parse({ corps, annee, ouverture: '2026-11-30T08:00:00Z', fermeture: '2026-12-20T17:00:00+01:00', promotions: 10 }), null);
  const agents = {
    pe080: await insererAgent(b.database, { corps: 'PE', uaiCourante: '0801234A' }),
    pe060: await insererAgent(b.database, { corps: 'PE', uaiCourante: '0600001X' }),
    cert080: await insererAgent(b.database, { corps: 'CERTIFIE', uaiCourante: '0801234A' }),
    cert060: await insererAgent(b.database, { corps: 'CERTIFIE', uaiCourante: '0600001X' }),
  };
  campagnes.PE = await creer('PE', 2022);
  campagnes.CERTIFIE = await creer('CERTIFIE', 2022);
  campagnes.PE_A = await creer('PE', 2019);
  await service.appliquerEcheances();
  for (const cle of CLES) contestations[cle] = await contester(cle.startsWith('pe') ? campagnes.PE : campagnes.CERTIFIE, agents[cle].agentId);
  // Regime A: one candidature per PE agent, so that the dashboard's counts by status can be compared.
  for (const [cle, statut] of [['pe080', 'ENREGISTREE'], ['pe060', 'BROUILLON']] as const) {
    const c = await b.database.db
      .insertInto('candidature')
      .values({ campagne_id: campagnes.PE_A, agent_id: agents[cle].agentId, statut, cree_le: new Date('2026-11-30T09:00:00Z'), modifie_le: new Date('2026-11-30T09:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    await b.database.db.insertInto('candidature_historique').values({ candidature_id: c.id, de: null, vers: 'BROUILLON', evenement: 'CREER', le: new Date('2026-11-30T09:00:00Z'), par_compte_id: null, details: '{}' }).execute();
  }
  for (const compte of COMPTES) clients[compte] = (await connecter(b, { roles: ['GESTIONNAIRE'], perimetre: PERIMETRES[compte] })).client;
  clients.evaluateur = (await connecter(b, { roles: ['EVALUATEUR'], perimetre: { corps: ['PE'] } })).client;
});
after(async () => {
  await b.fermer();
});

const url = {
  campagne: (id: string) => `/iprof/gestion/campagnes/${id}`,
  liste: (id: string) => `/iprof/gestion/campagnes/${id}/contestations`,
  detail: (campagneId: string, cid: string) => `/iprof/gestion/campagnes/${campagneId}/contestations/${cid}`,
  piece: (campagneId: string, cid: string, pid: string) => `/iprof/gestion/campagnes/${campagneId}/contestations/${cid}/pieces/${pid}`,
  decider: (campagneId: string, cid: string) => `/iprof/gestion/campagnes/${campagneId}/contestations/${cid}/decider`,
};
const autreCampagne = (c: Contestation) => (c.campagneId === campagnes.PE ? campagnes.CERTIFIE : campagnes.PE);
const corpsDe = (cle: Cle): 'PE' | 'CERTIFIE' => (cle.startsWith('pe') ? 'PE' : 'CERTIFIE');

async function ecritures() {
  const { db } = b.database;
  const n = async (t: 'message' | 'courriel' | 'journal_audit' | 'consultation_dossier') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const statuts = await db.selectFrom('contestation').select(['id', 'statut', 'decision']).orderBy('id').execute();
  return { messages: await n('message'), courriels: await n('courriel'), journal: await n('journal_audit'), consultations: await n('consultation_dossier'), statuts };
}

describe('les deux fuites relevées par la revue (ticket 10)', () => {
  test('point 1 : un gestionnaire PE ne télécharge pas la pièce d’une contestation CERTIFIE par l’identifiant d’une campagne PE', async () => {
    const c = contestations.cert080;
    const r = await clients.parCorps.get(url.piece(campagnes.PE, c.id, c.pieceId));
    assert.equal(r.statusCode, 404);
    assert.ok(!r.rawPayload.equals(PDF));
  });

  test('point 2 : un gestionnaire PE du 080 ne liste, ne lit, ne télécharge ni ne décide la contestation d’un agent PE du 060', async () => {
    const c = contestations.pe060;
    const client = clients.parDepartement;
    assert.equal((await client.get(`/iprof/agents/${c.agentId}`)).statusCode, 404, 'le dossier lui-même est hors périmètre');
    assert.doesNotMatch((await client.get(url.liste(c.campagneId))).body, new RegExp(c.agentId));
    assert.equal((await client.get(url.detail(c.campagneId, c.id))).statusCode, 404);
    assert.equal((await client.get(url.piece(c.campagneId, c.id, c.pieceId))).statusCode, 404);
    const avant = await ecritures();
    assert.equal((await client.post(url.decider(c.campagneId, c.id), { decision: 'REJETEE', motif: 'Hors de mon département' })).statusCode, 404);
    assert.deepEqual(await ecritures(), avant, 'rien n’est écrit');
  });
});

describe('campagnes : liste et tableau de bord dans le périmètre', () => {
  for (const compte of COMPTES) {
    test(`gestionnaire ${compte} : ne voit que les campagnes des corps de son périmètre, les autres n’existent pas (404)`, async () => {
      const liste = await clients[compte].get('/iprof/gestion/campagnes');
      assert.equal(liste.statusCode, 200);
      for (const corps of ['PE', 'CERTIFIE'] as const) {
        const visible = CAMPAGNES_VISIBLES[compte].includes(corps);
        assert.equal(liste.body.includes(`href="${url.campagne(campagnes[corps])}"`), visible, `${corps} dans la liste`);
        const r = await clients[compte].get(url.campagne(campagnes[corps]));
        assert.equal(r.statusCode, visible ? 200 : 404, `tableau de bord ${corps}`);
        if (!visible) assert.match(r.body, /n’existe pas ou n’est pas dans votre périmètre/);
        assert.equal((await clients[compte].get(url.liste(campagnes[corps]))).statusCode, visible ? 200 : 404, `contestations ${corps}`);
      }
    });
  }

  test('le tableau de bord compte les candidatures du seul périmètre, et le dit', async () => {
    const restreint = await clients.parDepartement.get(url.campagne(campagnes.PE_A));
    assert.equal(restreint.statusCode, 200);
    assert.match(restreint.body, /Chiffres de votre périmètre/);
    assert.match(restreint.body, /<p class="fr-h3 fr-mb-0">1<\/p><p class="fr-text--sm">enregistrée/);
    assert.doesNotMatch(restreint.body, /en préparation/, 'le brouillon de l’agent de l’Oise n’est pas compté');
    assert.match(restreint.body, /<tr><td>30\/11\/2026<\/td><td>1<\/td>/, 'activité par jour du seul périmètre');
    const tout = await clients.sansRestriction.get(url.campagne(campagnes.PE_A));
    assert.doesNotMatch(tout.body, /Chiffres de votre périmètre/);
    assert.match(tout.body, /<p class="fr-h3 fr-mb-0">1<\/p><p class="fr-text--sm">enregistrée/);
    assert.match(tout.body, /<p class="fr-h3 fr-mb-0">1<\/p><p class="fr-text--sm">en préparation/);
    assert.match(tout.body, /<tr><td>30\/11\/2026<\/td><td>2<\/td>/);
    // Every PE agent of the fixtures is promouvable in 2022 (vivier 1: director of a school since 2009).
    const promouvables = async (client: ClientDeTest) => Number(/<p class="fr-h3 fr-mb-0">(\d+)<\/p>\s*<p class="fr-text--sm">agents promouvables/.exec((await client.get(url.campagne(campagnes.PE))).body)![1]);
    assert.equal(await promouvables(clients.sansRestriction), 2);
    assert.equal(await promouvables(clients.parDepartement), 1, 'promouvables comptés dans le périmètre');
    assert.equal(await promouvables(clients.parEtablissement), 1);
  });

  test('créer une campagne : corps hors périmètre refusé (400), périmètre géographique refusé (403), rien n’est écrit', async () => {
    const champs = { annee: '2023', ouverture: '2026-12-01T09:00', fermeture: '2026-12-15T17:00', promotions: '5' };
    const avant = (await b.database.db.selectFrom('campagne').select('id').execute()).length;
    await clients.parCorps.get('/iprof/gestion/campagnes');
    const horsCorps = await clients.parCorps.post('/iprof/gestion/campagnes', { ...champs, corps: 'CERTIFIE' });
    assert.equal(horsCorps.statusCode, 400);
    assert.match(horsCorps.body, /Ce corps n’est pas dans votre périmètre/);
    const page = await clients.parDepartement.get('/iprof/gestion/campagnes');
    assert.doesNotMatch(page.body, /Créer la campagne/, 'pas de formulaire de création pour un périmètre géographique');
    // The header's logout form carries the token: the post is a real one, refused for its scope.
    const geo = await clients.parDepartement.post('/iprof/gestion/campagnes', { ...champs, corps: 'PE' });
    assert.equal(geo.statusCode, 403);
    assert.match(geo.body, /toute l’académie/);
    assert.equal((await b.database.db.selectFrom('campagne').select('id').execute()).length, avant);
  });

  test('l’évaluateur n’accède à aucune page de gestion des campagnes (403)', async () => {
    const c = contestations.pe080;
    for (const u of ['/iprof/gestion/campagnes', url.campagne(campagnes.PE), url.liste(campagnes.PE), url.detail(c.campagneId, c.id), url.piece(c.campagneId, c.id, c.pieceId)]) {
      assert.equal((await clients.evaluateur.get(u)).statusCode, 403, u);
    }
    await clients.evaluateur.get('/iprof');
    assert.equal((await clients.evaluateur.post(url.decider(c.campagneId, c.id), { decision: 'REJETEE', motif: 'Non' })).statusCode, 403);
  });
});

describe('contestations : lecture dans le périmètre, parents vérifiés', () => {
  for (const compte of COMPTES) {
    for (const cle of CLES) {
      const visible = VISIBLES[compte].includes(cle);
      test(`gestionnaire ${compte}, contestation ${cle} : ${visible ? 'listée, lue et téléchargée' : 'absente de la liste, page et pièce introuvables'}`, async () => {
        const c = contestations[cle];
        const client = clients[compte];
        if (CAMPAGNES_VISIBLES[compte].includes(corpsDe(cle))) {
          const liste = await client.get(url.liste(c.campagneId));
          assert.equal(liste.statusCode, 200);
          assert.equal(liste.body.includes(c.agentId), visible, 'dans la liste');
        }
        const detail = await client.get(url.detail(c.campagneId, c.id));
        assert.equal(detail.statusCode, visible ? 200 : 404, 'page');
        assert.equal(detail.body.includes(`Contestation de ${c.agentId}`), visible);
        const piece = await client.get(url.piece(c.campagneId, c.id, c.pieceId));
        assert.equal(piece.statusCode, visible ? 200 : 404, 'pièce');
        if (visible) assert.ok(piece.rawPayload.equals(PDF));
        else assert.ok(!piece.rawPayload.equals(PDF));
      });
    }
  }

  for (const compte of COMPTES) {
    test(`gestionnaire ${compte} : une contestation ou une pièce demandée sous un autre parent est introuvable`, async () => {
      const client = clients[compte];
      for (const cle of CLES) {
        const c = contestations[cle];
        const ailleurs = autreCampagne(c);
        // Through a campaign the account does see (the review's case: a PE campaign id, a CERTIFIE contestation).
        assert.equal((await client.get(url.detail(ailleurs, c.id))).statusCode, 404, `${cle} sous l’autre campagne`);
        const p = await client.get(url.piece(ailleurs, c.id, c.pieceId));
        assert.equal(p.statusCode, 404, `pièce de ${cle} sous l’autre campagne`);
        assert.ok(!p.rawPayload.equals(PDF));
        const voisine = contestations[cle === 'pe080' ? 'pe060' : cle === 'pe060' ? 'pe080' : cle === 'cert080' ? 'cert060' : 'cert080'];
        assert.equal((await client.get(url.piece(c.campagneId, c.id, voisine.pieceId))).statusCode, 404, `pièce d’une autre contestation sous ${cle}`);
      }
    });
  }

  test('les lectures d’une contestation par le gestionnaire sont inscrites aux consultations du dossier', async () => {
    const c = contestations.pe080;
    const avant = await b.database.db.selectFrom('consultation_dossier').select(['page']).where('agent_id', '=', c.agentId).execute();
    await clients.parDepartement.get(url.detail(c.campagneId, c.id));
    await clients.parDepartement.get(url.piece(c.campagneId, c.id, c.pieceId));
    const apres = await b.database.db.selectFrom('consultation_dossier').select(['page', 'role']).where('agent_id', '=', c.agentId).orderBy('id').execute();
    assert.deepEqual(apres.slice(avant.length), [
      { page: 'contestation', role: 'GESTIONNAIRE' },
      { page: 'piece-contestation', role: 'GESTIONNAIRE' },
    ]);
    const { client: agent } = await connecter(b, { agentId: c.agentId });
    const page = await agent.get('/iprof/dossier/consultations');
    assert.match(page.body, /Une contestation/);
    assert.match(page.body, /Une pièce d’une contestation/);
  });
});

describe('contestations : décision hors périmètre ou sous un autre parent refusée, rien n’est écrit', () => {
  test('chaque gestionnaire tente de décider ce qui n’est pas à lui : 404 partout, aucune écriture', async () => {
    const avant = await ecritures();
    for (const compte of COMPTES) {
      const client = clients[compte];
      await client.get('/iprof/gestion/campagnes');
      for (const cle of CLES) {
        const c = contestations[cle];
        if (!VISIBLES[compte].includes(cle)) {
          const r = await client.post(url.decider(c.campagneId, c.id), { decision: 'REJETEE', motif: 'Hors périmètre' });
          assert.equal(r.statusCode, 404, `${compte} décide ${cle}`);
        }
        const r2 = await client.post(url.decider(autreCampagne(c), c.id), { decision: 'ACCEPTEE', motif: 'Autre campagne' });
        assert.equal(r2.statusCode, 404, `${compte} décide ${cle} sous l’autre campagne`);
        // A malformed id is a 404 too, not a database error.
        assert.equal((await client.post(url.decider(c.campagneId, 'abc'), { decision: 'ACCEPTEE', motif: 'x' })).statusCode, 404);
      }
    }
    assert.deepEqual(await ecritures(), avant);
  });

  test('dans le périmètre, la décision est enregistrée', async () => {
    const c = contestations.pe080;
    await clients.parDepartement.get(url.detail(c.campagneId, c.id));
    const r = await clients.parDepartement.post(url.decider(c.campagneId, c.id), { decision: 'REJETEE', motif: 'Les années sont déjà comptées.' });
    assert.equal(r.statusCode, 303);
    const apres = await b.database.db.selectFrom('contestation').select(['statut', 'decision']).where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.deepEqual(apres, { statut: 'REJETEE', decision: 'Les années sont déjà comptées.' });
  });
});
