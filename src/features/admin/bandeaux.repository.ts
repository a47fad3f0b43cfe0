import type { Database } from '../../db/connection.ts';
import type { NiveauBandeau } from './bandeaux.rules.ts';

/** Queries of the banners' administration. `db` may be a transaction. */

export type ValeursBandeau = { titre: string; message: string; niveau: NiveauBandeau; debut: Date | null; fin: Date | null; actif: boolean };

export function tousBandeaux(db: Database) {
  return db.selectFrom('bandeau').select(['id', 'titre', 'niveau', 'debut', 'fin', 'actif', 'cree_le']).orderBy('cree_le', 'desc').orderBy('id', 'desc').execute();
}

export function bandeauParId(db: Database, id: string) {
  return db.selectFrom('bandeau').select(['id', 'titre', 'message', 'niveau', 'debut', 'fin', 'actif']).where('id', '=', id).executeTakeFirst();
}
export type BandeauAdmin = NonNullable<Awaited<ReturnType<typeof bandeauParId>>>;

export async function insererBandeau(db: Database, b: ValeursBandeau, le: Date): Promise<string> {
  return (await db.insertInto('bandeau').values({ ...b, cree_le: le }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function modifierBandeau(db: Database, id: string, b: ValeursBandeau): Promise<boolean> {
  const r = await db.updateTable('bandeau').set(b).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function supprimerBandeau(db: Database, id: string): Promise<boolean> {
  const r = await db.deleteFrom('bandeau').where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}
