import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { banc, creerCompte, type Banc } from './shared/test/app.ts';
import { ClientDeTest } from './shared/test/client.ts';
import { connecter, insererAgent, insererEtablissements } from './features/dossier/dossier.fixtures.ts';
import { genererCode } from './features/portail/totp.ts';

/**
 * The CSRF check on posts of several features, with real tokens: none, empty, another session's, the anonymous
 * double-submit token of the same browser once logged in, and the token in the `x-csrf-token` header instead of (or
 * against) the form field. Each refusal is a 403 that changes nothing; each acceptance is the route's own success.
 */

let b: Banc;
/** Another user's browser, logged in: its token is valid, for its own session only. */
let autre: ClientDeTest;
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

before(async () => {
  b = await banc();
  await insererEtablissements(b.database);
  const c = await creerCompte(b.database);
  autre = new ClientDeTest(b.app);
  await autre.connecter(c.identifiant, c.motDePasse);
  await autre.get('/portail');
});
after(async () => {
  await b.fermer();
});

const db = () => b.database.db;

type Situation = {
  /** Logged in, last page is the form (its token is the session's). */
  client: ClientDeTest;
  url: string;
  champs: Record<string, string>;
  fichiers?: Array<{ champ: string; nom: string; contenu: Buffer; type: string }>;
  /** What the post changes when accepted. */
  etat(): Promise<unknown>;
  succes: number;
};

async function agentAvecPage(page: string) {
  const c = await creerCompte(b.database);
  const client = new ClientDeTest(b.app);
  await client.connecter(c.identifiant, c.motDePasse);
  assert.equal((await client.get(page)).statusCode, 200, page);
  return { c, client };
}

