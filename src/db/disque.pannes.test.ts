import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './connection.ts';
import { AgentHttp, demarrerServeurDePanne, lancerServeurDePanne } from '../test/pannes.ts';

/**
 * The embedded database (PGlite) on a disk that fills up, and on a data folder mounted read-only: a clear message,
 * nothing half-written, the data intact afterwards. The disk is a small tmpfs the test mounts (root needed, as for the
 * other fault tests); the read-only folder is a read-only bind mount of the same data.
 */

let racine: string;
let disque: string;
let lectureSeule: string;
const montes: string[] = [];

before(() => {
  racine = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-disque-'));
  disque = path.join(racine, 'disque');
  lectureSeule = path.join(racine, 'lecture-seule');
  fs.mkdirSync(disque);
  fs.mkdirSync(lectureSeule);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160m', 'tmpfs', disque]);
  montes.push(disque);
});

after(() => {
  for (const m of montes.reverse()) execFileSync('umount', ['-l', m]);
  fs.rmSync(racine, { recursive: true, force: true });
});

/** Fills the disk to the last byte; returns a function that frees it. */
function remplir(): () => void {
  const fichier = path.join(disque, 'remplissage');
  const fd = fs.openSync(fichier, 'w');
  const bloc = Buffer.alloc(1 << 20);
  try {
    for (;;) fs.writeSync(fd, bloc);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  // The last partial block: byte by byte chunks until nothing fits.
  for (const taille of [65536, 4096, 512, 1]) {
    try {
      for (;;) fs.writeSync(fd, bloc, 0, taille);
    } catch {
      // full at this size
    }
  }
  fs.closeSync(fd);
  return () => fs.rmSync(fichier);
}

/** Path, size and modification time of every file of a folder: equal before and after means nothing was written. */
function empreinte(dossier: string): string {
  return (fs.readdirSync(dossier, { recursive: true }) as string[])
    .sort()
    .map((f) => {
      const s = fs.statSync(path.join(dossier, f));
      return `${f} ${s.size} ${s.mtimeMs}`;
    })
    .join('\n');
}

describe('base embarquée : disque plein, dossier en lecture seule', () => {
  test('disque plein en marche : 503 qui le dit, le processus reste debout, reprise dès l’espace libéré, données intactes', async () => {
    const donnees = path.join(disque, 'data');
    // Behind a proxy (TRUST_PROXY): each login from an address of its own, the login limit does not interfere.
    const env = { VIVIER_DATA_DIR: donnees, VIVIER_DEMO: '1', TRUST_PROXY: '1' };
    const serveur = await lancerServeurDePanne('', env);
    let connexions = 0;
    try {
      const avant = new AgentHttp(serveur.url, '10.1.0.1');
      await avant.connecter('jdupont', 'Demo-Agent-2026!');
      const liberer = remplir();
      // Rows still fit in the pages already allocated: logins go through until a table must grow, then 503.
      let refus: Awaited<ReturnType<AgentHttp['requete']>> | null = null;
      for (let i = 0; i < 400 && !refus; i++) {
        const a = new AgentHttp(serveur.url, `10.2.${Math.floor(i / 250)}.${(i % 250) + 1}`);
        await a.requete('/connexion');
        const r = await a.requete('/connexion', { champs: { identifiant: 'mmartin', mot_de_passe: 'Demo-Agent-2026!' } });
        if (r.statut === 303) connexions++;
        else refus = r;
      }
      assert.ok(refus, `${connexions} connexions sur un disque plein, aucune refusée`);
      assert.equal(refus.statut, 503, refus.corps.slice(0, 500));
      assert.match(refus.corps, /Le disque du serveur est plein : votre demande n’a pas été enregistrée/);
      assert.equal(refus.reessayer, '60');
      assert.equal((await fetch(`${serveur.url}/sante/vivant`)).status, 200, 'le processus est toujours là');
      assert.equal((await avant.requete('/portail')).statut, 200, 'les sessions ouvertes lisent toujours');
      liberer();
      const apres = new AgentHttp(serveur.url, '10.1.0.2');
      await apres.connecter('mmartin', 'Demo-Agent-2026!');
      connexions++;
      assert.equal(await serveur.arreter(), 0, 'arrêt normal');
      const journal = serveur.journal();
      assert.ok(journal.some((l) => l.msg === 'base de données : disque plein, écriture refusée' && l.level === 50), 'une erreur pour l’exploitant');
      assert.deepEqual(journal.filter((l) => l.level >= 50 && l.msg !== 'base de données : disque plein, écriture refusée').map((l) => l.msg), []);
    } finally {
      await serveur.arreter();
    }
    // Reopened: the folder is a sound database, with the two logins and not the refused one.
    const h = await openDatabase({ dataDir: donnees });
    try {
      const sessions = await h.db.selectFrom('session').innerJoin('compte', 'compte.id', 'session.compte_id').select('compte.identifiant').execute();
      assert.equal(sessions.filter((s) => s.identifiant === 'jdupont').length, 1);
      assert.equal(sessions.filter((s) => s.identifiant === 'mmartin').length, connexions, 'chaque connexion acceptée, et elles seules');
      const comptes = await h.db.selectFrom('compte').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      console.log(`disque plein (PGlite) : ${connexions - 1} connexions acceptées tant que les pages avaient de la place, puis 503 « disque plein », connexion acceptée après libération ; base rouverte saine (${comptes.n} comptes, ${sessions.length} sessions, exactement celles acceptées)`);
    } finally {
      await h.close();
    }
  });

  test('dossier de données en lecture seule : démarrage refusé avec un message qui le dit, rien d’écrit', async () => {
    const donnees = path.join(disque, 'data');
    execFileSync('mount', ['--bind', donnees, lectureSeule]);
    montes.push(lectureSeule);
    execFileSync('mount', ['-o', 'remount,bind,ro', lectureSeule]);
    const avant = empreinte(donnees);
    const serveur = await demarrerServeurDePanne('', { VIVIER_DATA_DIR: lectureSeule, VIVIER_DEMO: '0' });
    const code = await Promise.race([serveur.fin, new Promise<'attente'>((ok) => setTimeout(() => ok('attente'), 60_000))]);
    await serveur.tuer();
    assert.equal(code, 1, serveur.sortie());
    assert.match(serveur.sortie(), new RegExp(`Le dossier de données ${lectureSeule.replace(/[/.]/g, '\\$&')} est en lecture seule \\(EROFS`));
    assert.doesNotMatch(serveur.sortie(), /at .*\.ts:\d+/, 'un message, pas une pile d’appels');
    assert.equal(empreinte(donnees), avant, 'aucun fichier modifié');
    console.log(`lecture seule (PGlite) : ${serveur.sortie().trim().split('\n').at(-1)}`);
  });

  test('disque plein au démarrage : un message clair ou un démarrage qui refuse les écritures en 503, jamais de données abîmées', async () => {
    const donnees = path.join(disque, 'data');
    const liberer = remplir();
    let sortie = '';
    try {
      const serveur = await demarrerServeurDePanne('', { VIVIER_DATA_DIR: donnees, VIVIER_DEMO: '0' });
      const issue = await Promise.race([serveur.fin.then((c) => `fin ${c}`), serveur.pret.then(() => 'pret', () => 'fin')]);
      sortie = serveur.sortie();
      if (issue === 'pret') {
        const agent = new AgentHttp(serveur.url);
        await agent.requete('/connexion');
        const r = await agent.requete('/connexion', { champs: { identifiant: 'jdupont', mot_de_passe: 'Demo-Agent-2026!' } });
        assert.equal(r.statut, 503, r.corps.slice(0, 300));
        assert.match(r.corps, /Le disque du serveur est plein/);
        assert.equal(await serveur.arreter(), 0);
        console.log('disque plein au démarrage (PGlite) : le serveur démarre et refuse les écritures en 503 « disque plein »');
      } else {
        assert.equal(await serveur.fin, 1, sortie);
        assert.match(sortie, /est plein \(ENOSPC\)/);
        console.log(`disque plein au démarrage (PGlite) : ${sortie.trim().split('\n').at(-1)}`);
      }
    } finally {
      liberer();
    }
    const h = await openDatabase({ dataDir: donnees });
    try {
      const n = await h.db.selectFrom('session').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(n.n) >= 2, `base lisible après le démarrage sur disque plein\n${sortie.slice(-2000)}`);
    } finally {
      await h.close();
    }
  });
});
