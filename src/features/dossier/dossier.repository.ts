import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/connection.ts';
import { compileeUneFois } from '../../db/compilees.ts';
import type { Perimetre } from '../../db/schema.ts';
import type { RubriqueCv } from './cv.rules.ts';
import { dansLePerimetre } from './perimetre.repository.ts';

/** Queries of the administrative dossier (HR data, corrections, staff reads). Plain rows, no business decisions. */

export function agent(db: Database, agentId: string) {
  return db.selectFrom('agent').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
}

export function carrieres(db: Database, agentId: string) {
  return db.selectFrom('agent_carriere').select(['id', 'date_effet', 'grade', 'echelon']).where('agent_id', '=', agentId).orderBy('date_effet').execute();
}

export function positions(db: Database, agentId: string) {
  return db.selectFrom('agent_position').select(['id', 'date_debut', 'date_fin', 'position']).where('agent_id', '=', agentId).orderBy('date_debut').orderBy('id').execute();
}

export function services(db: Database, agentId: string) {
  return db
    .selectFrom('agent_service as s')
    .innerJoin('etablissement as e', 'e.uai', 's.uai')
    .select(['s.id', 's.date_debut', 's.date_fin', 's.uai', 's.fonction', 's.part_service', 's.statut', 's.faisant_fonction', 'e.nom as etablissement', 'e.commune', 'e.departement'])
    .where('s.agent_id', '=', agentId)
    .orderBy('s.date_debut')
    .orderBy('s.id')
    .execute();
}

/*
 * One page of the dossier, one statement: the agent's row with, as JSON arrays, only what its tab shows (every tab
 * used to run the nine queries of the whole dossier). bigint ids are cast to text, as pg returns them; inside JSON,
 * DATE columns stay 'YYYY-MM-DD' and timestamps come back as ISO strings (the service makes them Dates again).
 * Each array is aggregated in the order of its subquery. No row: no such agent.
 */

function agentAvec(db: Database, agentId: string) {
  return db.selectFrom('agent as a').selectAll('a').where('a.agent_id', '=', agentId);
}

/** Identity tab (and the frame of every page): the agent's row alone. */
export const pageIdentite = compileeUneFois((db, agentId) => agentAvec(db, agentId));

/** Administrative situation tab: career and position rows. */
export const pageSituation = compileeUneFois((db, agentId) =>
  agentAvec(db, agentId).select((eb) => [
    jsonArrayFrom(
      eb.selectFrom('agent_carriere as c').select([sql<string>`c.id::text`.as('id'), 'c.date_effet', 'c.grade', 'c.echelon']).where('c.agent_id', '=', agentId).orderBy('c.date_effet'),
    ).as('carrieres'),
    jsonArrayFrom(
      eb
        .selectFrom('agent_position as p')
        .select([sql<string>`p.id::text`.as('id'), 'p.date_debut', 'p.date_fin', 'p.position'])
        .where('p.agent_id', '=', agentId)
        .orderBy('p.date_debut')
        .orderBy('p.id'),
    ).as('positions'),
  ]),
);

/** The agent's service rows with their establishment, in date order. */
function servicesDe(db: Database, agentId: string) {
  return db
    .selectFrom('agent_service as s')
    .innerJoin('etablissement as e', 'e.uai', 's.uai')
    .select([sql<string>`s.id::text`.as('id'), 's.date_debut', 's.date_fin', 's.uai', 's.fonction', 's.part_service', 's.statut', 's.faisant_fonction', 'e.nom as etablissement', 'e.commune', 'e.departement'])
    .where('s.agent_id', '=', agentId)
    .orderBy('s.date_debut')
    .orderBy('s.id');
}

/**
 * Assignment history tab: the service rows, and the éducation-prioritaire labels of their establishments for every school
 * year (the rule keeps the years each row covers). Labels are read once for the agent's establishments, not once per
 * row: without statistics yet (just after an import), the planner would cost a per-row subquery for thousands of rows
 * and compile the statement (JIT) for most of a second.
 */
export const pageAffectations = compileeUneFois((db, agentId) =>
  agentAvec(db, agentId).select((eb) => [
    jsonArrayFrom(servicesDe(db, agentId)).as('services'),
    jsonArrayFrom(
      eb
        .selectFrom('etablissement_label as l')
        .select(['l.uai', 'l.annee_scolaire', 'l.label'])
        .where('l.uai', 'in', eb.selectFrom('agent_service as s').select('s.uai').where('s.agent_id', '=', agentId)),
    ).as('labels'),
  ]),
);

/** Functions and missions tab: the service rows other than teaching. */
export const pageFonctions = compileeUneFois((db, agentId) =>
  agentAvec(db, agentId).select(jsonArrayFrom(servicesDe(db, agentId).where('s.fonction', '<>', 'ENSEIGNEMENT')).as('services')),
);

