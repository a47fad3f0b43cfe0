import type { Database } from '../../db/connection.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import { paginer } from '../admin/admin.rules.ts';
import * as repo from './courriels.repository.ts';
import { estTypePieceJointe, etatCourriel, nomPieceJointe, type EtatCourriel } from './courriels.rules.ts';

export const COURRIELS_PAR_PAGE = 50;

export type LigneCourriel = { id: string; destinataire: string; sujet: string; creeLe: Date; etat: EtatCourriel; pieceJointe: string | null };

type Ligne = Awaited<ReturnType<typeof repo.page>>[number];

function vue(l: Ligne, tentativesMax: number): LigneCourriel {
  let pieceJointe: string | null = null;
  if (estTypePieceJointe(l.document_type)) pieceJointe = l.candidature_id ? nomPieceJointe(l.reference ?? `CE-${l.candidature_id}`) : 'accusé de réception introuvable';
  return { id: l.id, destinataire: l.destinataire, sujet: l.sujet, creeLe: l.cree_le, etat: etatCourriel(l, tentativesMax), pieceJointe };
}

/** The outbox as administrators read it: newest first, with each e-mail's state. */
export function createCourrielsService(deps: { db: Database; tentativesMax: number }) {
  const { db, tentativesMax } = deps;
  return {
    async lister(page: number) {
      const pagination = paginer(await repo.compter(db), page, COURRIELS_PAR_PAGE);
      const lignes = await repo.page(db, pagination.parPage, pagination.decalage);
      return { lignes: lignes.map((l) => vue(l, tentativesMax)), pagination };
    },
    async courriel(id: string): Promise<LigneCourriel & { corps: string }> {
      const l = await repo.detail(db, id);
      if (!l) throw new IntrouvableError('COURRIEL_INTROUVABLE', 'Ce courriel n’existe pas.');
      return { ...vue(l, tentativesMax), corps: l.corps };
    },
  };
}

export type CourrielsService = ReturnType<typeof createCourrielsService>;
