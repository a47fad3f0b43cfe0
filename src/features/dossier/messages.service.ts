import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import * as repo from './messages.repository.ts';

/** "Mes messages": the user's I-Prof mailbox. */
export function createMessagesService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  const dest = (u: Utilisateur) => ({ compteId: u.compteId, agentId: u.agentId });
  return {
    boite: (u: Utilisateur) => repo.boite(db, dest(u)),
    nonLus: (u: Utilisateur) => repo.nonLus(db, dest(u)),
    /** Opening a message marks it read: idempotent, so a reload or Back changes nothing more. */
    async lire(u: Utilisateur, id: string) {
      const m = await repo.message(db, dest(u), id);
      if (!m) throw new IntrouvableError('MESSAGE_INTROUVABLE', 'Ce message n’existe pas.');
      if (!m.lu_le) await repo.marquerLu(db, id, clock.now());
      return m;
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
