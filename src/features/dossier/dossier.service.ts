import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import * as repo from './dossier.repository.ts';
import * as cvRepo from './cv.repository.ts';
import * as signalementsRepo from './signalements.repository.ts';
import { labelsDeLaPeriode, situationAu } from './dossier.rules.ts';
import { estDansPerimetre, roleDeLecture, type RoleLecteur } from './perimetre.rules.ts';
import { aujourdhui } from './jour.ts';

/** How a dossier is read: by its agent, or by a staff member under one of their roles. */
export type Lecture = { mode: 'agent' } | { mode: 'personnel'; role: RoleLecteur };

const PAS_DE_DOSSIER = () => new IntrouvableError('PAS_DE_DOSSIER', 'Aucun dossier d’agent n’est associé à votre compte.');
// Out of scope and unknown look the same: a staff member learns nothing about agents outside their perimetre.
const HORS_PERIMETRE = () => new IntrouvableError('AGENT_INTROUVABLE', 'Ce dossier n’existe pas ou n’est pas dans votre périmètre.');

export function createDossierService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  /** Decides, on the server, whether `u` may read `agentId`'s dossier; throws 404 otherwise. */
  async function autoriser(u: Utilisateur, agentId: string): Promise<Lecture> {
    if (u.agentId !== null && u.agentId === agentId) return { mode: 'agent' };
    const role = roleDeLecture(u.roles);
    if (!role) throw HORS_PERIMETRE();
    const a = await repo.agent(db, agentId);
    if (!a) throw HORS_PERIMETRE();
    const affectationsCourantes = await repo.affectationsCourantes(db, agentId, aujourdhui(clock));
    if (!estDansPerimetre(u.perimetre, { corps: a.corps, affectationsCourantes })) throw HORS_PERIMETRE();
    return { mode: 'personnel', role };
  }

  /** Every staff read is recorded; the agent sees it under "Qui a consulté mon dossier". */
  async function tracer(u: Utilisateur, agentId: string, lecture: Lecture, page: string): Promise<void> {
    if (lecture.mode === 'personnel') {
      await repo.enregistrerConsultation(db, { agentId, compteId: u.compteId, nomAffiche: u.nomAffiche, role: lecture.role, page, le: clock.now() });
    }
  }

  async function charger(agentId: string, lecture: Lecture) {
    const jour = aujourdhui(clock);
    const a = await repo.agent(db, agentId);
    if (!a) throw lecture.mode === 'agent' ? PAS_DE_DOSSIER() : HORS_PERIMETRE();
    const [carrieres, positions, services, cv, signalements, corrections, consultations] = await Promise.all([
      repo.carrieres(db, agentId),
      repo.positions(db, agentId),
      repo.services(db, agentId),
      cvRepo.elements(db, agentId),
      signalementsRepo.duDossier(db, agentId),
      repo.corrections(db, agentId),
      lecture.mode === 'agent' ? repo.consultations(db, agentId) : Promise.resolve([]),
    ]);
    const labels = await repo.labels(db, [...new Set(services.map((s) => s.uai))]);
    const parUai = new Map<string, Map<number, string[]>>();
    for (const l of labels) {
      const m = parUai.get(l.uai) ?? new Map<number, string[]>();
      m.set(l.annee_scolaire, [...(m.get(l.annee_scolaire) ?? []), l.label]);
      parUai.set(l.uai, m);
    }
    const affectations = services.map((s) => ({ ...s, labels: labelsDeLaPeriode(s, parUai.get(s.uai) ?? new Map(), jour) }));
    return {
      lecture,
      jour,
      agent: a,
      situation: situationAu(carrieres, positions, jour),
      carrieres,
      positions,
      affectations,
      fonctions: affectations.filter((s) => s.fonction !== 'ENSEIGNEMENT'),
      cv,
      signalements,
      corrections,
      consultations,
    };
  }

  return {
    autoriser,
    tracer,

    /** The logged-in agent's own dossier. */
    async monDossier(u: Utilisateur) {
      if (!u.agentId) throw PAS_DE_DOSSIER();
      return charger(u.agentId, { mode: 'agent' });
    },

    /** An agent's dossier read by staff (or by the agent themself through the staff address). */
    async dossierDe(u: Utilisateur, agentId: string, page: string) {
      const lecture = await autoriser(u, agentId);
      const vue = await charger(agentId, lecture);
      await tracer(u, agentId, lecture, page);
      return vue;
    },

    /** Staff search, limited to their perimetre: narrowed in SQL, then every row re-checked with the pure rule. */
    async rechercher(u: Utilisateur, q: string) {
      const jour = aujourdhui(clock);
      const lignes = await repo.rechercherAgents(db, { q, perimetre: u.perimetre, jour, limite: 100 });
      const affectations = await repo.affectationsCourantesDe(db, lignes.map((l) => l.agent_id), jour);
      return lignes.filter((l) => estDansPerimetre(u.perimetre, { corps: l.corps, affectationsCourantes: affectations.filter((a) => a.agent_id === l.agent_id) }));
    },
  };
}

export type DossierService = ReturnType<typeof createDossierService>;
export type VueDossier = Awaited<ReturnType<DossierService['monDossier']>>;
