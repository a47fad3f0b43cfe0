import crypto from 'node:crypto';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { LIBELLE_FONCTION } from '../eligibilite/explication.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { chargerDossier } from '../dossier/eligibilite.repository.ts';
import { vueEligibilite } from '../dossier/eligibilite.vue.ts';
import type { Fonction } from '../import/vocabulaire.ts';
import type { DonneesAccuse, DonneesFiche, PeriodeDocument } from '../documents/contrats.ts';
import { rendreFiche } from '../documents/fiche/fiche.pdf.ts';
import type { PoolAccuses } from '../documents/lot.ts';
import { rendreAccuse } from '../documents/accuse/accuse.pdf.ts';
import { intituleCampagne } from './campagne.service.ts';
import { LIBELLE_STATUT_CANDIDATURE, type StatutCandidature } from './candidature.machine.ts';
import * as repo from './candidature.repository.ts';

export const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Builds the documents' data from the stored candidature (display-ready, per the contracts). */
export async function donneesFiche(db: Database, candidatureId: string, etablieLe: Date): Promise<DonneesFiche> {
  const c = await db
    .selectFrom('candidature')
    .innerJoin('campagne', 'campagne.id', 'candidature.campagne_id')
    .innerJoin('agent', 'agent.agent_id', 'candidature.agent_id')
    .select(['candidature.id', 'candidature.statut', 'campagne.corps', 'campagne.annee', 'campagne.fermeture', 'agent.agent_id', 'agent.civilite', 'agent.nom', 'agent.prenom', 'agent.date_naissance', 'agent.discipline'])
    .where('candidature.id', '=', candidatureId)
    .executeTakeFirstOrThrow();
  const regles = reglesPour(c.annee);
  const [dossier, periodes, pieces] = await Promise.all([chargerDossier(db, c.agent_id), repo.periodes(db, candidatureId), repo.piecesDesPeriodes(db, candidatureId)]);
  const vue = dossier ? vueEligibilite(evaluerEligibilite(dossier, regles), regles) : null;
  return {
    campagne: { intitule: intituleCampagne(c), corps: c.corps, annee: c.annee, fermeture: c.fermeture },
    identite: { agentId: c.agent_id, civilite: c.civilite, nom: c.nom, prenom: c.prenom, dateNaissance: c.date_naissance, corps: c.corps, discipline: c.discipline, situation: vue?.situation ?? null },
    eligibilite: {
      resume: vue ? [vue.titre + '.', ...vue.constats, ...vue.manques] : ['Aucune donnée de carrière enregistrée.'],
      anneesRetenues: vue?.anneesQualifiantes ?? null,
      anneesRequises: vue?.anneesRequises ?? null,
      annees: vue?.annees ?? [],
    },
    periodes: periodes.map(
      (p): PeriodeDocument => ({
        du: p.du,
        au: p.au,
        nature: p.nature === 'FONCTION' ? `Fonction : ${LIBELLE_FONCTION[p.fonction as Fonction] ?? p.fonction}` : 'Éducation prioritaire',
        etablissement: p.etablissement,
        source: p.source === 'DOSSIER' ? 'Dossier administratif' : 'Déclarée par l’agent',
        commentaire: p.commentaire,
        pieces: pieces.filter((x) => x.periode_id === p.id).map((x) => ({ nom: x.nom_fichier, sha256: x.sha256 })),
      }),
    ),
    statut: LIBELLE_STATUT_CANDIDATURE[c.statut as StatutCandidature],
    etablieLe,
  };
}

/**
 * Documents of the candidatures: the fiche on demand, and at closing the archived fiche and accusé de
 * réception of each deposited candidature, put in the I-Prof mailbox and queued by e-mail. Issuing is
 * idempotent: an accusé exists at most once per candidature (unique index), however often this runs.
 */
