import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { banc, creerCompte, type Banc } from '../../shared/test/app.ts';
import type { ClientDeTest } from '../../shared/test/client.ts';
import type { Perimetre } from '../../db/schema.ts';
import type { Role } from '../../shared/roles.ts';
import { connecter, insererAgent, insererEtablissements } from './dossier.fixtures.ts';
import { CAS_PERIMETRE } from './perimetre.fixtures.ts';
import { estDansPerimetre } from './perimetre.rules.ts';
import { agentDansLePerimetre } from './perimetre.repository.ts';
import * as signalements from './signalements.repository.ts';

/*
 * The scope rule in SQL gives the pure rule's answer on every case; then the matrix of the dossier's staff routes
 * (search, dossier, error reports, their pièces, decisions) × accounts scoped by corps, département, établissement,
 * unscoped, an évaluateur and an autorité. Out of scope is 404 everywhere and writes nothing.
 */

let b: Banc;
const JOUR = '2026-11-30';
const PDF = Buffer.from('%PDF-1.4\n% pièce de signalement\n%%EOF\n');

before(async () => {
  b = await banc();
  await insererEtablissements(b.database);
  await b.database.db.insertInto('etablissement').values({ uai: '0600002Y', nom: 'École Jean Moulin', commune: 'Compiègne', type: 'ECOLE', departement: '060' }).execute();
});
after(async () => {
  await b.fermer();
});

