import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Role } from '../../shared/roles.ts';

export type LigneApplication = {
  id: string;
  rubrique_id: string;
  rubrique: string;
  rubrique_ordre: number;
  groupe: string;
  libelle: string;
  description: string | null;
  url: string;
  interne: boolean;
  ordre: number;
  favori_ordre: number | null;
};

/** Active applications visible to at least one of these roles, with the account's favourite rank. */
export function applicationsVisibles(db: Database, compteId: string, roles: readonly Role[]): Promise<LigneApplication[]> {
  return db
    .selectFrom('application as a')
    .innerJoin('rubrique as r', 'r.id', 'a.rubrique_id')
    .leftJoin('favori as f', (j) => j.onRef('f.application_id', '=', 'a.id').on('f.compte_id', '=', compteId))
    .select([
      'a.id',
      'a.rubrique_id',
      'r.libelle as rubrique',
      'r.ordre as rubrique_ordre',
      'a.groupe',
      'a.libelle',
      'a.description',
      'a.url',
      'a.interne',
      'a.ordre',
      'f.ordre as favori_ordre',
    ])
    .where('a.actif', '=', true)
    .where(sql<boolean>`a.roles && ${sql.val([...roles])}::text[]`)
    .orderBy('r.ordre')
    .orderBy('r.id')
    .orderBy('a.ordre')
    .orderBy('a.id')
    .execute();
}

export function rubriques(db: Database) {
  return db.selectFrom('rubrique').selectAll().orderBy('ordre').orderBy('id').execute();
}

export function bandeauxEnCours(db: Database, maintenant: Date) {
  return db
    .selectFrom('bandeau')
    .select(['id', 'titre', 'message', 'niveau'])
    .where('actif', '=', true)
    .where((eb) => eb.or([eb('debut', 'is', null), eb('debut', '<=', maintenant)]))
    .where((eb) => eb.or([eb('fin', 'is', null), eb('fin', '>', maintenant)]))
    .orderBy('cree_le', 'desc')
    .execute();
}

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
