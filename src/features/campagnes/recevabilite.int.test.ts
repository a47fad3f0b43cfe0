import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { banc, utilisateurDe, type Banc } from '../../test/app.ts';
import type { ClientDeTest } from '../../test/client.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { Perimetre } from '../../db/schema.ts';
import { connecter, insererEtablissements } from '../dossier/dossier.fixtures.ts';
import { createCampagneService } from './campagne.service.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';
import { createCandidatureService, type NouvellePeriode } from './candidature.service.ts';
import { createDocumentsService } from './documents.service.ts';
import { urlsCampagnes as u } from './campagnes.urls.ts';

/*
 * HR's candidatures pages and the recevabilité of regime A, through buildApp: a PE 2019 campaign where three agents
 * deposit declared periods (two in the Somme, one in the Oise), examined by a gestionnaire of the Somme.
 */

let b: Banc;
let campagneId: string;
let autreCampagneId: string;
const PDF = Buffer.from('%PDF-1.4\n% attestation de maître formateur\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
type Candidat = { agentId: string; u: Utilisateur; client: ClientDeTest; cid: string; periodes: string[]; pieces: string[] };
/** Every client of the file with its account: logged in again after the clock jumps past the closing (sessions expire). */
const comptes: Array<{ client: ClientDeTest; identifiant: string; motDePasse: string }> = [];
const candidats = {} as Record<'alice' | 'bruno' | 'chloe', Candidat>;
let gestion: ClientDeTest;
let gestionBis: ClientDeTest;
let gestionCertifies: ClientDeTest;

/** A PE agent at HC échelon 3 since 2015, teaching in `uai` (not labelled): the dossier proves no vivier 1 year. */
async function agent(nom: string, prenom: string, uai: string) {
  const agentId = `R${nom.slice(0, 5).toUpperCase()}`;
  const { db } = b.database;
  await db.insertInto('agent').values({ agent_id: agentId, identifiant: nom.toLowerCase(), civilite: 'Mme', nom, prenom, date_naissance: '1968-05-01', email: `${nom.toLowerCase()}@ac-demo.invalid`, corps: 'PE', discipline: 'PREMIER DEGRE', date_entree_corps: '1990-09-01', import_id: null }).execute();
  await db.insertInto('agent_carriere').values([{ agent_id: agentId, date_effet: '1990-09-01', grade: 'CN', echelon: 1 }, { agent_id: agentId, date_effet: '2015-09-01', grade: 'HC', echelon: 3 }]).execute();
  await db.insertInto('agent_service').values({ agent_id: agentId, date_debut: '1990-09-01', date_fin: null, uai, fonction: 'ENSEIGNEMENT', part_service: 100, statut: 'TITULAIRE', faisant_fonction: false }).execute();
  const { compte, client } = await connecter(b, { agentId });
  comptes.push({ client, ...compte });
  return { agentId, client, u: await utilisateurDe(b.database, compte.identifiant) };
}

const periode = (du: string, au: string, fonction: string | null): NouvellePeriode => ({ du, au, nature: fonction ? 'FONCTION' : 'EDUCATION_PRIORITAIRE', fonction, etablissement: 'École élémentaire Jules Verne', commentaire: 'Déclarée pour la recevabilité' });

before(async () => {
  b = await banc();
  await insererEtablissements(b.database);
  const documents = createDocumentsService({ db: b.database.db, clock: b.clock });
  const campagnes = createCampagneService({ db: b.database.db, clock: b.clock, apresCloture: (id) => documents.emettreAccuses(id) });
  campagneId = await campagnes.creer(nouvelleCampagne.parse({ corps: 'PE', annee: 2019, ouverture: '2026-12-01T08:00:00Z', fermeture: '2026-12-15T17:00:00+01:00', promotions: 10 }), null);
  autreCampagneId = await campagnes.creer(nouvelleCampagne.parse({ corps: 'PE', annee: 2020, ouverture: '2027-12-01T08:00:00Z', fermeture: '2027-12-15T17:00:00+01:00', promotions: 10 }), null);
  b.clock.set('2026-12-02T09:00:00Z');
  await campagnes.appliquerEcheances();

  const s = createCandidatureService({ db: b.database.db, clock: b.clock });
  const declarations: Record<keyof typeof candidats, [string, string, string, Array<[NouvellePeriode, Array<{ nom: string; type: 'application/pdf' | 'image/png'; contenu: Buffer }>]>]> = {
    alice: ['AUBERT', 'Alice', '0801234A', [[periode('2011-09-01', '2015-08-31', 'MAITRE_FORMATEUR'), [{ nom: 'attestation-mf.pdf', type: 'application/pdf', contenu: PDF }]], [periode('2015-09-01', '2019-08-31', 'CONSEILLER_PEDAGOGIQUE'), [{ nom: 'arrêté CPC.png', type: 'image/png', contenu: PNG }]]]],
    bruno: ['BRUNEAU', 'Bruno', '0801500K', [[periode('2011-09-01', '2019-08-31', null), []]]],
    chloe: ['CHARLES', 'Chloé', '0600001X', [[periode('2011-09-01', '2019-08-31', 'DIRECTEUR_ECOLE'), [{ nom: 'nomination.pdf', type: 'application/pdf', contenu: PDF }]]]],
  };
  for (const [cle, [nom, prenom, uai, periodes]] of Object.entries(declarations) as Array<[keyof typeof candidats, (typeof declarations)['alice']]>) {
    const a = await agent(nom, prenom, uai);
    await s.commencer(a.u, campagneId, b.clock.now());
    const ids: string[] = [];
    for (const [p, pieces] of periodes) ids.push(await s.ajouterPeriode(a.u, campagneId, p, b.clock.now(), pieces));
    await s.valider(a.u, campagneId, b.clock.now());
    const c = await b.database.db.selectFrom('candidature').select('id').where('campagne_id', '=', campagneId).where('agent_id', '=', a.agentId).executeTakeFirstOrThrow();
    const pieces = await b.database.db.selectFrom('candidature_piece').select('id').where('periode_id', 'in', ids).orderBy('id').execute();
    candidats[cle] = { ...a, cid: c.id, periodes: ids, pieces: pieces.map((x) => x.id) };
  }
  const personnel = async (perimetre: Perimetre, nom?: string) => {
    const { compte, client } = await connecter(b, { roles: ['GESTIONNAIRE'], perimetre, ...(nom ? { nom } : {}) });
    comptes.push({ client, ...compte });
    return client;
  };
  gestion = await personnel({ corps: ['PE'], departements: ['080'] }, 'Gaëlle Somme');
  gestionBis = await personnel({ corps: ['PE'], departements: ['080'] }, 'Gilles Somme');
  gestionCertifies = await personnel({ corps: ['CERTIFIE'] });
});
after(async () => {
  await b.fermer();
});

const liste = (q = '') => `${u.candidaturesGestion(campagneId)}${q}`;
const nombre = async (table: 'consultation_dossier' | 'evaluation_historique' | 'candidature_historique' | 'message' | 'courriel') =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(b.database.db)).rows[0]!.n);

