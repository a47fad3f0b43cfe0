import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError, SizeLimitExceededError } from 'ldapts';
import type { ConfigLdap } from '../../config.ts';
import { filtreRecherche, premiereValeur } from './annuaire.rules.ts';

/** What the directory knows of a person, once their password is checked. */
export type EntreeAnnuaire = { dn: string; identifiant: string; nom: string | null; courriel: string | null };

export type VerificationAnnuaire = { statut: 'OK'; entree: EntreeAnnuaire } | { statut: 'INCONNU' } | { statut: 'REFUSE' };

/** The directory could not answer (down, too slow, TLS refused, service account rejected): not the user's fault. */
export class AnnuaireIndisponibleError extends Error {
  override name = 'AnnuaireIndisponibleError';
}

export type Annuaire = {
  /**
   * Searches the person by identifiant (filter escaped per RFC 4515) with the service account, then binds as the DN
   * found with the given password. An empty password is refused before any bind: an LDAP "unauthenticated bind"
   * (a DN and no password) succeeds on many servers.
   */
  verifier(identifiant: string, motDePasse: string): Promise<VerificationAnnuaire>;
  fermer(): Promise<void>;
};

/**
 * The académie's directory, with connections kept between sign-ins: one connection bound as the service account
 * for the searches (LDAP multiplexes requests on it), and a few connections for the users' binds, reused (a bind
 * replaces the identity of the previous one). A connection that dropped is never reused: ldapts would reconnect it
 * silently, without StartTLS and unbound.
 */
export function createAnnuaire(c: ConfigLdap): Annuaire {
  const tls: ConnectionOptions = c.ca ? { ca: lireCa(c.ca) } : {};
  const options = { url: c.url, timeout: c.delaiMs, connectTimeout: c.delaiMs, ...(c.url.startsWith('ldaps://') ? { tlsOptions: tls } : {}) };
  const attributs = [c.attributs.identifiant, c.attributs.nom, c.attributs.courriel, 'cn'];

  async function ouvrir(): Promise<Client> {
    const client = new Client(options);
    if (c.startTls) await client.startTLS(tls);
    return client;
  }

  let service: Promise<Client> | null = null;
  /** The search connection, bound as the service account (anonymous if none is configured). */
  function connexionService(): Promise<Client> {
    if (!service) {
      const p = (async () => {
        const client = await ouvrir();
        if (c.bindDn) await client.bind(c.bindDn, c.bindMotDePasse ?? '');
        return client;
      })();
      service = p;
      p.catch(() => {
        if (service === p) service = null;
      });
    }
    return service;
  }

  const libres: Client[] = [];
  async function avecConnexionLibre<T>(f: (client: Client) => Promise<T>): Promise<T> {
    let client = libres.pop();
    while (client && !client.isConnected) client = libres.pop();
    client ??= await ouvrir();
    // A refused password (f returns normally) leaves the connection sound and anonymous: it can serve the next sign-in.
    let reutilisable = false;
    try {
      const r = await f(client);
      reutilisable = true;
      return r;
    } finally {
      if (reutilisable && client.isConnected && libres.length < c.connexions) libres.push(client);
      else void client.unbind().catch(() => {});
    }
  }

  async function chercher(identifiant: string): Promise<EntreeAnnuaire | null> {
    let client = await connexionService();
    if (!client.isConnected) {
      service = null;
      client = await connexionService();
    }
    let entrees;
    try {
      ({ searchEntries: entrees } = await client.search(c.base, { scope: 'sub', filter: filtreRecherche(c.filtre, identifiant), attributes: attributs, sizeLimit: 2 }));
    } catch (e) {
      // More than one entry for an identifiant: nobody is signed in on an ambiguous match.
      if (e instanceof SizeLimitExceededError) return null;
      throw e;
    }
    if (entrees.length !== 1) return null;
    const e = entrees[0]!;
    return {
      dn: e.dn,
      identifiant: premiereValeur(e[c.attributs.identifiant]) ?? identifiant,
      nom: premiereValeur(e[c.attributs.nom]) ?? premiereValeur(e.cn),
      courriel: premiereValeur(e[c.attributs.courriel]),
    };
  }

  return {
    async verifier(identifiant, motDePasse) {
      if (motDePasse === '' || identifiant === '') return { statut: 'REFUSE' };
      try {
        const entree = await chercher(identifiant);
        if (!entree) return { statut: 'INCONNU' };
        const accepte = await avecConnexionLibre((client) =>
          client.bind(entree.dn, motDePasse).then(
            () => true,
            // Only the user's own bind may say "wrong password": the service account refused is a fault of configuration.
            (e: unknown) => (e instanceof InvalidCredentialsError ? false : Promise.reject(e)),
          ),
        );
        return accepte ? { statut: 'OK', entree } : { statut: 'REFUSE' };
      } catch (e) {
        // The service connection may be the broken one: the next sign-in opens a new one.
        const s = service;
        service = null;
        if (s) void s.then((client) => client.unbind()).catch(() => {});
        throw new AnnuaireIndisponibleError(`annuaire LDAP ${c.url} : ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    },
    async fermer() {
      const s = service;
      service = null;
      const tous = libres.splice(0);
      if (s) tous.push(...(await s.then((x) => [x]).catch(() => [])));
      await Promise.all(tous.map((client) => client.unbind().catch(() => {})));
    },
  };
}

function lireCa(chemin: string): string {
  try {
    return readFileSync(chemin, 'utf8');
  } catch (e) {
    throw new Error(`VIVIER_LDAP_CA : impossible de lire le certificat de l’autorité « ${chemin} » (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}
