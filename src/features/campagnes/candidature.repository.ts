import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CampagneTable, CandidaturePeriodeTable, DB } from '../../db/schema.ts';
import type { EvenementCandidature, StatutCandidature } from './candidature.machine.ts';

type Conn = Kysely<DB> | Transaction<DB>;

const COLONNES_CAMPAGNE = ['campagne.id', 'campagne.corps', 'campagne.annee', 'campagne.regime', 'campagne.ouverture', 'campagne.fermeture', 'campagne.promotions', 'campagne.parametres', 'campagne.statut', 'campagne.cree_le', 'campagne.avis_visibles_le', 'campagne.publication_le', 'campagne.publiee_le'] as const;

const COLONNES = ['id', 'campagne_id', 'agent_id', 'statut', 'cree_le', 'modifie_le', 'validee_le', 'reference'] as const;

export function verrouillerCandidature(trx: Transaction<DB>, campagneId: string, agentId: string) {
  return trx.selectFrom('candidature').select(COLONNES).where('campagne_id', '=', campagneId).where('agent_id', '=', agentId).forUpdate().executeTakeFirst();
}

/** Creates the draft if there is none (two tabs opening it at once make one row). */
export async function creerSiAbsente(trx: Transaction<DB>, campagneId: string, agentId: string, le: Date): Promise<boolean> {
  const r = await trx
    .insertInto('candidature')
    .values({ campagne_id: campagneId, agent_id: agentId, statut: 'BROUILLON', cree_le: le, modifie_le: le, validee_le: null, reference: null })
    .onConflict((oc) => oc.columns(['campagne_id', 'agent_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * The campaign with a key-share lock (the closing, FOR UPDATE, waits for the changes under way) and the corps
 * of the agent (null if there is no such agent), in one statement.
 */
export function partagerCampagnePourAgent(trx: Transaction<DB>, campagneId: string, agentId: string) {
  return trx
    .selectFrom('campagne')
    .select(COLONNES_CAMPAGNE)
    .select((eb) => eb.selectFrom('agent').select('agent.corps').where('agent.agent_id', '=', agentId).as('corps_agent'))
    .where('campagne.id', '=', campagneId)
    .forKeyShare('campagne')
    .executeTakeFirst();
}

/** Changes the status and writes the history row in one statement. */
export async function changerStatut(
  trx: Transaction<DB>,
  c: { id: string; statut: StatutCandidature },
  evenement: EvenementCandidature | 'CREER',
  vers: StatutCandidature,
  le: Date,
  par: string | null,
  valideeLe?: Date,
): Promise<void> {
  await sql`WITH m AS (
      UPDATE candidature SET statut = ${vers}, modifie_le = ${le}, validee_le = coalesce(${valideeLe ?? null}::timestamptz, validee_le) WHERE id = ${c.id} RETURNING id
    )
    INSERT INTO candidature_historique (candidature_id, de, vers, evenement, le, par_compte_id, details)
    SELECT id, ${c.statut}::text, ${vers}::text, ${evenement}::text, ${le}::timestamptz, ${par}::bigint, '{}'::jsonb FROM m`.execute(trx);
}

/**
 * The validation of the closing rush in one statement (its own transaction): the campaign with its key-share lock,
 * then the candidature with its lock and, from BROUILLON or ANNULEE, its change to ENREGISTREE and its VALIDER history
 * row — what `modifier` and `changerStatut` write, in the same lock order. Only when nothing could make the service
 * refuse or do more: a regime A campaign OUVERTE (or PREPARATION already past its opening, as `visiblePourAgent` sees
 * it at `maintenant`) of the agent's corps, `recueLe` in [ouverture, fermeture). Returns the candidature's status
 * before (read under its lock: a concurrent change is waited for), or undefined when the campaign does not qualify or
 * there is no candidature: the caller then runs the general transaction, which answers exactly. A closing that won
 * the campaign's lock leaves it CLOSE: READ COMMITTED re-checks the conditions on the row it left, and nothing is
 * written here.
 */
export async function validerEnUneInstruction(
  db: Kysely<DB>,
  v: { campagneId: string; agentId: string; recueLe: Date; maintenant: Date; le: Date; par: string },
): Promise<{ avant: StatutCandidature; ecrites: number } | undefined> {
  const r = await sql<{ avant: StatutCandidature; ecrites: number }>`WITH camp AS (
      SELECT id FROM campagne
      WHERE id = ${v.campagneId}::bigint AND regime = 'A' AND corps = (SELECT corps FROM agent WHERE agent_id = ${v.agentId})
        AND (statut = 'OUVERTE' OR (statut = 'PREPARATION' AND ouverture <= ${v.maintenant}::timestamptz))
        AND ouverture <= ${v.recueLe}::timestamptz AND fermeture > ${v.recueLe}::timestamptz
      FOR KEY SHARE
    ), c AS (
      SELECT id, statut FROM candidature WHERE campagne_id = (SELECT id FROM camp) AND agent_id = ${v.agentId} FOR UPDATE
    ), m AS (
      UPDATE candidature k SET statut = 'ENREGISTREE', modifie_le = ${v.le}::timestamptz, validee_le = ${v.recueLe}::timestamptz
      FROM c WHERE k.id = c.id AND c.statut IN ('BROUILLON', 'ANNULEE') RETURNING k.id, c.statut AS de
    ), h AS (
      INSERT INTO candidature_historique (candidature_id, de, vers, evenement, le, par_compte_id, details)
      SELECT id, de, 'ENREGISTREE', 'VALIDER', ${v.le}::timestamptz, ${v.par}::bigint, '{}'::jsonb FROM m RETURNING 1
    )
    SELECT c.statut AS avant, (SELECT count(*) FROM h)::int AS ecrites FROM c`.execute(db);
  return r.rows[0];
}

export function periodes(db: Conn, candidatureId: string) {
  return db
    .selectFrom('candidature_periode')
    .select(['id', 'du', 'au', 'nature', 'fonction', 'etablissement', 'source', 'commentaire'])
    .where('candidature_id', '=', candidatureId)
    .orderBy('du')
    .orderBy('id')
    .execute();
}

export function piecesDesPeriodes(db: Conn, candidatureId: string) {
  return db
    .selectFrom('candidature_piece')
    .innerJoin('candidature_periode', 'candidature_periode.id', 'candidature_piece.periode_id')
    .select(['candidature_piece.id', 'candidature_piece.periode_id', 'candidature_piece.nom_fichier', 'candidature_piece.type_contenu', 'candidature_piece.taille', 'candidature_piece.sha256'])
    .where('candidature_periode.candidature_id', '=', candidatureId)
    .orderBy('candidature_piece.id')
    .execute();
}

type CandidatureJson = { id: string; campagne_id: string; agent_id: string; statut: StatutCandidature; cree_le: string; modifie_le: string; validee_le: string | null; reference: string | null };
type PeriodeJson = Omit<Selectable<CandidaturePeriodeTable>, 'candidature_id' | 'decidee_par_compte_id' | 'decidee_le'>;
type PieceJson = { id: string; periode_id: string; nom_fichier: string; type_contenu: string; taille: number; sha256: string };
type HistoriqueJson = { de: string | null; vers: string; evenement: string; le: string; details: Record<string, unknown> };

/**
 * Everything the candidature page shows of the agent's candidature for one campaign, in one statement: the
 * campaign, the agent's corps (null: no such agent), the candidature, its periods, pièces and history (JSON
 * aggregates, in the order the page lists them) and whether its accusé is issued. Undefined if there is no
 * such campaign.
 */
export async function pageCandidature(db: Conn, campagneId: string, agentId: string) {
  const r = await sql<Selectable<CampagneTable> & {
    corps_agent: string | null;
    candidature: CandidatureJson | null;
    periodes: PeriodeJson[];
    pieces: PieceJson[];
    historique: HistoriqueJson[];
    accuse: boolean;
  }>`
    WITH c AS (SELECT * FROM candidature WHERE campagne_id = ${campagneId}::bigint AND agent_id = ${agentId})
    SELECT
      campagne.id, campagne.corps, campagne.annee, campagne.regime, campagne.ouverture, campagne.fermeture, campagne.promotions,
      campagne.parametres, campagne.statut, campagne.cree_le,
      (SELECT corps FROM agent WHERE agent_id = ${agentId}) AS corps_agent,
      (SELECT row_to_json(c) FROM c) AS candidature,
      coalesce((SELECT json_agg(p ORDER BY p.du, p.id) FROM (
        SELECT pe.id::text AS id, pe.du, pe.au, pe.nature, pe.fonction, pe.etablissement, pe.source, pe.commentaire, pe.decision, pe.motif, pe.motif_texte
        FROM candidature_periode pe JOIN c ON c.id = pe.candidature_id) p), '[]') AS periodes,
      coalesce((SELECT json_agg(x ORDER BY x.id::bigint) FROM (
        SELECT pi.id::text AS id, pi.periode_id::text AS periode_id, pi.nom_fichier, pi.type_contenu, pi.taille, pi.sha256
        FROM candidature_piece pi JOIN candidature_periode pe ON pe.id = pi.periode_id JOIN c ON c.id = pe.candidature_id) x), '[]') AS pieces,
      coalesce((SELECT json_agg(h ORDER BY h.id) FROM (
        SELECT h.id, h.de, h.vers, h.evenement, h.le, h.details FROM candidature_historique h JOIN c ON c.id = h.candidature_id) h), '[]') AS historique,
      EXISTS (SELECT 1 FROM candidature_document d JOIN c ON c.id = d.candidature_id WHERE d.type = 'ACCUSE_RECEPTION') AS accuse
    FROM campagne WHERE campagne.id = ${campagneId}::bigint`.execute(db);
  const l = r.rows[0];
  if (!l) return undefined;
  const { corps_agent, candidature: c, periodes, pieces, historique, accuse, ...campagne } = l;
  return {
    campagne,
    corpsAgent: corps_agent,
    candidature: c
      ? {
          id: String(c.id),
          campagne_id: String(c.campagne_id),
          agent_id: c.agent_id,
          statut: c.statut,
          cree_le: new Date(c.cree_le),
          modifie_le: new Date(c.modifie_le),
          validee_le: c.validee_le === null ? null : new Date(c.validee_le),
          reference: c.reference,
        }
      : undefined,
    periodes,
    pieces,
    historique: historique.map((h) => ({ de: h.de, vers: h.vers, evenement: h.evenement, le: new Date(h.le), details: h.details })),
    accuseDisponible: accuse,
  };
}
