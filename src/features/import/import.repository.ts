import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { JeuDonnees } from '../../carriere/enregistrements.ts';
import { champCopie, copierLignes } from '../../db/copie.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/** Rows as COPY's text format (copie.ts): a table, its columns, and one record as one line without its line feed. */
export type Copie<T> = { table: string; colonnes: readonly string[]; ligne(x: T): string };

/** The files staged in tables while the folder is read: the merge reads them by SQL (upserts, agents of the folder, accounts). */
export type FichierEtape = 'etablissements' | 'labels' | 'agents';
/** The files whose rows replace those of the folder's agents in a table of their own, as they are. */
export type FichierRemplacement = Exclude<keyof JeuDonnees, FichierEtape>;
type Ligne<K extends keyof JeuDonnees> = JeuDonnees[K][number];

const c = champCopie;

/**
 * Where the staged files go, after the import's id: rows are copied in batches by `COPY … FROM` (copie.ts), the
 * fastest way into PostgreSQL (the former `INSERT … SELECT unnest(…)` cost the server 2 to 3 times more, parsing one
 * array per column), the same SQL on PGlite and PostgreSQL.
 */
export const ETAPES: { [K in FichierEtape]: Copie<Ligne<K>> } = {
  etablissements: { table: 'etape_etablissement', colonnes: ['uai', 'nom', 'commune', 'type'], ligne: (x) => `${c(x.uai)}\t${c(x.nom)}\t${c(x.commune)}\t${c(x.type)}` },
  labels: { table: 'etape_label', colonnes: ['uai', 'annee_scolaire', 'label'], ligne: (x) => `${c(x.uai)}\t${Number(x.annee_scolaire.slice(0, 4))}\t${c(x.label)}` },
  agents: {
    table: 'etape_agent',
    colonnes: ['agent_id', 'identifiant', 'civilite', 'nom', 'prenom', 'date_naissance', 'email', 'corps', 'discipline', 'date_entree_corps'],
    ligne: (x) =>
      `${c(x.agent_id)}\t${c(x.identifiant)}\t${c(x.civilite)}\t${c(x.nom)}\t${c(x.prenom)}\t${x.date_naissance}\t${c(x.email)}\t${c(x.corps)}\t${c(x.discipline)}\t${x.date_entree_corps}`,
  },
};

/**
 * The agents' tables a folder rewrites whole for its agents (careers, positions, services, campaign inputs). Their
 * rows are not staged in tables: while the folder is read they are written, in COPY's text format, to a temporary
 * file of the import, which the merge copies straight into the real table (`COPY … FROM`, copie.ts). A national
 * folder's 3.4 M rows are thus written once by PostgreSQL instead of three times (staging, then `INSERT … SELECT`, row
 * by row where COPY writes by pages).
 */
export const REMPLACEMENTS: { [K in FichierRemplacement]: Copie<Ligne<K>> } = {
  carriere: { table: 'agent_carriere', colonnes: ['agent_id', 'date_effet', 'grade', 'echelon'], ligne: (x) => `${c(x.agent_id)}\t${x.date_effet}\t${c(x.grade)}\t${x.echelon}` },
  positions: { table: 'agent_position', colonnes: ['agent_id', 'date_debut', 'date_fin', 'position'], ligne: (x) => `${c(x.agent_id)}\t${x.date_debut}\t${c(x.date_fin)}\t${c(x.position)}` },
  services: {
    table: 'agent_service',
    colonnes: ['agent_id', 'date_debut', 'date_fin', 'uai', 'fonction', 'part_service', 'statut', 'faisant_fonction'],
    ligne: (x) => `${c(x.agent_id)}\t${x.date_debut}\t${c(x.date_fin)}\t${c(x.uai)}\t${c(x.fonction)}\t${x.part_service}\t${c(x.statut)}\t${x.faisant_fonction ? 't' : 'f'}`,
  },
  appreciations: { table: 'agent_appreciation', colonnes: ['agent_id', 'vivier', 'appreciation'], ligne: (x) => `${c(x.agent_id)}\t${x.vivier}\t${c(x.appreciation)}` },
  avis: { table: 'agent_avis', colonnes: ['agent_id', 'avis_1', 'avis_2'], ligne: (x) => `${c(x.agent_id)}\t${c(x.avis_1)}\t${c(x.avis_2)}` },
};

export function estEtape(cle: keyof JeuDonnees): cle is FichierEtape {
  return cle in ETAPES;
}

/** A batch of records as COPY text, each line after `prefixe` (the import's id and a tab for a staging table). */
export function texteCopie<T>(copie: Copie<T>, lignes: readonly T[], prefixe = ''): Buffer {
  let texte = '';
  for (const x of lignes) texte += prefixe + copie.ligne(x) + '\n';
  return Buffer.from(texte, 'utf8');
}

