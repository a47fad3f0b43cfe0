import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';

export function favorisOrdonnes(db: Kysely<DB> | Transaction<DB>, compteId: string) {
  return db.selectFrom('favori').select(['application_id', 'ordre']).where('compte_id', '=', compteId).orderBy('ordre').orderBy('application_id').execute();
}

export async function ajouterFavori(trx: Transaction<DB>, compteId: string, applicationId: string): Promise<void> {
  const max = await trx.selectFrom('favori').select((eb) => eb.fn.max('ordre').as('m')).where('compte_id', '=', compteId).executeTakeFirst();
  await trx
    .insertInto('favori')
    .values({ compte_id: compteId, application_id: applicationId, ordre: Number(max?.m ?? 0) + 1 })
    .onConflict((oc) => oc.columns(['compte_id', 'application_id']).doNothing())
    .execute();
}

export async function retirerFavori(db: Database, compteId: string, applicationId: string): Promise<void> {
  await db.deleteFrom('favori').where('compte_id', '=', compteId).where('application_id', '=', applicationId).execute();
}

export async function renumeroterFavoris(trx: Transaction<DB>, compteId: string, ordreApplications: readonly string[]): Promise<void> {
  for (const [i, applicationId] of ordreApplications.entries()) {
    await trx.updateTable('favori').set({ ordre: i + 1 }).where('compte_id', '=', compteId).where('application_id', '=', applicationId).execute();
  }
}
