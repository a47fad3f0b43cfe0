import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import { bornesExpiration, POLITIQUE_SESSION } from '../../shared/http/session.rules.ts';
import { decrireNavigateur } from './securite.rules.ts';

export type VueSession = { numero: string; navigateur: string; adresse: string | null; creeLe: Date; vueLe: Date; courante: boolean };

/**
 * "Mes sessions": the account's sessions still valid (the expiry of the session store, judged now), ended one by one
 * or all but the current one by their owner, or all at once by an administrator. Each ending is in the audit log.
 */
export function createSessionsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async lister(compteId: string, sessionCourante: string): Promise<VueSession[]> {
      const { creeeAuPlusTard, vueAuPlusTard } = bornesExpiration(clock.now(), POLITIQUE_SESSION);
      const lignes = await db
        .selectFrom('session')
        .select(['id', 'numero', 'cree_le', 'vue_le', 'adresse', 'agent_utilisateur'])
        .where('compte_id', '=', compteId)
        .where('cree_le', '>', creeeAuPlusTard)
        .where('vue_le', '>', vueAuPlusTard)
        .orderBy('vue_le', 'desc')
        .orderBy('numero', 'desc')
        .execute();
      const vues = lignes.map((l) => ({ numero: l.numero, navigateur: decrireNavigateur(l.agent_utilisateur), adresse: l.adresse, creeLe: l.cree_le, vueLe: l.vue_le, courante: l.id === sessionCourante }));
      // The current session first: "this browser".
      return [...vues.filter((v) => v.courante), ...vues.filter((v) => !v.courante)];
    },

    /** How many sessions of the account are still valid (the account's administration page). */
    async compterActives(compteId: string): Promise<number> {
      const { creeeAuPlusTard, vueAuPlusTard } = bornesExpiration(clock.now(), POLITIQUE_SESSION);
      const r = await db
        .selectFrom('session')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('compte_id', '=', compteId)
        .where('cree_le', '>', creeeAuPlusTard)
        .where('vue_le', '>', vueAuPlusTard)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Ends one of the owner's other sessions (the current one ends by "Déconnexion"). */
    async terminer(compteId: string, sessionCourante: string, numero: string, adresse: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const s = await trx.selectFrom('session').select(['id']).where('compte_id', '=', compteId).where('numero', '=', numero).executeTakeFirst();
        if (!s) throw new IntrouvableError('SESSION_INTROUVABLE', 'Cette session est déjà terminée.');
        if (s.id === sessionCourante) throw new RegleMetierError('SESSION_COURANTE', 'C’est la session de ce navigateur : pour la terminer, utilisez « Déconnexion ».');
        await trx.deleteFrom('session').where('id', '=', s.id).execute();
        await journaliser(trx, { le: clock.now(), acteurCompteId: compteId, action: 'SESSION_TERMINEE', cible: `compte:${compteId}`, details: { session: numero, adresse } });
      });
    },

    /** "Se déconnecter de toutes les autres sessions": returns how many were ended. */
    async terminerAutres(compteId: string, sessionCourante: string, adresse: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const r = await trx.deleteFrom('session').where('compte_id', '=', compteId).where('id', '<>', sessionCourante).executeTakeFirst();
        const n = Number(r.numDeletedRows);
        await journaliser(trx, { le: clock.now(), acteurCompteId: compteId, action: 'SESSIONS_AUTRES_TERMINEES', cible: `compte:${compteId}`, details: { nombre: n, adresse } });
        return n;
      });
    },

    /** An administrator ends every session of an account (their own current one is kept if it is theirs). */
    async terminerToutes(acteur: { compteId: string; sessionId: string }, compteId: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const existe = await trx.selectFrom('compte').select('id').where('id', '=', compteId).executeTakeFirst();
        if (!existe) throw new IntrouvableError('COMPTE_INTROUVABLE', 'Ce compte n’existe pas.');
        const r = await trx.deleteFrom('session').where('compte_id', '=', compteId).where('id', '<>', acteur.sessionId).executeTakeFirst();
        const n = Number(r.numDeletedRows);
        await journaliser(trx, { le: clock.now(), acteurCompteId: acteur.compteId, action: 'SESSIONS_COMPTE_TERMINEES', cible: `compte:${compteId}`, details: { nombre: n } });
        return n;
      });
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
