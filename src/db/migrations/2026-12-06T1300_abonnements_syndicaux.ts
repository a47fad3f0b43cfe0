import { sql, type Kysely } from 'kysely';

/**
 * Élections professionnelles: the unions, their information lists (national or académique), the accounts' opt-in
 * subscriptions with their history, and the unions' correspondents (who export the subscribers of their own lists).
 * The two catalogue entries of the seed document, created earlier with placeholder addresses, now open Vivier's page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE syndicat (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      sigle text NOT NULL CHECK (char_length(sigle) BETWEEN 1 AND 30),
      nom text NOT NULL CHECK (char_length(nom) BETWEEN 1 AND 200),
      ordre integer NOT NULL DEFAULT 0,
      actif boolean NOT NULL DEFAULT true,
      cree_le timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX syndicat_sigle_idx ON syndicat (lower(sigle))`.execute(db);

  await sql`
    CREATE TABLE liste_syndicale (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      syndicat_id bigint NOT NULL REFERENCES syndicat(id) ON DELETE RESTRICT,
      portee text NOT NULL CHECK (portee IN ('NATIONALE', 'ACADEMIQUE')),
      libelle text NOT NULL CHECK (char_length(libelle) BETWEEN 1 AND 150),
      description text CHECK (char_length(description) <= 500),
      ordre integer NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true,
      cree_le timestamptz NOT NULL DEFAULT now(),
      UNIQUE (syndicat_id, portee, libelle)
    )`.execute(db);
  // The lists of one union: its page, and the correspondent's check of a list against its parent.
  await sql`CREATE INDEX liste_syndicale_syndicat_idx ON liste_syndicale (syndicat_id)`.execute(db);

  // The current subscriptions: one row per account and list (opt-in: no row, no mail).
  await sql`
    CREATE TABLE abonnement_syndical (
      compte_id bigint NOT NULL REFERENCES compte(id) ON DELETE CASCADE,
      liste_id bigint NOT NULL REFERENCES liste_syndicale(id) ON DELETE RESTRICT,
      depuis_le timestamptz NOT NULL,
      PRIMARY KEY (compte_id, liste_id)
    )`.execute(db);
  await sql`CREATE INDEX abonnement_syndical_liste_idx ON abonnement_syndical (liste_id)`.execute(db);

  // Every change the agent made, kept: what they chose and when.
  await sql`
    CREATE TABLE abonnement_syndical_historique (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      compte_id bigint NOT NULL REFERENCES compte(id) ON DELETE CASCADE,
      liste_id bigint NOT NULL REFERENCES liste_syndicale(id) ON DELETE RESTRICT,
      action text NOT NULL CHECK (action IN ('ABONNEMENT', 'DESABONNEMENT')),
      le timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX abonnement_syndical_historique_compte_idx ON abonnement_syndical_historique (compte_id, le DESC)`.execute(db);

  await sql`
    CREATE TABLE correspondant_syndical (
      syndicat_id bigint NOT NULL REFERENCES syndicat(id) ON DELETE CASCADE,
      compte_id bigint NOT NULL REFERENCES compte(id) ON DELETE CASCADE,
      depuis_le timestamptz NOT NULL,
      PRIMARY KEY (syndicat_id, compte_id)
    )`.execute(db);
  await sql`CREATE INDEX correspondant_syndical_compte_idx ON correspondant_syndical (compte_id)`.execute(db);

  await sql`UPDATE application SET url = '/portail/abonnements/nationales', interne = true WHERE url = 'https://elections.example.invalid/nationales'`.execute(db);
  await sql`UPDATE application SET url = '/portail/abonnements/academiques', interne = true WHERE url = 'https://elections.example.invalid/academiques'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE application SET url = 'https://elections.example.invalid/nationales', interne = false WHERE url = '/portail/abonnements/nationales'`.execute(db);
  await sql`UPDATE application SET url = 'https://elections.example.invalid/academiques', interne = false WHERE url = '/portail/abonnements/academiques'`.execute(db);
  for (const t of ['correspondant_syndical', 'abonnement_syndical_historique', 'abonnement_syndical', 'liste_syndicale', 'syndicat']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
