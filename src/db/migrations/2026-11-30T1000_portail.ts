import { sql, type Kysely } from 'kysely';

/** Portal: accounts, OTP keys, sessions, login attempts, audit log, catalogue, favourites, banners. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE parametre (
      cle text PRIMARY KEY,
      valeur jsonb NOT NULL,
      modifie_le timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE compte (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      identifiant text NOT NULL UNIQUE,
      nom_affiche text NOT NULL,
      email text,
      mot_de_passe_hash text,
      roles text[] NOT NULL DEFAULT '{}',
      perimetre jsonb NOT NULL DEFAULT '{}'::jsonb,
      agent_id text,
      actif boolean NOT NULL DEFAULT true,
      echecs_consecutifs integer NOT NULL DEFAULT 0,
      dernier_echec_le timestamptz,
      verrouille_jusqu_au timestamptz,
      derniere_connexion_le timestamptz,
      precedente_connexion_le timestamptz,
      cree_le timestamptz NOT NULL DEFAULT now(),
      modifie_le timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE cle_otp (
      compte_id bigint PRIMARY KEY REFERENCES compte(id) ON DELETE CASCADE,
      secret_base32 text NOT NULL,
      statut text NOT NULL CHECK (statut IN ('EMISE', 'ACTIVE')),
      pin_hash text,
      dernier_pas bigint NOT NULL DEFAULT 0,
      emise_le timestamptz NOT NULL DEFAULT now(),
      activee_le timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE session (
      id text PRIMARY KEY,
      compte_id bigint NOT NULL REFERENCES compte(id) ON DELETE CASCADE,
      jeton_csrf text NOT NULL,
      cree_le timestamptz NOT NULL,
      vue_le timestamptz NOT NULL,
      adresse text,
      agent_utilisateur text
    )`.execute(db);
  await sql`CREATE INDEX session_compte_idx ON session (compte_id)`.execute(db);

  await sql`
    CREATE TABLE tentative_connexion (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      le timestamptz NOT NULL,
      identifiant_saisi text NOT NULL,
      compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      methode text NOT NULL CHECK (methode IN ('MOT_DE_PASSE', 'OTP')),
      resultat text NOT NULL,
      adresse text
    )`.execute(db);
  await sql`CREATE INDEX tentative_compte_idx ON tentative_connexion (compte_id, le)`.execute(db);

  await sql`
    CREATE TABLE journal_audit (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      le timestamptz NOT NULL,
      acteur_compte_id bigint REFERENCES compte(id) ON DELETE SET NULL,
      action text NOT NULL,
      cible text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`.execute(db);
  await sql`CREATE INDEX journal_audit_le_idx ON journal_audit (le DESC)`.execute(db);

  await sql`
    CREATE TABLE rubrique (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      libelle text NOT NULL UNIQUE,
      ordre integer NOT NULL DEFAULT 0
    )`.execute(db);

  await sql`
    CREATE TABLE application (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      rubrique_id bigint NOT NULL REFERENCES rubrique(id) ON DELETE RESTRICT,
      groupe text NOT NULL,
      libelle text NOT NULL,
      description text,
      url text NOT NULL,
      interne boolean NOT NULL DEFAULT false,
      roles text[] NOT NULL DEFAULT '{}',
      ordre integer NOT NULL DEFAULT 0,
      actif boolean NOT NULL DEFAULT true
    )`.execute(db);

  await sql`
    CREATE TABLE favori (
      compte_id bigint NOT NULL REFERENCES compte(id) ON DELETE CASCADE,
      application_id bigint NOT NULL REFERENCES application(id) ON DELETE CASCADE,
      ordre integer NOT NULL,
      PRIMARY KEY (compte_id, application_id)
    )`.execute(db);

  await sql`
    CREATE TABLE bandeau (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      titre text NOT NULL,
      message text NOT NULL,
      niveau text NOT NULL CHECK (niveau IN ('info', 'warning', 'alert')),
      debut timestamptz,
      fin timestamptz,
      actif boolean NOT NULL DEFAULT true,
      cree_le timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['bandeau', 'favori', 'application', 'rubrique', 'journal_audit', 'tentative_connexion', 'session', 'cle_otp', 'compte', 'parametre']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