async function fermerEtExaminer() {
  const documents = createDocumentsService({ db: b.database.db, clock: b.clock });
  b.clock.set('2026-12-15T16:00:30Z');
  const faits = await createCampagneService({ db: b.database.db, clock: b.clock, apresCloture: (id) => documents.emettreAccuses(id) }).appliquerEcheances();
  assert.deepEqual(faits.map((f) => f.evenement), ['CLORE', 'EXAMINER']);
  b.clock.set('2026-12-16T09:00:00Z');
  for (const c of comptes) assert.equal((await c.client.connecter(c.identifiant, c.motDePasse)).statusCode, 303);
}

describe('candidatures vues par le gestionnaire', () => {
  test('la liste : candidatures du périmètre seulement, avec état, dates, vivier du dossier et pièces', async () => {
    const r = await gestion.get(liste());
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /AUBERT Alice \(aubert\)/);
    assert.match(r.body, /BRUNEAU Bruno/);
    assert.doesNotMatch(r.body, /CHARLES/, 'agent de l’Oise hors du périmètre');
    assert.match(r.body, /2 candidatures dans votre périmètre : 2 enregistrée \(validée\)/);
    assert.match(r.body, /2 pièces/);
    assert.match(r.body, /Aucune pièce|0 pièce — pièce manquante/);
    assert.match(r.body, /École élémentaire Jules Verne \(0801234A\)/);
  });

  test('filtres et recherche : pièce manquante, établissement, état, nom ; un filtre invalide est refusé en français (400)', async () => {
    const noms = (html: string) => [...html.matchAll(/>([A-Z]+ [A-Z][a-zé]+) \(/g)].map((m) => m[1]);
    assert.deepEqual(noms((await gestion.get(liste('?piece=manquante'))).body), ['BRUNEAU Bruno']);
    assert.deepEqual(noms((await gestion.get(liste('?etablissement=0801234A'))).body), ['AUBERT Alice']);
    assert.deepEqual(noms((await gestion.get(liste('?q=bruneau'))).body), ['BRUNEAU Bruno']);
    assert.deepEqual(noms((await gestion.get(liste('?q=Alice%20AUB'))).body), ['AUBERT Alice']);
    assert.deepEqual(noms((await gestion.get(liste('?q=%25'))).body), [], 'le joker est pris à la lettre');
    assert.deepEqual(noms((await gestion.get(liste('?statut=BROUILLON'))).body), []);
    for (const [q, message] of [
      ['?statut=INCONNU', 'État : choisissez une valeur de la liste.'],
      ['?etablissement=xx', 'Établissement : choisissez une valeur de la liste.'],
      ['?piece=oui', 'Pièces : choisissez une valeur de la liste.'],
      ['?q=' + 'x'.repeat(101), 'La recherche ne doit pas dépasser 100 caractères.'],
    ] as const) {
      const r = await gestion.get(liste(q));
      assert.equal(r.statusCode, 400, q);
      assert.ok(r.body.includes(message.replace(/’/g, '&#8217;')) || r.body.includes(message), `${q} : ${message}`);
      assert.doesNotMatch(r.body, /AUBERT Alice \(/, 'aucune ligne quand un filtre est faux');
    }
    assert.equal((await gestion.get(liste('?page=x'))).statusCode, 400);
  });

  test('pagination : 25 par page, les filtres gardés dans les liens', async () => {
    const { db } = b.database;
    await sql`INSERT INTO agent (agent_id, identifiant, civilite, nom, prenom, date_naissance, email, corps, discipline, date_entree_corps)
      SELECT 'PAG' || i, 'pag' || i, 'M.', 'PAGE' || lpad(i::text, 2, '0'), 'Paul', DATE '1970-01-01', '', 'PE', 'PREMIER DEGRE', DATE '1995-09-01' FROM generate_series(1, 30) i`.execute(db);
    await sql`INSERT INTO agent_service (agent_id, date_debut, date_fin, uai, fonction, part_service, statut, faisant_fonction)
      SELECT 'PAG' || i, DATE '2000-09-01', NULL, '0801500K', 'ENSEIGNEMENT', 100, 'TITULAIRE', false FROM generate_series(1, 30) i`.execute(db);
    await sql`INSERT INTO candidature (campagne_id, agent_id, statut, cree_le, modifie_le) SELECT ${campagneId}::bigint, 'PAG' || i, 'BROUILLON', now(), now() FROM generate_series(1, 30) i`.execute(db);
    const p1 = await gestion.get(liste('?statut=BROUILLON'));
    assert.match(p1.body, /30 résultats/);
    assert.equal((p1.body.match(/>PAGE\d\d Paul \(/g) ?? []).length, 25);
    assert.match(p1.body, /href="\/iprof\/gestion\/campagnes\/\d+\/candidatures\?statut=BROUILLON&amp;page=2"/);
    const p2 = await gestion.get(liste('?statut=BROUILLON&page=2'));
    assert.deepEqual([...p2.body.matchAll(/>(PAGE\d\d) Paul \(/g)].map((m) => m[1]), ['PAGE26', 'PAGE27', 'PAGE28', 'PAGE29', 'PAGE30']);
    await sql`DELETE FROM candidature WHERE agent_id LIKE 'PAG%'`.execute(db);
  });

  test('une candidature : fiche, périodes, pièces, historique ; la lecture est inscrite aux consultations de l’agent', async () => {
    const a = candidats.alice;
    const avant = await nombre('consultation_dossier');
    const r = await gestion.get(u.candidatureGestion(campagneId, a.cid));
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Candidature de Alice AUBERT/);
    assert.match(r.body, /Maître formateur du 01\/09\/2011 au 31\/08\/2015/i);
    assert.match(r.body, /Déclarée par l’agent|Déclarée par l&#8217;agent/);
    assert.match(r.body, /Enregistrée \(validée\)/);
    assert.equal(await nombre('consultation_dossier'), avant + 1);
    const periodePage = await gestion.get(u.periodeGestion(campagneId, a.cid, a.periodes[0]!));
    assert.equal(periodePage.statusCode, 200);
    assert.match(periodePage.body, new RegExp(`<iframe src="${u.pieceCandidature(campagneId, a.cid, a.pieces[0]!)}"`));
    const image = await gestion.get(u.periodeGestion(campagneId, a.cid, a.periodes[1]!));
    assert.match(image.body, new RegExp(`<img src="${u.pieceCandidature(campagneId, a.cid, a.pieces[1]!)}" alt="Pièce justificative : arrêté CPC.png"`));
  });

  test('une pièce s’affiche dans le navigateur : son type, « inline », sans reniflage, encadrable par la page seulement', async () => {
    const a = candidats.alice;
    const pdf = await gestion.get(u.pieceCandidature(campagneId, a.cid, a.pieces[0]!));
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.headers['content-disposition'], `inline; filename="attestation-mf.pdf"; filename*=UTF-8''attestation-mf.pdf`);
    assert.equal(pdf.headers['x-content-type-options'], 'nosniff');
    assert.equal(pdf.headers['content-security-policy'], "frame-ancestors 'self'");
    assert.equal(pdf.rawPayload.compare(PDF), 0);
    const png = await gestion.get(u.pieceCandidature(campagneId, a.cid, a.pieces[1]!));
    assert.equal(png.headers['content-type'], 'image/png');
    assert.match(String(png.headers['content-disposition']), /^inline; filename="arrete CPC.png"; filename\*=UTF-8''arr%C3%AAt%C3%A9%20CPC.png$/);
    assert.match(String(png.headers['content-security-policy']), /sandbox/);
  });

  test('hors périmètre, autre campagne, mauvais parent, identifiant mal formé : 404 en français, rien d’inscrit', async () => {
    const { alice, bruno, chloe } = candidats;
    const avant = await nombre('consultation_dossier');
    const cas = [
      u.candidatureGestion(campagneId, chloe.cid),
      u.periodeGestion(campagneId, chloe.cid, chloe.periodes[0]!),
      u.pieceCandidature(campagneId, chloe.cid, chloe.pieces[0]!),
      u.candidatureGestion(autreCampagneId, alice.cid),
      u.pieceCandidature(autreCampagneId, alice.cid, alice.pieces[0]!),
      u.pieceCandidature(campagneId, bruno.cid, alice.pieces[0]!),
      u.periodeGestion(campagneId, bruno.cid, alice.periodes[0]!),
      u.candidatureGestion(campagneId, '99999999'),
      `${u.candidaturesGestion(campagneId)}/abc`,
      u.candidaturesGestion('x1'),
    ];
    for (const url of cas) {
      const r = await gestion.get(url);
      assert.equal(r.statusCode, 404, url);
      assert.match(r.body, /n(’|'|&#8217;|&#39;)existe pas/, url);
    }
    // A gestionnaire of another corps does not see the campaign at all.
    assert.equal((await gestionCertifies.get(liste())).statusCode, 404);
    assert.equal((await gestionCertifies.get(u.candidatureGestion(campagneId, alice.cid))).statusCode, 404);
    // An agent has no access to HR's pages.
    assert.equal((await alice.client.get(liste())).statusCode, 403);
    assert.equal(await nombre('consultation_dossier'), avant);
  });
});

describe('recevabilité (régime A)', () => {
  const decider = (c: ClientDeTest, k: Candidat, i: number, champs: Record<string, string>) => c.post(u.deciderPeriode(campagneId, k.cid, k.periodes[i]!), champs);
  const periodeEnBase = (id: string) => b.database.db.selectFrom('candidature_periode').select(['decision', 'motif', 'motif_texte', 'decidee_par_compte_id']).where('id', '=', id).executeTakeFirstOrThrow();

  test('avant l’examen (campagne ouverte), décider est refusé en français (409) et rien n’est écrit', async () => {
    await gestion.get(u.periodeGestion(campagneId, candidats.alice.cid, candidats.alice.periodes[0]!));
    const r = await decider(gestion, candidats.alice, 0, { decision: 'ACCEPTEE', motif: '', motif_texte: '' });
    assert.equal(r.statusCode, 409);
    assert.match(r.body, /l’examen des candidatures n’a pas commencé|l&#8217;examen des candidatures n&#8217;a pas commencé/);
    assert.equal((await periodeEnBase(candidats.alice.periodes[0]!)).decision, null);
    await fermerEtExaminer();
  });

  test('saisies invalides : 400 avec le message du champ, rien d’écrit', async () => {
    const historique = await nombre('evaluation_historique');
    const cas: Array<[Record<string, string>, string]> = [
      [{ decision: '', motif: '', motif_texte: '' }, 'Choisissez la décision : accepter ou rejeter la période.'],
      [{ decision: 'PEUT-ETRE', motif: '', motif_texte: '' }, 'Choisissez la décision : accepter ou rejeter la période.'],
      [{ decision: 'REJETEE', motif: '', motif_texte: '' }, 'Choisissez le motif du rejet : il est communiqué à l’agent.'],
      [{ decision: 'REJETEE', motif: 'INVENTE', motif_texte: '' }, 'Motif : choisissez une valeur de la liste.'],
      [{ decision: 'REJETEE', motif: 'AUTRE', motif_texte: '  ' }, 'Précisez ce motif : le texte est communiqué à l’agent.'],
      [{ decision: 'ACCEPTEE', motif: 'PIECE_MANQUANTE', motif_texte: '' }, 'Une période acceptée n’a pas de motif de rejet : choisissez « Aucun ».'],
      [{ decision: 'REJETEE', motif: 'AUTRE', motif_texte: 'x'.repeat(1001) }, 'La précision ne doit pas dépasser 1000 caractères.'],
    ];
    for (const [champs, message] of cas) {
      await gestion.get(u.periodeGestion(campagneId, candidats.alice.cid, candidats.alice.periodes[0]!));
      const r = await decider(gestion, candidats.alice, 0, champs);
      assert.equal(r.statusCode, 400, JSON.stringify(champs));
      assert.ok(r.body.includes(message) || r.body.includes(message.replace(/’/g, '&#8217;')), message);
      assert.match(r.body, /fr-alert--error/);
    }
    assert.equal((await periodeEnBase(candidats.alice.periodes[0]!)).decision, null);
    assert.equal(await nombre('evaluation_historique'), historique);
  });

  test('hors périmètre ou sous un autre parent : 404, rien d’écrit', async () => {
    const { alice, bruno, chloe } = candidats;
    await gestion.get(liste());
    const historique = await nombre('evaluation_historique');
    assert.equal((await gestion.post(u.deciderPeriode(campagneId, chloe.cid, chloe.periodes[0]!), { decision: 'ACCEPTEE', motif: '', motif_texte: '' })).statusCode, 404);
    assert.equal((await gestion.post(u.deciderPeriode(campagneId, bruno.cid, alice.periodes[0]!), { decision: 'ACCEPTEE', motif: '', motif_texte: '' })).statusCode, 404);
    assert.equal((await gestion.post(u.deciderPeriode(autreCampagneId, alice.cid, alice.periodes[0]!), { decision: 'ACCEPTEE', motif: '', motif_texte: '' })).statusCode, 404);
    assert.equal((await gestion.post(u.declarerCandidature(campagneId, chloe.cid))).statusCode, 404);
    assert.equal((await periodeEnBase(chloe.periodes[0]!)).decision, null);
    assert.equal((await periodeEnBase(alice.periodes[0]!)).decision, null);
    assert.equal(await nombre('evaluation_historique'), historique);
  });

  test('file d’examen : compteurs d’avancement et filtre « à examiner »', async () => {
    const r = await gestion.get(`${u.recevabilite(campagneId)}?statut=DEPOSEE`);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<p class="fr-h3 fr-mb-0">2<\/p>\s*<p class="fr-text--sm">candidatures déposées/);
    assert.match(r.body, /Avancement : 0 candidature examinée sur 2/);
    assert.match(r.body, /AUBERT Alice/);
    assert.match(r.body, /2 sur 2/, 'périodes à examiner');
    assert.equal((await gestion.get(`${u.recevabilite(campagneId)}?statut=BROUILLON`)).statusCode, 400, 'un brouillon n’est pas dans la file');
  });

  test('de DÉPOSÉE à RECEVABLE : deux périodes acceptées, déclarée par le moteur, l’agent informé', async () => {
    const a = candidats.alice;
    await gestion.get(u.candidatureGestion(campagneId, a.cid));
    const tot = await gestion.post(u.declarerCandidature(campagneId, a.cid));
    assert.equal(tot.statusCode, 409);
    assert.match(tot.body, /2 périodes déclarées restent à examiner/);

    await gestion.get(u.periodeGestion(campagneId, a.cid, a.periodes[0]!));
    let r = await decider(gestion, a, 0, { decision: 'ACCEPTEE', motif: '', motif_texte: 'Attestation de l’IEN conforme' });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, `${u.candidatureGestion(campagneId, a.cid)}?fait=periode-decidee#periode-${a.periodes[0]}`);
    r = await decider(gestion, a, 0, { decision: 'ACCEPTEE', motif: '', motif_texte: 'Attestation de l’IEN conforme' });
    assert.match(String(r.headers.location), /fait=periode-inchangee/, 'la même décision ne change rien');
    r = await decider(gestion, a, 1, { decision: 'ACCEPTEE', motif: '', motif_texte: '' });
    assert.equal(r.statusCode, 303);
    const p0 = await periodeEnBase(a.periodes[0]!);
    assert.deepEqual([p0.decision, p0.motif, p0.motif_texte], ['ACCEPTEE', null, 'Attestation de l’IEN conforme']);

    await gestion.get(u.candidatureGestion(campagneId, a.cid));
    r = await gestion.post(u.declarerCandidature(campagneId, a.cid));
    assert.equal(r.statusCode, 303);
    const c = await b.database.db.selectFrom('candidature').select('statut').where('id', '=', a.cid).executeTakeFirstOrThrow();
    assert.equal(c.statut, 'RECEVABLE');
    const h = await b.database.db.selectFrom('candidature_historique').select(['de', 'vers', 'evenement', 'par_compte_id', 'details']).where('candidature_id', '=', a.cid).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([h.de, h.vers, h.evenement], ['DEPOSEE', 'RECEVABLE', 'DECLARER_RECEVABLE']);
    assert.ok(h.par_compte_id);
    assert.deepEqual((h.details as { anneesRetenues: number }).anneesRetenues, 8);
    const examen = await b.database.db.selectFrom('evaluation_historique').select(['objet', 'cle', 'source']).where('agent_id', '=', a.agentId).orderBy('id').execute();
    assert.deepEqual(examen.map((e) => `${e.objet}:${e.cle}:${e.source}`), [`PERIODE:${a.periodes[0]}:PAGE`, `PERIODE:${a.periodes[1]}:PAGE`, `RECEVABILITE:${a.cid}:PAGE`]);
    const m = await b.database.db.selectFrom('message').select(['sujet', 'corps']).where('agent_id', '=', a.agentId).where('sujet', 'like', 'Candidature recevable%').executeTakeFirstOrThrow();
    assert.match(m.corps, /recevable au titre du premier vivier : 8 année\(s\)/);
    const mail = await b.database.db.selectFrom('courriel').select(['destinataire', 'sujet']).where('cle', 'like', `recevabilite:${a.cid}:%`).execute();
    assert.deepEqual(mail.map((x) => x.destinataire), ['aubert@ac-demo.invalid']);

    const encore = await gestion.post(u.declarerCandidature(campagneId, a.cid));
    assert.equal(encore.statusCode, 409);
    assert.match(encore.body, /déjà déclarée « Recevable »/);

    const vue = await a.client.get(u.candidature(campagneId));
    assert.match(vue.body, /Votre candidature est recevable/);
    assert.match(vue.body, /8 année\(s\) de fonctions ou de missions particulières retenue\(s\), pour 8 requise\(s\)/);
    const page = await gestion.get(u.candidatureGestion(campagneId, a.cid));
    assert.match(page.body, /Recevabilité jugée : Recevable \(8 année\(s\) retenue\(s\) sur 8 requise\(s\)\)/);
    assert.match(page.body, /Gaëlle Somme/);
  });

  test('de DÉPOSÉE à IRRECEVABLE : la période rejetée avec son motif, l’agent informé ; puis révisée, la candidature est jugée de nouveau', async () => {
    const k = candidats.bruno;
    await gestion.get(u.periodeGestion(campagneId, k.cid, k.periodes[0]!));
    let r = await decider(gestion, k, 0, { decision: 'REJETEE', motif: 'PIECE_MANQUANTE', motif_texte: 'Aucune attestation de l’IEN jointe.' });
    assert.equal(r.statusCode, 303);
    await gestion.get(u.candidatureGestion(campagneId, k.cid));
    r = await gestion.post(u.declarerCandidature(campagneId, k.cid));
    assert.equal(r.statusCode, 303);
    assert.equal((await b.database.db.selectFrom('candidature').select('statut').where('id', '=', k.cid).executeTakeFirstOrThrow()).statut, 'IRRECEVABLE');
    const m = await b.database.db.selectFrom('message').select(['sujet', 'corps']).where('agent_id', '=', k.agentId).where('sujet', 'like', 'Candidature irrecevable%').executeTakeFirstOrThrow();
    assert.match(m.corps, /irrecevable/);
    // The three years the dossier proves (REP school, prefilled at the start of the candidature) still count.
    assert.match(m.corps, /\(3 retenue\(s\), 8 requise\(s\)\)/);
    assert.match(m.corps, /Éducation prioritaire du 01\/09\/2011 au 31\/08\/2019 \(École élémentaire Jules Verne\) — motif : Pièce justificative manquante : Aucune attestation de l’IEN jointe\./);
    const vue = await k.client.get(u.candidature(campagneId));
    assert.match(vue.body, /Votre candidature est irrecevable/);
    assert.match(vue.body, /Non retenue — Pièce justificative manquante : Aucune attestation de l(’|&#8217;)IEN jointe\./);
    assert.match(vue.body, /second vivier/);

    // The gestionnaire revises: accepted, the engine finds 3 + 8 years; the candidature becomes recevable, the agent is told.
    await gestion.get(u.periodeGestion(campagneId, k.cid, k.periodes[0]!));
    r = await decider(gestion, k, 0, { decision: 'ACCEPTEE', motif: '', motif_texte: '' });
    assert.equal(r.statusCode, 303);
    assert.equal((await b.database.db.selectFrom('candidature').select('statut').where('id', '=', k.cid).executeTakeFirstOrThrow()).statut, 'RECEVABLE');
    const messages = await b.database.db.selectFrom('message').select('sujet').where('agent_id', '=', k.agentId).where('sujet', 'like', 'Candidature %').orderBy('id').execute();
    assert.deepEqual(messages.map((x) => x.sujet.split(' :')[0]), ['Candidature irrecevable', 'Candidature recevable']);
    const h = await b.database.db.selectFrom('candidature_historique').select(['de', 'vers']).where('candidature_id', '=', k.cid).where('evenement', 'like', 'DECLARER%').orderBy('id').execute();
    assert.deepEqual(h.map((x) => `${x.de}→${x.vers}`), ['DEPOSEE→IRRECEVABLE', 'IRRECEVABLE→RECEVABLE']);
  });

  test('une période du dossier ne se décide pas (409)', async () => {
    const k = candidats.bruno;
    const { id } = await b.database.db
      .insertInto('candidature_periode')
      .values({ candidature_id: k.cid, du: '2000-09-01', au: '2001-08-31', nature: 'EDUCATION_PRIORITAIRE', fonction: null, etablissement: 'École primaire Louise Michel', source: 'DOSSIER', commentaire: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await gestion.get(u.candidatureGestion(campagneId, k.cid));
    const r = await gestion.post(u.deciderPeriode(campagneId, k.cid, id), { decision: 'REJETEE', motif: 'PIECE_MANQUANTE', motif_texte: '' });
    assert.equal(r.statusCode, 409);
    assert.match(r.body, /prouvée par le dossier/);
    assert.equal((await periodeEnBase(id)).decision, null);
  });

  test('deux gestionnaires déclarent la même candidature en même temps : une seule déclaration', async () => {
    const { db } = b.database;
    // A fresh deposited candidature for Alice's colleague of the Somme, one declared period accepted beforehand.
    const k = candidats.alice;
    await sql`UPDATE candidature SET statut = 'DEPOSEE' WHERE id = ${k.cid}::bigint`.execute(db);
    await gestion.get(u.candidatureGestion(campagneId, k.cid));
    await gestionBis.get(u.candidatureGestion(campagneId, k.cid));
    const avant = await db.selectFrom('candidature_historique').select('id').where('candidature_id', '=', k.cid).where('evenement', 'like', 'DECLARER%').execute();
    const [r1, r2] = await Promise.all([gestion.post(u.declarerCandidature(campagneId, k.cid)), gestionBis.post(u.declarerCandidature(campagneId, k.cid))]);
    assert.deepEqual([r1.statusCode, r2.statusCode].sort(), [303, 409]);
    const apres = await db.selectFrom('candidature_historique').select('id').where('candidature_id', '=', k.cid).where('evenement', 'like', 'DECLARER%').execute();
    assert.equal(apres.length, avant.length + 1);
  });

  test('une fois le tableau arrêté, plus aucune décision (409), rien d’écrit', async () => {
    const { db } = b.database;
    await sql`UPDATE campagne SET statut = 'ARRETEE' WHERE id = ${campagneId}::bigint`.execute(db);
    const historique = await nombre('evaluation_historique');
    const k = candidats.bruno;
    await gestion.get(u.candidatureGestion(campagneId, k.cid));
    const r = await decider(gestion, k, 0, { decision: 'REJETEE', motif: 'PIECE_ILLISIBLE', motif_texte: '' });
    assert.equal(r.statusCode, 409);
    assert.match(r.body, /le tableau est arrêté/);
    assert.equal((await periodeEnBase(k.periodes[0]!)).decision, 'ACCEPTEE');
    assert.equal(await nombre('evaluation_historique'), historique);
    const page = await gestion.get(u.periodeGestion(campagneId, k.cid, k.periodes[0]!));
    assert.doesNotMatch(page.body, /Enregistrer la décision/, 'plus de formulaire');
    await sql`UPDATE campagne SET statut = 'EN_EXAMEN' WHERE id = ${campagneId}::bigint`.execute(db);
  });
});
