import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConfigLdap } from '../config.ts';
import { portLibre } from './port-libre.ts';

/**
 * A real OpenLDAP server for the tests (Debian `slapd`, installed by .ci/run): a `slapd.conf` and an `mdb` database
 * in a temporary folder, loaded with `slapadd` from the LDIF below, listening on a free loopback port. Its access
 * rules are an académie's: anonymous may only bind, the service account may read entries, nobody reads passwords.
 */
export const SUFFIXE = 'dc=ac-test,dc=fr';
export const BASE_PERSONNES = `ou=people,${SUFFIXE}`;
export const SERVICE = { dn: `cn=vivier,ou=services,${SUFFIXE}`, motDePasse: 'Service-Vivier-1!' };

/** The directory's people: identifiant, password, display name, e-mail. */
export const PERSONNES = [
  { uid: 'jdupont3', motDePasse: 'Annuaire-Jean-1!', nom: 'Jean Dupont', courriel: 'jean.dupont@ac-test.fr' },
  { uid: 'hmartin', motDePasse: 'Annuaire-Helene-1!', nom: 'Hélène Martin', courriel: 'helene.martin@ac-test.fr' },
  { uid: 'plambert', motDePasse: 'Annuaire-Paul-1!', nom: 'Paul Lambert', courriel: 'paul.lambert@ac-test.fr' },
];

function ldif(): string {
  const personnes = PERSONNES.map(
    (p) => `dn: uid=${p.uid},${BASE_PERSONNES}
objectClass: inetOrgPerson
uid: ${p.uid}
cn: ${p.nom}
sn: ${p.nom.split(' ').at(-1)}
displayName:: ${Buffer.from(p.nom).toString('base64')}
mail: ${p.courriel}
userPassword: ${p.motDePasse}
`,
  );
  return [
    `dn: ${SUFFIXE}\nobjectClass: dcObject\nobjectClass: organization\ndc: ac-test\no: Academie de test\n`,
    `dn: ${BASE_PERSONNES}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=services,${SUFFIXE}\nobjectClass: organizationalUnit\nou: services\n`,
    `dn: ${SERVICE.dn}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: vivier\nuserPassword: ${SERVICE.motDePasse}\n`,
    ...personnes,
  ].join('\n');
}


async function accepte(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port }, () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

export type Slapd = {
  url: string;
  /** With `{ tls: true }`: the same directory over ldaps:// (StartTLS is offered on `url` too), and the test CA's PEM file. */
  urlLdaps: string | null;
  ca: string | null;
  /** The app's configuration for this directory (service account, default filter and attributes). */
  config(autres?: Partial<ConfigLdap>): ConfigLdap;
  arreter(): Promise<void>;
  demarrer(): Promise<void>;
  fermer(): Promise<void>;
};

/** A test certification authority and a server certificate for 127.0.0.1 it signed (openssl), in `dossier`. */
function certificats(dossier: string): { ca: string; cert: string; cle: string } {
  const f = (n: string) => path.join(dossier, n);
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const etapes = [
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=AC de test Vivier'],
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('serveur.key'), '-out', f('serveur.csr'), '-subj', '/CN=127.0.0.1'],
    ['x509', '-req', '-in', f('serveur.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('serveur.pem'), '-days', '2', '-extfile', f('ext.cnf')],
  ];
  for (const args of etapes) {
    const r = spawnSync('openssl', args, { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`openssl ${args[0]} a échoué : ${r.error?.message ?? r.stderr}`);
  }
  return { ca: f('ca.pem'), cert: f('serveur.pem'), cle: f('serveur.key') };
}

export async function demarrerSlapd(opts: { tls?: boolean } = {}): Promise<Slapd> {
  const dossier = mkdtempSync(path.join(tmpdir(), 'vivier-slapd-'));
  mkdirSync(path.join(dossier, 'db'));
  const conf = path.join(dossier, 'slapd.conf');
  const tls = opts.tls ? certificats(dossier) : null;
  writeFileSync(
    conf,
    `${tls ? `TLSCACertificateFile ${tls.ca}\nTLSCertificateFile ${tls.cert}\nTLSCertificateKeyFile ${tls.cle}\n` : ''}include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile ${dossier}/slapd.pid
argsfile ${dossier}/slapd.args
# Like many directories (Active Directory among them), a DN with no password binds as anonymous: Vivier must refuse
# an empty password itself.
allow bind_anon_dn
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "${SUFFIXE}"
rootdn "cn=admin,${SUFFIXE}"
directory ${dossier}/db
${tls ? '# With TLS, like an académie: no simple bind (service or user) without encryption.\nsecurity simple_bind=128\n' : ''}access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="${SERVICE.dn}" read by self read by * none
`,
  );
  writeFileSync(path.join(dossier, 'personnes.ldif'), ldif());
  const ajout = spawnSync('/usr/sbin/slapadd', ['-f', conf, '-l', path.join(dossier, 'personnes.ldif')], { encoding: 'utf8' });
  if (ajout.error || ajout.status !== 0) {
    rmSync(dossier, { recursive: true, force: true });
    throw new Error(`slapadd a échoué (paquet Debian slapd installé ? .ci/run l’installe) : ${ajout.error?.message ?? ajout.stderr}`);
  }
  const port = await portLibre();
  const url = `ldap://127.0.0.1:${port}`;
  const urlLdaps = tls ? `ldaps://127.0.0.1:${await portLibre()}` : null;
  let processus: ChildProcess | null = null;

  async function demarrer(): Promise<void> {
    const p = spawn('/usr/sbin/slapd', ['-f', conf, '-h', urlLdaps ? `${url}/ ${urlLdaps}/` : `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let sortie = '';
    p.stderr!.on('data', (d) => (sortie += String(d)));
    processus = p;
    for (let i = 0; i < 100; i++) {
      if (p.exitCode !== null) throw new Error(`slapd s’est arrêté au démarrage : ${sortie}`);
      if (await accepte(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`slapd n’écoute pas sur ${url} : ${sortie}`);
  }

  async function arreter(): Promise<void> {
    const p = processus;
    processus = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }

  await demarrer();
  return {
    url,
    urlLdaps,
    ca: tls?.ca ?? null,
    config: (autres = {}) => ({
      url,
      base: BASE_PERSONNES,
      bindDn: SERVICE.dn,
      bindMotDePasse: SERVICE.motDePasse,
      filtre: '(uid={identifiant})',
      startTls: false,
      ca: null,
      attributs: { identifiant: 'uid', nom: 'displayName', courriel: 'mail' },
      delaiMs: 2000,
      connexions: 2,
      ...autres,
    }),
    arreter,
    demarrer,
    async fermer() {
      await arreter();
      rmSync(dossier, { recursive: true, force: true });
    },
  };
}
