import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { HTTPMethods, InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import { banc, type Banc } from './test/app.ts';
import { ClientDeTest } from './test/client.ts';
import { connecter, insererAgent, insererEtablissements } from './features/dossier/dossier.fixtures.ts';
import { createCampagneService } from './features/campagnes/campagne.service.ts';
import { nouvelleCampagne } from './features/campagnes/campagne.schemas.ts';
import { createFournisseurOidc } from './features/portail/proconnect.ts';
import { demarrerFournisseurOidc, type FournisseurDeTest } from './test/oidc.ts';
import {
  PARAMETRES_HOSTILES,
  REQUETES_HOSTILES,
  corpsAleatoire,
  corpsHostiles,
  multipartsHostiles,
  defautDeReponse,
  generateur,
  parametreAleatoire,
  requeteAleatoire,
  type Corps,
  type Generateur,
} from './test/fuzz.ts';

/*
 * Route fuzz test (issue 10). Every route the app declares (listed as declared, by the `surRoute` hook: a route added
 * tomorrow is fuzzed tomorrow), every method, as every role (anonymous, agent, gestionnaire of the whole académie and of
 * a part, évaluateur, autorité, administrateur), logged in through the real form and posting the session's real CSRF
 * token. URL parameters start from real rows of the bench (a campaign, a contestation, its pièce…) so that the deep code
 * runs, then are mutated; hostile query strings and bodies (issue 10's list) and a bounded random set drawn from a fixed
 * seed complete it. It fails on any 5xx, on an error that is not a French page, and on a refused request (4xx) that wrote
 * anything (counted by triggers on every business table).
 */

const GRAINE = Number(process.env.VIVIER_FUZZ_GRAINE ?? 20261206);
const ALEATOIRES_PAR_ROUTE = 3;
const PDF = Buffer.from('%PDF-1.4\n% pièce\n%%EOF\n');

let b: Banc;
const routes: Array<{ methode: string; url: string }> = [];
type Role = 'anonyme' | 'agent' | 'gestionnaire' | 'gestionnairePartiel' | 'evaluateur' | 'autorite' | 'administrateur' | 'correspondant';
const clients = {} as Record<Role, ClientDeTest>;
/** A real value of each URL parameter, by "parent segment>segment:param" (most precise first). */
const valeurs = new Map<string, string>();
/** Route-specific values, by the start of the route's URL (a campaign in another state than the one of `valeurs`). */
const valeursDeRoute = new Map<string, Record<string, string>>();
/** Field names of every form the roles were shown: the fuzzed bodies use them. */
const champsVus = new Set<string>();
/** Field names of each multipart form (upload form) the roles were shown, by its action: its multipart bodies use them. */
const champsMultipart = new Map<string, Set<string>>();
/** The options of every route: an upload route is marked `csrfDansLeFlux` by its depot scope (shared/pieces/depot.ts). */
const optionsDesRoutes: RouteOptions[] = [];
/**
 * Upload forms that the bench's state does not show (a draft's period form, a regime B contest, a recours already
 * filed, an évaluateur's loading of a campaign in another state): their fields, as their views declare them. An upload
 * route neither shown nor listed here fails the test.
 */
const CHAMPS_DES_DEPOTS_CACHES: Record<string, readonly string[]> = {
  'POST /iprof/candidater/:id/periodes': ['du', 'au', 'nature', 'fonction', 'etablissement', 'commentaire', 'pieces'],
  'POST /iprof/candidater/:id/contester': ['message', 'pieces'],
  'POST /iprof/resultats/:id/recours': ['texte', 'pieces'],
  'POST /iprof/evaluation/campagnes/:id/chargement': ['fichier'],
};
/** Upload routes that got the multipart bodies of their form, for one role at least. */
const depotsFuzzes = new Set<string>();

/** Refusals that write by design: a failed sign-in or OTP activation is counted (lockout) and logged. */
const ECRITURE_ATTENDUE_SUR_REFUS = new Set([
  'POST /connexion',
  'POST /portail/cle-otp',
  'POST /connexion/proconnect/confirmation',
  // A WebAuthn challenge is used once, whatever the answer: a refused answer consumes it (and a refused second factor
  // counts a failure on the account).
  'POST /portail/securite/cles-acces',
  'POST /connexion/second-facteur',
]);

// ProConnect's routes exist only when a provider is configured: a real one (oidc-provider on loopback) is.
let fournisseur: FournisseurDeTest;

before(async () => {
  fournisseur = await demarrerFournisseurOidc({ urlPublique: 'http://vivier.test' });
  b = await banc({
    fournisseurOidc: createFournisseurOidc(fournisseur.config('http://vivier.test')),
    surRoute: (r: RouteOptions) => {
      for (const m of [r.method].flat()) routes.push({ methode: m, url: r.url });
      optionsDesRoutes.push(r);
    },
  });
  await b.app.ready();
  const { db } = b.database;
  await insererEtablissements(b.database);
  const a = await insererAgent(b.database, { corps: 'PE', uaiCourante: '0801234A' });
  await insererAgent(b.database, { corps: 'CERTIFIE', uaiCourante: '0600001X' });

  const campagnes = createCampagneService({ db, clock: b.clock });
  const campagneId = await campagnes.creer(nouvelleCampagne.parse({ corps: 'PE', annee: 2022, ouverture: '2026-11-30T08:00:00Z', fermeture: '2026-12-20T17:00:00+01:00', promotions: 10 }), null);
  await campagnes.appliquerEcheances();
  const le = new Date('2026-11-30T09:00:00Z');
  const piece = { nom_fichier: 'piece.pdf', type_contenu: 'application/pdf' as const, taille: PDF.length, sha256: crypto.createHash('sha256').update(PDF).digest('hex'), contenu: PDF, cree_le: le };
  const candidature = await db.insertInto('candidature').values({ campagne_id: campagneId, agent_id: a.agentId, statut: 'ENREGISTREE', cree_le: le, modifie_le: le, validee_le: le, reference: 'FUZZ-1' }).returning('id').executeTakeFirstOrThrow();
  const periode = await db
    .insertInto('candidature_periode')
    .values({ candidature_id: candidature.id, du: '2010-09-01', au: '2015-08-31', nature: 'FONCTION', fonction: 'DIRECTEUR_ECOLE', etablissement: '0801234A', source: 'AGENT', commentaire: 'Direction' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pieceCandidature = await db.insertInto('candidature_piece').values({ periode_id: periode.id, ...piece }).returning('id').executeTakeFirstOrThrow();
  const document = await db.insertInto('candidature_document').values({ candidature_id: candidature.id, type: 'FICHE', emis_le: le, sha256: piece.sha256, pdf: PDF }).returning('id').executeTakeFirstOrThrow();
  const contestation = await db
    .insertInto('contestation')
    .values({ campagne_id: campagneId, agent_id: a.agentId, message: 'Contestation', statut: 'EN_ATTENTE', cree_le: le, decidee_le: null, decidee_par_compte_id: null, decision: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pieceContestation = await db.insertInto('contestation_piece').values({ contestation_id: contestation.id, ...piece }).returning('id').executeTakeFirstOrThrow();
  const signalement = await db
    .insertInto('signalement')
    .values({ agent_id: a.agentId, auteur_compte_id: null, cible_type: 'SERVICE', cible_id: a.serviceIds[1]!, cible_libelle: 'Affectation', valeur_signalee: JSON.stringify({}), message: 'Erreur', cree_le: le, traite_le: null, traite_par_compte_id: null, motif_rejet: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pieceSignalement = await db.insertInto('piece_justificative').values({ signalement_id: signalement.id, ...piece }).returning('id').executeTakeFirstOrThrow();
  const cv = await db
    .insertInto('cv_element')
    .values({ agent_id: a.agentId, rubrique: 'ACTIVITE', categorie: null, intitule: 'Formatrice', organisme: null, niveau: null, date_debut: '2015-09-01', date_fin: null, duree_heures: null, description: null, cree_le: le, modifie_le: le })
    .returning('id')
    .executeTakeFirstOrThrow();
  const imp = await db.insertInto('import_rh').values({ lance_par_compte_id: null, source: 'fuzz', debut: le, fin: le, statut: 'REUSSI', compteurs: JSON.stringify({}), erreurs: JSON.stringify([]) }).returning('id').executeTakeFirstOrThrow();
  const courriel = await db
    .insertInto('courriel')
    .values({ cle: 'fuzz-1', destinataire: 'agent@ac-demo.invalid', sujet: 'Sujet', corps: 'Corps', document_type: null, document_id: null, cree_le: le, envoye_le: null, derniere_erreur: null, prochain_essai_le: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const bandeau = await db.insertInto('bandeau').values({ titre: 'Bandeau', message: 'Message', niveau: 'info', debut: null, fin: null }).returning('id').executeTakeFirstOrThrow();
  // A published campaign (2023) with its table and a recours of the agent: the results and recours pages.
  const publiee = await db
    .insertInto('campagne')
    .values({ corps: 'PE', annee: 2023, regime: 'A', ouverture: new Date('2026-01-05T08:00:00Z'), fermeture: new Date('2026-01-20T16:00:00Z'), promotions: 1, parametres: JSON.stringify({}), statut: 'PUBLIEE', cree_par_compte_id: null, cree_le: le, publiee_le: le })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tableau = await db
    .insertInto('tableau')
    .values({ campagne_id: publiee.id, statut: 'PUBLIE', version_regles: '2023', parametres: JSON.stringify({}), empreinte_entrees: '0'.repeat(64), nb_lignes: 1, arrete_par_compte_id: null, arrete_le: le, rouvert_par_compte_id: null, rouvert_le: null, motif_reouverture: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('tableau_ligne').values({ tableau_id: tableau.id, liste: 1, rang: 1, agent_id: a.agentId, nom: 'LEFÈVRE', prenom: 'Hélène', vivier: 1, bareme: 100, palier: null, appreciation: null, promu: true }).execute();
  const recours = await db.insertInto('recours').values({ campagne_id: publiee.id, agent_id: a.agentId, texte: 'Recours', statut: 'DEPOSE', reponse: null, repondu_par_compte_id: null, repondu_le: null, cree_le: le }).returning('id').executeTakeFirstOrThrow();
  const pieceRecours = await db.insertInto('recours_piece').values({ recours_id: recours.id, ...piece }).returning('id').executeTakeFirstOrThrow();
  const application = await db.selectFrom('application').select(['id', 'rubrique_id']).orderBy('id').executeTakeFirstOrThrow();

  const agent = await connecter(b, { roles: ['AGENT'], agentId: a.agentId });
  clients.agent = agent.client;
  await db.insertInto('favori').values({ compte_id: agent.compte.id, application_id: application.id, ordre: 1 }).execute();
  const cleAcces = await db
    .insertInto('cle_acces')
    .values({ compte_id: agent.compte.id, identifiant_webauthn: 'ZnV6eg', cle_publique: new Uint8Array([1, 2, 3]), compteur: 0, transports: ['internal'], nom: 'Clé du fuzz', creee_le: le, utilisee_le: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessionAgent = await db.selectFrom('session').select('numero').where('compte_id', '=', agent.compte.id).executeTakeFirstOrThrow();
  const message = await db
    .insertInto('message')
    .values({ compte_id: agent.compte.id, agent_id: a.agentId, categorie: 'CAMPAGNE', sujet: 'Message', corps: 'Corps', cree_le: le, lu_le: null, document_type: null, document_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  clients.gestionnaire = (await connecter(b, { roles: ['GESTIONNAIRE'], perimetre: {} })).client;
  clients.gestionnairePartiel = (await connecter(b, { roles: ['GESTIONNAIRE'], perimetre: { corps: ['PE'], departements: ['060'] } })).client;
  const evaluateur = await connecter(b, { roles: ['EVALUATEUR'], perimetre: { corps: ['PE'], departements: ['080'] } });
  await db.updateTable('compte').set({ qualite_evaluateur: 'INSPECTEUR' }).where('id', '=', evaluateur.compte.id).execute();
  clients.evaluateur = evaluateur.client;
  clients.autorite = (await connecter(b, { roles: ['AUTORITE'], perimetre: {} })).client;
  clients.administrateur = (await connecter(b, { roles: ['ADMINISTRATEUR'] })).client;
  // A union with a list of each scope, an agent subscribed, and a correspondent of that union.
  const syndicat = await db.insertInto('syndicat').values({ sigle: 'FUZZ', nom: 'Syndicat du fuzz' }).returning('id').executeTakeFirstOrThrow();
  const liste = await db.insertInto('liste_syndicale').values({ syndicat_id: syndicat.id, portee: 'ACADEMIQUE', libelle: 'Liste académique', description: null }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('liste_syndicale').values({ syndicat_id: syndicat.id, portee: 'NATIONALE', libelle: 'Liste nationale', description: null }).execute();
  await db.insertInto('abonnement_syndical').values({ compte_id: agent.compte.id, liste_id: liste.id, depuis_le: le }).execute();
  const correspondant = await connecter(b, { roles: ['CORRESPONDANT_SYNDICAL'] });
  await db.insertInto('correspondant_syndical').values({ syndicat_id: syndicat.id, compte_id: correspondant.compte.id, depuis_le: le }).execute();
  clients.correspondant = correspondant.client;
  // The administrator's "retirer" acts on another correspondent: the role's own link stays for its export.
  const autreCorrespondant = await connecter(b, { roles: ['CORRESPONDANT_SYNDICAL'], nom: 'Correspondant retiré par le fuzz' });
  await db.insertInto('correspondant_syndical').values({ syndicat_id: syndicat.id, compte_id: autreCorrespondant.compte.id, depuis_le: le }).execute();
  clients.anonyme = new ClientDeTest(b.app);
  await clients.anonyme.get('/connexion');
  // The administrator's pages act on an account of no role of the test: a password change there closes no session used.
  const victime = await connecter(b, { roles: ['AGENT'], nom: 'Compte modifié par le fuzz' });

  for (const [cle, v] of Object.entries({
    'favoris:id': application.id,
    'candidater:id': campagneId,
    'periodes:pid': periode.id,
    'candidater>pieces:pid': pieceCandidature.id,
    'candidatures>pieces:pid': pieceCandidature.id,
    'contestations>pieces:pid': pieceContestation.id,
    'documents:id': document.id,
    'cv:rubrique': 'activites',
    'cv>:rubrique:id': cv.id,
    'signaler:cible': 'service',
    'signaler>:cible:id': a.serviceIds[1]!,
    'signalements:id': signalement.id,
    'dossier:onglet': 'affectations',
    'agents:agentId': a.agentId,
    'agents>:agentId:onglet': 'situation',
    'campagnes:id': campagneId,
    'contestations:cid': contestation.id,
    'candidatures:cid': candidature.id,
    'imports:id': imp.id,
    'iprof>pieces:id': pieceSignalement.id,
    'messages:id': message.id,
    'comptes:id': victime.compte.id,
    'courriels:id': courriel.id,
    'rubriques:id': application.rubrique_id,
    'applications:id': application.id,
    'bandeaux:id': bandeau.id,
    'abonnements:portee': 'academiques',
    'syndicats:id': syndicat.id,
    'syndicats:syndicatId': syndicat.id,
    'listes:listeId': liste.id,
    'correspondants:compteId': autreCorrespondant.compte.id,
    'resultats:id': publiee.id,
    'recours:rid': recours.id,
    'recours>pieces:pid': pieceRecours.id,
    'tableau.:format': 'csv',
    'cles-acces:id': cleAcces.id,
    'sessions:numero': sessionAgent.numero,
    'dsfr:*': 'dsfr.min.css',
    'static:*': 'vivier.css',
  }))
    valeurs.set(cle, v);
  // The recours pages of the gestionnaire are under the published campaign.
  valeursDeRoute.set('/iprof/gestion/campagnes/:id/recours', { id: publiee.id });

  await installerCompteurEcritures();
});
after(async () => {
  await b?.fermer();
  await fournisseur?.fermer();
});

/**
 * One row per write statement that changed rows, on every table but the sessions and the sign-in log (which a
 * request may write when it only reads: opening a session, a failed sign-in). Statement triggers with transition
 * tables: a statement that changes nothing is not counted; a rolled-back write leaves no row.
 */
async function installerCompteurEcritures() {
  const { db } = b.database;
  await sql`CREATE TABLE fuzz_ecriture (id bigserial PRIMARY KEY, nom_table text NOT NULL, lignes bigint NOT NULL)`.execute(db);
  for (const [fn, tableTransition] of [['fuzz_noter_nouvelles', 'nouvelles'], ['fuzz_noter_anciennes', 'anciennes']] as const) {
    await sql
      .raw(
        `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
           INSERT INTO fuzz_ecriture (nom_table, lignes) SELECT TG_TABLE_NAME, count(*) FROM ${tableTransition} HAVING count(*) > 0;
           RETURN NULL; END $$`,
      )
      .execute(db);
  }
  // Attempt counters are written by refused requests too, by design: the sign-in journal (tentative_connexion) and the
  // per-address limit shared by the processes (limite_adresse: a request refused for its CSRF token still counts).
  const tables = await sql<{ nom: string }>`SELECT tablename AS nom FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('session', 'tentative_connexion', 'limite_adresse', 'fuzz_ecriture', 'kysely_migration', 'kysely_migration_lock')`.execute(db);
  for (const { nom } of tables.rows) {
    await sql.raw(`CREATE TRIGGER fuzz_i AFTER INSERT ON "${nom}" REFERENCING NEW TABLE AS nouvelles FOR EACH STATEMENT EXECUTE FUNCTION fuzz_noter_nouvelles()`).execute(db);
    await sql.raw(`CREATE TRIGGER fuzz_u AFTER UPDATE ON "${nom}" REFERENCING NEW TABLE AS nouvelles FOR EACH STATEMENT EXECUTE FUNCTION fuzz_noter_nouvelles()`).execute(db);
    await sql.raw(`CREATE TRIGGER fuzz_d AFTER DELETE ON "${nom}" REFERENCING OLD TABLE AS anciennes FOR EACH STATEMENT EXECUTE FUNCTION fuzz_noter_anciennes()`).execute(db);
  }
}

async function derniereEcriture(): Promise<number> {
  const r = await sql<{ n: string | null }>`SELECT max(id) AS n FROM fuzz_ecriture`.execute(b.database.db);
  return Number(r.rows[0]?.n ?? 0);
}
async function ecrituresDepuis(id: number): Promise<string[]> {
  const r = await sql<{ nom_table: string; lignes: string }>`SELECT nom_table, lignes FROM fuzz_ecriture WHERE id > ${id} ORDER BY id`.execute(b.database.db);
  return r.rows.map((x) => `${x.nom_table} (${x.lignes})`);
}

/**
 * Nothing half-written, checked in the database once every request has run: each stored pièce is whole (its size and
 * its SHA-256 are those of its bytes), each candidature with a history is in the state its last history row leads to,
 * each campaign likewise, and no import is left running.
 */
async function incoherencesDeLaBase(): Promise<string[]> {
  const { db } = b.database;
  const defauts: string[] = [];
  for (const table of ['candidature_piece', 'contestation_piece', 'piece_justificative', 'recours_piece']) {
    const r = await sql<{ id: string }>`SELECT id::text FROM ${sql.table(table)} WHERE taille <> octet_length(contenu) OR sha256 <> encode(sha256(contenu), 'hex')`.execute(db);
    for (const x of r.rows) defauts.push(`base : pièce ${table} ${x.id} tronquée (taille ou empreinte fausse)`);
  }
  const candidatures = await sql<{ id: string; statut: string; vers: string }>`SELECT c.id::text, c.statut, h.vers FROM candidature c
    JOIN LATERAL (SELECT vers FROM candidature_historique WHERE candidature_id = c.id ORDER BY id DESC LIMIT 1) h ON true WHERE h.vers <> c.statut`.execute(db);
  for (const x of candidatures.rows) defauts.push(`base : candidature ${x.id} ${x.statut} alors que son historique finit en ${x.vers}`);
  const campagnes = await sql<{ id: string; statut: string; vers: string }>`SELECT c.id::text, c.statut, h.vers FROM campagne c
    JOIN LATERAL (SELECT vers FROM campagne_historique WHERE campagne_id = c.id ORDER BY id DESC LIMIT 1) h ON true WHERE h.vers <> c.statut`.execute(db);
  for (const x of campagnes.rows) defauts.push(`base : campagne ${x.id} ${x.statut} alors que son historique finit en ${x.vers}`);
  const imports = await sql<{ id: string }>`SELECT id::text FROM import_rh WHERE statut = 'EN_COURS'`.execute(db);
  for (const x of imports.rows) defauts.push(`base : import ${x.id} resté EN_COURS`);
  return defauts;
}

const segments = (url: string) => url.split('/').filter(Boolean);

/** The bench's value of the parameter at `i` in the route's segments, by its closest named parents. */
function valeurReelle(segs: string[], i: number): string {
  const nom = segs[i]!;
  const url = `/${segs.join('/')}`;
  const param = nom === '*' ? '*' : nom.slice(nom.indexOf(':') + 1);
  for (const [debut, v] of valeursDeRoute) if (url.startsWith(debut) && v[param] !== undefined) return v[param];
  // A parameter inside a segment ("tableau.:format") is named by that segment.
  if (!nom.startsWith(':') && nom !== '*') {
    const v = valeurs.get(nom);
    if (v === undefined) throw new Error(`Aucune valeur du banc pour « ${nom} » de ${url} : ajoutez-en une (clé « ${nom} »).`);
    return v;
  }
  const p1 = segs[i - 1]!;
  const p2 = segs.slice(0, i - 1).filter((s) => !s.startsWith(':')).pop();
  const v = (p2 !== undefined ? valeurs.get(`${p2}>${p1}:${param}`) : undefined) ?? valeurs.get(`${p1}:${param}`);
  if (v === undefined) throw new Error(`Aucune valeur du banc pour « ${nom} » de ${segs.join('/')} : ajoutez-en une (clé « ${p2}>${p1}:${param} » ou « ${p1}:${param} »).`);
  return v;
}

type Requete = { nom: string; methode: string; url: string; corps?: Corps };
type Route = { methode: string; url: string };

/** The route with the bench's real values in its URL (and, for a POST, a form holding only the session's token). */
function requeteReelle(route: Route, csrf: string): Requete {
  const segs = segments(route.url);
  const url = `/${segs.map((s, i) => (estParametre(s) ? remplacerDans(s, valeurReelle(segs, i)) : s)).join('/')}`;
  const jeton = { nom: 'formulaire avec le seul jeton', options: { payload: `_csrf=${encodeURIComponent(csrf)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } } };
  return { nom: 'valeurs réelles', methode: route.methode, url, ...(route.methode === 'POST' ? { corps: jeton } : {}) };
}
const estParametre = (s: string) => s.includes(':') || s === '*';
/** The segment with its parameter replaced ("tableau.:format" → "tableau.csv"). */
const remplacerDans = (s: string, v: string) => (s === '*' || s.startsWith(':') ? v : s.slice(0, s.indexOf(':')) + v);

/**
 * The other requests of one route for one role: each parameter mutated, hostile queries, hostile bodies, random ones.
 * `complet` false (the role is refused at the door, or the route renders a PDF): one mutated parameter, the bodies
 * parsed before the door, one random request.
 */
function mutations(route: Route, csrf: string, g: Generateur, complet: boolean): Requete[] {
  const segs = segments(route.url);
  const reels = segs.map((s, i) => (estParametre(s) ? valeurReelle(segs, i) : s));
  const construire = (remplacer: (i: number) => string | null) => `/${segs.map((s, i) => (estParametre(s) ? remplacerDans(s, remplacer(i) ?? reels[i]!) : s)).join('/')}`;
  const url = construire(() => null);
  const m = route.methode;
  const out: Requete[] = [];
  const params = segs.flatMap((s, i) => (estParametre(s) ? [i] : []));
  for (const i of params) for (const h of complet ? PARAMETRES_HOSTILES : PARAMETRES_HOSTILES.slice(0, 1)) out.push({ nom: `${segs[i]} = ${h.slice(0, 30)}`, methode: m, url: construire((j) => (j === i ? h : null)) });
  if (m === 'HEAD') return out.slice(0, 1);
  // Every query is read by one hook before any handler (refuserAdresseIllisible): a POST gets two of them.
  if (complet) for (const q of m === 'POST' ? REQUETES_HOSTILES.slice(0, 2) : REQUETES_HOSTILES) out.push({ nom: `?${q.slice(0, 40)}`, methode: m, url: `${url}?${q}` });
  if (m === 'POST') {
    for (const c of corpsHostiles(csrf, [...champsVus])) if (complet || c.transport) out.push({ nom: c.nom, methode: m, url, corps: c });
    // An upload form's own fields, in multipart bodies that get past the token and the parts limit to the form's checks.
    const cle = `${m} ${route.url}`;
    const champsDuDepot = champsMultipart.get(url) ?? CHAMPS_DES_DEPOTS_CACHES[cle];
    if (complet && champsDuDepot) {
      depotsFuzzes.add(cle);
      for (const c of multipartsHostiles(csrf, [...champsDuDepot])) out.push({ nom: c.nom, methode: m, url, corps: c });
    }
  }
  for (let k = 0; k < (complet ? ALEATOIRES_PAR_ROUTE : 1); k++) {
    const u = construire(() => (g.suivant() < 0.4 ? parametreAleatoire(g) : null));
    const q = g.suivant() < 0.5 ? `?${requeteAleatoire(g)}` : '';
    out.push({ nom: 'aléatoire', methode: m, url: `${u}${q}`, ...(m === 'POST' ? { corps: corpsAleatoire(g, csrf, [...champsVus]) } : {}) });
  }
  return out;
}

function envoyer(client: ClientDeTest, r: Requete): Promise<LightMyRequestResponse> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const options: InjectOptions = {
    method: r.methode as HTTPMethods,
    url: r.url,
    remoteAddress: client.adresse,
    ...(r.corps?.options.payload !== undefined ? { payload: r.corps.options.payload } : {}),
    headers: { ...(cookie ? { cookie } : {}), 'user-agent': 'vivier-fuzz', ...r.corps?.options.headers },
  };
  return b.app.inject(options);
}

function jetonDe(role: Role): string {
  if (role === 'anonyme') return clients.anonyme.cookies.get('vivier_csrf')!;
  return clients[role].csrf()!;
}

/**
 * An import started by a request writes in the background: wait for its end (the next counts must not see it), and
 * say if it ended on a technical error rather than the file/line errors of its report.
 */
async function attendreImports(): Promise<string | null> {
  for (let i = 0; i < 400; i++) {
    const dernier = await b.database.db.selectFrom('import_rh').select(['id', 'statut']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    if (dernier.statut === 'ERREUR_TECHNIQUE' || dernier.statut === 'INTERROMPU') return `import ${dernier.id} terminé en ${dernier.statut}`;
    if (dernier.statut !== 'EN_COURS') return null;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error('un import lancé par le fuzz ne se termine pas');
}

/** Counts for the summary line, and (VIVIER_FUZZ_SORTIE=file) the time spent per route, to keep the test short. */
function statistiques() {
  const parStatut = new Map<number, number>();
  const durees = new Map<string, number>();
  let total = 0;
  return {
    noter(cle: string, statut: number, ms: number) {
      total += 1;
      parStatut.set(statut, (parStatut.get(statut) ?? 0) + 1);
      durees.set(cle, (durees.get(cle) ?? 0) + ms);
    },
    resume: () => `${total} requêtes ; statuts ${[...parStatut].sort((x, y) => x[0] - y[0]).map(([s, n]) => `${s}×${n}`).join(', ')}`,
    lentes: () => [...durees].sort((x, y) => y[1] - x[1]).slice(0, 30).map(([k, v]) => `${Math.round(v)} ms ${k}`),
  };
}

test('fuzz de toutes les routes, pour chaque rôle : aucun 500, des erreurs en français, rien d’écrit par une requête refusée', async () => {
  // POST /deconnexion last: it closes the role's session.
  const uniques = [...new Map(routes.map((r) => [`${r.methode} ${r.url}`, r])).values()].sort((x, y) => Number(x.url === '/deconnexion') - Number(y.url === '/deconnexion'));
  const g = generateur(GRAINE);
  const defauts: string[] = [];
  const stats = statistiques();
  const roles = Object.keys(clients) as Role[];
  /** Statuses of each route's real request, by role: some role must get past the door. */
  const reelles = new Map<string, number[]>();

  // The pages every role can see, first: their forms give the field names the bodies use.
  for (const role of roles) {
    for (const r of uniques.filter((x) => x.methode === 'GET')) {
      const page = await envoyer(clients[role], requeteReelle(r, ''));
      for (const m of page.body.matchAll(/name="([^"]{1,60})"/g)) if (m[1] !== '_csrf') champsVus.add(m[1]!);
      for (const f of page.body.matchAll(/<form\b[^>]*\baction="([^"?#]+)[^"]*"[^>]*\benctype="multipart\/form-data"[^>]*>([\s\S]*?)<\/form>/g)) {
        const champs = champsMultipart.get(f[1]!) ?? new Set<string>();
        for (const m of f[2]!.matchAll(/name="([^"]{1,60})"/g)) if (m[1] !== '_csrf') champs.add(m[1]!);
        champsMultipart.set(f[1]!, champs);
      }
    }
  }
  // A page of the session gives its token (the header's logout form carries it).
  for (const role of roles) if (role !== 'anonyme') await clients[role].get('/portail');

  for (const role of roles) {
    const client = clients[role];
    const csrf = jetonDe(role);
    assert.ok(csrf, `jeton CSRF de ${role}`);
    for (const route of uniques) {
      const cle = `${route.methode} ${route.url}`;
      let avant = await derniereEcriture();
      let complet = true;
      const file = [requeteReelle(route, csrf)];
      for (let k = 0; k < file.length; k++) {
        const req = file[k]!;
        const t0 = performance.now();
        const r = await envoyer(client, req);
        stats.noter(cle, r.statusCode, performance.now() - t0);
        const titre = `${role} ${req.methode} ${req.url.slice(0, 120)} [${req.nom}]`;
        const defaut = defautDeReponse(req.methode, r);
        if (defaut) defauts.push(`${titre} : ${defaut}${r.statusCode >= 500 ? ` — ${r.body.slice(0, 200)}` : ''}`);
        if (String(r.headers.location ?? '').startsWith('/iprof/gestion/imports/')) {
          const echec = await attendreImports();
          if (echec) defauts.push(`${titre} : ${echec}`);
        }
        const apres = await derniereEcriture();
        if (apres !== avant && r.statusCode >= 400 && !ECRITURE_ATTENDUE_SUR_REFUS.has(cle)) {
          const ecrit = await ecrituresDepuis(avant);
          // A form refused for its fields (400) is shown again with the dossier it is about: that read is logged.
          const relecture = r.statusCode === 400 && ecrit.every((e) => e.startsWith('consultation_dossier '));
          if (!relecture) defauts.push(`${titre} : refusée (${r.statusCode}) mais a écrit ${ecrit.join(', ')}`);
        }
        avant = apres;
        if (k === 0) {
          reelles.set(cle, [...(reelles.get(cle) ?? []), r.statusCode]);
          // A role refused at the door (sign-in redirect, 403) never reaches the handler; a PDF would be rendered
          // again for each case, for nothing more: fewer cases for both.
          const refusee = r.statusCode === 403 || (r.statusCode === 303 && String(r.headers.location).startsWith('/connexion'));
          complet = !refusee && !String(r.headers['content-type']).startsWith('application/pdf');
          file.push(...mutations(route, csrf, g, complet));
        }
      }
    }
  }
  // Every upload route got the multipart bodies of its form (fields read on its page, or listed for a hidden form).
  const depots = [...new Set(optionsDesRoutes.filter((r) => (r.config as { csrfDansLeFlux?: boolean } | undefined)?.csrfDansLeFlux).flatMap((r) => [r.method].flat().map((m) => `${m} ${r.url}`)))];
  assert.ok(depots.length >= 6, `routes de dépôt relevées : ${depots.join(', ')}`);
  console.log(`routes de dépôt : ${depots.join(', ')} ; formulaires multipart vus : ${[...champsMultipart].map(([a, c]) => `${a} (${[...c].join(', ')})`).join(' ; ')}`);
  assert.deepEqual(depots.filter((d) => !depotsFuzzes.has(d)), [], 'routes de dépôt sans corps multipart de leur formulaire (ajoutez leurs champs à CHAMPS_DES_DEPOTS_CACHES)');
  console.log(`fuzz (graine ${GRAINE}, VIVIER_FUZZ_GRAINE pour une autre) : ${uniques.length} routes × méthodes, ${roles.length} rôles, ${stats.resume()}`);
  // The real values get past the door and the form parsing for some role (success, redirect, or the form's own 400
  // or 409): otherwise the mutations of that route never reach its deep code.
  const jamaisAtteintes = [...reelles].filter(([, statuts]) => !statuts.some((s) => s < 400 || s === 400 || s === 409)).map(([k, statuts]) => `${k} (${[...new Set(statuts)].join(', ')})`);
  if (process.env.VIVIER_FUZZ_SORTIE) (await import('node:fs')).writeFileSync(process.env.VIVIER_FUZZ_SORTIE, [...defauts, '', ...stats.lentes()].join('\n'));
  defauts.push(...(await incoherencesDeLaBase()));
  // The HR import's CSV with a NUL byte went through the page, and ended on its file/line error (not a crash).
  const imports = await b.database.db.selectFrom('import_rh').select(['statut', 'erreurs']).where('source', 'like', 'Dépôt web%').execute();
  assert.ok(
    imports.some((i) => i.statut === 'ECHEC' && JSON.stringify(i.erreurs).includes('CARACTERE_INTERDIT')),
    `l’import du CSV à l’octet nul finit en erreur de fichier et de ligne (${JSON.stringify(imports).slice(0, 300)})`,
  );
  assert.deepEqual(jamaisAtteintes, [], 'routes que les valeurs du banc n’atteignent pour aucun rôle');
  assert.deepEqual(defauts.slice(0, 60), [], `${defauts.length} défauts (graine ${GRAINE})`);
});
