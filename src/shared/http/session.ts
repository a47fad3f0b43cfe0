import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { parseRoles, type Role } from '../roles.ts';
import { bornesExpiration, doitRafraichir, etatSession, POLITIQUE_SESSION } from './session.rules.ts';
import type { Perimetre, QualiteEvaluateur } from '../perimetre.ts';

export type Utilisateur = {
  compteId: string;
  identifiant: string;
  nomAffiche: string;
  roles: Role[];
  perimetre: Perimetre;
  /** Which évaluateur the account is (chef d'établissement, inspector), set by the administrator; null otherwise. */
  qualiteEvaluateur: QualiteEvaluateur | null;
  agentId: string | null;
  /** The login before this one (for "Dernière connexion"), null on a first login. */
  precedenteConnexion: Date | null;
  /** Failed sign-in attempts between that previous login and this one (absent: none counted). */
  echecsDepuisPrecedente?: number;
  /** Favourite application ids, in the user's order (read with the session: the home page needs no other query). */
  favoris: string[];
};

export type SessionCourante = { id: string; jetonCsrf: string; utilisateur: Utilisateur };

export type CookieNames = { session: string; csrf: string };

export function cookieNames(secure: boolean): CookieNames {
  // The __Host- prefix pins the cookie to this host over HTTPS (no Domain, Path=/): only possible with Secure.
  return secure ? { session: '__Host-vivier_session', csrf: '__Host-vivier_csrf' } : { session: 'vivier_session', csrf: 'vivier_csrf' };
}

export function jetonAleatoire(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** The database keeps only a digest of the session token: a leaked table opens no session. */
export function idSession(jeton: string): string {
  return crypto.createHash('sha256').update(jeton).digest('hex');
}

export function egauxEnTempsConstant(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}

export function createSessionStore(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  // Read on every request: compiled once, only the parameter (the token's digest) changes. The row comes back as
  // one JSON array (instants in epoch milliseconds): one column to describe and decode instead of thirteen, which
  // is most of the cost of this statement once prepared (PGlite: 166 → 131 µs).
  const requeteSession = sql<{ s: LigneSession }>`
    SELECT json_build_array(
      s.jeton_csrf, extract(epoch FROM s.cree_le) * 1000, extract(epoch FROM s.vue_le) * 1000,
      c.id::text, c.identifiant, c.nom_affiche, c.roles, c.perimetre, c.agent_id, c.actif,
      extract(epoch FROM c.precedente_connexion_le) * 1000,
      (SELECT array_agg(f.application_id::text ORDER BY f.ordre, f.application_id) FROM favori f WHERE f.compte_id = c.id),
      c.qualite_evaluateur, c.echecs_avant_connexion
    ) AS s
    FROM session s JOIN compte c ON c.id = s.compte_id
    WHERE s.id = ${''}`.compile(db);
  if (requeteSession.parameters.length !== 1) throw new Error('requête de session : un seul paramètre attendu');
  type LigneSession = [
    jetonCsrf: string,
    creeLe: number,
    vueLe: number,
    compteId: string,
    identifiant: string,
    nomAffiche: string,
    roles: string[],
    perimetre: Perimetre,
    agentId: string | null,
    actif: boolean,
    precedenteConnexion: number | null,
    favoris: string[] | null,
    qualiteEvaluateur: QualiteEvaluateur | null,
    echecsAvantConnexion: number,
  ];
  return {
    /** Loads the session of a cookie token, or null if unknown or expired (an expired row is deleted). */
    async charger(jeton: string): Promise<SessionCourante | null> {
      const id = idSession(jeton);
      const row = (await db.executeQuery<{ s: LigneSession }>({ ...requeteSession, parameters: [id] })).rows[0]?.s;
      if (!row) return null;
      const [jetonCsrf, creeLe, vueLe, compteId, identifiant, nomAffiche, roles, perimetre, agentId, actif, precedente, favoris, qualiteEvaluateur, echecs] = row;
      const maintenant = clock.now();
      const vue = new Date(vueLe);
      if (!actif || etatSession({ creeLe: new Date(creeLe), vueLe: vue }, maintenant, POLITIQUE_SESSION) !== 'VALIDE') {
        await db.deleteFrom('session').where('id', '=', id).execute();
        return null;
      }
      if (doitRafraichir(vue, maintenant, POLITIQUE_SESSION)) {
        await db.updateTable('session').set({ vue_le: maintenant }).where('id', '=', id).execute();
      }
      return {
        id,
        jetonCsrf,
        utilisateur: {
          compteId,
          identifiant,
          nomAffiche,
          roles: parseRoles(roles),
          perimetre,
          qualiteEvaluateur,
          agentId,
          precedenteConnexion: precedente === null ? null : new Date(precedente),
          echecsDepuisPrecedente: echecs,
          favoris: favoris ?? [],
        },
      };
    },

    /**
     * A new token and the session row it opens, written by the login's own statement (see
     * auth.repository's reussirConnexion), which also drops `remplace` (the browser's previous session).
     */
    preparer(meta: { adresse: string; agentUtilisateur: string | undefined; remplace: string | undefined }): { jeton: string; ouverture: { id: string; jetonCsrf: string; adresse: string; agentUtilisateur: string | null; remplace: string | null } } {
      const jeton = jetonAleatoire();
      return {
        jeton,
        ouverture: {
          id: idSession(jeton),
          jetonCsrf: jetonAleatoire(),
          adresse: meta.adresse,
          agentUtilisateur: meta.agentUtilisateur?.slice(0, 500) ?? null,
          remplace: meta.remplace ? idSession(meta.remplace) : null,
        },
      };
    },

    /**
     * Deletes at most `lot` expired sessions (the same expiry as `charger`, judged now) and returns how many. An expired
     * session is otherwise deleted only when its cookie comes back. Rows another purge holds are skipped, not waited for.
     */
    async purgerExpirees(lot: number): Promise<number> {
      const { creeeAuPlusTard, vueAuPlusTard } = bornesExpiration(clock.now(), POLITIQUE_SESSION);
      const r = await db
        .deleteFrom('session')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('session')
            .select('id')
            .where((w) => w.or([w('cree_le', '<=', creeeAuPlusTard), w('vue_le', '<=', vueAuPlusTard)]))
            .limit(lot)
            .forUpdate()
            .skipLocked(),
        )
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async fermerToutesPourCompte(compteId: string): Promise<void> {
      await db.deleteFrom('session').where('compte_id', '=', compteId).execute();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

export function poserCookieSession(reply: FastifyReply, names: CookieNames, secure: boolean, jeton: string): void {
  reply.setCookie(names.session, jeton, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function effacerCookieSession(reply: FastifyReply, names: CookieNames, secure: boolean): void {
  reply.clearCookie(names.session, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function adresseDe(request: FastifyRequest): string {
  return request.ip;
}