describe('la règle du périmètre en SQL donne la réponse de la règle pure', () => {
  for (const [titre, perimetre, agent, attendu] of CAS_PERIMETRE) {
    test(titre, async () => {
      const agentId = `P${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
      const { db } = b.database;
      await db
        .insertInto('agent')
        .values({ agent_id: agentId, identifiant: agentId.toLowerCase(), civilite: 'M.', nom: 'CAS', prenom: 'Test', date_naissance: '1970-01-01', email: '', corps: agent.corps, discipline: '', date_entree_corps: '1995-09-01', import_id: null })
        .execute();
      const service = (uai: string, date_debut: string, date_fin: string | null) => ({ agent_id: agentId, date_debut, date_fin, uai, fonction: 'ENSEIGNEMENT', part_service: 100, statut: 'TITULAIRE', faisant_fonction: false });
      await db
        .insertInto('agent_service')
        .values([
          ...agent.affectationsCourantes.map((a) => service(a.uai, '2020-09-01', null)),
          // Rows that are not current on JOUR must not count: ended the day before, starting the day after.
          service('0801234A', '2010-09-01', '2026-11-29'),
          service('0600001X', '2010-09-01', '2026-11-29'),
          service('0801500K', '2026-12-01', null),
          service('0600002Y', '2026-12-01', null),
        ])
        .execute();
      assert.equal(estDansPerimetre(perimetre, agent), attendu, 'règle pure');
      assert.equal(await agentDansLePerimetre(db, agentId, perimetre, JOUR), attendu, 'règle en SQL');
    });
  }

  test('un agent inconnu n’est dans aucun périmètre, même sans restriction', async () => {
    assert.equal(await agentDansLePerimetre(b.database.db, 'INCONNU', {}, JOUR), false);
  });
});

type Cle = 'pe080' | 'pe060' | 'cert080';
type Cas = { agentId: string; signalementId: string; pieceId: string };
const cas = {} as Record<Cle, Cas>;
const CLES: Cle[] = ['pe080', 'pe060', 'cert080'];

type Compte = 'parCorps' | 'parDepartement' | 'parEtablissement' | 'sansRestriction' | 'evaluateur' | 'autorite';
const COMPTES: Record<Compte, { roles: Role[]; perimetre: Perimetre; voit: Cle[] }> = {
  parCorps: { roles: ['GESTIONNAIRE'], perimetre: { corps: ['PE'] }, voit: ['pe080', 'pe060'] },
  parDepartement: { roles: ['GESTIONNAIRE'], perimetre: { corps: ['PE'], departements: ['080'] }, voit: ['pe080'] },
  parEtablissement: { roles: ['GESTIONNAIRE'], perimetre: { etablissements: ['0600001X'] }, voit: ['pe060'] },
  sansRestriction: { roles: ['GESTIONNAIRE'], perimetre: {}, voit: ['pe080', 'pe060', 'cert080'] },
  evaluateur: { roles: ['EVALUATEUR'], perimetre: { departements: ['080'] }, voit: ['pe080', 'cert080'] },
  autorite: { roles: ['AUTORITE'], perimetre: { corps: ['CERTIFIE'] }, voit: ['cert080'] },
};
const NOMS = Object.keys(COMPTES) as Compte[];
const clients = {} as Record<Compte, ClientDeTest>;
const gestionnaire = (c: Compte) => COMPTES[c].roles.includes('GESTIONNAIRE');

describe('routes du dossier côté personnels : la matrice des périmètres', () => {
  before(async () => {
    const auteur = await creerCompte(b.database);
    const uai: Record<Cle, string> = { pe080: '0801234A', pe060: '0600001X', cert080: '0801500K' };
    for (const cle of CLES) {
      const a = await insererAgent(b.database, { corps: cle.startsWith('pe') ? 'PE' : 'CERTIFIE', uaiCourante: uai[cle], nom: `ZMATRICE${cle.toUpperCase()}` });
      const le = new Date('2026-11-29T10:00:00Z');
      const signalementId = await signalements.creer(b.database.db, { agentId: a.agentId, auteurCompteId: auteur.id, type: 'CARRIERE', cibleId: a.carriereIds[0]!, libelle: 'Carrière', valeur: {}, message: 'Mon échelon est faux.', le });
      await signalements.ajouterPiece(b.database.db, { signalementId, nom: 'arrete.pdf', type: 'application/pdf', taille: PDF.length, sha256: crypto.createHash('sha256').update(PDF).digest('hex'), contenu: PDF, le });
      const p = await b.database.db.selectFrom('piece_justificative').select('id').where('signalement_id', '=', signalementId).executeTakeFirstOrThrow();
      cas[cle] = { agentId: a.agentId, signalementId, pieceId: p.id };
    }
    for (const nom of NOMS) clients[nom] = (await connecter(b, { roles: COMPTES[nom].roles, perimetre: COMPTES[nom].perimetre })).client;
  });

  async function ecritures() {
    const { db } = b.database;
    const n = async (t: 'message' | 'journal_audit' | 'correction_dossier') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return {
      messages: await n('message'),
      journal: await n('journal_audit'),
      corrections: await n('correction_dossier'),
      signalements: await db.selectFrom('signalement').select(['id', 'statut']).orderBy('id').execute(),
      carrieres: await db.selectFrom('agent_carriere').select(['id', 'date_effet', 'echelon']).orderBy('id').execute(),
    };
  }
  const consultations = (agentId: string) => b.database.db.selectFrom('consultation_dossier').select(['page', 'role']).where('agent_id', '=', agentId).orderBy('id').execute();

  for (const nom of NOMS) {
    test(`${nom} : la recherche ne propose que les agents de son périmètre`, async () => {
      const r = await clients[nom].get('/iprof/agents?q=zmatrice');
      assert.equal(r.statusCode, 200);
      for (const cle of CLES) assert.equal(r.body.includes(cas[cle].agentId), COMPTES[nom].voit.includes(cle), cle);
    });

    for (const cle of CLES) {
      const voit = COMPTES[nom].voit.includes(cle);
      test(`${nom}, agent ${cle} : dossier ${voit ? 'lu (et la lecture inscrite)' : 'introuvable, rien d’inscrit'}`, async () => {
        const avant = (await consultations(cas[cle].agentId)).length;
        const r = await clients[nom].get(`/iprof/agents/${cas[cle].agentId}/situation`);
        assert.equal(r.statusCode, voit ? 200 : 404);
        assert.equal((await consultations(cas[cle].agentId)).length, avant + (voit ? 1 : 0));
      });

      const gere = gestionnaire(nom) && voit;
      test(`${nom}, signalement de ${cle} : ${gere ? 'dans la file, lu, pièce téléchargée' : gestionnaire(nom) ? 'absent de la file, page et pièce introuvables' : 'pages de gestion refusées (403), pièce introuvable'}`, async () => {
        const client = clients[nom];
        const { signalementId, pieceId } = cas[cle];
        const file = await client.get('/iprof/gestion/signalements');
        assert.equal(file.statusCode, gestionnaire(nom) ? 200 : 403);
        if (gestionnaire(nom)) assert.equal(file.body.includes(cas[cle].agentId), gere, 'dans la file');
        assert.equal((await client.get(`/iprof/gestion/signalements/${signalementId}`)).statusCode, gere ? 200 : gestionnaire(nom) ? 404 : 403);
        const piece = await client.get(`/iprof/pieces/${pieceId}`);
        assert.equal(piece.statusCode, gere ? 200 : 404);
        assert.equal(piece.rawPayload.equals(PDF), gere);
      });
    }
  }

  test('hors périmètre, accepter ou rejeter un signalement est refusé (404 ou 403) et n’écrit rien', async () => {
    const avant = await ecritures();
    for (const nom of NOMS) {
      const client = clients[nom];
      await client.get('/iprof');
      for (const cle of CLES) {
        if (gestionnaire(nom) && COMPTES[nom].voit.includes(cle)) continue;
        const attendu = gestionnaire(nom) ? 404 : 403;
        const { signalementId } = cas[cle];
        assert.equal((await client.post(`/iprof/gestion/signalements/${signalementId}/rejeter`, { motif: 'Hors de mon périmètre.' })).statusCode, attendu, `${nom} rejette ${cle}`);
        assert.equal((await client.post(`/iprof/gestion/signalements/${signalementId}/accepter`, { date_effet: '1993-09-02', grade: 'CN', echelon: '2' })).statusCode, attendu, `${nom} accepte ${cle}`);
      }
    }
    assert.deepEqual(await ecritures(), avant);
  });

  test('dans le périmètre, la décision est enregistrée', async () => {
    const client = clients.parDepartement;
    await client.get(`/iprof/gestion/signalements/${cas.pe080.signalementId}`);
    const r = await client.post(`/iprof/gestion/signalements/${cas.pe080.signalementId}/rejeter`, { motif: 'L’arrêté confirme la date.' });
    assert.equal(r.statusCode, 303);
    assert.equal((await b.database.db.selectFrom('signalement').select('statut').where('id', '=', cas.pe080.signalementId).executeTakeFirstOrThrow()).statut, 'REJETE');
  });

  test('un gestionnaire ne traite pas son propre signalement, mais relit sa pièce comme agent', async () => {
    const { client } = await connecter(b, { roles: ['GESTIONNAIRE', 'AGENT'], perimetre: {}, agentId: cas.cert080.agentId });
    assert.ok(!(await client.get('/iprof/gestion/signalements')).body.includes(`/iprof/gestion/signalements/${cas.cert080.signalementId}"`));
    assert.equal((await client.get(`/iprof/gestion/signalements/${cas.cert080.signalementId}`)).statusCode, 404);
    await client.get('/iprof');
    assert.equal((await client.post(`/iprof/gestion/signalements/${cas.cert080.signalementId}/rejeter`, { motif: 'Je me rejette.' })).statusCode, 404);
    assert.equal((await client.get(`/iprof/pieces/${cas.cert080.pieceId}`)).statusCode, 200);
  });

  test('la file est filtrée avant sa limite : 600 signalements plus anciens hors périmètre ne cachent pas ceux du périmètre', async () => {
    const { db } = b.database;
    const auteur = await creerCompte(b.database);
    const ancien = await insererAgent(b.database, { corps: 'PE', uaiCourante: '0600001X', nom: 'ZANCIEN' });
    await sql`INSERT INTO signalement (agent_id, auteur_compte_id, cible_type, cible_id, cible_libelle, valeur_signalee, message, cree_le)
      SELECT ${ancien.agentId}, ${auteur.id}::bigint, 'IDENTITE', 'nom', 'Identité — Nom', '{}'::jsonb, 'Ancien signalement.', ${new Date('2026-01-01T00:00:00Z')}::timestamptz
      FROM generate_series(1, 600)`.execute(db);
    const recent = await insererAgent(b.database, { corps: 'PE', uaiCourante: '0801234A', nom: 'ZRECENT' });
    await signalements.creer(db, { agentId: recent.agentId, auteurCompteId: auteur.id, type: 'IDENTITE', cibleId: 'nom', libelle: 'Identité — Nom', valeur: {}, message: 'Mon nom est mal écrit.', le: new Date('2026-11-29T12:00:00Z') });
    const file = await clients.parDepartement.get('/iprof/gestion/signalements');
    assert.ok(file.body.includes(recent.agentId), 'le signalement du périmètre est dans la file');
    assert.ok(!file.body.includes(ancien.agentId));
  });
});
