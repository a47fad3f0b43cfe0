import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { gereePar, type Gestion } from '../dossier/perimetre.repository.ts';
import type { StatutCandidature } from './candidature.machine.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * The candidatures of a campaign as HR reads and examines them. Every query puts, in its own WHERE, the campaign of the
 * URL, the candidature's id when there is one, and the scope rule on its agent (`gereePar`: within the perimetre, and
 * not the gestionnaire's own): a candidature out of scope or under another campaign is not found.
 */

export type FiltresCandidatures = {
  statuts: readonly StatutCandidature[] | null;
  /** UAI of one of the agent's current establishments. */
  etablissement: string | null;
  /** Only candidatures with a declared period without any pièce. */
  pieceManquante: boolean;
  /** LIKE pattern (escaped) on name, first name, identifiers and reference. */
  motif: string | null;
};

type Eb = ExpressionBuilder<DB & { c: DB['candidature']; a: DB['agent'] }, 'c' | 'a'>;

const courant = (jour: string) => sql<SqlBool>`s.date_debut <= ${jour}::date AND (s.date_fin IS NULL OR s.date_fin >= ${jour}::date)`;

function conditions(eb: Eb, campagneId: string, g: Gestion, f: FiltresCandidatures): Expression<SqlBool> {
  const et: Array<Expression<SqlBool>> = [eb('c.campagne_id', '=', campagneId), gereePar('c.agent_id', g)];
  if (f.statuts) et.push(eb('c.statut', 'in', [...f.statuts]));
  if (f.etablissement) et.push(sql<SqlBool>`EXISTS (SELECT 1 FROM agent_service s WHERE s.agent_id = c.agent_id AND s.uai = ${f.etablissement} AND ${courant(g.jour)})`);
  if (f.pieceManquante) {
    et.push(sql<SqlBool>`EXISTS (SELECT 1 FROM candidature_periode p WHERE p.candidature_id = c.id AND p.source = 'AGENT'
      AND NOT EXISTS (SELECT 1 FROM candidature_piece x WHERE x.periode_id = p.id))`);
  }
  if (f.motif) {
    const m = f.motif;
    et.push(
      eb.or([
        eb('a.nom', 'ilike', m),
        eb('a.prenom', 'ilike', m),
        eb('a.identifiant', 'ilike', m),
        eb('a.agent_id', 'ilike', m),
        eb('c.reference', 'ilike', m),
        eb(sql`a.prenom || ' ' || a.nom`, 'ilike', m),
        eb(sql`a.nom || ' ' || a.prenom`, 'ilike', m),
      ]),
    );
  }
  return eb.and(et);
}

const base = (db: Conn) => db.selectFrom('candidature as c').innerJoin('agent as a', 'a.agent_id', 'c.agent_id');

export async function compterCandidatures(db: Conn, campagneId: string, g: Gestion, f: FiltresCandidatures): Promise<number> {
  const r = await base(db)
    .select(sql<number>`count(*)::int`.as('n'))
    .where((eb) => conditions(eb, campagneId, g, f))
    .executeTakeFirstOrThrow();
  return r.n;
}

/** One page of the list, by name (French order), with the facts of its columns. */
export function listerCandidatures(db: Conn, campagneId: string, g: Gestion, f: FiltresCandidatures, limite: number, decalage: number) {
  return base(db)
    .select([
      'c.id',
      'c.agent_id',
      'c.statut',
      'c.reference',
      'c.cree_le',
      'c.validee_le',
      'c.modifie_le',
      'a.nom',
      'a.prenom',
      'a.identifiant',
      'a.corps',
      sql<string | null>`(SELECT string_agg(DISTINCT e.nom || ' (' || e.uai || ')', ', ') FROM agent_service s JOIN etablissement e ON e.uai = s.uai
        WHERE s.agent_id = c.agent_id AND ${courant(g.jour)})`.as('etablissements'),
      sql<number>`(SELECT count(*)::int FROM candidature_piece x JOIN candidature_periode p ON p.id = x.periode_id WHERE p.candidature_id = c.id)`.as('pieces'),
      sql<number>`(SELECT count(*)::int FROM candidature_periode p WHERE p.candidature_id = c.id AND p.source = 'AGENT')`.as('declarees'),
      sql<number>`(SELECT count(*)::int FROM candidature_periode p WHERE p.candidature_id = c.id AND p.source = 'AGENT' AND p.decision IS NULL)`.as('a_decider'),
      sql<boolean>`EXISTS (SELECT 1 FROM candidature_periode p WHERE p.candidature_id = c.id AND p.source = 'AGENT'
        AND NOT EXISTS (SELECT 1 FROM candidature_piece x WHERE x.periode_id = p.id))`.as('piece_manquante'),
    ])
    .where((eb) => conditions(eb, campagneId, g, f))
    .orderBy(sql`a.nom COLLATE "und-x-icu"`)
    .orderBy(sql`a.prenom COLLATE "und-x-icu"`)
    .orderBy('c.id')
    .limit(limite)
    .offset(decalage)
    .execute();
}

/** Candidatures by state within the scope (the progress of the examination). */
export function compterParStatut(db: Conn, campagneId: string, g: Gestion) {
  return base(db)
    .select(['c.statut', sql<number>`count(*)::int`.as('n')])
    .where((eb) => conditions(eb, campagneId, g, { statuts: null, etablissement: null, pieceManquante: false, motif: null }))
    .groupBy('c.statut')
    .execute();
}

