import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import * as repo from './export.repository.ts';
import * as dossierRepo from './dossier.repository.ts';
import * as cvRepo from './cv.repository.ts';
import * as signalementsRepo from './signalements.repository.ts';
import { rendrePdfMesDonnees } from './export.pdf.ts';

/** "Mes données": the right of access (loi du 6 janvier 1978, RGPD), as JSON and as a readable PDF of the same data. */
export function createExportService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function donnees(u: Utilisateur) {
    const agentId = u.agentId;
    const [compte, cleOtp, sessions, tentatives, favoris, journal, messages] = await Promise.all([
      repo.compte(db, u.compteId),
      repo.cleOtp(db, u.compteId),
      repo.sessions(db, u.compteId),
      repo.tentatives(db, u.compteId),
      repo.favoris(db, u.compteId),
      repo.journal(db, u.compteId),
      repo.messages(db, u.compteId, agentId),
    ]);
    let dossier = null;
    if (agentId) {
      const [agent, carriere, positions, services, cv, signalements, corrections, consultations] = await Promise.all([
        dossierRepo.agent(db, agentId),
        dossierRepo.carrieres(db, agentId),
        dossierRepo.positions(db, agentId),
        dossierRepo.services(db, agentId),
        cvRepo.elements(db, agentId),
        signalementsRepo.duDossier(db, agentId),
        dossierRepo.corrections(db, agentId),
        dossierRepo.consultations(db, agentId, 100_000),
      ]);
      const pieces = await signalementsRepo.pieces(db, signalements.map((s) => s.id));
      dossier = {
        identite: agent ?? null,
        carriere,
        positions,
        affectations: services,
        cv,
        signalements: signalements.map((s) => ({ ...s, pieces: pieces.filter((p) => p.signalement_id === s.id).map(({ signalement_id: _, ...p }) => p) })),
        corrections,
        consultations,
      };
    }
    return {
      genere_le: clock.now(),
      compte: compte ? { ...compte, cle_otp: cleOtp ?? null, sessions_ouvertes: sessions, favoris } : null,
      dossier,
      messages,
      tentatives_connexion: tentatives,
      journal_des_actions: journal,
    };
  }

  return {
    donnees,
    async json(u: Utilisateur): Promise<string> {
      return JSON.stringify(await donnees(u), null, 2);
    },
    async pdf(u: Utilisateur): Promise<Buffer> {
      return rendrePdfMesDonnees(await donnees(u));
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
export type MesDonnees = Awaited<ReturnType<ExportService['donnees']>>;
