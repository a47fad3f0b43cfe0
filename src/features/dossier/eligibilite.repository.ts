import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { grouper, type DossierEligibilite, type IndexLabels, type LigneDuDossier } from '../eligibilite/dossier.ts';
import type { DateIso, LigneCarriere, LignePosition, LigneService } from '../../carriere/enregistrements.ts';
import type { Corps, Label } from '../../carriere/vocabulaire.ts';
import type { Perimetre } from '../../shared/perimetre.ts';
import { dansLePerimetre } from './perimetre.repository.ts';

/** Loads the stored HR data in the shape the pure eligibility rules read. */

/** Labels of every establishment, or only of `uais` (those of one dossier: the rules read no other). */
export async function chargerLabels(db: Database, uais?: readonly string[]): Promise<IndexLabels> {
  if (uais?.length === 0) return new Map();
  let requete = db.selectFrom('etablissement_label').select(['uai', 'annee_scolaire', 'label']);
  if (uais) requete = requete.where('uai', '=', sql<string>`ANY(${uais}::text[])`);
  return indexerLabels(await requete.execute());
}

function indexerLabels(lignes: ReadonlyArray<{ uai: string; annee_scolaire: number; label: string }>): IndexLabels {
  const index = new Map<string, Map<number, Label[]>>();
  for (const l of lignes) {
    let parAnnee = index.get(l.uai);
    if (!parAnnee) index.set(l.uai, (parAnnee = new Map()));
    const liste = parAnnee.get(l.annee_scolaire);
    if (liste) liste.push(l.label as Label);
    else parAnnee.set(l.annee_scolaire, [l.label as Label]);
  }
  return index;
}

async function lignesDe(db: Database, ids: readonly string[]) {
  const [carriere, positions, services] = await Promise.all([
    db.selectFrom('agent_carriere').select(['agent_id', 'date_effet', 'grade', 'echelon']).where('agent_id', '=', sql<string>`ANY(${ids}::text[])`).execute(),
    db.selectFrom('agent_position').select(['agent_id', 'date_debut', 'date_fin', 'position']).where('agent_id', '=', sql<string>`ANY(${ids}::text[])`).execute(),
    db
      .selectFrom('agent_service')
      .select(['agent_id', 'date_debut', 'date_fin', 'uai', 'fonction', 'part_service', 'statut', 'faisant_fonction'])
      .where('agent_id', '=', sql<string>`ANY(${ids}::text[])`)
      .execute(),
  ]);
  return { carriere: carriere as LigneCarriere[], positions: positions as LignePosition[], services: services as LigneService[] };
}

/**
 * Only the agents whose grade at `date` is the hors-classe at `echelon` or above: a table lists no one else (the
 * common conditions ask for HC at D), and they are a fifth of a corps. The rules still judge every dossier read.
 */
export type FiltreHorsClasse = { date: string; echelon: number };

/*
 * The rows of one agent as the text of a JSON array of arrays (one per row, its values in a fixed order), built by
 * concatenation in a correlated subquery: the agent's rows are found by an index probe whatever the page's size (an
 * `agent_id = ANY(5,000 ids)` filter made PostgreSQL scan the whole 1.9-million-row agent_carriere table, on three
 * processes, for every page), and `JSON.parse` reads one string per agent and table instead of pg decoding a field per
 * column and row. Concatenation costs PostgreSQL half of what json_build_object does, and arrays without keys are
 * shorter to write, send and parse than objects; the records are then made in JavaScript, always in one shape. Text
 * values go through to_json (escaped); dates are written by date_out, in the ISO form the DATE parser of connection.ts
 * already relies on; rows in file order (`ORDER BY id`).
 */
