import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { compileeUneFois } from '../../db/compilees.ts';
import type { DB } from '../../db/schema.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/** How a sign-in was made (the sign-in log's `methode`); a passkey used as a second factor is recorded as `CLE_ACCES`. */
export type MethodeConnexion = 'MOT_DE_PASSE' | 'OTP' | 'PROCONNECT' | 'CLE_ACCES';

/** Results of the sign-in log that are not failures: the count of failures since the last sign-in leaves them out. */
const PAS_UN_ECHEC = sql.raw(`('SUCCES', 'DECONNEXION', 'PREMIER_FACTEUR')`);

/** Queries of authentication: plain rows in, plain rows out. */

/** The account a login names, with its active OTP key if any (every login reads it: compiled once). */
export const trouverCompteParIdentifiant = compileeUneFois((db, identifiant) =>
  db
    .selectFrom('compte')
    .leftJoin('cle_otp', (j) => j.onRef('cle_otp.compte_id', '=', 'compte.id').on('cle_otp.statut', '=', sql.lit('ACTIVE')))
    .select([
      'compte.id',
      'compte.identifiant',
      'compte.mot_de_passe_hash',
      'compte.actif',
      'compte.verrouille_jusqu_au',
      'cle_otp.secret_base32 as otp_secret',
      'cle_otp.pin_hash as otp_pin_hash',
      'cle_otp.dernier_pas as otp_dernier_pas',
    ])
    .where('compte.identifiant', '=', identifiant),
);