/** Stages a batch of records of the file `cle` for the import `importId` (one COPY statement). */
export async function insererEtape<K extends FichierEtape>(db: Database, importId: string, cle: K, lignes: ReadonlyArray<Ligne<K>>): Promise<void> {
  const etape = ETAPES[cle] as Copie<Ligne<K>>;
  await copierLignes(db, etape.table, ['import_id', ...etape.colonnes], texteCopie(etape, lignes, `${importId}\t`));
}

const TABLES_ETAPE = ['etape_etablissement', 'etape_label', 'etape_agent'];

/**
 * Drops the staging rows of one import, or of every import no longer running (left by a crash). The rows of one
 * import are truncated when no other import is running (deleting millions of rows one by one leaves them dead
 * until a vacuum): the lock taken first makes another import's staging wait, and one that has already staged rows
 * is seen running, its rows then kept by a DELETE of ours only.
 */
export async function viderEtapes(db: Kysely<DB>, importId: string | null): Promise<void> {
  if (importId === null) {
    for (const t of TABLES_ETAPE) {
      await sql`DELETE FROM ${sql.table(t)} WHERE import_id NOT IN (SELECT id FROM import_rh WHERE statut = 'EN_COURS')`.execute(db);
    }
    return;
  }
  await db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE ${sql.join(TABLES_ETAPE.map((t) => sql.table(t)))} IN ACCESS EXCLUSIVE MODE`.execute(trx);
    const autres = await sql<{ n: string }>`SELECT count(*) AS n FROM import_rh WHERE statut = 'EN_COURS' AND id <> ${importId}::bigint`.execute(trx);
    if (Number(autres.rows[0]!.n) === 0) {
      await sql`TRUNCATE ${sql.join(TABLES_ETAPE.map((t) => sql.table(t)))}`.execute(trx);
      return;
    }
    for (const t of TABLES_ETAPE) await sql`DELETE FROM ${sql.table(t)} WHERE import_id = ${importId}::bigint`.execute(trx);
  });
}

/** Identifiants of the folder already held by an account of another agent (or by a staff account). */
export async function identifiantsEnConflit(db: Conn, importId: string): Promise<Array<{ identifiant: string; agent_id: string }>> {
  const r = await sql<{ identifiant: string; agent_id: string }>`
    SELECT e.identifiant, e.agent_id FROM etape_agent e
    JOIN compte c ON c.identifiant = lower(e.identifiant)
    WHERE e.import_id = ${importId}::bigint AND (c.agent_id IS NULL OR c.agent_id <> e.agent_id)
    ORDER BY e.agent_id`.execute(db);
  return r.rows;
}

/**
 * Moves the staged folder into the real tables: establishments and agents are upserted; the agents'
 * careers, positions, services and campaign inputs are replaced; accounts, CV and candidatures stay. `lignes`: the rows
 * staged per file (the import's counters, by dataset key), which decide on a bulk merge (see assezPourEnMasse).
 */
export async function fusionnerEtapes(
  trx: Transaction<DB>,
  importId: string,
  lignes: Readonly<Record<string, number>>,
  remplacements: { fichiers: Partial<Record<FichierRemplacement, string>>; copier(table: string, colonnes: readonly string[], chemin: string): Promise<number> },
): Promise<{ comptesCrees: number; courrielsRecopies: number; tablesEnMasse: number; tablesRenouvelees: string[] }> {
  const id = sql`${importId}::bigint`;
  // While a campaign is open, agents validate their candidatures (which read `agent`): no bulk merge then, whose
  // exclusive locks would hold every validation until the commit. The import is slower, the closing rush unhindered.
  const ouverte = await sql<{ n: number }>`SELECT count(*)::int AS n FROM campagne WHERE statut = 'OUVERTE'`.execute(trx);
  const masseAdmise = ouverte.rows[0]!.n === 0;
  let tablesEnMasse = 0;
  /** The tables the folder rewrites in large part (see assezPourEnMasse): their statistics are redone after it. */
  const tablesRenouvelees: string[] = [];
  const renouvelee = async (table: string, lignesDuDossier: number) => {
    const oui = await assezPourEnMasse(trx, table, lignesDuDossier);
    if (oui) tablesRenouvelees.push(table);
    return oui;
  };
  const enMasse = async (table: string, lignesDuDossier: number) => {
    const oui = (await renouvelee(table, lignesDuDossier)) && masseAdmise;
    if (oui) tablesEnMasse++;
    return oui;
  };
  await renouvelee('etablissement', lignes.etablissements ?? 0);
  await renouvelee('etablissement_label', lignes.labels ?? 0);
  await sql`INSERT INTO etablissement (uai, nom, commune, type, departement)
    SELECT uai, nom, commune, type, substr(uai, 1, 3) FROM etape_etablissement WHERE import_id = ${id}
    ON CONFLICT (uai) DO UPDATE SET nom = EXCLUDED.nom, commune = EXCLUDED.commune, type = EXCLUDED.type, departement = EXCLUDED.departement`.execute(trx);
  await sql`DELETE FROM etablissement_label WHERE uai IN (SELECT uai FROM etape_etablissement WHERE import_id = ${id})`.execute(trx);
  await sql`INSERT INTO etablissement_label (uai, annee_scolaire, label)
    SELECT DISTINCT uai, annee_scolaire, label FROM etape_label WHERE import_id = ${id}`.execute(trx);
  const retablirAgent = (await enMasse('agent', lignes.agents ?? 0)) ? await suspendreIndexEtCles(trx, 'agent') : null;
  await sql`INSERT INTO agent (agent_id, identifiant, civilite, nom, prenom, date_naissance, email, corps, discipline, date_entree_corps, import_id)
    SELECT agent_id, identifiant, civilite, nom, prenom, date_naissance, email, corps, discipline, date_entree_corps, import_id FROM etape_agent WHERE import_id = ${id}
    ON CONFLICT (agent_id) DO UPDATE SET identifiant = EXCLUDED.identifiant, civilite = EXCLUDED.civilite, nom = EXCLUDED.nom, prenom = EXCLUDED.prenom,
      date_naissance = EXCLUDED.date_naissance, email = EXCLUDED.email, corps = EXCLUDED.corps, discipline = EXCLUDED.discipline,
      date_entree_corps = EXCLUDED.date_entree_corps, import_id = EXCLUDED.import_id`.execute(trx);
  await retablirAgent?.();
  // Each table of careers, positions, services and campaign inputs is rewritten whole for the folder's agents: their
  // rows are deleted, then the file's copied in (a file absent or without rows leaves the agents without any).
  for (const [cle, { table, colonnes }] of Object.entries(REMPLACEMENTS) as Array<[FichierRemplacement, (typeof REMPLACEMENTS)[FichierRemplacement]]>) {
    const reconstruire = await enMasse(table, lignes[cle] ?? 0);
    const retablir = reconstruire ? await suspendreIndexEtCles(trx, table) : null;
    await sql`DELETE FROM ${sql.table(table)} WHERE agent_id IN (SELECT agent_id FROM etape_agent WHERE import_id = ${id})`.execute(trx);
    const fichier = remplacements.fichiers[cle];
    if (fichier) await remplacements.copier(table, colonnes, fichier);
    await retablir?.();
  }
  // The dossier's e-mail is authoritative for the account of its agent: the import copies it in, so that the two never
  // drift (an address typed in the account, or refreshed from the directory, is replaced by the HR one). A dossier
  // without an address leaves the account's as it is. Done before the accounts are created, which get the dossier's
  // address anyway: only the accounts that existed are joined (none on a first import).
  const recopies = await sql`UPDATE compte c SET email = e.email, modifie_le = now()
    FROM etape_agent e WHERE e.import_id = ${id} AND c.agent_id = e.agent_id AND e.email <> '' AND c.email IS DISTINCT FROM e.email`.execute(trx);
  // Every imported agent gets a portal account, with no usable password until one is set. A first or national import
  // creates as many accounts as the table holds: its indexes other than the keys (others refer to compte) are then
  // rebuilt once, like the agents' tables'.
  const retablirCompte = (await enMasse('compte', lignes.agents ?? 0)) ? await suspendreIndexEtCles(trx, 'compte') : null;
  const crees = await sql`INSERT INTO compte (identifiant, nom_affiche, email, roles, agent_id)
    SELECT lower(e.identifiant), e.prenom || ' ' || e.nom, nullif(e.email, ''), ARRAY['AGENT']::text[], e.agent_id
    FROM etape_agent e WHERE e.import_id = ${id}
      AND NOT EXISTS (SELECT 1 FROM compte c WHERE c.agent_id = e.agent_id)
    ON CONFLICT (identifiant) DO NOTHING`.execute(trx);
  await retablirCompte?.();
  return { comptesCrees: Number(crees.numAffectedRows ?? 0n), courrielsRecopies: Number(recopies.numAffectedRows ?? 0n), tablesEnMasse, tablesRenouvelees };
}

/**
 * True when the folder brings at least a quarter as many rows as the table holds (a first import, a national
 * one) and no campaign is open: then rebuilding the table's indexes and foreign keys once costs far less than maintaining them row by row.
 * The table's size is the planner's estimate when there is one (no count of millions of rows), else counted.
 */
async function assezPourEnMasse(trx: Transaction<DB>, table: string, lignesDuDossier: number): Promise<boolean> {
  if (lignesDuDossier === 0) return false;
  const estimation = await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = ${table}::regclass`.execute(trx);
  let existantes = Number(estimation.rows[0]?.n ?? -1);
  if (existantes < 0) {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(trx);
    existantes = Number(r.rows[0]!.n);
  }
  return lignesDuDossier * 4 >= existantes;
}

