import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { motifRecherche, paginer } from '../admin/admin.rules.ts';
import { chargerDossiers } from '../dossier/eligibilite.repository.ts';
import { enregistrerConsultation } from '../dossier/dossier.repository.ts';
import { gestionDe } from '../dossier/perimetre.repository.ts';
import { aujourdhui } from '../dossier/jour.ts';
import type { Campagne } from './campagne.service.ts';
import type { StatutCandidature } from './candidature.machine.ts';
import * as repo from './candidatures-gestion.repository.ts';

export const CANDIDATURES_PAR_PAGE = 25;

/** The deposited states: the recevabilité queue lists these only. */
export const STATUTS_DEPOSES = ['DEPOSEE', 'RECEVABLE', 'IRRECEVABLE', 'PROMU', 'NON_PROMU'] as const satisfies readonly StatutCandidature[];

export type RechercheCandidatures = { statuts: readonly StatutCandidature[] | null; etablissement: string | null; pieceManquante: boolean; q: string; page: number };

// Out of scope, under another campaign, or unknown look the same.
export const CANDIDATURE_INTROUVABLE = () => new IntrouvableError('CANDIDATURE_INTROUVABLE', 'Cette candidature n’existe pas ou n’est pas dans votre périmètre.');

/** "V1 et V2", "V1", "V2", or "—": where the dossier puts the agent today, by the campaign's rule set. */
export type ViviersDossier = { vivier1: boolean; vivier2: boolean } | null;

/**
 * The candidatures of a campaign as HR reads them, within the gestionnaire's perimetre: the list with its filters and
 * the state counts, one candidature with its periods, pièces and history, and its pièces themselves. Reading one
 * candidature or one of its pièces is a read of the agent's data: it is recorded and the agent sees it.
 */
export function createCandidaturesGestionService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  const gestionPar = (u: Utilisateur) => gestionDe(u, aujourdhui(clock));

  async function tracer(u: Utilisateur, agentId: string, page: string) {
    await enregistrerConsultation(db, { agentId, compteId: u.compteId, nomAffiche: u.nomAffiche, role: 'GESTIONNAIRE', page, le: clock.now() });
  }

  return {
    async lister(u: Utilisateur, c: Campagne, r: RechercheCandidatures) {
      const g = gestionPar(u);
      const filtres: repo.FiltresCandidatures = { statuts: r.statuts, etablissement: r.etablissement, pieceManquante: r.pieceManquante, motif: r.q ? motifRecherche(r.q) : null };
      const pagination = paginer(await repo.compterCandidatures(db, c.id, g, filtres), r.page, CANDIDATURES_PAR_PAGE);
      const [lignes, parStatut, etablissements] = await Promise.all([
        repo.listerCandidatures(db, c.id, g, filtres, pagination.parPage, pagination.decalage),
        repo.compterParStatut(db, c.id, g),
        repo.etablissementsDesCandidats(db, c.id, g),
      ]);
      // The vivier column: the engine on this page's dossiers only (25 at most), by the campaign's rule set.
      const regles = reglesPour(c.annee);
      const dossiers = await chargerDossiers(db, lignes.map((l) => ({ agent_id: l.agent_id, corps: l.corps })));
      const viviers = new Map<string, ViviersDossier>(
        lignes.map((l) => {
          const d = dossiers.get(l.agent_id);
          const v = d ? evaluerEligibilite(d, regles, { detail: false }) : null;
          return [l.agent_id, v ? { vivier1: v.vivier1, vivier2: v.vivier2 } : null];
        }),
      );
      return {
        pagination,
        lignes: lignes.map((l) => ({ ...l, viviers: viviers.get(l.agent_id) ?? null })),
        parStatut: new Map(parStatut.map((x) => [x.statut, x.n])),
        etablissements,
      };
    },

    async detail(u: Utilisateur, c: Campagne, id: string) {
      const candidature = await repo.candidatureGeree(db, c.id, id, gestionPar(u));
      if (!candidature) throw CANDIDATURE_INTROUVABLE();
      const [periodes, pieces, historique, dossiers] = await Promise.all([
        repo.periodesDe(db, id),
        repo.piecesDe(db, id),
        repo.historiqueDe(db, c.id, id, candidature.agent_id),
        chargerDossiers(db, [{ agent_id: candidature.agent_id, corps: candidature.corps }]),
      ]);
      const d = dossiers.get(candidature.agent_id);
      const eligibilite = d ? evaluerEligibilite(d, reglesPour(c.annee), { detail: false }) : null;
      await tracer(u, candidature.agent_id, 'candidature');
      return { candidature, periodes, pieces, historique, eligibilite };
    },

    /** One period of the candidature with its pièces; checked against its candidature before the read is recorded. */
    async periode(u: Utilisateur, c: Campagne, id: string, periodeId: string) {
      const candidature = await repo.candidatureGeree(db, c.id, id, gestionPar(u));
      if (!candidature) throw CANDIDATURE_INTROUVABLE();
      const periode = (await repo.periodesDe(db, id)).find((p) => p.id === periodeId);
      if (!periode) throw new IntrouvableError('PERIODE_INTROUVABLE', 'Cette période n’existe pas dans cette candidature.');
      const pieces = await repo.piecesDe(db, id);
      await tracer(u, candidature.agent_id, 'candidature');
      return { candidature, periode, pieces };
    },

    /** A pièce of a period of this candidature (every id checked against its parent); the read is recorded. */
    async piece(u: Utilisateur, c: Campagne, candidatureId: string, pieceId: string) {
      const p = await repo.pieceGeree(db, c.id, candidatureId, pieceId, gestionPar(u));
      if (!p) throw new IntrouvableError('PIECE_INTROUVABLE', 'Cette pièce justificative n’existe pas ou n’est pas dans votre périmètre.');
      await tracer(u, p.agent_id, 'piece-candidature');
      return p;
    },
  };
}

export type CandidaturesGestionService = ReturnType<typeof createCandidaturesGestionService>;
