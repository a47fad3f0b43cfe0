import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import * as repo from './cv.repository.ts';
import { analyserCv, type RubriqueCv } from './cv.rules.ts';
import { aujourdhui } from './jour.ts';

type Resultat = { ok: true } | { ok: false; erreurs: Record<string, string> };

const INTROUVABLE = () => new IntrouvableError('CV_INTROUVABLE', 'Cet élément de votre CV n’existe pas.');

/** The agent's CV: only the agent writes it, and only their own entries are ever reached. */
export function createCvService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  function agentDe(u: Utilisateur): string {
    if (!u.agentId) throw new IntrouvableError('PAS_DE_DOSSIER', 'Aucun dossier d’agent n’est associé à votre compte.');
    return u.agentId;
  }

  return {
    async element(u: Utilisateur, rubrique: RubriqueCv, id: string) {
      const e = await repo.element(db, agentDe(u), rubrique, id);
      if (!e) throw INTROUVABLE();
      return e;
    },

    async ajouter(u: Utilisateur, rubrique: RubriqueCv, corps: unknown): Promise<Resultat> {
      const agentId = agentDe(u);
      const f = analyserCv(rubrique, corps, aujourdhui(clock));
      if (!f.ok) return f;
      await repo.creer(db, agentId, rubrique, f.valeurs, clock.now());
      return { ok: true };
    },

    async modifier(u: Utilisateur, rubrique: RubriqueCv, id: string, corps: unknown): Promise<Resultat> {
      const agentId = agentDe(u);
      if (!(await repo.element(db, agentId, rubrique, id))) throw INTROUVABLE();
      const f = analyserCv(rubrique, corps, aujourdhui(clock));
      if (!f.ok) return f;
      if (!(await repo.modifier(db, agentId, rubrique, id, f.valeurs, clock.now()))) throw INTROUVABLE();
      return { ok: true };
    },

    async supprimer(u: Utilisateur, rubrique: RubriqueCv, id: string): Promise<void> {
      if (!(await repo.supprimer(db, agentDe(u), rubrique, id))) throw INTROUVABLE();
    },
  };
}

export type CvService = ReturnType<typeof createCvService>;
