import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/** Queries of authentication: plain rows in, plain rows out. */

export function trouverCompteParIdentifiant(db: Database, identifiant: string) {
  return db
    .selectFrom('compte')
    .leftJoin('cle_otp', (j) => j.onRef('cle_otp.compte_id', '=', 'compte.id').on('cle_otp.statut', '=', 'ACTIVE'))
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
    .where('compte.identifiant', '=', identifiant)
    .executeTakeFirst();
}

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

/** Resets the failure count and shifts the last login into "précédente connexion". */
export async function enregistrerSucces(db: Conn, compteId: string, le: Date): Promise<void> {
  await db
    .updateTable('compte')
    .set({
      echecs_consecutifs: 0,
      verrouille_jusqu_au: null,
      precedente_connexion_le: sql`derniere_connexion_le`,
      derniere_connexion_le: le,
    })
    .where('id', '=', compteId)
    .execute();
}

export async function enregistrerTentative(
  db: Conn,
  t: { le: Date; identifiantSaisi: string; compteId: string | null; methode: 'MOT_DE_PASSE' | 'OTP'; resultat: string; adresse: string },
): Promise<void> {
  await db
    .insertInto('tentative_connexion')
    .values({ le: t.le, identifiant_saisi: t.identifiantSaisi.slice(0, 200), compte_id: t.compteId, methode: t.methode, resultat: t.resultat, adresse: t.adresse })
    .execute();
}
