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

/** A table of a campaign as the page shows it in its history (arrêtés, reopenings and their motifs), with its parameters. */
export type TableauDeCampagne = {
  id: string;
  statut: 'ARRETE' | 'ROUVERT' | 'PUBLIE';
  version_regles: string;
  parametres: unknown;
  empreinte_entrees: string;
  nb_lignes: number;
  arrete_le: Date;
  arrete_par: string | null;
  rouvert_le: Date | null;
  rouvert_par: string | null;
  motif_reouverture: string | null;
};

/**
 * A campaign with every table of it, newest first, in one statement: all the table page reads from the database
 * besides the session (its current table, arrêté or published, is among them). Undefined when there is no such
 * campaign.
 */
export async function campagneEtTableaux(db: Conn, campagneId: string) {
  const lignes = await db
    .selectFrom('campagne as c')
    .leftJoin('tableau as t', 't.campagne_id', 'c.id')
    .leftJoin('compte as a', 'a.id', 't.arrete_par_compte_id')
    .leftJoin('compte as r', 'r.id', 't.rouvert_par_compte_id')
    .select(['c.id', 'c.corps', 'c.annee', 'c.regime', 'c.ouverture', 'c.fermeture', 'c.promotions', 'c.parametres', 'c.statut', 'c.cree_le', 'c.avis_visibles_le', 'c.publication_le', 'c.publiee_le'])
    .select(['t.id as t_id', 't.statut as t_statut', 't.version_regles', 't.parametres as t_parametres', 't.empreinte_entrees', 't.nb_lignes', 't.arrete_le', 'a.nom_affiche as arrete_par', 't.rouvert_le', 'r.nom_affiche as rouvert_par', 't.motif_reouverture'])
    .where('c.id', '=', campagneId)
    .orderBy('t.id', 'desc')
    .execute();
  const l = lignes[0];
  if (!l) return undefined;
  const { t_id: _i, t_statut: _s, version_regles: _v, t_parametres: _p, empreinte_entrees: _e, nb_lignes: _n, arrete_le: _a, arrete_par: _ap, rouvert_le: _r, rouvert_par: _rp, motif_reouverture: _m, ...campagne } = l;
  const tableaux: TableauDeCampagne[] = lignes.flatMap((x) =>
    x.t_id === null
      ? []
      : [{ id: x.t_id, statut: x.t_statut!, version_regles: x.version_regles!, parametres: x.t_parametres, empreinte_entrees: x.empreinte_entrees!, nb_lignes: x.nb_lignes!, arrete_le: x.arrete_le!, arrete_par: x.arrete_par, rouvert_le: x.rouvert_le, rouvert_par: x.rouvert_par, motif_reouverture: x.motif_reouverture }],
  );
  return { campagne, tableaux };
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
 * What the computed table depends on, read in one statement: the last successful HR import and the number of dossier
 * corrections accepted (the dossiers change only so), then, for the campaign, a hash of the values the ranking reads
 * — its final appreciations and avis (agent, list or number, value) and the agents of its admissible candidatures —
 * with their counts (appreciations.csv and avis.csv change only with an import). Any write there changes it, even one
 * made within the same instant as the last (a signature of counts and latest instants missed those); a write that
 * stores the same value does not, and needs no new ranking. The page cache keys on it.
 */
export async function signatureEntrees(db: Conn, campagneId: string | null): Promise<string> {
  const id = campagneId ?? '0';
  const r = await sql<{ s: string }>`SELECT concat_ws('|',
      (SELECT coalesce(max(id), 0) FROM import_rh WHERE statut = 'REUSSI'),
      (SELECT count(*) FROM signalement WHERE statut = 'ACCEPTE'),
      (SELECT count(*) || ':' || coalesce(sum(hashtext(agent_id || ':' || vivier || ':' || appreciation)), 0) FROM appreciation_autorite WHERE campagne_id = ${id}::bigint),
      (SELECT count(*) || ':' || coalesce(sum(hashtext(agent_id || ':' || numero || ':' || avis)), 0) FROM avis_campagne WHERE campagne_id = ${id}::bigint),
      (SELECT count(*) || ':' || coalesce(sum(hashtext(agent_id)), 0) FROM candidature WHERE campagne_id = ${id}::bigint AND statut IN ('RECEVABLE', 'PROMU', 'NON_PROMU'))) AS s`.execute(db);
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
