import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from './config.ts';

describe('configuration lue de l’environnement', () => {
  test('valeurs par défaut : base embarquée dans ./data, port 3000, démo active hors production', () => {
    const c = loadConfig({});
    assert.equal(c.dataDir, './data');
    assert.equal(c.port, 3000);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.demo, true);
    assert.equal(c.cookieSecure, false);
    assert.equal(c.processus, 1);
  });
  test('VIVIER_URL_PUBLIQUE seule (clés d’accès sans ProConnect) : acceptée, sans la barre finale ; https:// exigé en production', () => {
    assert.equal(loadConfig({ VIVIER_URL_PUBLIQUE: 'https://vivier.ac-exemple.fr/' }).urlPublique, 'https://vivier.ac-exemple.fr');
    assert.equal(loadConfig({}).urlPublique, null);
    assert.equal(loadConfig({ NODE_ENV: 'production', VIVIER_URL_PUBLIQUE: 'https://vivier.ac-exemple.fr' }).oidc, null);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', VIVIER_URL_PUBLIQUE: 'http://vivier.ac-exemple.fr' }), /VIVIER_URL_PUBLIQUE: en production, https:\/\/ obligatoire/);
  });
  test('plusieurs processus sur PostgreSQL', () => {
    assert.equal(loadConfig({ VIVIER_PROCESSUS: '4', DATABASE_URL: 'postgres://vivier@127.0.0.1/vivier' }).processus, 4);
  });
  test('en production : jamais de démo, cookies sécurisés', () => {
    const c = loadConfig({ NODE_ENV: 'production', VIVIER_DEMO: '1' });
    assert.equal(c.demo, false);
    assert.equal(c.cookieSecure, true);
  });
  const mauvaises: Array<[string, Record<string, string>, RegExp]> = [
    ['un port non numérique', { PORT: 'abc' }, /PORT: doit être un numéro de port/],
    ['un port hors limites', { PORT: '70000' }, /PORT: doit être un numéro de port/],
    ['une URL qui n’est pas PostgreSQL', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL: doit commencer par postgres/],
    ['un NODE_ENV inconnu', { NODE_ENV: 'prod' }, /NODE_ENV: valeurs possibles/],
    ['plusieurs processus sur la base embarquée', { VIVIER_PROCESSUS: '4' }, /VIVIER_PROCESSUS: 4 processus demandés, mais la base embarquée \(PGlite\) ne s’ouvre que dans un seul processus : mettez VIVIER_PROCESSUS=1, ou donnez DATABASE_URL/],
    ['un nombre de processus nul', { VIVIER_PROCESSUS: '0', DATABASE_URL: 'postgres://x@h/b' }, /VIVIER_PROCESSUS: doit être un nombre de processus \(1 à 64\)/],
  ];
  for (const [titre, env, message] of mauvaises) {
    test(`${titre} arrête le démarrage avec un message qui nomme la variable`, () => {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
  test('une variable vide vaut absente', () => {
    assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
  });
});

describe('annuaire LDAP de l’académie (VIVIER_LDAP_*)', () => {
  const base = { VIVIER_LDAP_URL: 'ldap://annuaire.ac-exemple.fr:389', VIVIER_LDAP_BASE: 'ou=people,dc=ac-exemple,dc=fr' };
  test('sans VIVIER_LDAP_URL : comptes locaux seulement, liens « oublié » vers la page d’aide', () => {
    const c = loadConfig({});
    assert.equal(c.ldap, null);
    assert.equal(c.urlMotDePasseOublie, null);
    assert.equal(c.urlIdentifiantOublie, null);
  });
  test('avec l’URL et la base : filtre (uid={identifiant}), attributs uid, displayName, mail, délai 5 s par défaut', () => {
    const c = loadConfig({ ...base, VIVIER_LDAP_BIND_DN: 'cn=vivier,dc=ac-exemple,dc=fr', VIVIER_LDAP_BIND_MOT_DE_PASSE: 's3cret', VIVIER_LDAP_STARTTLS: '1', VIVIER_LDAP_CA: '/etc/ssl/ac.pem' });
    assert.deepEqual(c.ldap, {
      url: 'ldap://annuaire.ac-exemple.fr:389',
      base: 'ou=people,dc=ac-exemple,dc=fr',
      bindDn: 'cn=vivier,dc=ac-exemple,dc=fr',
      bindMotDePasse: 's3cret',
      filtre: '(uid={identifiant})',
      startTls: true,
      ca: '/etc/ssl/ac.pem',
      attributs: { identifiant: 'uid', nom: 'displayName', courriel: 'mail' },
      delaiMs: 5000,
      connexions: 4,
    });
  });
  const mauvaises: Array<[string, Record<string, string>, RegExp]> = [
    ['une URL qui n’est pas LDAP', { ...base, VIVIER_LDAP_URL: 'http://annuaire' }, /VIVIER_LDAP_URL: doit être de la forme ldap:\/\//],
    ['l’URL sans base de recherche', { VIVIER_LDAP_URL: 'ldaps://annuaire:636' }, /VIVIER_LDAP_BASE: obligatoire avec VIVIER_LDAP_URL/],
    ['une base sans URL', { VIVIER_LDAP_BASE: 'dc=x' }, /VIVIER_LDAP_BASE: n’a de sens qu’avec VIVIER_LDAP_URL/],
    ['le DN de service sans son mot de passe', { ...base, VIVIER_LDAP_BIND_DN: 'cn=vivier' }, /VIVIER_LDAP_BIND_MOT_DE_PASSE: VIVIER_LDAP_BIND_DN et VIVIER_LDAP_BIND_MOT_DE_PASSE vont ensemble/],
    ['un filtre sans {identifiant}', { ...base, VIVIER_LDAP_FILTRE: '(uid=*)' }, /VIVIER_LDAP_FILTRE: doit être un filtre LDAP/],
    ['StartTLS sur ldaps://', { ...base, VIVIER_LDAP_URL: 'ldaps://annuaire:636', VIVIER_LDAP_STARTTLS: '1' }, /VIVIER_LDAP_STARTTLS: inutile avec ldaps:\/\//],
    ['ldap:// en clair en production', { ...base, NODE_ENV: 'production' }, /VIVIER_LDAP_URL: en production, ldap:\/\/ sans StartTLS/],
    ['un délai non numérique', { ...base, VIVIER_LDAP_DELAI_MS: 'vite' }, /VIVIER_LDAP_DELAI_MS: doit être un nombre de millisecondes/],
    ['un lien « mot de passe oublié » qui n’est pas une adresse web', { VIVIER_URL_MOT_DE_PASSE_OUBLIE: 'javascript:alert(1)' }, /VIVIER_URL_MOT_DE_PASSE_OUBLIE: doit être une adresse http/],
  ];
  for (const [titre, env, message] of mauvaises) {
    test(`${titre} arrête le démarrage avec un message qui nomme la variable`, () => {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
});

describe('ProConnect (VIVIER_OIDC_*, VIVIER_URL_PUBLIQUE)', () => {
  const proconnect = {
    VIVIER_OIDC_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2',
    VIVIER_OIDC_CLIENT_ID: 'client',
    VIVIER_OIDC_CLIENT_SECRET: 'secret',
    VIVIER_URL_PUBLIQUE: 'https://vivier.ac-exemple.fr/',
  };
  test('sans elles : pas de bouton ProConnect (comptes locaux et annuaire seulement)', () => {
    assert.equal(loadConfig({}).oidc, null);
  });
  test('ProConnect : PKCE désactivé par défaut (ProConnect refuse tout paramètre qu’il ne liste pas), adresse publique sans / final', () => {
    const c = loadConfig(proconnect).oidc!;
    assert.equal(c.pkce, false);
    assert.equal(c.urlPublique, 'https://vivier.ac-exemple.fr');
    assert.equal(c.alg, 'RS256');
    assert.equal(c.scopes, 'openid email given_name usual_name uid siret idp_id');
  });
  test('un fournisseur OpenID Connect générique : PKCE activé par défaut, désactivable', () => {
    const generique = { ...proconnect, VIVIER_OIDC_ISSUER: 'https://sso.ac-exemple.fr/realms/agents' };
    assert.equal(loadConfig(generique).oidc!.pkce, true);
    assert.equal(loadConfig({ ...generique, VIVIER_OIDC_PKCE: '0' }).oidc!.pkce, false);
  });
  const mauvaises: Array<[string, Record<string, string>, RegExp]> = [
    ['l’émetteur sans le secret', { VIVIER_OIDC_ISSUER: proconnect.VIVIER_OIDC_ISSUER, VIVIER_OIDC_CLIENT_ID: 'c', VIVIER_URL_PUBLIQUE: 'https://v.fr' }, /VIVIER_OIDC_CLIENT_SECRET: obligatoire pour ProConnect/],
    ['sans adresse publique', { ...proconnect, VIVIER_URL_PUBLIQUE: '' }, /VIVIER_URL_PUBLIQUE: obligatoire pour ProConnect/],
    ['http:// en production', { ...proconnect, NODE_ENV: 'production', VIVIER_URL_PUBLIQUE: 'http://vivier.ac-exemple.fr' }, /VIVIER_URL_PUBLIQUE: en production, https:\/\/ obligatoire/],
    ['un algorithme symétrique', { ...proconnect, VIVIER_OIDC_ALG: 'HS256' }, /VIVIER_OIDC_ALG: valeurs possibles/],
    ['des scopes sans email', { ...proconnect, VIVIER_OIDC_SCOPES: 'openid uid' }, /VIVIER_OIDC_SCOPES: doit contenir openid et email/],
  ];
  for (const [titre, env, message] of mauvaises) {
    test(`${titre} arrête le démarrage avec un message qui nomme la variable`, () => {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
});