/** Marks a TOTP step as used, only if it is newer than the last one used: false means a replay. */
export async function consommerPasOtp(db: Database, compteId: string, pas: number): Promise<boolean> {
  const r = await db
    .updateTable('cle_otp')
    .set({ dernier_pas: pas })
    .where('compte_id', '=', compteId)
    .where('statut', '=', 'ACTIVE')
    .where('dernier_pas', '<', String(pas))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Adds one failure atomically and returns the new count. */
export async function compterEchec(db: Conn, compteId: string, le: Date): Promise<number> {
  const r = await db
    .updateTable('compte')
    .set({ echecs_consecutifs: sql`echecs_consecutifs + 1`, dernier_echec_le: le })
    .where('id', '=', compteId)
    .returning('echecs_consecutifs')
    .executeTakeFirstOrThrow();
  return r.echecs_consecutifs;
}

export async function poserVerrou(db: Conn, compteId: string, jusquAu: Date | null): Promise<void> {
  await db.updateTable('compte').set({ verrouille_jusqu_au: jusquAu }).where('id', '=', compteId).execute();
}

/** The session a successful login opens: its row but the account, and the previous session of the browser to drop. */
export type OuvertureSession = { id: string; jetonCsrf: string; adresse: string; agentUtilisateur: string | null; remplace: string | null };

/**
 * A successful login in one statement (atomic without BEGIN/COMMIT): the account's counters reset and its
 * login dates moved, the failed attempts since its last login counted (for the home page), the attempt recorded, the browser's previous session dropped (fixation) and the new one
 * opened.
 */
export async function reussirConnexion(
  db: Conn,
  compteId: string,
  le: Date,
  t: { identifiantSaisi: string; methode: MethodeConnexion; adresse: string },
  session: OuvertureSession | null,
): Promise<void> {
  const ouvrir = session
    ? sql`, d AS (DELETE FROM session WHERE id = ${session.remplace}::text)
        INSERT INTO session (id, compte_id, jeton_csrf, cree_le, vue_le, adresse, agent_utilisateur)
        SELECT ${session.id}::text, c.id, ${session.jetonCsrf}::text, ${le}::timestamptz, ${le}::timestamptz, ${session.adresse}::text, ${session.agentUtilisateur}::text FROM c`
    : sql` SELECT 1`;
  await sql`WITH c AS (
      UPDATE compte SET echecs_consecutifs = 0, verrouille_jusqu_au = NULL, precedente_connexion_le = derniere_connexion_le, derniere_connexion_le = ${le}::timestamptz,
        echecs_avant_connexion = (SELECT count(*) FROM tentative_connexion t
          WHERE t.compte_id = compte.id AND t.le > coalesce(compte.derniere_connexion_le, '-infinity'::timestamptz) AND t.resultat NOT IN ${PAS_UN_ECHEC})
      WHERE id = ${compteId}::bigint RETURNING id
    ), t AS (
      INSERT INTO tentative_connexion (le, identifiant_saisi, compte_id, methode, resultat, adresse)
      VALUES (${le}::timestamptz, ${t.identifiantSaisi.slice(0, 200)}::text, ${compteId}::bigint, ${t.methode}::text, 'SUCCES', ${t.adresse}::text)
    )${ouvrir}`.execute(db);
}

export async function enregistrerTentative(
  db: Conn,
  t: { le: Date; identifiantSaisi: string; compteId: string | null; methode: MethodeConnexion; resultat: string; adresse: string },
): Promise<void> {
  await db
    .insertInto('tentative_connexion')
    .values({ le: t.le, identifiant_saisi: t.identifiantSaisi.slice(0, 200), compte_id: t.compteId, methode: t.methode, resultat: t.resultat, adresse: t.adresse })
    .execute();
}

/** A logout in one statement: the session row dropped and, if it was still there, the logout recorded for its account. */
export async function fermerSession(db: Conn, sessionId: string, le: Date, adresse: string): Promise<void> {
  await sql`WITH s AS (DELETE FROM session WHERE id = ${sessionId}::text RETURNING compte_id)
    INSERT INTO tentative_connexion (le, identifiant_saisi, compte_id, methode, resultat, adresse)
    SELECT ${le}::timestamptz, c.identifiant, c.id, NULL, 'DECONNEXION', ${adresse}::text FROM s JOIN compte c ON c.id = s.compte_id`.execute(db);
}

/** A login post refused by the per-address limit, under the account it names if any (nothing was checked). */
export async function enregistrerRefusLimite(db: Conn, t: { le: Date; identifiantSaisi: string; methode: 'MOT_DE_PASSE' | 'OTP' | null; adresse: string }): Promise<void> {
  const identifiant = t.identifiantSaisi.slice(0, 200);
  await sql`INSERT INTO tentative_connexion (le, identifiant_saisi, compte_id, methode, resultat, adresse)
    VALUES (${t.le}::timestamptz, ${identifiant}::text, (SELECT id FROM compte WHERE identifiant = ${identifiant}::text), ${t.methode}::text, 'LIMITE_ADRESSE', ${t.adresse}::text)`.execute(db);
}

/** How a directory sign-in found its Vivier account: `lienPar` says whether the identifiants differed (e-mail match). */
export type Rattachement = { compteId: string; lienPar: 'identifiant' | 'courriel'; identifiantAvant: string | null; nouveauDn: boolean };

/**
 * Links a person the directory has just recognised to their Vivier account, and that account to its agent (both by
 * identifiant, then by e-mail), refreshing the name from the directory and keeping the entry's DN; creates the account
 * of an agent of the HR import who has none yet. The e-mail of an account linked to an agent is the dossier's (the HR
 * data is authoritative, the import copies it in); the directory's is kept only where the dossier has none. Accounts
 * with a local password (demo, break-glass administrators) are never taken over by e-mail. Returns null when Vivier
 * knows neither an account nor an agent for this person.
 */
export async function rattacherEntreeAnnuaire(
  db: Conn,
  e: { dn: string; identifiant: string; nom: string | null; courriel: string | null },
  le: Date,
): Promise<Rattachement | null> {
  const courriel = e.courriel?.toLowerCase() ?? null;
  const colonnes = ['id', 'identifiant', 'mot_de_passe_hash', 'agent_id', 'dn_annuaire'] as const;
  const parIdentifiant = await db.selectFrom('compte').select(colonnes).where('identifiant', '=', e.identifiant).executeTakeFirst();
  if (parIdentifiant?.mot_de_passe_hash) return null;
  const compte =
    parIdentifiant ??
    (courriel
      ? await db.selectFrom('compte').select(colonnes).where(sql<string>`lower(email)`, '=', courriel).where('mot_de_passe_hash', 'is', null).orderBy('id').executeTakeFirst()
      : undefined);
  const agentLibre = (q: 'identifiant' | 'email', v: string) =>
    db
      .selectFrom('agent')
      .select(['agent_id', 'nom', 'prenom', 'email'])
      .where(q === 'identifiant' ? sql<string>`lower(identifiant)` : sql<string>`lower(email)`, '=', v)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('compte').select('compte.id').whereRef('compte.agent_id', '=', 'agent.agent_id'))))
      .orderBy('agent_id')
      .executeTakeFirst();
  const agentParIdentifiant = compte?.agent_id ? undefined : await agentLibre('identifiant', e.identifiant);
  const agentParCourriel = compte?.agent_id || agentParIdentifiant || !courriel ? undefined : await agentLibre('email', courriel);
  const agent = agentParIdentifiant ?? agentParCourriel;
  const lienPar = (compte ? parIdentifiant : agentParIdentifiant) ? 'identifiant' : 'courriel';

  if (compte) {
    const agentId = compte.agent_id ?? agent?.agent_id ?? null;
    const dossier = agentId ? await db.selectFrom('agent').select('email').where('agent_id', '=', agentId).executeTakeFirst() : undefined;
    await db
      .updateTable('compte')
      .set((eb) => ({
        identifiant: e.identifiant,
        nom_affiche: e.nom ?? eb.ref('nom_affiche'),
        email: dossier?.email ? dossier.email : (e.courriel ?? eb.ref('email')),
        agent_id: agentId,
        dn_annuaire: e.dn,
        modifie_le: le,
      }))
      .where('id', '=', compte.id)
      .execute();
    return { compteId: compte.id, lienPar, identifiantAvant: compte.identifiant === e.identifiant ? null : compte.identifiant, nouveauDn: compte.dn_annuaire !== e.dn };
  }
  if (!agent) return null;
  const r = await db
    .insertInto('compte')
    .values({
      identifiant: e.identifiant,
      nom_affiche: e.nom ?? `${agent.prenom} ${agent.nom}`,
      email: agent.email || e.courriel,
      mot_de_passe_hash: null,
      roles: ['AGENT'],
      perimetre: '{}',
      agent_id: agent.agent_id,
      dn_annuaire: e.dn,
      dernier_echec_le: null,
      verrouille_jusqu_au: null,
      derniere_connexion_le: null,
      precedente_connexion_le: null,
      cree_le: le,
      modifie_le: le,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { compteId: r.id, lienPar, identifiantAvant: null, nouveauDn: true };
}
