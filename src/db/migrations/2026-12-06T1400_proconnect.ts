import { sql, type Kysely } from 'kysely';

/**
 * ProConnect (OpenID Connect). `identite_oidc`: the link, once made, between an identity of the provider and a Vivier
 * account. ProConnect's `sub` is specific to each (service, identity provider) pair: the key is the issuer, the
 * identity provider (`idp_id`, '' for a provider that gives none) and `sub`. `demande_oidc`: a sign-in or logout
 * sent to the provider, keyed by the digest of its `state` and deleted when it comes back (a replayed state finds
 * nothing). `liaison_oidc`: an identity whose e-mail Vivier does not know, waiting for the person to confirm which
 * account is theirs. `session_oidc`: the ID token of a session opened through the provider, for its logout.
 * The sign-in log gains the method PROCONNECT.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE identite_oidc (
      emetteur text NOT NULL,
      idp_id text NOT NULL,
      sub text NOT NULL,
      compte_id bigint NOT NULL REFERENCES compte(id) ON DELETE CASCADE,
      courriel text,
      liee_le timestamptz NOT NULL,
      derniere_connexion_le timestamptz,
      PRIMARY KEY (emetteur, idp_id, sub)
    )`.execute(db);
  await sql`CREATE INDEX identite_oidc_compte_idx ON identite_oidc (compte_id)`.execute(db);
  await sql`
    CREATE TABLE demande_oidc (
      id text PRIMARY KEY,
      objet text NOT NULL CHECK (objet IN ('CONNEXION', 'DECONNEXION')),
      nonce text,
      verificateur text,
      retour text,
      cree_le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX demande_oidc_cree_idx ON demande_oidc (cree_le)`.execute(db);
  await sql`
    CREATE TABLE liaison_oidc (
      id text PRIMARY KEY,
      emetteur text NOT NULL,
      idp_id text NOT NULL,
      sub text NOT NULL,
      courriel text NOT NULL,
      nom text,
      id_token text NOT NULL,
      retour text,
      cree_le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX liaison_oidc_cree_idx ON liaison_oidc (cree_le)`.execute(db);
  await sql`
    CREATE TABLE session_oidc (
      session_id text PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
      id_token text NOT NULL
    )`.execute(db);
  await sql`ALTER TABLE tentative_connexion DROP CONSTRAINT IF EXISTS tentative_connexion_methode_check`.execute(db);
  await sql`ALTER TABLE tentative_connexion ADD CONSTRAINT tentative_connexion_methode_check CHECK (methode IN ('MOT_DE_PASSE', 'OTP', 'PROCONNECT'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM tentative_connexion WHERE methode = 'PROCONNECT'`.execute(db);
  await sql`ALTER TABLE tentative_connexion DROP CONSTRAINT IF EXISTS tentative_connexion_methode_check`.execute(db);
  await sql`ALTER TABLE tentative_connexion ADD CONSTRAINT tentative_connexion_methode_check CHECK (methode IN ('MOT_DE_PASSE', 'OTP'))`.execute(db);
  for (const t of ['session_oidc', 'liaison_oidc', 'demande_oidc', 'identite_oidc']) await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
}
