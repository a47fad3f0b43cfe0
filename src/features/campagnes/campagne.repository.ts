import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Perimetre } from '../../db/schema.ts';
import { dansLePerimetre } from '../dossier/perimetre.repository.ts';
import { DELAI_CLOTURE_MS, type StatutCampagne } from './campagne.machine.ts';

type Conn = Kysely<DB> | Transaction<DB>;

const COLONNES = ['id', 'corps', 'annee', 'regime', 'ouverture', 'fermeture', 'promotions', 'parametres', 'statut', 'cree_le', 'avis_visibles_le', 'publication_le', 'publiee_le'] as const;

export function trouverCampagne(db: Conn, id: string) {
  return db.selectFrom('campagne').select(COLONNES).where('id', '=', id).executeTakeFirst();
}

export function verrouillerCampagne(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('campagne').select(COLONNES).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Deposited candidatures still waiting for their accusé de réception: the examination starts when there are none
 * (an accusé is only ever added, so a count of zero read under the campaign's lock stays true).
 */
const accusesEnAttente = sql<number>`(SELECT count(*)::int FROM candidature ca
  WHERE ca.campagne_id = campagne.id AND ca.statut = 'DEPOSEE'
    AND NOT EXISTS (SELECT 1 FROM candidature_document d WHERE d.candidature_id = ca.id AND d.type = 'ACCUSE_RECEPTION'))`;

/** The campaign with what the scheduler needs to judge its next step (echeanceDue), its row locked. */
export function verrouillerEtatEcheances(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('campagne').select([...COLONNES, accusesEnAttente.as('accusesEnAttente')]).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function etatEcheances(db: Conn, id: string) {
  return db.selectFrom('campagne').select([...COLONNES, accusesEnAttente.as('accusesEnAttente')]).where('id', '=', id).executeTakeFirst();
}

/** Shared lock taken by each candidature change: the closing (FOR UPDATE) waits for those under way. */
export function partagerCampagne(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('campagne').select(COLONNES).where('id', '=', id).forKeyShare().executeTakeFirst();
}

export function listerCampagnes(db: Conn) {
  return db.selectFrom('campagne').select(COLONNES).orderBy('annee', 'desc').orderBy('corps').execute();
}

/** Campaigns of a corps an agent can see: opened, or due to open (the scheduler may not have run yet). */
export function campagnesDuCorps(db: Conn, corps: string, maintenant: Date) {
  return db
    .selectFrom('campagne')
    .select(COLONNES)
    .where('corps', '=', corps)
    .where((eb) => eb.or([eb('statut', '<>', 'PREPARATION'), eb('ouverture', '<=', maintenant)]))
    .orderBy('annee', 'desc')
    .execute();
}

/** The corps' next campaign not yet open (the "Candidater" page announces it with its dates before it opens). */
export function prochaineCampagneDuCorps(db: Conn, corps: string, maintenant: Date) {
  return db
    .selectFrom('campagne')
    .select(COLONNES)
    .where('corps', '=', corps)
    .where('statut', '=', 'PREPARATION')
    .where('ouverture', '>', maintenant)
    .orderBy('ouverture')
    .limit(1)
    .executeTakeFirst();
}

/** The SQL twin of echeanceDue: campaigns with a step due now (the service re-judges each one under its lock). */
export function campagnesAEcheance(db: Conn, maintenant: Date) {
  return db
    .selectFrom('campagne')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('statut', '=', 'PREPARATION'), eb('ouverture', '<=', maintenant)]),
        eb.and([eb('statut', '=', 'OUVERTE'), eb('fermeture', '<=', new Date(maintenant.getTime() - DELAI_CLOTURE_MS))]),
        eb.and([eb('statut', '=', 'CLOSE'), eb(accusesEnAttente, '=', 0)]),
        eb.and([eb('statut', '=', 'ARRETEE'), eb('publication_le', '<=', maintenant)]),
      ]),
    )
    .orderBy('id')
    .execute();
}

/**
 * The next opening, closing or publication instant of any campaign, to sleep until then. A closed campaign waiting
 * for its accusés has no instant: the accusés' issuing is followed by a new tour.
 */
