import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import * as repo from './dossier.repository.ts';
import { labelsDeLaPeriode, situationAu, type PeriodeLabels, type Situation } from './dossier.rules.ts';
import { roleDeLecture, type RoleLecteur } from './perimetre.rules.ts';
import { agentDansLePerimetre } from './perimetre.repository.ts';
import { RUBRIQUE_DE_L_ONGLET, type Onglet } from './dossier.urls.ts';
import { aujourdhui } from './jour.ts';

/** How a dossier is read: by its agent, or by a staff member under one of their roles. */
export type Lecture = { mode: 'agent' } | { mode: 'personnel'; role: RoleLecteur };

const PAS_DE_DOSSIER = () => new IntrouvableError('PAS_DE_DOSSIER', 'Aucun dossier d’agent n’est associé à votre compte.');
// Out of scope and unknown look the same: a staff member learns nothing about agents outside their perimetre.
const HORS_PERIMETRE = () => new IntrouvableError('AGENT_INTROUVABLE', 'Ce dossier n’existe pas ou n’est pas dans votre périmètre.');

type Ligne<T extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<T>>>;
type Service = Ligne<typeof repo.pageFonctions>['services'][number];
type ElementsCv = Ligne<typeof repo.pageCv.ACTIVITE>['cv'];
const enDate = (iso: string) => new Date(iso);

/** What every page of the dossier shows: who reads, the day, the agent's row. */
export type Dossier = { lecture: Lecture; jour: string; agent: Ligne<typeof repo.pageIdentite> };

/** What each tab adds to it: only what that tab shows is read. */
type Contenus = {
  identite: object;
  situation: { situation: Situation; carrieres: Ligne<typeof repo.pageSituation>['carrieres']; positions: Ligne<typeof repo.pageSituation>['positions'] };
  affectations: { affectations: Array<Service & { labels: PeriodeLabels[] }> };
  fonctions: { fonctions: Service[] };
  activites: { cv: ElementsCv };
  qualifications: { cv: ElementsCv };
  formations: { cv: ElementsCv };
  signalements: {
    signalements: Array<Omit<Ligne<typeof repo.pageSignalements>['signalements'][number], 'cree_le' | 'traite_le'> & { cree_le: Date; traite_le: Date | null }>;
    corrections: Array<Omit<Ligne<typeof repo.pageSignalements>['corrections'][number], 'le'> & { le: Date }>;
  };
  consultations: { consultations: Array<Omit<Ligne<typeof repo.pageConsultations>['consultations'][number], 'le'> & { le: Date }> };
};

/** One page of the dossier: the tab and its content. */
export type VueDossier = { [O in Onglet]: Dossier & { onglet: O } & Contenus[O] }[Onglet];
export type VueOnglet<O extends Onglet> = Extract<VueDossier, { onglet: O }>;

