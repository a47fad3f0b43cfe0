import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, DefiWebauthnTable } from '../../db/schema.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/** Queries of passkeys and WebAuthn challenges: plain rows in, plain rows out. */

export type Usage = DefiWebauthnTable['usage'];

export type LigneCle = { id: string; nom: string; creee_le: Date; utilisee_le: Date | null; sauvegardee: boolean; transports: string[]; identifiant_webauthn: string };

export async function listerCles(db: Conn, compteId: string): Promise<LigneCle[]> {
  return db
    .selectFrom('cle_acces')
    .select(['id', 'nom', 'creee_le', 'utilisee_le', 'sauvegardee', 'transports', 'identifiant_webauthn'])
    .where('compte_id', '=', compteId)
    .orderBy('creee_le')
    .orderBy('id')
    .execute();
}

export async function cleParIdentifiant(db: Conn, identifiantWebauthn: string) {
  return db
    .selectFrom('cle_acces')
    .innerJoin('compte', 'compte.id', 'cle_acces.compte_id')
    .select([
      'cle_acces.id',
      'cle_acces.compte_id',
      'cle_acces.cle_publique',
      'cle_acces.compteur',
      'cle_acces.transports',
      'compte.identifiant',
      'compte.actif',
      'compte.verrouille_jusqu_au',
      'compte.poignee_webauthn',
    ])
    .where('cle_acces.identifiant_webauthn', '=', identifiantWebauthn)
    .executeTakeFirst();
}

/** The account's user handle for authenticators, drawn at its first passkey and kept (the first one drawn wins). */
export async function poigneeDuCompte(db: Conn, compteId: string, candidate: string): Promise<string> {
  const r = await sql<{ poignee: string }>`UPDATE compte SET poignee_webauthn = coalesce(poignee_webauthn, ${candidate}::text)
    WHERE id = ${compteId}::bigint RETURNING poignee_webauthn AS poignee`.execute(db);
  const p = r.rows[0]?.poignee;
  if (!p) throw new Error(`compte ${compteId} introuvable`);
  return p;
}

/** Stores a challenge for this browser and use, replacing the previous one; expired challenges of anyone are dropped. */
export async function poserDefi(
  db: Conn,
  d: { lien: string; usage: Usage; defi: string; compteId: string | null; premierFacteur?: 'MOT_DE_PASSE' | 'OTP' | null; retour?: string | null; le: Date; expireLe: Date },
): Promise<void> {
  await db.deleteFrom('defi_webauthn').where('expire_le', '<=', d.le).execute();
  await db
    .insertInto('defi_webauthn')
    .values({ lien: d.lien, usage: d.usage, defi: d.defi, compte_id: d.compteId, premier_facteur: d.premierFacteur ?? null, retour: d.retour ?? null, cree_le: d.le, expire_le: d.expireLe })
    .onConflict((oc) =>
      oc.columns(['lien', 'usage']).doUpdateSet((eb) => ({
        defi: eb.ref('excluded.defi'),
        compte_id: eb.ref('excluded.compte_id'),
        premier_facteur: eb.ref('excluded.premier_facteur'),
        retour: eb.ref('excluded.retour'),
        cree_le: eb.ref('excluded.cree_le'),
        expire_le: eb.ref('excluded.expire_le'),
      })),
    )
    .execute();
}

/** A pending second factor gets a fresh challenge, keeping its account, first factor and expiry; false if none is pending. */
export async function renouvelerDefiEnAttente(db: Conn, lien: string, defi: string, le: Date): Promise<{ compte_id: string } | null> {
  const r = await db
    .updateTable('defi_webauthn')
    .set({ defi })
    .where('lien', '=', lien)
    .where('usage', '=', 'SECOND_FACTEUR')
    .where('expire_le', '>', le)
    .returning(['compte_id'])
    .executeTakeFirst();
  return r?.compte_id ? { compte_id: r.compte_id } : null;
}

/** Takes the challenge out (used once, whatever the answer): null when there is none or it has expired. */
export async function consommerDefi(db: Conn, lien: string, usage: Usage, le: Date) {
  const r = await db.deleteFrom('defi_webauthn').where('lien', '=', lien).where('usage', '=', usage).returningAll().executeTakeFirst();
  if (!r || r.expire_le.getTime() <= le.getTime()) return null;
  return r;
}

export async function enregistrerCle(
  db: Conn,
  c: { compteId: string; identifiantWebauthn: string; clePublique: Uint8Array; compteur: number; transports: string[]; nom: string; sauvegardee: boolean; le: Date },
): Promise<string | null> {
  const r = await db
    .insertInto('cle_acces')
    .values({
      compte_id: c.compteId,
      identifiant_webauthn: c.identifiantWebauthn,
      cle_publique: c.clePublique,
      compteur: c.compteur,
      transports: c.transports,
      nom: c.nom,
      sauvegardee: c.sauvegardee,
      creee_le: c.le,
      utilisee_le: null,
    })
    .onConflict((oc) => oc.column('identifiant_webauthn').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/**
 * Moves the signature counter forward, only if the new value is higher (or both stay 0, for authenticators without
 * a counter): false means another sign-in used this counter value first (a replay or a cloned authenticator).
 */
export async function avancerCompteur(db: Conn, cleId: string, ancien: string, nouveau: number, le: Date): Promise<boolean> {
  const r = await db
    .updateTable('cle_acces')
    .set({ compteur: nouveau, utilisee_le: le })
    .where('id', '=', cleId)
    .where('compteur', '=', ancien)
    .where(sql<boolean>`(${nouveau}::bigint > compteur OR (${nouveau}::bigint = 0 AND compteur = 0))`)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function renommerCle(db: Conn, compteId: string, id: string, nom: string): Promise<{ ancien: string } | null> {
  const r = await sql<{ ancien: string }>`UPDATE cle_acces c SET nom = ${nom}::text FROM cle_acces a
    WHERE c.id = a.id AND c.id = ${id}::bigint AND c.compte_id = ${compteId}::bigint RETURNING a.nom AS ancien`.execute(db);
  return r.rows[0] ?? null;
}

/** Removes a passkey of the account; the last one gone, the account no longer requires one. */
export async function supprimerCle(db: Conn, compteId: string, id: string): Promise<{ nom: string; restantes: number } | null> {
  const r = await db.deleteFrom('cle_acces').where('id', '=', id).where('compte_id', '=', compteId).returning('nom').executeTakeFirst();
  if (!r) return null;
  const { n } = await db.selectFrom('cle_acces').select((eb) => eb.fn.countAll<string>().as('n')).where('compte_id', '=', compteId).executeTakeFirstOrThrow();
  const restantes = Number(n);
  if (restantes === 0) await db.updateTable('compte').set({ cle_acces_exigee: false }).where('id', '=', compteId).execute();
  return { nom: r.nom, restantes };
}

export async function cleAccesExigee(db: Conn, compteId: string): Promise<boolean> {
  const r = await db.selectFrom('compte').select('cle_acces_exigee').where('id', '=', compteId).executeTakeFirst();
  return r?.cle_acces_exigee ?? false;
}

/** Sets the requirement; true is refused (false returned) when the account has no passkey. */
export async function definirExigee(db: Conn, compteId: string, exigee: boolean): Promise<boolean> {
  const r = await db
    .updateTable('compte')
    .set({ cle_acces_exigee: exigee })
    .where('id', '=', compteId)
    .where((eb) => (exigee ? eb.exists(eb.selectFrom('cle_acces').select('cle_acces.id').whereRef('cle_acces.compte_id', '=', 'compte.id')) : eb.lit(true)))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
