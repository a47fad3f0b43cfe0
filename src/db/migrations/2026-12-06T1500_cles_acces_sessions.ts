import { sql, type Kysely } from 'kysely';

/**
 * Passkeys (WebAuthn) and the sessions a person sees:
 * - `cle_acces`: one row per registered passkey (credential id, COSE public key, signature counter, name given);
 * - `defi_webauthn`: the challenges handed to a browser, bound to its session (or, before sign-in, to a cookie of
 *   their own), used once (deleted when answered) and expired after a few minutes. A pending second factor (the
 *   password was right, the passkey is still to come) is such a challenge, with its account;
 * - `session.numero`: a number to name a session in a page or an address (its id is the digest of the cookie's token,
 *   never shown);
 * - `compte.cle_acces_exigee`: the person asked for a passkey after their password or passcode;
 * - `compte.echecs_avant_connexion`: failed attempts between the previous sign-in and this one (home page);
 * - `compte.poignee_webauthn`: the opaque user handle given to authenticators (not the account's id);
 * - the sign-in log knows the method `CLE_ACCES`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cle_acces (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      compte_id bigint NOT NULL REFERENCES compte(id) ON DELETE CASCADE,
      identifiant_webauthn text NOT NULL UNIQUE,
      cle_publique bytea NOT NULL,
      compteur bigint NOT NULL DEFAULT 0,
      transports text[] NOT NULL DEFAULT '{}',
      nom text NOT NULL CHECK (char_length(nom) BETWEEN 1 AND 60),
      sauvegardee boolean NOT NULL DEFAULT false,
      creee_le timestamptz NOT NULL,
      utilisee_le timestamptz
    )`.execute(db);
  await sql`CREATE INDEX cle_acces_compte_idx ON cle_acces (compte_id)`.execute(db);

  await sql`
    CREATE TABLE defi_webauthn (
      lien text NOT NULL,
      usage text NOT NULL CHECK (usage IN ('ENREGISTREMENT', 'CONNEXION', 'SECOND_FACTEUR')),
      defi text NOT NULL,
      compte_id bigint REFERENCES compte(id) ON DELETE CASCADE,
      premier_facteur text CHECK (premier_facteur IN ('MOT_DE_PASSE', 'OTP')),
      retour text,
      cree_le timestamptz NOT NULL,
      expire_le timestamptz NOT NULL,
      PRIMARY KEY (lien, usage)
    )`.execute(db);
  await sql`CREATE INDEX defi_webauthn_expire_idx ON defi_webauthn (expire_le)`.execute(db);

  await sql`ALTER TABLE session ADD COLUMN numero bigint GENERATED ALWAYS AS IDENTITY`.execute(db);
  await sql`ALTER TABLE session ADD CONSTRAINT session_numero_key UNIQUE (numero)`.execute(db);

  await sql`ALTER TABLE compte ADD COLUMN cle_acces_exigee boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE compte ADD COLUMN echecs_avant_connexion integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE compte ADD COLUMN poignee_webauthn text UNIQUE`.execute(db);

  await sql`ALTER TABLE tentative_connexion DROP CONSTRAINT IF EXISTS tentative_connexion_methode_check`.execute(db);
  await sql`ALTER TABLE tentative_connexion ADD CONSTRAINT tentative_connexion_methode_check CHECK (methode IN ('MOT_DE_PASSE', 'OTP', 'PROCONNECT', 'CLE_ACCES'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM tentative_connexion WHERE methode = 'CLE_ACCES'`.execute(db);
  await sql`ALTER TABLE tentative_connexion DROP CONSTRAINT IF EXISTS tentative_connexion_methode_check`.execute(db);
  await sql`ALTER TABLE tentative_connexion ADD CONSTRAINT tentative_connexion_methode_check CHECK (methode IN ('MOT_DE_PASSE', 'OTP', 'PROCONNECT'))`.execute(db);
  await sql`ALTER TABLE compte DROP COLUMN poignee_webauthn, DROP COLUMN echecs_avant_connexion, DROP COLUMN cle_acces_exigee`.execute(db);
  await sql`ALTER TABLE session DROP COLUMN numero`.execute(db);
  await sql`DROP TABLE defi_webauthn`.execute(db);
  await sql`DROP TABLE cle_acces`.execute(db);
}
