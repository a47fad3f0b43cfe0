import { NoResultError, sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { libelleFonction } from '../eligibilite/explication.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { chargerDossiers } from '../dossier/eligibilite.repository.ts';
import { vueEligibilite } from '../dossier/eligibilite.vue.ts';
import type { DonneesFiche, PeriodeDocument } from '../documents/contrats.ts';
import { rendreDepot, sha256, type DonneesDepot } from '../documents/depot.ts';
import { rendreFiche } from '../documents/fiche/fiche.pdf.ts';
import type { PoolAccuses } from '../documents/lot.ts';
import { intituleCampagne } from './campagne.service.ts';
import { LIBELLE_STATUT_CANDIDATURE, type StatutCandidature } from './candidature.machine.ts';

export { sha256 };

/** Candidatures whose documents are built and written together at closing: a few statements per batch, not per candidature. */
const TAILLE_LOT = 50;
/**
 * How long a claimed batch stays its claimer's without news (renewed every third of it while rendering): the delay
 * before the others take over the batch of a process killed mid-closing.
 */
const BAIL_ACCUSES_MS = 30_000;

type Candidature = { id: string; agent_id: string; reference: string | null; validee_le: Date | null; email: string | null };

/**
 * The documents' data of several candidatures (display-ready, per the contracts), read in seven statements whatever
 * their number; a candidature that does not exist is absent from the result.
 */
async function donneesFiches(db: Database, candidatureIds: readonly string[], etablieLe: Date): Promise<Map<string, { candidature: Candidature; fiche: DonneesFiche }>> {
  if (candidatureIds.length === 0) return new Map();
  const ids = sql<string>`ANY(${candidatureIds}::bigint[])`;
  const lignes = await db
    .selectFrom('candidature')
    .innerJoin('campagne', 'campagne.id', 'candidature.campagne_id')
    .innerJoin('agent', 'agent.agent_id', 'candidature.agent_id')
    .select([
      'candidature.id',
      'candidature.statut',
      'candidature.reference',
      'candidature.validee_le',
      'campagne.corps',
      'campagne.annee',
      'campagne.fermeture',
      'agent.agent_id',
      'agent.corps as corps_agent',
      'agent.civilite',
      'agent.nom',
      'agent.prenom',
      'agent.date_naissance',
      'agent.discipline',
      'agent.email',
    ])
    .where('candidature.id', '=', ids)
    .execute();
  const [dossiers, periodes, pieces] = await Promise.all([
    chargerDossiers(
      db,
      lignes.map((c) => ({ agent_id: c.agent_id, corps: c.corps_agent })),
    ),
    db
      .selectFrom('candidature_periode')
      .select(['id', 'candidature_id', 'du', 'au', 'nature', 'fonction', 'etablissement', 'source', 'commentaire'])
      .where('candidature_id', '=', ids)
      .orderBy('candidature_id')
      .orderBy('du')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('candidature_piece')
      .innerJoin('candidature_periode', 'candidature_periode.id', 'candidature_piece.periode_id')
      .select(['candidature_piece.periode_id', 'candidature_piece.nom_fichier', 'candidature_piece.sha256'])
      .where('candidature_periode.candidature_id', '=', ids)
      .orderBy('candidature_piece.id')
      .execute(),
  ]);
  const periodesDe = grouperPar(periodes, (p) => p.candidature_id);
  const piecesDe = grouperPar(pieces, (p) => p.periode_id);
  return new Map(
    lignes.map((c) => {
      const regles = reglesPour(c.annee);
      const dossier = dossiers.get(c.agent_id);
      const vue = dossier ? vueEligibilite(evaluerEligibilite(dossier, regles), regles) : null;
      const fiche: DonneesFiche = {
        campagne: { intitule: intituleCampagne(c), corps: c.corps, annee: c.annee, fermeture: c.fermeture },
        identite: { agentId: c.agent_id, civilite: c.civilite, nom: c.nom, prenom: c.prenom, dateNaissance: c.date_naissance, corps: c.corps, discipline: c.discipline, situation: vue?.situation ?? null },
        eligibilite: {
          resume: vue ? [vue.titre + '.', ...vue.constats, ...vue.manques] : ['Aucune donnée de carrière enregistrée.'],
          anneesRetenues: vue?.anneesQualifiantes ?? null,
          anneesRequises: vue?.anneesRequises ?? null,
          annees: vue?.annees ?? [],
        },
        periodes: (periodesDe.get(c.id) ?? []).map(
          (p): PeriodeDocument => ({
            du: p.du,
            au: p.au,
            nature: p.nature === 'FONCTION' ? libelleFonction(p.fonction) : 'Éducation prioritaire',
            etablissement: p.etablissement,
            source: p.source === 'DOSSIER' ? 'Dossier administratif' : 'Déclarée par l’agent',
            commentaire: p.commentaire,
            pieces: (piecesDe.get(p.id) ?? []).map((x) => ({ nom: x.nom_fichier, sha256: x.sha256 })),
          }),
        ),
        statut: LIBELLE_STATUT_CANDIDATURE[c.statut as StatutCandidature],
        etablieLe,
      };
      return [c.id, { candidature: { id: c.id, agent_id: c.agent_id, reference: c.reference, validee_le: c.validee_le, email: c.email }, fiche }];
    }),
  );
}

/** Rows by key, in their order (Map.groupBy arrives with Node 21). */
function grouperPar<T, K>(lignes: readonly T[], cle: (l: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const l of lignes) {
    const liste = m.get(cle(l));
    if (liste) liste.push(l);
    else m.set(cle(l), [l]);
  }
  return m;
}

/** Builds the documents' data from the stored candidature (display-ready, per the contracts). */
export async function donneesFiche(db: Database, candidatureId: string, etablieLe: Date): Promise<DonneesFiche> {
  const d = (await donneesFiches(db, [candidatureId], etablieLe)).get(candidatureId);
  if (!d) throw new NoResultError(db.selectFrom('candidature').where('id', '=', candidatureId).toOperationNode());
  return d.fiche;
}

/**
 * Documents of the candidatures: the fiche on demand, and at closing the archived fiche and accusé de réception of
 * each deposited candidature, put in the I-Prof mailbox and queued by e-mail. Issuing is idempotent: an accusé exists
 * at most once per candidature (unique index), however often this runs. Each candidature's fiche, accusé, message and
 * e-mail are written together or not at all.
 */
export function createDocumentsService(deps: {
  db: Database;
  clock: Clock;
  pool?: PoolAccuses;
  /** Candidatures per batch at closing (tests). */
  tailleLot?: number;
  /** Lease of a claimed batch (tests). */
  bailMs?: number;
}) {
  const { db, clock } = deps;
  const tailleLot = deps.tailleLot ?? TAILLE_LOT;
  const bailMs = deps.bailMs ?? BAIL_ACCUSES_MS;
  const deposer = (d: DonneesDepot) => (deps.pool ? deps.pool.deposer(d) : rendreDepot(d));

  /**
   * Claims up to `tailleLot` deposited candidatures of the campaign still without an accusé and not claimed by anyone
   * else (or whose claimer's lease is over: a process killed mid-batch), for `bailMs`. One statement: on PostgreSQL,
   * `SKIP LOCKED` and the lease written on the same rows make two concurrent claims disjoint (a claimer that meets a
   * row another has just claimed re-reads its lease and leaves it); PGlite runs one statement at a time. `NO KEY`: the
   * foreign-key checks of other writes (history, documents) on these rows do not hold it up. The lease is left on the
   * row once its accusé is written: the accusé's existence then excludes it.
   */
  async function reserverLot(campagneId: string): Promise<string[]> {
    const maintenant = clock.now();
    const r = await sql<{ id: string }>`
      WITH dus AS (
        SELECT c.id FROM candidature c
        WHERE c.campagne_id = ${campagneId}::bigint
          AND c.statut IN ('DEPOSEE', 'RECEVABLE', 'IRRECEVABLE', 'PROMU', 'NON_PROMU')
          AND (c.accuse_bail_jusqua IS NULL OR c.accuse_bail_jusqua <= ${maintenant})
          AND NOT EXISTS (SELECT 1 FROM candidature_document d WHERE d.candidature_id = c.id AND d.type = 'ACCUSE_RECEPTION')
        ORDER BY c.id
        LIMIT ${tailleLot}
        FOR NO KEY UPDATE OF c SKIP LOCKED
      )
      UPDATE candidature c SET accuse_bail_jusqua = ${new Date(maintenant.getTime() + bailMs)}
      FROM dus WHERE c.id = dus.id
      RETURNING c.id`.execute(db);
    return r.rows.map((x) => x.id).sort((a, b) => Number(a) - Number(b));
  }

  /** Gives claimed candidatures back at once (their rendering failed, or nothing of the batch could be written). */
  async function liberer(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await db.updateTable('candidature').set({ accuse_bail_jusqua: null }).where('id', '=', sql<string>`ANY(${ids}::bigint[])`).execute();
  }

  /**
   * Runs the batch's work with its lease renewed every third of `bailMs`: a long rendering keeps its batch, a killed
   * process's batch is free for the others `bailMs` after its last renewal. A failed renewal (database unreachable)
   * costs at most a batch rendered twice, never an accusé issued twice (unique index).
   */
  async function avecBail<T>(ids: readonly string[], travail: () => Promise<T>): Promise<T> {
    const renouveler = setInterval(() => {
      db.updateTable('candidature')
        .set({ accuse_bail_jusqua: new Date(clock.now().getTime() + bailMs) })
        .where('id', '=', sql<string>`ANY(${ids}::bigint[])`)
        .execute()
        .catch(() => {});
    }, bailMs / 3);
    try {
      return await travail();
    } finally {
      clearInterval(renouveler);
    }
  }

  /**
   * Issues the documents of a batch of candidatures: their data in a few statements, both PDFs of each rendered by
   * the pool (in one request), then one transaction of multi-row inserts. A candidature whose rendering fails is left
   * for the next run (the others of its batch are written), and its error is thrown once the batch is written.
   */
  async function emettreLot(candidatureIds: readonly string[]): Promise<number> {
    try {
      return await emettreLotReserve(candidatureIds);
    } catch (err) {
      // Nothing of the batch written (or only part: those have their accusé): the rest is free again at once.
      await liberer(candidatureIds).catch(() => {});
      throw err;
    }
  }

  async function emettreLotReserve(candidatureIds: readonly string[]): Promise<number> {
    const emisLe = clock.now();
    const donnees = [...(await donneesFiches(db, candidatureIds, emisLe)).values()];
    const rendus = await Promise.allSettled(
      donnees.map(({ candidature: c, fiche }) => deposer({ fiche, reference: c.reference ?? `CE-${c.id}`, valideeLe: c.validee_le ?? emisLe, emisLe })),
    );
    const prets = donnees.flatMap((d, i) => {
      const r = rendus[i]!;
      return r.status === 'fulfilled' ? [{ ...d, documents: r.value }] : [];
    });
    const echec = rendus.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    let emis = 0;
    if (prets.length > 0) {
      emis = await db.transaction().execute(async (trx) => {
        const accuses = await trx
          .insertInto('candidature_document')
          .values(prets.map((p) => ({ candidature_id: p.candidature.id, type: 'ACCUSE_RECEPTION' as const, emis_le: emisLe, sha256: p.documents.sha256Accuse, pdf: p.documents.accuse })))
          // The arbiter is the partial unique index `WHERE type = 'ACCUSE_RECEPTION'`: its predicate must be a literal,
          // not a parameter, or a generic plan of this prepared statement could not infer it (ADR 6).
          .onConflict((oc) => oc.column('candidature_id').where('type', '=', sql.lit('ACCUSE_RECEPTION')).doNothing())
          .returning(['id', 'candidature_id'])
          .execute();
        if (accuses.length === 0) return 0; // all issued meanwhile by another run
        const accuseDe = new Map(accuses.map((a) => [a.candidature_id, a.id]));
        const nouveaux = prets.filter((p) => accuseDe.has(p.candidature.id));
        await trx
          .insertInto('candidature_document')
          .values(nouveaux.map((p) => ({ candidature_id: p.candidature.id, type: 'FICHE' as const, emis_le: emisLe, sha256: p.documents.sha256Fiche, pdf: p.documents.fiche })))
          .execute();
        const avis = nouveaux.map((p) => {
          const sujet = `Accusé de réception de votre candidature ${p.candidature.reference ?? ''}`.trim();
          const corps = `Votre candidature (${p.fiche.campagne.intitule}) a été déposée à la clôture. Votre accusé de réception est joint à ce message.`;
          return { p, sujet, corps, accuse: accuseDe.get(p.candidature.id)! };
        });
        await trx
          .insertInto('message')
          .values(avis.map(({ p, sujet, corps, accuse }) => ({ compte_id: null, agent_id: p.candidature.agent_id, categorie: 'CAMPAGNE', sujet, corps, cree_le: emisLe, lu_le: null, document_type: 'ACCUSE_RECEPTION', document_id: accuse })))
          .execute();
        const courriels = avis.filter(({ p }) => p.candidature.email);
        if (courriels.length > 0) {
          await trx
            .insertInto('courriel')
            .values(
              courriels.map(({ p, sujet, corps, accuse }) => ({
                cle: `accuse:${p.candidature.id}`,
                destinataire: p.candidature.email!,
                sujet,
                corps,
                document_type: 'ACCUSE_RECEPTION',
                document_id: accuse,
                cree_le: emisLe,
                envoye_le: null,
                derniere_erreur: null,
              })),
            )
            .onConflict((oc) => oc.column('cle').doNothing())
            .execute();
        }
        return nouveaux.length;
      });
    }
    if (echec) throw echec.reason;
    return emis;
  }

  return {
    /** The fiche as it stands now (page and PDF "Afficher votre fiche de candidature"). */
    async ficheActuelle(candidatureId: string): Promise<{ donnees: DonneesFiche; pdf: () => Promise<Buffer> }> {
      const donnees = await donneesFiche(db, candidatureId, clock.now());
      return { donnees, pdf: () => rendreFiche(donnees) };
    },

    /**
     * Issues the missing accusés of a closed campaign; returns how many were issued by this call. Batches are claimed
     * one at a time (reserverLot) and run `parallelisme` at a time, so that one is read and another written while the
     * pool renders a third; another process (or service) running this at the same moment claims other batches, so
     * each accusé is rendered once, not once per process. After an error no new batch is claimed; the first error is
     * thrown once the running ones are written.
     */
    async emettreAccuses(campagneId: string, parallelisme = 3): Promise<number> {
      let emis = 0;
      let erreur = null as { cause: unknown } | null;
      const travailleur = async () => {
        while (!erreur) {
          let lot: string[];
          try {
            lot = await reserverLot(campagneId);
          } catch (e) {
            erreur ??= { cause: e };
            return;
          }
          if (lot.length === 0) return;
          try {
            // Not `emis += await …`: that reads `emis` before the await and loses the other workers' batches.
            const n = await avecBail(lot, () => emettreLot(lot));
            emis += n;
          } catch (e) {
            erreur ??= { cause: e };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, parallelisme) }, travailleur));
      if (erreur) throw erreur.cause;
      return emis;
    },

    /** An archived document of the agent's candidature, byte for byte as issued. */
    async documentArchive(candidatureId: string, type: 'FICHE' | 'ACCUSE_RECEPTION') {
      return db.selectFrom('candidature_document').select(['id', 'pdf', 'sha256', 'emis_le']).where('candidature_id', '=', candidatureId).where('type', '=', type).orderBy('emis_le', 'desc').executeTakeFirst();
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;

