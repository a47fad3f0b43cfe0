import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import { codeBaseInjoignable, DossierLectureSeuleError, estDisquePlein, estDossierLectureSeule, estEchecLectureSeule } from './indisponible.ts';

/** The errors as pg, pg-pool and Node really produce them, against sockets of this test (no database needed). */
describe('erreurs réelles du pilote : « base injoignable » ou non', () => {
  let portFerme: number;
  let muet: net.Server; // accepts connections and never answers
  let raccrocheur: net.Server; // accepts connections and closes them at once
  const sockets = new Set<net.Socket>();

  const ecouter = (s: net.Server) => new Promise<number>((ok) => s.listen(0, '127.0.0.1', () => ok((s.address() as net.AddressInfo).port)));

  before(async () => {
    const s = net.createServer();
    portFerme = await ecouter(s);
    await new Promise((ok) => s.close(ok));
    muet = net.createServer((c) => sockets.add(c));
    raccrocheur = net.createServer((c) => c.destroy());
  });
  after(async () => {
    for (const c of sockets) c.destroy();
    await Promise.all([muet, raccrocheur].map((s) => new Promise((ok) => (s.listening ? s.close(ok) : ok(null)))));
  });

  const echec = async (f: () => Promise<unknown>): Promise<unknown> => {
    try {
      await f();
    } catch (err) {
      return err;
    }
    assert.fail('une erreur était attendue');
  };

  test('connexion refusée (serveur arrêté) : ECONNREFUSED', async () => {
    const err = await echec(() => new pg.Client({ host: '127.0.0.1', port: portFerme, user: 'x', database: 'x' }).connect());
    assert.equal(codeBaseInjoignable(err), 'ECONNREFUSED');
  });

  test('connexion coupée par le serveur pendant l’ouverture : connexion interrompue', async () => {
    const port = await ecouter(raccrocheur);
    const err = await echec(() => new pg.Client({ host: '127.0.0.1', port, user: 'x', database: 'x' }).connect());
    assert.equal((err as Error).message, 'Connection terminated unexpectedly');
    assert.equal(codeBaseInjoignable(err), 'CONNEXION_INTERROMPUE');
  });

  test('serveur muet : délai de connexion du pool, puis délai d’attente d’un client libre', async () => {
    const port = await ecouter(muet);
    const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'x', database: 'x', max: 1, connectionTimeoutMillis: 150 });
    const [nouveau, enFile] = await Promise.all([echec(() => pool.connect()), echec(() => pool.connect())]);
    assert.equal(codeBaseInjoignable(nouveau), 'DELAI_CONNEXION', String(nouveau));
    assert.equal(codeBaseInjoignable(enFile), 'DELAI_CONNEXION', String(enFile));
    await pool.end();
  });

  test('nom d’hôte inconnu : ENOTFOUND', async () => {
    const err = await echec(() => new pg.Client({ host: 'hote-inexistant.invalid', port: 5432, user: 'x', database: 'x' }).connect());
    assert.ok(['ENOTFOUND', 'EAI_AGAIN'].includes(codeBaseInjoignable(err) ?? ''), String(err));
  });
});

describe('formes reconnues et refusées', () => {
  const cas: Array<[titre: string, erreur: unknown, attendu: string | null]> = [
    ['arrêt rapide ou pg_terminate_backend : 57P01', { name: 'error', severity: 'FATAL', code: '57P01', message: 'terminating connection due to administrator command' }, '57P01'],
    ['arrêt immédiat d’un autre processus serveur : 57P02', { code: '57P02', message: 'terminating connection because of crash of another server process' }, '57P02'],
    ['serveur qui démarre ou s’arrête : 57P03', { code: '57P03', message: 'the database system is starting up' }, '57P03'],
    ['classe 08 (connexion) : 08006', { code: '08006', message: 'connection failure' }, '08006'],
    ['trop de connexions : 53300', { code: '53300', message: 'sorry, too many clients already' }, '53300'],
    ['erreur d’un worker pg-boss recopiée (message suffixé, objet simple)', { message: 'Connection terminated unexpectedly (Queue: __pgboss__send-it, Worker: 1)' }, 'CONNEXION_INTERROMPUE'],
    ['requête sur un client déjà mort', new Error('Client has encountered a connection error and is not queryable'), 'CONNEXION_INTERROMPUE'],
    ['adresses multiples toutes refusées (AggregateError de Node)', new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' })], ''), 'ECONNREFUSED'],
    ['violation d’unicité : pas une panne', { code: '23505', message: 'duplicate key value violates unique constraint' }, null],
    ['annulation par statement_timeout : pas une panne', { code: '57014', message: 'canceling statement due to statement timeout' }, null],
    ['requête HTTP abandonnée par le navigateur (ECONNRESET sans syscall) : pas la base', Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), null],
    ['erreur quelconque', new Error('boum'), null],
    ['pas un objet', 'ECONNREFUSED', null],
  ];
  for (const [titre, erreur, attendu] of cas) {
    test(titre, () => assert.equal(codeBaseInjoignable(erreur), attendu));
  }
});

describe('disque plein (53100)', () => {
  test('reconnu sur l’erreur et dans sa cause ; une autre classe 53 ou une erreur sans code ne l’est pas', () => {
    assert.equal(estDisquePlein(Object.assign(new Error('could not extend file "base/5/1": No space left on device'), { code: '53100' })), true);
    assert.equal(estDisquePlein(new Error('enveloppe', { cause: { code: '53100' } })), true);
    assert.equal(estDisquePlein({ code: '53200' }), false);
    assert.equal(estDisquePlein(new Error('No space left on device')), false);
    assert.equal(estDisquePlein(null), false);
    assert.equal(codeBaseInjoignable({ code: '53100' }), null, 'pas « réessayez dans un instant »');
  });
});

describe('dossier de la base embarquée en lecture seule (EROFS)', () => {
  // PGlite 0.5.17's own errors, as seen in src/db/lecture-seule.pannes.test.ts (its SQLSTATE there is 42501).
  const ecriture = Object.assign(new Error('could not write to log file "000000010000000000000001" at offset 7569408, length 8192: Read-only file system'), { code: '42501' });
  const ouverture = Object.assign(new Error('could not open file "base/5/2650": Read-only file system'), { code: '42501' });

  test('les erreurs de PGlite sur un dossier en lecture seule sont reconnues, pas un simple refus de droits', () => {
    assert.equal(estEchecLectureSeule(ecriture), true);
    assert.equal(estEchecLectureSeule(ouverture), true);
    assert.equal(estEchecLectureSeule(Object.assign(new Error('permission denied for table compte'), { code: '42501' })), false);
    assert.equal(estEchecLectureSeule(null), false);
  });

  test('l’erreur de Vivier qui la remplace : 503 « lecture seule » aux requêtes, « injoignable » pour les tâches de fond', () => {
    const e = new DossierLectureSeuleError('/srv/vivier/data', { cause: ecriture });
    assert.match(e.message, /^La base embarquée ne peut plus écrire dans son dossier de données \/srv\/vivier\/data .*redémarrez Vivier\.$/);
    assert.equal(estDossierLectureSeule(e), true);
    assert.equal(estDossierLectureSeule(new Error('rollback', { cause: e })), true);
    assert.equal(estDossierLectureSeule(ecriture), false, 'l’erreur brute de PGlite est d’abord remplacée par le client (connection.ts)');
    assert.equal(codeBaseInjoignable(e), 'EROFS');
    assert.equal(estDisquePlein(e), false);
  });
});
