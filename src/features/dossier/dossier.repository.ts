import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Perimetre } from '../../db/schema.ts';

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

export function labels(db: Database, uais: readonly string[]) {
  if (uais.length === 0) return Promise.resolve([]);
  return db.selectFrom('etablissement_label').select(['uai', 'annee_scolaire', 'label']).where('uai', 'in', [...uais]).execute();
}

/** Establishments of the agent's service rows active on `jour`. */
export function affectationsCourantes(db: Database, agentId: string, jour: string) {
  return db
    .selectFrom('agent_service as s')
    .innerJoin('etablissement as e', 'e.uai', 's.uai')
    .select(['s.uai', 'e.departement'])
    .where('s.agent_id', '=', agentId)
    .where('s.date_debut', '<=', jour)
    .where((eb) => eb.or([eb('s.date_fin', 'is', null), eb('s.date_fin', '>=', jour)]))
    .execute();
}

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

/**
 * Agents matching a search (agent_id, name or identifiant), narrowed in SQL by the perimetre; the service re-checks
 * each one with the pure rule. `jour` decides which service rows are current.
 */
export function rechercherAgents(db: Database, opts: { q: string; perimetre: Perimetre; jour: string; limite: number }) {
  const { perimetre, jour } = opts;
  let requete = db.selectFrom('agent as a').select(['a.agent_id', 'a.nom', 'a.prenom', 'a.corps', 'a.discipline', 'a.identifiant']);
  if (opts.q) {
    const motif = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
    requete = requete.where((eb) =>
      eb.or([eb(sql`lower(a.agent_id)`, 'like', motif), eb(sql`lower(a.nom || ' ' || a.prenom)`, 'like', motif), eb(sql`lower(a.prenom || ' ' || a.nom)`, 'like', motif), eb(sql`lower(a.identifiant)`, 'like', motif)]),
    );
  }
  if (perimetre.corps?.length) requete = requete.where('a.corps', 'in', perimetre.corps);
  const deps = perimetre.departements ?? [];
  const etabs = perimetre.etablissements ?? [];
  if (deps.length || etabs.length) {
    requete = requete.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('agent_service as s')
          .innerJoin('etablissement as e', 'e.uai', 's.uai')
          .select(sql`1`.as('x'))
          .whereRef('s.agent_id', '=', 'a.agent_id')
          .where('s.date_debut', '<=', jour)
          .where((eb) => eb.or([eb('s.date_fin', 'is', null), eb('s.date_fin', '>=', jour)]))
          .where((eb) => eb.or([...(deps.length ? [eb('e.departement', 'in', deps)] : []), ...(etabs.length ? [eb('s.uai', 'in', etabs)] : [])])),
      ),
    );
  }
  return requete.orderBy(sql`a.nom COLLATE "und-x-icu"`).orderBy('a.prenom').orderBy('a.agent_id').limit(opts.limite).execute();
}

/** Current establishments of several agents at once (for the scope re-check of a list). */
export function affectationsCourantesDe(db: Database, agentIds: readonly string[], jour: string) {
  if (agentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('agent_service as s')
    .innerJoin('etablissement as e', 'e.uai', 's.uai')
    .select(['s.agent_id', 's.uai', 'e.departement'])
    .where('s.agent_id', 'in', [...agentIds])
    .where('s.date_debut', '<=', jour)
    .where((eb) => eb.or([eb('s.date_fin', 'is', null), eb('s.date_fin', '>=', jour)]))
    .execute();
}
