import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Perimetre } from '../../db/schema.ts';
import type { Appreciation, Vivier } from '../../carriere/vocabulaire.ts';
import { dansLePerimetre } from '../dossier/perimetre.repository.ts';
import type { LigneTableau, Tableau } from './classement.rules.ts';
import { listeDe } from './tableau-vue.rules.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/** Queries of the arrêté table (snapshot) and of what the page cache keys on. Plain rows, no business `if`. */

/** The campaign's current table: arrêté or published (a reopened one is history). */
export function tableauCourant(db: Conn, campagneId: string) {
  return db
    .selectFrom('tableau')
    .select(['id', 'statut', 'version_regles', 'parametres', 'empreinte_entrees', 'nb_lignes', 'arrete_le', 'arrete_par_compte_id'])
    .where('campagne_id', '=', campagneId)
    .where('statut', '<>', 'ROUVERT')
    .executeTakeFirst();
}

/** Every table of the campaign, newest first (the history shown under the page: arrêtés, reopenings and their motifs). */
export function historiqueTableaux(db: Conn, campagneId: string) {
  return db
    .selectFrom('tableau as t')
    .leftJoin('compte as a', 'a.id', 't.arrete_par_compte_id')
    .leftJoin('compte as r', 'r.id', 't.rouvert_par_compte_id')
    .select(['t.id', 't.statut', 't.version_regles', 't.empreinte_entrees', 't.nb_lignes', 't.arrete_le', 'a.nom_affiche as arrete_par', 't.rouvert_le', 'r.nom_affiche as rouvert_par', 't.motif_reouverture'])
    .where('t.campagne_id', '=', campagneId)
    .orderBy('t.id', 'desc')
    .execute();
}

/** Inserts the snapshot's lines in batches (one statement per batch, arrays unnested by the database). */
export async function insererLignes(trx: Transaction<DB>, tableauId: string, lignes: readonly LigneTableau[]): Promise<void> {
  const LOT = 20_000;
  for (let i = 0; i < lignes.length; i += LOT) {
    const lot = lignes.slice(i, i + LOT);
    await sql`INSERT INTO tableau_ligne (tableau_id, liste, rang, agent_id, nom, prenom, vivier, bareme, palier, appreciation, promu)
      SELECT ${tableauId}::bigint, * FROM unnest(
        ${lot.map(listeDe)}::smallint[], ${lot.map((l) => l.rang)}::int[], ${lot.map((l) => l.agent_id)}::text[],
        ${lot.map((l) => l.nom)}::text[], ${lot.map((l) => l.prenom)}::text[], ${lot.map((l) => l.vivier)}::smallint[],
        ${lot.map((l) => l.bareme)}::int[], ${lot.map((l) => l.palier)}::smallint[], ${lot.map((l) => l.appreciation)}::text[],
        ${lot.map((l) => l.promu)}::boolean[])`.execute(trx);
  }
}

/** The snapshot as a table (lines in the ranking's order: the V1 list then the V2 list, or the single list). */
export async function lireInstantane(db: Conn, tableauId: string, parametres: { promotions: number; sieges: { vivier1: number; vivier2: number } | null }): Promise<Tableau> {
  const lignes = await db
    .selectFrom('tableau_ligne')
    .select(['rang', 'agent_id', 'nom', 'prenom', 'vivier', 'bareme', 'palier', 'appreciation', 'promu'])
    .where('tableau_id', '=', tableauId)
    .orderBy('liste')
    .orderBy('rang')
    .execute();
  return {
    promotions: parametres.promotions,
    sieges: parametres.sieges,
    lignes: lignes.map((l) => ({ ...l, vivier: l.vivier as Vivier | null, appreciation: l.appreciation as Appreciation | null })),
  };
}

/**
 * What the computed table depends on, read in one cheap statement: the last successful HR import, and the count and
 * latest change of the campaign's appreciations, avis and candidatures (appreciations.csv and avis.csv change only
 * with an import). The page cache keys on it: any write there changes it (an update sets its instant, a removal
 * changes a count).
 */
export async function signatureEntrees(db: Conn, campagneId: string | null): Promise<string> {
  const id = campagneId ?? '0';
  const r = await sql<{ s: string }>`SELECT concat_ws('|',
      (SELECT coalesce(max(id), 0) FROM import_rh WHERE statut = 'REUSSI'),
      (SELECT count(*) || ':' || coalesce(max(le)::text, '') FROM appreciation_autorite WHERE campagne_id = ${id}::bigint),
      (SELECT count(*) || ':' || coalesce(max(le)::text, '') FROM avis_campagne WHERE campagne_id = ${id}::bigint),
      (SELECT count(*) FILTER (WHERE statut IN ('RECEVABLE', 'PROMU', 'NON_PROMU')) || ':' || coalesce(max(modifie_le)::text, '') FROM candidature WHERE campagne_id = ${id}::bigint)) AS s`.execute(db);
  return r.rows[0]!.s;
}

/** The agents of a corps within a perimetre (a partial one: some départements, établissements or disciplines). */
export async function agentsDuPerimetre(db: Conn, corps: string, perimetre: Perimetre, jour: string): Promise<Set<string>> {
  const lignes = await db.selectFrom('agent as a').select('a.agent_id').where('a.corps', '=', corps).where(dansLePerimetre('a.agent_id', perimetre, jour)).execute();
  return new Set(lignes.map((l) => l.agent_id));
}

/** Regime A: deposited candidatures whose recevabilité is not declared yet (the arrêté waits for them). */
export async function deposeesNonDeclarees(db: Conn, campagneId: string): Promise<number> {
  const r = await db.selectFrom('candidature').select((eb) => eb.fn.countAll<string>().as('n')).where('campagne_id', '=', campagneId).where('statut', '=', 'DEPOSEE').executeTakeFirstOrThrow();
  return Number(r.n);
}
