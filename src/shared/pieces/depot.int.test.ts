import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { banc, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import { seedDemo } from '../../demo/seed.ts';

/**
 * Reading of uploads through the real app: what is answered before the body is read (over real sockets, where the
 * bytes the server pulled off the wire can be counted), and malformed bodies on the two kinds of upload forms (the
 * error report, read into memory; the HR import, streamed to disk). Candidature forms: candidature.routes.int.test.ts.
 */

let b: Banc;
let port: number;
let agent: ClientDeTest;
let gestion: ClientDeTest;
const SIGNALER = '/iprof/dossier/signaler/identite/nom';
const IMPORTS = '/iprof/gestion/imports';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const MIO = 1024 * 1024;

/** Each request marked `x-essai`, as the server received it. */
const requetes = new Map<string, IncomingMessage>();

before(async () => {
  b = await banc();
  await seedDemo(b.database.db, b.clock);
  agent = new ClientDeTest(b.app);
  await agent.connecter('jdupont', 'Demo-Agent-2026!');
  gestion = new ClientDeTest(b.app);
  await gestion.connecter('gestion1', 'Demo-Gestion-2026!');
  await b.app.listen({ port: 0, host: '127.0.0.1' });
  port = (b.app.server.address() as AddressInfo).port;
  b.app.server.on('request', (req: IncomingMessage) => {
    const essai = req.headers['x-essai'];
    if (typeof essai === 'string') requetes.set(essai, req);
  });
});
after(async () => {
  await b.fermer();
});

async function compter() {
  const n = async (table: 'signalement' | 'piece_justificative' | 'import_rh') =>
    Number((await b.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { signalements: await n('signalement'), pieces: await n('piece_justificative'), imports: await n('import_rh') };
}

const cookieDe = (c: ClientDeTest) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** Multipart framing by hand: a field, a file part (no filename when `nom` is null), the closing boundary. */
const FRONTIERE = '----vivieressai';
const champ = (nom: string, valeur: string) => Buffer.from(`--${FRONTIERE}\r\nContent-Disposition: form-data; name="${nom}"\r\n\r\n${valeur}\r\n`);
const enteteFichier = (champNom: string, nom: string | null, type = 'application/pdf') =>
  Buffer.from(`--${FRONTIERE}\r\nContent-Disposition: form-data; name="${champNom}"${nom === null ? '' : `; filename="${nom}"`}\r\nContent-Type: ${type}\r\n\r\n`);
const FIN = Buffer.from(`\r\n--${FRONTIERE}--\r\n`);
const TYPE = `multipart/form-data; boundary=${FRONTIERE}`;

type Envoi = { statut: number; location: string | undefined; lusParLeServeur: number; envoiComplet: boolean; reponse: string };

/**
 * Posts over a real socket: `debut`, then `remplissage` bytes of file content written as fast as the server takes
 * them, then `fin`. Writing stops as soon as a response arrives. Returns the status the client received and the
 * bytes the server read from this connection (Node's socket counter), once the connection is closed.
 */
async function envoyerParSocket(opts: { chemin: string; cookie?: string; debut: Buffer; remplissage: number; fin?: Buffer; longueur?: number | null; jusquAuBout?: boolean }): Promise<Envoi> {
  const essai = Math.random().toString(36).slice(2);
  const fin = opts.fin ?? FIN;
  const longueur = opts.longueur === undefined ? opts.debut.length + opts.remplissage + fin.length : opts.longueur;
  const tete = [
    `POST ${opts.chemin} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    `Content-Type: ${TYPE}`,
    longueur === null ? 'Transfer-Encoding: chunked' : `Content-Length: ${longueur}`,
    `x-essai: ${essai}`,
    ...(opts.cookie ? [`Cookie: ${opts.cookie}`] : []),
    '',
    '',
  ].join('\r\n');
  const client = net.connect(port, '127.0.0.1');
  let recu = '';
  let ferme = false;
  client.on('data', (d: Buffer) => (recu += d.toString('latin1')));
  client.on('error', () => (ferme = true));
  client.on('close', () => (ferme = true));
  // A browser keeps sending its body after an early response (`jusquAuBout`); a script may stop there.
  const repondu = () => ferme || (!opts.jusquAuBout && recu.includes('\r\n\r\n'));
  const limite = Date.now() + 20_000;
  const ecrire = (morceau: Buffer) =>
    new Promise<boolean>((ok) => {
      if (repondu()) return ok(false);
      if (client.write(morceau)) return ok(true);
      // A server that stops reading without answering or closing leaves the writer waiting: give up at the limit.
      const minuterie = setTimeout(() => suite(), Math.max(0, limite - Date.now()));
      const suite = () => {
        clearTimeout(minuterie);
        client.off('drain', suite);
        client.off('close', suite);
        ok(!repondu() && Date.now() < limite);
      };
      client.on('drain', suite);
      client.on('close', suite);
    });
  const cadre = (m: Buffer) => (longueur === null ? Buffer.concat([Buffer.from(`${m.length.toString(16)}\r\n`), m, Buffer.from('\r\n')]) : m);
  await new Promise((ok) => client.once('connect', ok));
  let suite = await ecrire(Buffer.concat([Buffer.from(tete), cadre(opts.debut)]));
  const morceau = Buffer.alloc(64 * 1024, 0x41);
  for (let envoye = 0; suite && envoye < opts.remplissage; envoye += morceau.length) {
    suite = await ecrire(cadre(morceau.subarray(0, Math.min(morceau.length, opts.remplissage - envoye))));
  }
  if (suite) await ecrire(longueur === null ? Buffer.concat([cadre(fin), Buffer.from('0\r\n\r\n')]) : fin);
  const complete = () => /\r\n\r\n/.test(recu) && (!/\r\ncontent-length: (\d+)/i.test(recu) || Buffer.byteLength(recu.slice(recu.indexOf('\r\n\r\n') + 4), 'latin1') >= Number(/\r\ncontent-length: (\d+)/i.exec(recu)![1]));
  while (!complete() && !ferme && Date.now() < limite) await new Promise((ok) => setTimeout(ok, 10));
  const envoiComplet = suite;
  client.destroy();
  const serveur = requetes.get(essai)?.socket;
  assert.ok(serveur, 'la requête est arrivée au serveur');
  if (!serveur.destroyed) await new Promise((ok) => serveur.once('close', ok));
  const statut = Number(/^HTTP\/1\.1 (\d{3})/.exec(recu)?.[1]);
  assert.ok(statut, `réponse reçue par le client (reçu : ${JSON.stringify(recu.slice(0, 80))})`);
  return { statut, location: /\r\nlocation: ([^\r]*)/i.exec(recu)?.[1], lusParLeServeur: serveur.bytesRead, envoiComplet, reponse: Buffer.from(recu, 'latin1').toString('utf8') };
}

/** Five files of 10 Mio, the largest body the forms accept (the attack of the review: 50 Mo per post). */
function cinquanteMo(debut: Buffer): { debut: Buffer; remplissage: number; fin: Buffer } {
  const fichiers = Array.from({ length: 4 }, (_, i) => Buffer.concat([enteteFichier('pieces', `piece${i}.pdf`), PDF, Buffer.alloc(10 * MIO - PDF.length, 0x41), Buffer.from('\r\n')]));
  return { debut: Buffer.concat([debut, ...fichiers, enteteFichier('pieces', 'piece4.pdf'), PDF]), remplissage: 10 * MIO - PDF.length, fin: FIN };
}

describe('envois refusés avant la lecture du corps', () => {
  test('un envoi anonyme de 50 Mo reçoit le renvoi vers la connexion sans que son corps soit lu', async (t) => {
    const avant = await compter();
    const r = await envoyerParSocket({ chemin: SIGNALER, ...cinquanteMo(champ('_csrf', 'x'.repeat(43))) });
    assert.equal(r.statut, 303);
    assert.match(r.location ?? '', /^\/connexion\?/);
    t.diagnostic(`octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.ok(r.lusParLeServeur < MIO, `octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.deepEqual(await compter(), avant);
  });

  test('un envoi connecté de 50 Mo sans jeton en premier champ : 403, fichiers non lus', async (t) => {
    await agent.get(SIGNALER);
    const avant = await compter();
    const r = await envoyerParSocket({ chemin: SIGNALER, cookie: cookieDe(agent), ...cinquanteMo(champ('message', 'Mon nom est mal orthographié.')) });
    assert.equal(r.statut, 403);
    t.diagnostic(`octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.ok(r.lusParLeServeur < MIO, `octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.deepEqual(await compter(), avant);
  });

  test('un envoi connecté de 50 Mo avec un faux jeton : 403, fichiers non lus', async (t) => {
    const avant = await compter();
    const r = await envoyerParSocket({ chemin: SIGNALER, cookie: cookieDe(agent), ...cinquanteMo(champ('_csrf', 'y'.repeat(43))) });
    assert.equal(r.statut, 403);
    t.diagnostic(`octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.ok(r.lusParLeServeur < MIO, `octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.deepEqual(await compter(), avant);
  });

  test('un envoi annonçant plus de 51 Mio (cinq pièces de 10 Mio et les champs) : 413, rien de lu, et le message dit la limite dans son unité', async (t) => {
    await agent.get(SIGNALER);
    const debut = Buffer.concat([champ('_csrf', agent.csrf()!), champ('message', 'Mon nom est mal orthographié.'), enteteFichier('pieces', 'gros.pdf'), PDF]);
    const r = await envoyerParSocket({ chemin: SIGNALER, cookie: cookieDe(agent), debut, remplissage: 52 * MIO });
    assert.equal(r.statut, 413);
    assert.match(r.reponse, /L’envoi dépasse 51 Mio au total/);
    t.diagnostic(`octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.ok(r.lusParLeServeur < MIO, `octets lus par le serveur : ${r.lusParLeServeur}`);
  });

  test('un envoi sans longueur annoncée (découpé en morceaux) : 411, rien de lu', async (t) => {
    await agent.get(SIGNALER);
    const debut = Buffer.concat([champ('_csrf', agent.csrf()!), enteteFichier('pieces', 'a.pdf'), PDF]);
    const r = await envoyerParSocket({ chemin: SIGNALER, cookie: cookieDe(agent), debut, remplissage: 4 * MIO, longueur: null });
    assert.equal(r.statut, 411);
    t.diagnostic(`octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.ok(r.lusParLeServeur < MIO, `octets lus par le serveur : ${r.lusParLeServeur}`);
  });
});

describe('refus en cours de lecture, une fois le jeton vérifié', () => {
  test('l’import d’un fichier inattendu suivi de 8 Mo : la page d’erreur arrive et l’envoi va jusqu’au bout', async (t) => {
    await gestion.get(IMPORTS);
    const debut = Buffer.concat([champ('_csrf', gestion.csrf()!), enteteFichier('fichiers', 'paie.csv', 'text/csv'), Buffer.from('x\r\n'), enteteFichier('fichiers', 'agents.csv', 'text/csv')]);
    const avant = await compter();
    const r = await envoyerParSocket({ chemin: IMPORTS, cookie: cookieDe(gestion), debut, remplissage: 8 * MIO, jusquAuBout: true });
    t.diagnostic(`octets lus par le serveur : ${r.lusParLeServeur}`);
    assert.equal(r.statut, 400);
    assert.match(r.reponse, /Fichier inattendu : « paie\.csv »/);
    assert.doesNotMatch(r.reponse, /\r\nconnection: close/i);
    assert.ok(r.envoiComplet, 'la connexion n’a pas été coupée pendant l’envoi');
    assert.ok(r.lusParLeServeur > 8 * MIO, 'le reste du corps a été lu et jeté');
    assert.deepEqual(await compter(), avant);
  });
});

describe('envois simultanés d’une même session', () => {
  /** A post with no token (a file first): 403 while the session may upload, 429 when it already has two uploads in progress. */
  const sonde = async (client: ClientDeTest) =>
    (await b.app.inject({ method: 'POST', url: SIGNALER, payload: Buffer.concat([enteteFichier('pieces', 'a.pdf'), PDF, FIN]), headers: { cookie: cookieDe(client), 'content-type': TYPE } })).statusCode;
  async function attendre(condition: () => boolean | Promise<boolean>, quoi: string) {
    for (const fin = Date.now() + 10_000; !(await condition()); await new Promise((ok) => setTimeout(ok, 20))) if (Date.now() > fin) assert.fail(`attendu : ${quoi}`);
  }

  test('deux envois en cours au plus : le troisième reçoit 429 ; une fois les premiers finis, l’envoi passe', async () => {
    const client = new ClientDeTest(b.app);
    await client.connecter('jdupont', 'Demo-Agent-2026!');
    await client.get(SIGNALER);
    const corps = Buffer.concat([champ('_csrf', client.csrf()!), champ('message', 'Mon nom est mal orthographié : LEFEBVRE.'), enteteFichier('pieces', 'cni.pdf'), PDF]);
    // Two uploads that announce 1 Mio and stop after their first bytes, like slow connections.
    const lents = ['lent1', 'lent2'].map((essai) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => {});
      s.write(`POST ${SIGNALER} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${TYPE}\r\nContent-Length: ${MIO}\r\nx-essai: ${essai}\r\nCookie: ${cookieDe(client)}\r\n\r\n`);
      s.write(corps);
      return s;
    });
    try {
      // Each holds its place once the server reads its body (the place is taken just before): no probe before that,
      // or a probe would take a place itself.
      await attendre(() => ['lent1', 'lent2'].every((e) => requetes.get(e)?.readableFlowing === true), 'les deux envois lents en cours de lecture');
      assert.equal(await sonde(client), 429);
      const refus = await b.app.inject({ method: 'POST', url: SIGNALER, payload: Buffer.concat([corps, FIN]), headers: { cookie: cookieDe(client), 'content-type': TYPE } });
      assert.equal(refus.statusCode, 429);
      assert.match(refus.body, /Vous avez déjà 2 envois de fichiers en cours/);
      assert.equal(refus.headers.connection, 'close');
      // Another session is not held back.
      assert.equal(await sonde(agent), 403);
    } finally {
      for (const s of lents) s.destroy();
    }
    await attendre(async () => (await sonde(client)) === 403, 'les places rendues à la fermeture des connexions');
    const avant = await compter();
    for (let i = 0; i < 3; i++) {
      await client.get(SIGNALER);
      const ok = await client.postMultipart(SIGNALER, { message: 'Mon nom est mal orthographié : LEFEBVRE.' }, [{ champ: 'pieces', nom: 'cni.pdf', contenu: PDF }]);
      assert.equal(ok.statusCode, 303, 'les envois successifs rendent leur place');
    }
    assert.equal((await compter()).signalements, avant.signalements + 3);
  });
});

describe('corps mal formés : une page 400 en français, rien d’écrit', () => {
  const MAL_FORME = /Le formulaire envoyé est incomplet ou mal formé : rien n’a été enregistré/;

  test('sans frontière, anonyme (curl -H "Content-Type: multipart/form-data" --data x) : renvoi vers la connexion', async () => {
    const r = await b.app.inject({ method: 'POST', url: SIGNALER, payload: 'x', headers: { 'content-type': 'multipart/form-data' } });
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), /^\/connexion\?/);
  });

  for (const [page, chemin, client] of [
    ['le signalement', SIGNALER, () => agent],
    ['l’import RH', IMPORTS, () => gestion],
  ] as const) {
    test(`${page} sans frontière, connecté : 400`, async () => {
      const avant = await compter();
      const r = await b.app.inject({ method: 'POST', url: chemin, payload: 'x', headers: { cookie: cookieDe(client()), 'content-type': 'multipart/form-data' } });
      assert.equal(r.statusCode, 400);
      assert.match(r.body, MAL_FORME);
      assert.deepEqual(await compter(), avant);
    });

    test(`${page}, corps tronqué (fichier sans frontière de fin) : 400`, async () => {
      await client().get(chemin);
      const avant = await compter();
      const [champFichier, nom] = chemin === IMPORTS ? ['fichiers', 'agents.csv'] : ['pieces', 'a.pdf'];
      const payload = Buffer.concat([champ('_csrf', client().csrf()!), champ('message', 'Mon nom est mal orthographié.'), enteteFichier(champFichier, nom), PDF]);
      const r = await b.app.inject({ method: 'POST', url: chemin, payload, headers: { cookie: cookieDe(client()), 'content-type': TYPE } });
      assert.equal(r.statusCode, 400);
      assert.match(r.body, MAL_FORME);
      assert.deepEqual(await compter(), avant);
    });
  }

  test('le signalement, un fichier sans nom (application/octet-stream) : le formulaire revient avec l’erreur', async () => {
    await agent.get(SIGNALER);
    const avant = await compter();
    const payload = Buffer.concat([champ('_csrf', agent.csrf()!), champ('message', 'Mon nom est mal orthographié : LEFEBVRE.'), enteteFichier('pieces', null, 'application/octet-stream'), PDF, FIN]);
    const sansNom = await b.app.inject({ method: 'POST', url: SIGNALER, payload, headers: { cookie: cookieDe(agent), 'content-type': TYPE } });
    assert.equal(sansNom.statusCode, 400);
    assert.match(sansNom.body, /Un des fichiers envoyés n’a pas de nom/);
    assert.match(sansNom.body, /Mon nom est mal orthographié : LEFEBVRE\./, 'le message saisi est réaffiché');
    assert.deepEqual(await compter(), avant);
  });

  test('l’import RH, un fichier sans nom : 400 sur la page d’import', async () => {
    await gestion.get(IMPORTS);
    const avant = await compter();
    const payload = Buffer.concat([champ('_csrf', gestion.csrf()!), enteteFichier('fichiers', null, 'application/octet-stream'), Buffer.from('uai;nom\n'), FIN]);
    const r = await b.app.inject({ method: 'POST', url: IMPORTS, payload, headers: { cookie: cookieDe(gestion), 'content-type': TYPE } });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /Import impossible/);
    assert.match(r.body, /Un des fichiers déposés n’a pas de nom/);
    assert.deepEqual(await compter(), avant);
  });
});

describe('noms de fichiers : caractères de contrôle et de direction retirés', () => {
  test('le nom d’une pièce est enregistré sans U+202E ni caractère invisible', async () => {
    await agent.get(SIGNALER);
    const r = await agent.postMultipart(SIGNALER, { message: 'Mon nom est mal orthographié : LEFEBVRE.' }, [{ champ: 'pieces', nom: 'arr\u00eat\u00e9\u202Efdp.exe\u200B\u2066.pdf', contenu: PDF }]);
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    const p = await b.database.db.selectFrom('piece_justificative').select('nom_fichier').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(p.nom_fichier, 'arrêtéfdp.exe.pdf');
  });

  test('l’import RH ne recopie pas un nom trompeur dans son message de refus', async () => {
    await gestion.get(IMPORTS);
    const payload = Buffer.concat([champ('_csrf', gestion.csrf()!), enteteFichier('fichiers', 'agents\u202Evsc.exe', 'text/csv'), Buffer.from('x'), FIN]);
    const r = await b.app.inject({ method: 'POST', url: IMPORTS, payload, headers: { cookie: cookieDe(gestion), 'content-type': TYPE } });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /Fichier inattendu : « agentsvsc\.exe »/);
    assert.doesNotMatch(r.body, /\u202E/);
  });
});