/** The current establishments of the agents who hold a candidature within the scope: the choices of the filter. */
export function etablissementsDesCandidats(db: Conn, campagneId: string, g: Gestion) {
  return db
    .selectFrom('candidature as c')
    .innerJoin('agent_service as s', 's.agent_id', 'c.agent_id')
    .innerJoin('etablissement as e', 'e.uai', 's.uai')
    .select(['e.uai', 'e.nom'])
    .distinct()
    .where('c.campagne_id', '=', campagneId)
    .where(gereePar('c.agent_id', g))
    .where(courant(g.jour))
    .orderBy('e.nom')
    .orderBy('e.uai')
    .execute();
}

/** One candidature of this campaign within the scope, with its agent's identity. */
export function candidatureGeree(db: Conn, campagneId: string, id: string, g: Gestion) {
  return base(db)
    .select(['c.id', 'c.agent_id', 'c.statut', 'c.reference', 'c.cree_le', 'c.validee_le', 'c.modifie_le', 'a.civilite', 'a.nom', 'a.prenom', 'a.identifiant', 'a.corps', 'a.discipline', 'a.date_naissance', 'a.email'])
    .where('c.id', '=', id)
    .where((eb) => conditions(eb, campagneId, g, { statuts: null, etablissement: null, pieceManquante: false, motif: null }))
    .executeTakeFirst();
}

/** The same, its row locked while a decision is taken (two gestionnaires decide one after the other). */
export function candidatureVerrouillee(trx: Transaction<DB>, campagneId: string, id: string, g: Gestion) {
  return trx
    .selectFrom('candidature as c')
    .select(['c.id', 'c.agent_id', 'c.statut'])
    .where('c.id', '=', id)
    .where('c.campagne_id', '=', campagneId)
    .where(gereePar('c.agent_id', g))
    .forUpdate()
    .executeTakeFirst();
}

/** The campaign's state, share-locked: the table cannot be arrêté (FOR UPDATE or UPDATE) while a decision is written. */
export function partagerCampagne(trx: Transaction<DB>, campagneId: string) {
  return trx.selectFrom('campagne').select(['id', 'corps', 'annee', 'regime', 'statut']).where('id', '=', campagneId).forShare().executeTakeFirst();
}

const COLONNES_PERIODE = ['id', 'du', 'au', 'nature', 'fonction', 'etablissement', 'source', 'commentaire', 'decision', 'motif', 'motif_texte', 'decidee_le', 'decidee_par_compte_id'] as const;

export function periodesDe(db: Conn, candidatureId: string) {
  return db.selectFrom('candidature_periode').select(COLONNES_PERIODE).where('candidature_id', '=', candidatureId).orderBy('du').orderBy('id').execute();
}

/** A period of this candidature (the candidature was checked and locked by the caller). */
export function periodeDe(trx: Transaction<DB>, candidatureId: string, periodeId: string) {
  return trx.selectFrom('candidature_periode').select(COLONNES_PERIODE).where('id', '=', periodeId).where('candidature_id', '=', candidatureId).executeTakeFirst();
}

export function piecesDe(db: Conn, candidatureId: string) {
  return db
    .selectFrom('candidature_piece as x')
    .innerJoin('candidature_periode as p', 'p.id', 'x.periode_id')
    .select(['x.id', 'x.periode_id', 'x.nom_fichier', 'x.type_contenu', 'x.taille'])
    .where('p.candidature_id', '=', candidatureId)
    .orderBy('x.id')
    .execute();
}

/** One pièce: of a period of this candidature, of this campaign, of an agent within the scope. */
export function pieceGeree(db: Conn, campagneId: string, candidatureId: string, pieceId: string, g: Gestion) {
  return db
    .selectFrom('candidature_piece as x')
    .innerJoin('candidature_periode as p', 'p.id', 'x.periode_id')
    .innerJoin('candidature as c', 'c.id', 'p.candidature_id')
    .select(['x.nom_fichier', 'x.type_contenu', 'x.contenu', 'c.agent_id'])
    .where('x.id', '=', pieceId)
    .where('c.id', '=', candidatureId)
    .where('c.campagne_id', '=', campagneId)
    .where(gereePar('c.agent_id', g))
    .executeTakeFirst();
}

/** The candidature's transitions and the recevabilité decisions on it, oldest first, with who made them. */
export async function historiqueDe(db: Conn, campagneId: string, candidatureId: string, agentId: string) {
  const r = await sql<{ le: Date; nature: 'STATUT' | 'EXAMEN'; evenement: string; de: string | null; vers: string | null; objet: string | null; cle: string | null; avant: unknown; apres: unknown; details: unknown; par: string | null }>`
    SELECT h.le, 'STATUT' AS nature, h.evenement, h.de, h.vers, NULL AS objet, NULL AS cle, NULL::jsonb AS avant, NULL::jsonb AS apres, h.details, co.nom_affiche AS par, h.id AS ordre
    FROM candidature_historique h LEFT JOIN compte co ON co.id = h.par_compte_id
    WHERE h.candidature_id = ${candidatureId}::bigint
    UNION ALL
    SELECT e.le, 'EXAMEN', e.objet, NULL, NULL, e.objet, e.cle, e.avant, e.apres, NULL, co.nom_affiche, e.id
    FROM evaluation_historique e LEFT JOIN compte co ON co.id = e.par_compte_id
    WHERE e.campagne_id = ${campagneId}::bigint AND e.agent_id = ${agentId} AND e.objet IN ('PERIODE', 'RECEVABILITE')
    ORDER BY le, ordre`.execute(db);
  return r.rows.map((l) => ({ ...l, le: new Date(l.le) }));
}