export function createDossierService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  /** Decides, on the server, whether `u` may read `agentId`'s dossier; throws 404 otherwise. */
  async function autoriser(u: Utilisateur, agentId: string): Promise<Lecture> {
    if (u.agentId !== null && u.agentId === agentId) return { mode: 'agent' };
    const role = roleDeLecture(u.roles);
    if (!role) throw HORS_PERIMETRE();
    if (!(await agentDansLePerimetre(db, agentId, u.perimetre, aujourdhui(clock)))) throw HORS_PERIMETRE();
    return { mode: 'personnel', role };
  }

  /** Every staff read is recorded; the agent sees it under "Qui a consulté mon dossier". */
  async function tracer(u: Utilisateur, agentId: string, lecture: Lecture, page: string): Promise<void> {
    if (lecture.mode === 'personnel') {
      await repo.enregistrerConsultation(db, { agentId, compteId: u.compteId, nomAffiche: u.nomAffiche, role: lecture.role, page, le: clock.now() });
    }
  }

  /** The content of one tab, read in one statement; null when the agent does not exist. */
  async function contenu(agentId: string, onglet: Onglet, jour: string): Promise<{ agent: Dossier['agent']; contenu: Contenus[Onglet] } | null> {
    switch (onglet) {
      case 'identite': {
        const a = await repo.pageIdentite(db, agentId);
        return a ? { agent: a, contenu: {} } : null;
      }
      case 'situation': {
        const r = await repo.pageSituation(db, agentId);
        if (!r) return null;
        const { carrieres, positions, ...agent } = r;
        return { agent, contenu: { situation: situationAu(carrieres, positions, jour), carrieres, positions } };
      }
      case 'affectations': {
        const r = await repo.pageAffectations(db, agentId);
        if (!r) return null;
        const { services, labels, ...agent } = r;
        const parUai = new Map<string, Map<number, string[]>>();
        for (const l of labels) {
          const m = parUai.get(l.uai) ?? new Map<number, string[]>();
          m.set(l.annee_scolaire, [...(m.get(l.annee_scolaire) ?? []), l.label]);
          parUai.set(l.uai, m);
        }
        return { agent, contenu: { affectations: services.map((s) => ({ ...s, labels: labelsDeLaPeriode(s, parUai.get(s.uai) ?? new Map(), jour) })) } };
      }
      case 'fonctions': {
        const r = await repo.pageFonctions(db, agentId);
        if (!r) return null;
        const { services, ...agent } = r;
        return { agent, contenu: { fonctions: services } };
      }
      case 'activites':
      case 'qualifications':
      case 'formations': {
        const r = await repo.pageCv[RUBRIQUE_DE_L_ONGLET[onglet]](db, agentId);
        if (!r) return null;
        const { cv, ...agent } = r;
        return { agent, contenu: { cv } };
      }
      case 'signalements': {
        const r = await repo.pageSignalements(db, agentId);
        if (!r) return null;
        const { signalements, corrections, ...agent } = r;
        return {
          agent,
          contenu: {
            signalements: signalements.map((s) => ({ ...s, cree_le: enDate(s.cree_le), traite_le: s.traite_le === null ? null : enDate(s.traite_le) })),
            corrections: corrections.map((c) => ({ ...c, le: enDate(c.le) })),
          },
        };
      }
      case 'consultations': {
        const r = await repo.pageConsultations(db, agentId);
        if (!r) return null;
        const { consultations, ...agent } = r;
        return { agent, contenu: { consultations: consultations.map((c) => ({ ...c, le: enDate(c.le) })) } };
      }
    }
  }

  async function charger(agentId: string, lecture: Lecture, onglet: Onglet): Promise<VueDossier> {
    const jour = aujourdhui(clock);
    const r = await contenu(agentId, onglet, jour);
    if (!r) throw lecture.mode === 'agent' ? PAS_DE_DOSSIER() : HORS_PERIMETRE();
    return { lecture, jour, agent: r.agent, onglet, ...r.contenu } as VueDossier;
  }

  return {
    autoriser,
    tracer,

    /** One tab of the logged-in agent's own dossier. */
    async monDossier(u: Utilisateur, onglet: Onglet) {
      if (!u.agentId) throw PAS_DE_DOSSIER();
      return charger(u.agentId, { mode: 'agent' }, onglet);
    },

    /** One tab of an agent's dossier read by staff (or by the agent themself through the staff address). */
    async dossierDe(u: Utilisateur, agentId: string, onglet: Onglet) {
      const lecture = await autoriser(u, agentId);
      const vue = await charger(agentId, lecture, onglet);
      await tracer(u, agentId, lecture, onglet);
      return vue;
    },

    /** Staff search, limited to their perimetre by the scope condition of the search query itself. */
    rechercher(u: Utilisateur, q: string) {
      return repo.rechercherAgents(db, { q, perimetre: u.perimetre, jour: aujourdhui(clock), limite: 100 });
    },
  };
}

export type DossierService = ReturnType<typeof createDossierService>;