export async function prochaineEcheance(db: Conn): Promise<Date | null> {
  const r = await db
    .selectFrom('campagne')
    .select(
      sql<Date | null>`min(CASE WHEN statut = 'PREPARATION' THEN ouverture WHEN statut = 'OUVERTE' THEN fermeture + make_interval(secs => ${DELAI_CLOTURE_MS / 1000})
        WHEN statut = 'ARRETEE' THEN publication_le END)`.as('t'),
    )
    .executeTakeFirst();
  return r?.t ?? null;
}

export async function changerStatut(trx: Transaction<DB>, id: string, de: StatutCampagne, vers: StatutCampagne, evenement: string, le: Date, par: string | null) {
  await trx.updateTable('campagne').set({ statut: vers }).where('id', '=', id).execute();
  await trx.insertInto('campagne_historique').values({ campagne_id: id, de, vers, evenement, le, par_compte_id: par }).execute();
}

/** At closing: every validated candidature is deposited, with its reference and one history row each. */
export async function deposerCandidatures(trx: Transaction<DB>, campagneId: string, prefixeReference: string, le: Date): Promise<number> {
  const r = await sql<{ id: string }>`
    WITH deposees AS (
      UPDATE candidature SET statut = 'DEPOSEE', modifie_le = ${le},
        reference = ${prefixeReference} || lpad(id::text, 6, '0')
      WHERE campagne_id = ${campagneId}::bigint AND statut = 'ENREGISTREE'
      RETURNING id
    )
    INSERT INTO candidature_historique (candidature_id, de, vers, evenement, le, par_compte_id)
    SELECT id, 'ENREGISTREE', 'DEPOSEE', 'CLORE', ${le}, NULL FROM deposees
    RETURNING candidature_id AS id`.execute(trx);
  return r.rows.length;
}

/** Tells agents of the campaign's corps in their I-Prof mailbox, and queues the same notice by e-mail. */
export async function notifierAgents(
  trx: Transaction<DB>,
  agentIds: readonly string[],
  m: { categorie: string; sujet: string; corps: string; le: Date; cle: string },
): Promise<void> {
  if (agentIds.length === 0) return;
  await sql`INSERT INTO message (agent_id, categorie, sujet, corps, cree_le)
    SELECT a, ${m.categorie}, ${m.sujet}, ${m.corps}, ${m.le} FROM unnest(${agentIds}::text[]) AS a`.execute(trx);
  await sql`INSERT INTO courriel (cle, destinataire, sujet, corps, cree_le)
    SELECT ${m.cle} || ':' || a.agent_id, a.email, ${m.sujet}, ${m.corps}, ${m.le}
    FROM agent a WHERE a.agent_id = ANY(${agentIds}::text[]) AND a.email <> ''
    ON CONFLICT (cle) DO NOTHING`.execute(trx);
}

/** The dashboard's candidatures by status, of the agents within `perimetre` on `jour`. */
export function candidaturesParStatut(db: Conn, campagneId: string, perimetre: Perimetre, jour: string) {
  return db
    .selectFrom('candidature as c')
    .select(['c.statut', sql<string>`count(*)`.as('n')])
    .where('c.campagne_id', '=', campagneId)
    .where(dansLePerimetre('c.agent_id', perimetre, jour))
    .groupBy('c.statut')
    .execute();
}

/** The dashboard's daily series (Paris days) of started, validated and cancelled candidatures, within `perimetre`. */
export function activiteParJour(db: Conn, campagneId: string, perimetre: Perimetre, jour: string) {
  return db
    .selectFrom('candidature_historique as h')
    .innerJoin('candidature as c', 'c.id', 'h.candidature_id')
    .select([
      sql<string>`to_char(h.le AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')`.as('jour'),
      sql<string>`count(*) FILTER (WHERE h.evenement = 'CREER')`.as('brouillons'),
      sql<string>`count(*) FILTER (WHERE h.evenement = 'VALIDER')`.as('validations'),
      sql<string>`count(*) FILTER (WHERE h.evenement = 'ANNULER')`.as('annulations'),
    ])
    .where('c.campagne_id', '=', campagneId)
    .where(dansLePerimetre('c.agent_id', perimetre, jour))
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
}
