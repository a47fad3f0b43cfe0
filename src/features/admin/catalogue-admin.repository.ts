import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';

/** Queries of the catalogue administration. `db` may be a transaction. */

export function rubriquesAvecNombre(db: Database) {
  return db
    .selectFrom('rubrique as r')
    .select(['r.id', 'r.libelle', 'r.ordre', (eb) => eb.selectFrom('application as a').select(sql<string>`count(*)`.as('n')).whereRef('a.rubrique_id', '=', 'r.id').as('applications')])
    .orderBy('r.ordre')
    .orderBy('r.id')
    .execute();
}

export function rubriqueParId(db: Database, id: string) {
  return db.selectFrom('rubrique').select(['id', 'libelle', 'ordre']).where('id', '=', id).executeTakeFirst();
}

/** Another rubric already has this label (case-insensitive: two "Intranet" would confuse users). */
export async function libelleRubriquePris(db: Database, libelle: string, sauf: string | null): Promise<boolean> {
  let q = db.selectFrom('rubrique').select('id').where(sql<string>`lower(libelle)`, '=', libelle.toLowerCase());
  if (sauf) q = q.where('id', '<>', sauf);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insererRubrique(db: Database, r: { libelle: string; ordre: number }): Promise<string> {
  return (await db.insertInto('rubrique').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export async function modifierRubrique(db: Database, id: string, v: { libelle: string; ordre: number }): Promise<boolean> {
  const r = await db.updateTable('rubrique').set(v).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function compterApplicationsDeRubrique(db: Database, id: string): Promise<number> {
  const r = await db.selectFrom('application').select(sql<string>`count(*)`.as('n')).where('rubrique_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function supprimerRubrique(db: Database, id: string): Promise<boolean> {
  const r = await db.deleteFrom('rubrique').where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export function toutesApplications(db: Database) {
  return db
    .selectFrom('application as a')
    .innerJoin('rubrique as r', 'r.id', 'a.rubrique_id')
    .select(['a.id', 'a.rubrique_id', 'a.groupe', 'a.libelle', 'a.url', 'a.interne', 'a.roles', 'a.ordre', 'a.actif'])
    .orderBy('r.ordre')
    .orderBy('r.id')
    .orderBy('a.ordre')
    .orderBy('a.id')
    .execute();
}

export function applicationParId(db: Database, id: string) {
  return db
    .selectFrom('application')
    .select(['id', 'rubrique_id', 'groupe', 'libelle', 'description', 'url', 'interne', 'roles', 'ordre', 'actif'])
    .where('id', '=', id)
    .executeTakeFirst();
}
export type ApplicationAdmin = NonNullable<Awaited<ReturnType<typeof applicationParId>>>;

export type ValeursApplication = {
  rubrique_id: string;
  groupe: string;
  libelle: string;
  description: string | null;
  url: string;
  interne: boolean;
  roles: string[];
  ordre: number;
  actif: boolean;
};

export async function insererApplication(db: Database, a: ValeursApplication): Promise<string> {
  return (await db.insertInto('application').values(a).returning('id').executeTakeFirstOrThrow()).id;
}

export async function modifierApplication(db: Database, id: string, a: ValeursApplication): Promise<boolean> {
  const r = await db.updateTable('application').set(a).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function supprimerApplication(db: Database, id: string): Promise<boolean> {
  const r = await db.deleteFrom('application').where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}
