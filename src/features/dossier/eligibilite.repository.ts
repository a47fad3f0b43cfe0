import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { grouper, type DossierEligibilite, type IndexLabels } from '../eligibilite/dossier.ts';
import type { LigneCarriere, LignePosition, LigneService } from '../../carriere/enregistrements.ts';
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

/**
 * The dossiers of one corps, page by page in agent_id order (byte order, as the export wants):
 * memory stays bounded whatever the académie's size. The next page is read while the caller works on this
 * one (the database and Node each have a core): two pages in memory at most. With `perimetre`, only the agents
 * within it (a scoped gestionnaire's counts); with `horsClasse`, only those of that grade and échelon at D (a table).
 */
export async function* parcourirDossiers(
  db: Database,
  corps: Corps,
  labels: IndexLabels,
  opts: { taillePage?: number; perimetre?: { perimetre: Perimetre; jour: string }; horsClasse?: FiltreHorsClasse } = {},
): AsyncGenerator<DossierEligibilite[]> {
  const taillePage = opts.taillePage ?? 5000;
  async function lirePage(apres: string) {
    let requete = db
      .selectFrom('agent as a')
      .select('a.agent_id')
      .where('a.corps', '=', corps)
      .where(sql<boolean>`a.agent_id COLLATE "C" > ${apres}`);
    if (opts.perimetre) requete = requete.where(dansLePerimetre('a.agent_id', opts.perimetre.perimetre, opts.perimetre.jour));
    // The career row at D is the one with the latest date_effet ≤ D (DOMAIN.md §10, gradeALaDate): one index probe.
    const f = opts.horsClasse;
    if (f)
      requete = requete.where(
        sql<boolean>`EXISTS (SELECT 1 FROM (SELECT c.grade, c.echelon FROM agent_carriere c WHERE c.agent_id = a.agent_id AND c.date_effet <= ${f.date}::date
          ORDER BY c.date_effet DESC LIMIT 1) d WHERE d.grade = 'HC' AND d.echelon >= ${f.echelon}::int)`,
      );
    const agents = await requete.orderBy(sql`a.agent_id COLLATE "C"`).limit(taillePage).execute();
    if (agents.length === 0) return null;
    const ids = agents.map((a) => a.agent_id);
    return { ids, lignes: await lignesDe(db, ids), derniere: agents.length < taillePage };
  }
  let suivante: Promise<Awaited<ReturnType<typeof lirePage>>> = lirePage('');
  try {
    for (;;) {
      const page = await suivante;
      if (!page) return;
      suivante = page.derniere ? Promise.resolve(null) : lirePage(page.ids[page.ids.length - 1]!);
      const carriere = grouper(page.lignes.carriere);
      const positions = grouper(page.lignes.positions);
      const services = grouper(page.lignes.services);
      yield page.ids.map((agent_id) => ({
        agent: { agent_id, corps },
        carriere: carriere.get(agent_id) ?? [],
        positions: positions.get(agent_id) ?? [],
        services: services.get(agent_id) ?? [],
        labels,
      }));
    }
  } finally {
    // A caller that stops early (an error while writing) leaves the read ahead: its failure is not theirs.
    suivante.catch(() => {});
  }
}

/**
 * The candidature state of some agents in the campaign of a corps and year (at most one campaign per corps and
 * year): agents without a candidature are absent. Read page by page, with the page's agent ids.
 */
export async function etatsCandidatures(db: Database, corps: Corps, annee: number, ids: readonly string[]): Promise<Map<string, string>> {
  const lignes = await db
    .selectFrom('candidature')
    .innerJoin('campagne', 'campagne.id', 'candidature.campagne_id')
    .select(['candidature.agent_id', 'candidature.statut'])
    .where('campagne.corps', '=', corps)
    .where('campagne.annee', '=', annee)
    .where('candidature.agent_id', '=', sql<string>`ANY(${ids}::text[])`)
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
