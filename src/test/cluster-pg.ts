import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { portLibre } from './port-libre.ts';

const executer = promisify(execFile);

/**
 * A PostgreSQL server of its own for a fault test (*.pannes.test.ts), which stops, restarts and kills it at
 * will: never the shared server on 5432 that the other tests use. Made with the Debian tools (pg_createcluster,
 * pg_ctlcluster) in a temporary folder: PG_CLUSTER_CONF_ROOT points their configuration there, so the cluster
 * is invisible to the machine's own list (`main` is out of their reach) and goes with the folder. Owned by the
 * `postgres` user (a cluster may not belong to root), trust authentication, listening on 127.0.0.1 only, on a
 * free port. Needs root (to hand the folder to `postgres`) and a PostgreSQL server package.
 */
export type ClusterPg = {
  /** postgres://postgres@127.0.0.1:port/base */
  url(base?: string): string;
  port: number;
  demarrer(): Promise<void>;
  arreter(mode: 'fast' | 'immediate'): Promise<void>;
  redemarrer(mode: 'fast' | 'immediate'): Promise<void>;
  /** Stops and removes the cluster and its folder; also done at process exit if a test forgot or crashed. */
  supprimer(): Promise<void>;
  /** The server's log (to explain a failure). */
  journal(): string;
};

const NOM_INTERDIT = 'main';

export async function creerClusterPg(): Promise<ClusterPg> {
  if (process.getuid?.() !== 0) throw new Error('creerClusterPg : il faut être root (le dossier du cluster est confié à l’utilisateur postgres).');
  const version = versionInstallee();
  const nom = `vivier_pannes_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  if (nom === NOM_INTERDIT) throw new Error('nom de cluster interdit');
  const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-cluster-'));
  fs.chmodSync(dossier, 0o755); // postgres must reach its folders inside
  const conf = path.join(dossier, 'conf');
  const donnees = path.join(dossier, 'donnees');
  const fichierJournal = path.join(dossier, 'postgresql.log');
  fs.mkdirSync(conf);
  const { uid, gid } = utilisateurPostgres();
  fs.chownSync(conf, uid, gid);
  const env = { ...process.env, PG_CLUSTER_CONF_ROOT: conf };
  const outil = (commande: string, args: string[]) => executer(commande, args, { env });

  let supprime = false;
  // A failing test may end the process before its teardown: the cluster must not outlive it.
  const aLaSortie = () => {
    if (supprime) return;
    spawnSync('pg_dropcluster', ['--stop', version, nom], { env, stdio: 'ignore' });
    fs.rmSync(dossier, { recursive: true, force: true });
  };
  process.once('exit', aLaSortie);

  let port = 0;
  try {
    await outil('pg_createcluster', ['-q', '-d', donnees, '-s', path.join(dossier, 'run'), '-l', fichierJournal, '--start-conf=manual', version, nom, '--', '--auth=trust']);
    // The server's own settings, read after postgresql.conf (include_dir 'conf.d'): small, fast, loopback only.
    const reglages = path.join(conf, version, nom, 'conf.d', 'vivier.conf');
    const ecrireReglages = (p: number) =>
      fs.writeFileSync(
        reglages,
        [`port = ${p}`, "listen_addresses = '127.0.0.1'", 'ssl = off', 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'shared_buffers = 16MB', 'max_connections = 40', ''].join('\n'),
      );
    // A free port now may be taken by another process before the server binds it: then try another.
    for (let essai = 1; ; essai++) {
      port = await portLibre();
      ecrireReglages(port);
      try {
        await outil('pg_ctlcluster', [version, nom, 'start']);
        break;
      } catch (err) {
        if (essai >= 3 || !/already in use|could not bind/i.test(lire(fichierJournal))) throw err;
      }
    }
  } catch (err) {
    aLaSortie();
    supprime = true;
    process.removeListener('exit', aLaSortie);
    throw new Error(`creerClusterPg : ${(err as Error).message}\n${lire(fichierJournal)}`);
  }

  const ctl = (action: string, mode?: string) => outil('pg_ctlcluster', [version, nom, action, ...(mode ? ['-m', mode] : [])]).then(() => undefined);
  return {
    port,
    url: (base = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${base}`,
    demarrer: () => ctl('start'),
    arreter: (mode) => ctl('stop', mode),
    redemarrer: (mode) => ctl('restart', mode),
    journal: () => lire(fichierJournal),
    async supprimer() {
      if (supprime) return;
      supprime = true;
      process.removeListener('exit', aLaSortie);
      try {
        await outil('pg_dropcluster', ['--stop', version, nom]);
      } finally {
        fs.rmSync(dossier, { recursive: true, force: true });
      }
    },
  };
}

/** The newest PostgreSQL major version installed (Debian: /usr/lib/postgresql/<version>/bin). */
function versionInstallee(): string {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v) && fs.existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)) : [];
  const v = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!v) throw new Error('creerClusterPg : aucun serveur PostgreSQL dans /usr/lib/postgresql (paquet postgresql-<version>).');
  return v;
}

function utilisateurPostgres(): { uid: number; gid: number } {
  const r = spawnSync('id', ['postgres'], { encoding: 'utf8' });
  const uid = /uid=(\d+)/.exec(r.stdout)?.[1];
  const gid = /gid=(\d+)/.exec(r.stdout)?.[1];
  if (!uid || !gid) throw new Error('creerClusterPg : utilisateur postgres introuvable.');
  return { uid: Number(uid), gid: Number(gid) };
}


function lire(fichier: string): string {
  try {
    return fs.readFileSync(fichier, 'utf8');
  } catch {
    return '';
  }
}