/** [title, multipart form (the token is read from the body only), a fresh situation] */
const ROUTES: Array<[string, boolean, () => Promise<Situation>]> = [
  [
    'portail : ajouter un favori',
    false,
    async () => {
      const { c, client } = await agentAvecPage('/portail');
      const app = await db().selectFrom('application').select('id').where('libelle', '=', 'I-Prof Enseignant').executeTakeFirstOrThrow();
      return { client, url: '/portail/favoris/ajouter', champs: { application_id: app.id }, etat: () => db().selectFrom('favori').select('application_id').where('compte_id', '=', c.id).execute(), succes: 303 };
    },
  ],
  [
    'connexion : se déconnecter',
    false,
    async () => {
      const { c, client } = await agentAvecPage('/portail');
      return { client, url: '/deconnexion', champs: {}, etat: () => db().selectFrom('session').select('id').where('compte_id', '=', c.id).execute(), succes: 303 };
    },
  ],
  [
    'clé OTP : activer sa clé',
    false,
    async () => {
      const c = await creerCompte(b.database);
      await db().insertInto('cle_otp').values({ compte_id: c.id, secret_base32: SECRET, statut: 'EMISE', pin_hash: null, dernier_pas: 0, emise_le: b.clock.now(), activee_le: null }).execute();
      const client = new ClientDeTest(b.app);
      await client.connecter(c.identifiant, c.motDePasse);
      await client.get('/portail/cle-otp');
      const etat = () => db().selectFrom('cle_otp').select(['statut', 'echecs_activation']).where('compte_id', '=', c.id).executeTakeFirst();
      return { client, url: '/portail/cle-otp', champs: { code: genererCode(SECRET, b.clock.now()), pin: '4321', pin_confirmation: '4321' }, etat, succes: 303 };
    },
  ],
  [
    'administration : déverrouiller un compte',
    false,
    async () => {
      const cible = await creerCompte(b.database);
      await db().updateTable('compte').set({ echecs_consecutifs: 10, verrouille_jusqu_au: new Date(b.clock.now().getTime() + 3_600_000) }).where('id', '=', cible.id).execute();
      const { client } = await connecter(b, { roles: ['ADMINISTRATEUR'] });
      await client.get(`/admin/comptes/${cible.id}`);
      const etat = () => db().selectFrom('compte').select(['echecs_consecutifs', 'verrouille_jusqu_au']).where('id', '=', cible.id).executeTakeFirst();
      return { client, url: `/admin/comptes/${cible.id}/deverrouiller`, champs: {}, etat, succes: 303 };
    },
  ],
  [
    'administration : créer un bandeau',
    false,
    async () => {
      const { client } = await connecter(b, { roles: ['ADMINISTRATEUR'] });
      await client.get('/admin/bandeaux/nouveau');
      const titre = `Bandeau ${Math.random().toString(36).slice(2, 8)}`;
      const champs = { titre, message: 'Le portail sera indisponible samedi.', niveau: 'warning', debut: '', fin: '', actif: 'on' };
      return { client, url: '/admin/bandeaux/nouveau', champs, etat: () => db().selectFrom('bandeau').select('id').where('titre', '=', titre).execute(), succes: 303 };
    },
  ],
  [
    'dossier : ajouter une activité au CV',
    false,
    async () => {
      const a = await insererAgent(b.database);
      const { client } = await connecter(b, { agentId: a.agentId });
      await client.get('/iprof/dossier/cv/activites/nouveau');
      const champs = { intitule: 'Coordonnatrice REP+', organisme: 'Réseau Amiens Nord', date_debut: '2018-09-01', date_fin: '', description: '' };
      return { client, url: '/iprof/dossier/cv/activites', champs, etat: () => db().selectFrom('cv_element').select('id').where('agent_id', '=', a.agentId).execute(), succes: 303 };
    },
  ],
  [
    'dossier : signaler une erreur avec une pièce (multipart)',
    true,
    async () => {
      const a = await insererAgent(b.database);
      const { client } = await connecter(b, { agentId: a.agentId });
      const url = `/iprof/dossier/signaler/carriere/${a.carriereIds[0]}`;
      await client.get(url);
      const etat = async () => ({
        signalements: await db().selectFrom('signalement').select('id').where('agent_id', '=', a.agentId).execute(),
        pieces: (await db().selectFrom('piece_justificative').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      });
      const fichiers = [{ champ: 'pieces', nom: 'arrete.pdf', contenu: PDF, type: 'application/pdf' }];
      return { client, url, champs: { message: 'Mon échelon 3 date du 1er mars 2019, pas du 1er septembre.' }, fichiers, etat, succes: 303 };
    },
  ],
  [
    'campagnes : créer une campagne',
    false,
    async () => {
      await db().deleteFrom('campagne').execute();
      const { client } = await connecter(b, { roles: ['GESTIONNAIRE'] });
      await client.get('/iprof/gestion/campagnes');
      const champs = { corps: 'PE', annee: '2019', ouverture: '2026-12-01T09:00', fermeture: '2026-12-15T17:00', promotions: '20' };
      return { client, url: '/iprof/gestion/campagnes', champs, etat: () => db().selectFrom('campagne').select(['corps', 'annee']).execute(), succes: 303 };
    },
  ],
];

type Jetons = { session: string; autreSession: string; anonyme: string };
/** [title, the form field (null: none), the x-csrf-token header (undefined: none), accepted, also for multipart] */
const CAS: Array<[string, (j: Jetons) => string | null, (j: Jetons) => string | undefined, boolean, boolean]> = [
  ['avec le jeton de sa session dans le formulaire : acceptée', (j) => j.session, () => undefined, true, true],
  ['sans jeton : refusée', () => null, () => undefined, false, true],
  ['avec un jeton vide : refusée', () => '', () => undefined, false, true],
  ['avec le jeton valide d’une autre session : refusée', (j) => j.autreSession, () => undefined, false, true],
  ['avec le jeton anonyme (cookie double soumission) du même navigateur, une fois connecté : refusée', (j) => j.anonyme, () => undefined, false, true],
  ['avec le jeton de sa session dans l’en-tête x-csrf-token seulement : acceptée', () => null, (j) => j.session, true, false],
  ['avec le jeton d’une autre session dans l’en-tête : refusée', () => null, (j) => j.autreSession, false, false],
  ['avec le jeton anonyme dans l’en-tête : refusée', () => null, (j) => j.anonyme, false, false],
  ['le champ prime sur l’en-tête : bon champ, mauvais en-tête, acceptée', (j) => j.session, (j) => j.autreSession, true, false],
  ['le champ prime sur l’en-tête : mauvais champ, bon en-tête, refusée', (j) => j.autreSession, (j) => j.session, false, false],
  ['le champ prime sur l’en-tête : champ vide, bon en-tête, refusée', () => '', (j) => j.session, false, false],
];

describe('CSRF sur les formulaires des fonctionnalités (connecté)', () => {
  for (const [route, multipart, preparer] of ROUTES) {
    describe(route, () => {
      for (const [titre, champ, entete, accepte, multipartAussi] of CAS) {
        if (multipart && !multipartAussi) continue;
        test(titre, async () => {
          const s = await preparer();
          assert.equal(Boolean(s.fichiers), multipart);
          const jetons: Jetons = { session: s.client.csrf()!, autreSession: autre.csrf()!, anonyme: s.client.cookies.get('vivier_csrf')! };
          assert.equal(jetons.session.length, 43);
          assert.equal(jetons.anonyme.length, 43, 'le navigateur garde le cookie anonyme de la page de connexion');
          assert.equal(new Set(Object.values(jetons)).size, 3, 'trois jetons différents');
          const avant = await s.etat();
          const csrf = champ(jetons);
          const enTete = entete(jetons);
          const r = s.fichiers
            ? await s.client.postMultipart(s.url, s.champs, s.fichiers, { csrf })
            : await s.client.post(s.url, s.champs, { csrf, ...(enTete === undefined ? {} : { headers: { 'x-csrf-token': enTete } }) });
          if (accepte) {
            assert.equal(r.statusCode, s.succes, r.body.slice(0, 300));
            assert.notDeepEqual(await s.etat(), avant, 'la requête acceptée a fait son effet');
          } else {
            assert.equal(r.statusCode, 403);
            assert.match(r.body, /Le formulaire a expiré ou ne provient pas de ce site/);
            assert.deepEqual(await s.etat(), avant, 'rien n’a changé');
          }
        });
      }
    });
  }
});

describe('CSRF sur la connexion (double soumission, avant connexion)', () => {
  async function tenter(o: { champ: (anonyme: string) => string | null; cookie: (anonyme: string) => string | null; entete?: (anonyme: string) => string }) {
    const c = await creerCompte(b.database);
    const client = new ClientDeTest(b.app);
    await client.get('/connexion');
    const anonyme = client.csrf()!;
    assert.equal(client.cookies.get('vivier_csrf'), anonyme, 'le formulaire porte le jeton du cookie');
    const cookie = o.cookie(anonyme);
    if (cookie === null) client.cookies.delete('vivier_csrf');
    else client.cookies.set('vivier_csrf', cookie);
    const r = await client.post('/connexion', { identifiant: c.identifiant, mot_de_passe: c.motDePasse }, { csrf: o.champ(anonyme), ...(o.entete ? { headers: { 'x-csrf-token': o.entete(anonyme) } } : {}) });
    const sessions = await db().selectFrom('session').select('id').where('compte_id', '=', c.id).execute();
    return { r, sessions: sessions.length };
  }

  const CAS_CONNEXION: Array<[string, Parameters<typeof tenter>[0], number]> = [
    ['jeton du formulaire égal au cookie : acceptée', { champ: (a) => a, cookie: (a) => a }, 303],
    ['jeton dans l’en-tête égal au cookie : acceptée', { champ: () => null, cookie: (a) => a, entete: (a) => a }, 303],
    ['jeton du formulaire sans le cookie : refusée', { champ: (a) => a, cookie: () => null }, 403],
    ['jeton vide et cookie vide : refusée', { champ: () => '', cookie: () => '' }, 403],
    ['jeton vide, cookie présent : refusée', { champ: () => '', cookie: (a) => a }, 403],
    ['jeton valide d’une session connectée : refusée', { champ: () => autre.csrf()!, cookie: (a) => a }, 403],
  ];
  for (const [titre, o, statut] of CAS_CONNEXION) {
    test(titre, async () => {
      const { r, sessions } = await tenter(o);
      assert.equal(r.statusCode, statut, r.body.slice(0, 300));
      assert.equal(sessions, statut === 303 ? 1 : 0);
    });
  }
});