export function createDocumentsService(deps: { db: Database; clock: Clock; pool?: PoolAccuses }) {
  const { db, clock } = deps;
  const rendre = (d: DonneesAccuse) => (deps.pool ? deps.pool.rendre(d) : rendreAccuse(d));
  const rendreLaFiche = (d: DonneesFiche) => (deps.pool ? deps.pool.rendreFiche(d) : rendreFiche(d));

  async function emettreUn(candidatureId: string): Promise<boolean> {
    const cand = await db.selectFrom('candidature').select(['id', 'agent_id', 'reference', 'validee_le', 'campagne_id']).where('id', '=', candidatureId).executeTakeFirstOrThrow();
    const emisLe = clock.now();
    const fiche = await donneesFiche(db, candidatureId, emisLe);
    const pdfFiche = await rendreLaFiche(fiche);
    const empreinteFiche = sha256(pdfFiche);
    const pdfAccuse = await rendre({
      reference: cand.reference ?? `CE-${candidatureId}`,
      campagne: fiche.campagne,
      identite: fiche.identite,
      valideeLe: cand.validee_le ?? emisLe,
      deposeeLe: fiche.campagne.fermeture,
      periodes: fiche.periodes,
      sha256Fiche: empreinteFiche,
      emisLe,
    });
    return db.transaction().execute(async (trx) => {
      const accuse = await trx
        .insertInto('candidature_document')
        .values({ candidature_id: candidatureId, type: 'ACCUSE_RECEPTION', emis_le: emisLe, sha256: sha256(pdfAccuse), pdf: pdfAccuse })
        .onConflict((oc) => oc.column('candidature_id').where('type', '=', 'ACCUSE_RECEPTION').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!accuse) return false; // issued meanwhile by another run
      await trx.insertInto('candidature_document').values({ candidature_id: candidatureId, type: 'FICHE', emis_le: emisLe, sha256: empreinteFiche, pdf: pdfFiche }).execute();
      const sujet = `Accusé de réception de votre candidature ${cand.reference ?? ''}`.trim();
      const corps = `Votre candidature (${fiche.campagne.intitule}) a été déposée à la clôture. Votre accusé de réception est joint à ce message.`;
      await trx.insertInto('message').values({ compte_id: null, agent_id: cand.agent_id, categorie: 'CAMPAGNE', sujet, corps, cree_le: emisLe, lu_le: null, document_type: 'ACCUSE_RECEPTION', document_id: accuse.id }).execute();
      const agent = await trx.selectFrom('agent').select('email').where('agent_id', '=', cand.agent_id).executeTakeFirst();
      if (agent?.email) {
        await trx
          .insertInto('courriel')
          .values({ cle: `accuse:${candidatureId}`, destinataire: agent.email, sujet, corps, document_type: 'ACCUSE_RECEPTION', document_id: accuse.id, cree_le: emisLe, envoye_le: null, derniere_erreur: null })
          .onConflict((oc) => oc.column('cle').doNothing())
          .execute();
      }
      return true;
    });
  }

  return {
    /** The fiche as it stands now (page and PDF "Afficher votre fiche de candidature"). */
    async ficheActuelle(candidatureId: string): Promise<{ donnees: DonneesFiche; pdf: () => Promise<Buffer> }> {
      const donnees = await donneesFiche(db, candidatureId, clock.now());
      return { donnees, pdf: () => rendreFiche(donnees) };
    },

    /** Issues the missing accusés of a closed campaign; returns how many were issued by this call. */
    async emettreAccuses(campagneId: string, parallelisme = 6): Promise<number> {
      const manquants = await db
        .selectFrom('candidature')
        .select('id')
        .where('campagne_id', '=', campagneId)
        .where('statut', 'in', ['DEPOSEE', 'RECEVABLE', 'IRRECEVABLE', 'PROMU', 'NON_PROMU'])
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('candidature_document as d').select('d.id').whereRef('d.candidature_id', '=', 'candidature.id').where('d.type', '=', 'ACCUSE_RECEPTION'))))
        .orderBy('id')
        .execute();
      let emis = 0;
      let i = 0;
      const travailleur = async () => {
        while (i < manquants.length) {
          const { id } = manquants[i++]!;
          if (await emettreUn(id)) emis++;
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, parallelisme) }, travailleur));
      return emis;
    },

    /** An archived document of the agent's candidature, byte for byte as issued. */
    async documentArchive(candidatureId: string, type: 'FICHE' | 'ACCUSE_RECEPTION') {
      return db.selectFrom('candidature_document').select(['id', 'pdf', 'sha256', 'emis_le']).where('candidature_id', '=', candidatureId).where('type', '=', type).orderBy('emis_le', 'desc').executeTakeFirst();
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;