function jsonLignes(jusqua: DateIso | undefined) {
  const avant = (colonne: string) => (jusqua === undefined ? sql`` : sql`AND ${sql.ref(colonne)} <= ${jusqua}::date`);
  return {
    carriere: sql`(SELECT '[' || string_agg('["' || c.date_effet || '",' || to_json(c.grade) || ',' || c.echelon || ']', ',' ORDER BY c.id) || ']'
      FROM agent_carriere c WHERE c.agent_id = p.agent_id ${avant('c.date_effet')})`,
    positions: sql`(SELECT '[' || string_agg('["' || x.date_debut || '",' || coalesce('"' || x.date_fin || '"', 'null') || ',' || to_json(x.position) || ']', ',' ORDER BY x.id) || ']'
      FROM agent_position x WHERE x.agent_id = p.agent_id ${avant('x.date_debut')})`,
    services: sql`(SELECT '[' || string_agg('["' || s.date_debut || '",' || coalesce('"' || s.date_fin || '"', 'null') || ',' || to_json(s.uai) || ',' || to_json(s.fonction)
        || ',' || s.part_service || ',' || to_json(s.statut) || ',' || s.faisant_fonction || ']', ',' ORDER BY s.id) || ']'
      FROM agent_service s WHERE s.agent_id = p.agent_id ${avant('s.date_debut')})`,
  };
}
const AUCUNE: readonly never[] = [];
function lignes<T>(json: string | null, ligne: (valeurs: unknown[]) => T): readonly T[] {
  if (json === null) return AUCUNE;
  const valeurs = JSON.parse(json) as unknown[][];
  const r = new Array<T>(valeurs.length);
  for (let i = 0; i < valeurs.length; i++) r[i] = ligne(valeurs[i]!);
  return r;
}
type Carriere = LigneDuDossier<LigneCarriere>;
type Position = LigneDuDossier<LignePosition>;
type Service = LigneDuDossier<LigneService>;
const carriere = (v: unknown[]): Carriere => ({ date_effet: v[0] as string, grade: v[1] as Carriere['grade'], echelon: v[2] as number });
const position = (v: unknown[]): Position => ({ date_debut: v[0] as string, date_fin: v[1] as string | null, position: v[2] as Position['position'] });
const service = (v: unknown[]): Service => ({
  date_debut: v[0] as string,
  date_fin: v[1] as string | null,
  uai: v[2] as string,
  fonction: v[3] as Service['fonction'],
  part_service: v[4] as number,
  statut: v[5] as Service['statut'],
  faisant_fonction: v[6] as boolean,
});

/**
 * The dossiers of one corps, page by page in agent_id order (byte order, as the export wants): memory stays bounded
 * whatever the académie's size. The agents are chosen first, in one statement (their ids only); then one statement per
 * page of them returns, for each agent, its career, position and service rows as JSON text (above). `enAvance` pages
 * are read ahead while the caller works on the current one (on PostgreSQL on as many connections at once, each
 * PostgreSQL process building its page's text; PGlite's one session takes them in turn): at most `enAvance` + 1 pages
 * in memory. With `perimetre`, only the agents within it (a scoped gestionnaire's counts); with `horsClasse`, only those
 * of that grade and échelon at D (a table). With `jusqua` (D, the rule set's date of observation), the rows that begin
 * after it are not read: the rules observe a dossier at D and never read them (the grade and position at D, the school
 * years ending by D; `echantillon.test.ts` checks it on the sample académie for every campaign) — a quarter of a
 * national corps's rows for 2019.
 */
export async function* parcourirDossiers(
  db: Database,
  corps: Corps,
  labels: IndexLabels,
  opts: { taillePage?: number; enAvance?: number; jusqua?: DateIso; perimetre?: { perimetre: Perimetre; jour: string }; horsClasse?: FiltreHorsClasse } = {},
): AsyncGenerator<DossierEligibilite[]> {
  const taillePage = opts.taillePage ?? 5000;
  const enAvance = Math.max(0, opts.enAvance ?? 2);
  let requete = db.selectFrom('agent as a').select('a.agent_id').where('a.corps', '=', corps);
  if (opts.perimetre) requete = requete.where(dansLePerimetre('a.agent_id', opts.perimetre.perimetre, opts.perimetre.jour));
  // The career row at D is the one with the latest date_effet ≤ D (DOMAIN.md §10, gradeALaDate): one index probe.
  const f = opts.horsClasse;
  if (f)
    requete = requete.where(
      sql<boolean>`EXISTS (SELECT 1 FROM (SELECT c.grade, c.echelon FROM agent_carriere c WHERE c.agent_id = a.agent_id AND c.date_effet <= ${f.date}::date
        ORDER BY c.date_effet DESC LIMIT 1) d WHERE d.grade = 'HC' AND d.echelon >= ${f.echelon}::int)`,
    );
  const ids = (await requete.orderBy(sql`a.agent_id COLLATE "C"`).execute()).map((a) => a.agent_id);
  const json = jsonLignes(opts.jusqua);
  const page = (debut: number) =>
    sql<{ agent_id: string; carriere: string | null; positions: string | null; services: string | null }>`
      SELECT p.agent_id, ${json.carriere} AS carriere, ${json.positions} AS positions, ${json.services} AS services
      FROM unnest(${ids.slice(debut, debut + taillePage)}::text[]) WITH ORDINALITY AS p(agent_id, rang) ORDER BY p.rang`;
  // The planner's cost for 5,000 agents (three subplans each) passes jit_above_cost: PostgreSQL would then compile the
  // statement's expressions at every execution, ~0.2 s of the ~0.5 s a page takes it (measured on PostgreSQL 15). A page
  // is read in a transaction of its own with JIT off for it alone (SET LOCAL); within a caller's transaction, as is.
  const lirePage = (debut: number) =>
    db.isTransaction
      ? page(debut).execute(db)
      : db.transaction().execute(async (trx) => {
          await sql`SET LOCAL jit = off`.execute(trx);
          return page(debut).execute(trx);
        });
  type Page = Awaited<ReturnType<typeof lirePage>>;
  const enVol: Array<Promise<Page>> = [];
  let suivante = 0;
  const demander = () => {
    while (suivante < ids.length && enVol.length <= enAvance) {
      const p = lirePage(suivante);
      // Awaited in turn below; one never awaited (the caller stopped early) must not be an unhandled rejection.
      p.catch(() => {});
      enVol.push(p);
      suivante += taillePage;
    }
  };
  demander();
  while (enVol.length > 0) {
    const { rows } = await enVol.shift()!;
    demander();
    yield rows.map((l) => ({
      agent: { agent_id: l.agent_id, corps },
      carriere: lignes(l.carriere, carriere),
      positions: lignes(l.positions, position),
      services: lignes(l.services, service),
      labels,
    }));
  }
}