/** A CV tab: the entries of one rubrique, latest first (undated ones last). */
function pageCvDe(rubrique: RubriqueCv) {
  return compileeUneFois((db, agentId) =>
    agentAvec(db, agentId).select(
      jsonArrayFrom(
        db
          .selectFrom('cv_element as v')
          .select([sql<string>`v.id::text`.as('id'), 'v.rubrique', 'v.categorie', 'v.intitule', 'v.organisme', 'v.niveau', 'v.date_debut', 'v.date_fin', 'v.duree_heures', 'v.description'])
          .where('v.agent_id', '=', agentId)
          .where('v.rubrique', '=', rubrique)
          .orderBy('v.date_debut', (ob) => ob.desc().nullsLast())
          .orderBy('v.id', 'desc'),
      ).as('cv'),
    ),
  );
}
export const pageCv = { ACTIVITE: pageCvDe('ACTIVITE'), QUALIFICATION: pageCvDe('QUALIFICATION'), FORMATION: pageCvDe('FORMATION') } satisfies Record<RubriqueCv, unknown>;

/** Error reports and corrections tab, newest first. */
export const pageSignalements = compileeUneFois((db, agentId) =>
  agentAvec(db, agentId).select([
    jsonArrayFrom(
      db
        .selectFrom('signalement as s')
        .select([sql<string>`s.id::text`.as('id'), 's.cible_libelle', 's.statut', 's.cree_le', 's.traite_le', 's.motif_rejet'])
        .where('s.agent_id', '=', agentId)
        .orderBy('s.cree_le', 'desc')
        .orderBy('s.id', 'desc'),
    ).as('signalements'),
    jsonArrayFrom(
      db
        .selectFrom('correction_dossier as c')
        .select([sql<string>`c.id::text`.as('id'), 'c.cible_type', 'c.avant', 'c.apres', 'c.par_nom', 'c.le'])
        .where('c.agent_id', '=', agentId)
        .orderBy('c.le', 'desc')
        .orderBy('c.id', 'desc'),
    ).as('corrections'),
  ]),
);

/** "Qui a consulté mon dossier": the latest 200 staff reads. */
export const pageConsultations = compileeUneFois((db, agentId) =>
  agentAvec(db, agentId).select(
    jsonArrayFrom(
      db
        .selectFrom('consultation_dossier as c')
        .select([sql<string>`c.id::text`.as('id'), 'c.nom_affiche', 'c.role', 'c.page', 'c.le'])
        .where('c.agent_id', '=', agentId)
        .orderBy('c.le', 'desc')
        .orderBy('c.id', 'desc')
        .limit(200),
    ).as('consultations'),
  ),
);

export function etablissementExiste(db: Database, uai: string) {
  return db.selectFrom('etablissement').select('uai').where('uai', '=', uai).executeTakeFirst();
}

export function corrections(db: Database, agentId: string) {
  return db.selectFrom('correction_dossier').selectAll().where('agent_id', '=', agentId).orderBy('le', 'desc').orderBy('id', 'desc').execute();
}

export async function enregistrerConsultation(db: Database, c: { agentId: string; compteId: string; nomAffiche: string; role: string; page: string; le: Date }) {
  await db.insertInto('consultation_dossier').values({ agent_id: c.agentId, compte_id: c.compteId, nom_affiche: c.nomAffiche, role: c.role, page: c.page, le: c.le }).execute();
}

export function consultations(db: Database, agentId: string, limite = 200) {
  return db.selectFrom('consultation_dossier').select(['id', 'nom_affiche', 'role', 'page', 'le']).where('agent_id', '=', agentId).orderBy('le', 'desc').orderBy('id', 'desc').limit(limite).execute();
}

/** Agents matching a search (agent_id, name or identifiant) within the perimetre on `jour` (the scope condition of perimetre.repository.ts). */
export function rechercherAgents(db: Database, opts: { q: string; perimetre: Perimetre; jour: string; limite: number }) {
  let requete = db.selectFrom('agent as a').select(['a.agent_id', 'a.nom', 'a.prenom', 'a.corps', 'a.discipline', 'a.identifiant']).where(dansLePerimetre('a.agent_id', opts.perimetre, opts.jour));
  if (opts.q) {
    const motif = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
    requete = requete.where((eb) =>
      eb.or([eb(sql`lower(a.agent_id)`, 'like', motif), eb(sql`lower(a.nom || ' ' || a.prenom)`, 'like', motif), eb(sql`lower(a.prenom || ' ' || a.nom)`, 'like', motif), eb(sql`lower(a.identifiant)`, 'like', motif)]),
    );
  }
  return requete.orderBy(sql`a.nom COLLATE "und-x-icu"`).orderBy('a.prenom').orderBy('a.agent_id').limit(opts.limite).execute();
}
