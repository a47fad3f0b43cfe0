import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/** Queries of the ProConnect sign-in: plain rows in, plain rows out. */

export async function enregistrerDemande(
  db: Conn,
  d: { id: string; objet: 'CONNEXION' | 'DECONNEXION'; nonce: string | null; verificateur: string | null; retour: string | null; le: Date; purgerAvant: Date },
): Promise<void> {
  // Requests never answered (the person gave up at the provider) go at the next one: the table stays small.
  await sql`WITH p AS (DELETE FROM demande_oidc WHERE cree_le < ${d.purgerAvant}::timestamptz)
    INSERT INTO demande_oidc (id, objet, nonce, verificateur, retour, cree_le)
    VALUES (${d.id}::text, ${d.objet}::text, ${d.nonce}::text, ${d.verificateur}::text, ${d.retour}::text, ${d.le}::timestamptz)`.execute(db);
}

/** Takes a request back, once: a second call with the same state (a replay) finds nothing. */
export async function consommerDemande(db: Conn, id: string, objet: 'CONNEXION' | 'DECONNEXION') {
  return db
    .deleteFrom('demande_oidc')
    .where('id', '=', id)
    .where('objet', '=', objet)
    .returning(['nonce', 'verificateur', 'retour', 'cree_le'])
    .executeTakeFirst();
}

/** The account an identity of the provider is linked to, with what the sign-in checks. */
export async function compteLie(db: Conn, cle: { emetteur: string; idpId: string; sub: string }) {
  return db
    .selectFrom('identite_oidc as i')
    .innerJoin('compte as c', 'c.id', 'i.compte_id')
    .select(['c.id', 'c.identifiant', 'c.actif', 'c.verrouille_jusqu_au'])
    .where('i.emetteur', '=', cle.emetteur)
    .where('i.idp_id', '=', cle.idpId)
    .where('i.sub', '=', cle.sub)
    .executeTakeFirst();
}

/** Accounts whose e-mail is this one (case-insensitive): more than one is ambiguous, and nobody is linked by e-mail. */
export async function comptesParCourriel(db: Conn, courriel: string) {
  return db
    .selectFrom('compte')
    .select(['id', 'identifiant', 'actif', 'verrouille_jusqu_au', 'mot_de_passe_hash'])
    .where(sql<string>`lower(email)`, '=', courriel)
    .orderBy('id')
    .limit(2)
    .execute();
}

export async function lier(db: Conn, l: { emetteur: string; idpId: string; sub: string; compteId: string; courriel: string; le: Date }): Promise<void> {
  await db
    .insertInto('identite_oidc')
    .values({ emetteur: l.emetteur, idp_id: l.idpId, sub: l.sub, compte_id: l.compteId, courriel: l.courriel, liee_le: l.le, derniere_connexion_le: l.le })
    .onConflict((oc) => oc.columns(['emetteur', 'idp_id', 'sub']).doNothing())
    .execute();
}

export async function noterConnexion(db: Conn, cle: { emetteur: string; idpId: string; sub: string }, le: Date, courriel: string): Promise<void> {
  await db
    .updateTable('identite_oidc')
    .set({ derniere_connexion_le: le, courriel })
    .where('emetteur', '=', cle.emetteur)
    .where('idp_id', '=', cle.idpId)
    .where('sub', '=', cle.sub)
    .execute();
}

export async function memoriserIdToken(db: Conn, sessionId: string, idToken: string): Promise<void> {
  await db.insertInto('session_oidc').values({ session_id: sessionId, id_token: idToken }).execute();
}

export async function idTokenDeSession(db: Conn, sessionId: string): Promise<string | null> {
  const r = await db.selectFrom('session_oidc').select('id_token').where('session_id', '=', sessionId).executeTakeFirst();
  return r?.id_token ?? null;
}

export async function enregistrerLiaison(
  db: Conn,
  l: { id: string; emetteur: string; idpId: string; sub: string; courriel: string; nom: string | null; idToken: string; retour: string | null; le: Date; purgerAvant: Date },
): Promise<void> {
  await sql`WITH p AS (DELETE FROM liaison_oidc WHERE cree_le < ${l.purgerAvant}::timestamptz)
    INSERT INTO liaison_oidc (id, emetteur, idp_id, sub, courriel, nom, id_token, retour, cree_le)
    VALUES (${l.id}::text, ${l.emetteur}::text, ${l.idpId}::text, ${l.sub}::text, ${l.courriel}::text, ${l.nom}::text, ${l.idToken}::text, ${l.retour}::text, ${l.le}::timestamptz)`.execute(db);
}

export async function liaisonEnAttente(db: Conn, id: string) {
  return db.selectFrom('liaison_oidc').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function supprimerLiaison(db: Conn, id: string): Promise<void> {
  await db.deleteFrom('liaison_oidc').where('id', '=', id).execute();
}