/** The campaign of a corps and year (at most one), or undefined. */
export async function campagneDuCorps(db: Database, corps: Corps, annee: number): Promise<string | undefined> {
  const c = await db.selectFrom('campagne').select('id').where('corps', '=', corps).where('annee', '=', annee).executeTakeFirst();
  return c?.id;
}

/**
 * The candidature state of some agents in a campaign: agents without a candidature are absent. Read page by page,
 * with the page's agent ids.
 */
export async function etatsCandidatures(db: Database, campagneId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const lignes = await db
    .selectFrom('candidature')
    .select(['agent_id', 'statut'])
    .where('campagne_id', '=', campagneId)
    .where('agent_id', '=', sql<string>`ANY(${ids}::text[])`)
    .execute();
  return new Map(lignes.map((l) => [l.agent_id, l.statut]));
}

/**
 * One agent's dossier, or undefined if the agent is unknown: one statement (JSON aggregates, rows in the
 * order they were imported), with the labels of the establishments of its service rows only (the rules read
 * no other). Read on every candidature page: one round trip instead of five.
 */
export async function chargerDossier(db: Database, agentId: string): Promise<DossierEligibilite | undefined> {
  const r = await sql<{ agent_id: string; corps: Corps; carriere: LigneCarriere[]; positions: LignePosition[]; services: LigneService[]; labels: Array<{ uai: string; annee_scolaire: number; label: string }> }>`
    SELECT a.agent_id, a.corps,
      coalesce((SELECT json_agg(json_build_object('agent_id', c.agent_id, 'date_effet', c.date_effet, 'grade', c.grade, 'echelon', c.echelon) ORDER BY c.id)
        FROM agent_carriere c WHERE c.agent_id = a.agent_id), '[]') AS carriere,
      coalesce((SELECT json_agg(json_build_object('agent_id', p.agent_id, 'date_debut', p.date_debut, 'date_fin', p.date_fin, 'position', p.position) ORDER BY p.id)
        FROM agent_position p WHERE p.agent_id = a.agent_id), '[]') AS positions,
      coalesce((SELECT json_agg(json_build_object('agent_id', s.agent_id, 'date_debut', s.date_debut, 'date_fin', s.date_fin, 'uai', s.uai, 'fonction', s.fonction,
          'part_service', s.part_service, 'statut', s.statut, 'faisant_fonction', s.faisant_fonction) ORDER BY s.id)
        FROM agent_service s WHERE s.agent_id = a.agent_id), '[]') AS services,
      coalesce((SELECT json_agg(json_build_object('uai', l.uai, 'annee_scolaire', l.annee_scolaire, 'label', l.label))
        FROM etablissement_label l WHERE l.uai IN (SELECT s.uai FROM agent_service s WHERE s.agent_id = a.agent_id)), '[]') AS labels
    FROM agent a WHERE a.agent_id = ${agentId}`.execute(db);
  const l = r.rows[0];
  if (!l) return undefined;
  return { agent: { agent_id: l.agent_id, corps: l.corps }, carriere: l.carriere, positions: l.positions, services: l.services, labels: indexerLabels(l.labels) };
}

/**
 * The dossiers of several known agents at once (the accusés of a closing, by batches), in four statements whatever
 * their number: the same rows as `chargerDossier` agent by agent, and the labels of their service rows' establishments.
 */
export async function chargerDossiers(db: Database, agents: ReadonlyArray<{ agent_id: string; corps: string }>): Promise<Map<string, DossierEligibilite>> {
  if (agents.length === 0) return new Map();
  const l = await lignesDe(db, [...new Set(agents.map((a) => a.agent_id))]);
  const labels = await chargerLabels(db, [...new Set(l.services.map((s) => s.uai))]);
  const carriere = grouper(l.carriere);
  const positions = grouper(l.positions);
  const services = grouper(l.services);
  return new Map(
    agents.map((a) => [
      a.agent_id,
      { agent: { agent_id: a.agent_id, corps: a.corps as Corps }, carriere: carriere.get(a.agent_id) ?? [], positions: positions.get(a.agent_id) ?? [], services: services.get(a.agent_id) ?? [], labels },
    ]),
  );
}