/**
 * Drops the foreign keys and indexes of `table` (its primary key and unique constraints too, unless another table
 * refers to them) and returns what recreates them exactly as they were, read from the catalog: each index is then
 * built by one sort and each foreign key checked by one join, instead of a btree insertion and a trigger per row
 * (1.9 M career rows: ~50 s → ~10 s on PostgreSQL). Inside the merge transaction, so a failure or a crash restores
 * them; the price is an ACCESS EXCLUSIVE lock on `table` and on the tables its foreign keys refer to (agent,
 * etablissement, import_rh) until the commit: readers of these tables wait for the end of the merge instead of seeing
 * the old rows. Only a bulk import (see assezPourEnMasse) pays it; the primary key of a table that others refer to (agent) is
 * kept, which the upsert needs anyway.
 */
async function suspendreIndexEtCles(trx: Transaction<DB>, table: string): Promise<() => Promise<void>> {
  const reference = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_constraint WHERE confrelid = ${table}::regclass AND contype = 'f'`.execute(trx);
  const garderUniques = Number(reference.rows[0]!.n) > 0;
  const contraintes = await sql<{ nom: string; def: string; type: string }>`
    SELECT conname AS nom, pg_get_constraintdef(oid) AS def, contype AS type FROM pg_constraint
    WHERE conrelid = ${table}::regclass AND contype IN ('p', 'u', 'f') ORDER BY conname`.execute(trx);
  const suspendues = contraintes.rows.filter((c) => c.type === 'f' || !garderUniques);
  const index = await sql<{ nom: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS nom, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
    WHERE i.indrelid = ${table}::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
    ORDER BY 1`.execute(trx);
  const cles = suspendues.filter((x) => x.type === 'f');
  const uniques = suspendues.filter((x) => x.type !== 'f');
  for (const c of [...cles, ...uniques]) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(c.nom)}`.execute(trx);
  for (const i of index.rows) await sql`DROP INDEX ${sql.raw(i.nom)}`.execute(trx);
  return async () => {
    // Keys and indexes sort in memory when it fits (the default 64 MB spills a national table to disk).
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
    for (const c of uniques) await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(c.nom)} ${sql.raw(c.def)}`.execute(trx);
    for (const i of index.rows) await sql.raw(i.def).execute(trx);
    for (const c of cles) await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(c.nom)} ${sql.raw(c.def)}`.execute(trx);
  };
}

/**
 * Fresh planner statistics for the tables an import rewrote in large part (`tables`, from fusionnerEtapes): without
 * them, the dossier and candidature pages right after a national import are planned on a guess (and a large guess
 * gets compiled by the JIT, most of a second per page). A table the folder changed little keeps its statistics
 * (PostgreSQL's autovacuum redoes them when enough rows have changed). The sample is ECHANTILLON_STATISTIQUES × 300
 * rows instead of the default 30,000 (a national table of 2 M rows is then read on a few thousand pages, not nearly
 * all of them), with 10 most common values and histogram buckets per column instead of 100: enough for the row
 * estimates of these pages, whose reads go by agent or by corps; the autovacuum of PostgreSQL refines them later.
 */
export async function analyserTablesRh(db: Kysely<DB>, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL default_statistics_target = ${sql.raw(String(ECHANTILLON_STATISTIQUES))}`.execute(trx);
    await sql`ANALYZE ${sql.join(tables.map((t) => sql.table(t)))}`.execute(trx);
  });
}

const ECHANTILLON_STATISTIQUES = 10;

/** The latest imports with the launcher's identifiant, newest first. */
export function listerImports(db: Conn, limite: number) {
  return db
    .selectFrom('import_rh')
    .leftJoin('compte', 'compte.id', 'import_rh.lance_par_compte_id')
    .select(['import_rh.id', 'import_rh.source', 'import_rh.debut', 'import_rh.fin', 'import_rh.statut', 'import_rh.compteurs', 'import_rh.progression', 'import_rh.nb_erreurs', 'import_rh.erreurs', 'compte.identifiant as lance_par'])
    .orderBy('import_rh.id', 'desc')
    .limit(limite)
    .execute();
}

export function trouverImport(db: Conn, id: string) {
  return db
    .selectFrom('import_rh')
    .leftJoin('compte', 'compte.id', 'import_rh.lance_par_compte_id')
    .select(['import_rh.id', 'import_rh.source', 'import_rh.debut', 'import_rh.fin', 'import_rh.statut', 'import_rh.compteurs', 'import_rh.progression', 'import_rh.nb_erreurs', 'import_rh.erreurs', 'compte.identifiant as lance_par'])
    .where('import_rh.id', '=', id)
    .executeTakeFirst();
}
