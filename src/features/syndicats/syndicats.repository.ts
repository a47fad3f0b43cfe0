import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { ActionAbonnement, Portee } from './syndicats.rules.ts';

/** Queries of the unions, their lists, the subscriptions and the correspondents. `db` may be a transaction. */

/** The open lists of one scope, union by union, as the agent's page offers them. */
export function listesOuvertes(db: Database, portee: Portee) {
  return db
    .selectFrom('liste_syndicale as l')
    .innerJoin('syndicat as s', 's.id', 'l.syndicat_id')
    .select(['l.id', 'l.libelle', 'l.description', 's.id as syndicat_id', 's.sigle', 's.nom'])
    .where('l.portee', '=', portee)
    .where('l.active', '=', true)
    .where('s.actif', '=', true)
    .orderBy('s.ordre')
    .orderBy(sql`s.sigle COLLATE "und-x-icu"`)
    .orderBy('s.id')
    .orderBy('l.ordre')
    .orderBy(sql`l.libelle COLLATE "und-x-icu"`)
    .orderBy('l.id')
    .execute();
}
export type ListeOuverte = Awaited<ReturnType<typeof listesOuvertes>>[number];

export async function listesAbonnees(db: Database, compteId: string): Promise<string[]> {
  const r = await db.selectFrom('abonnement_syndical').select('liste_id').where('compte_id', '=', compteId).execute();
  return r.map((x) => x.liste_id);
}

/** The agent's own changes on the lists of one scope, newest first. */
export function historique(db: Database, compteId: string, portee: Portee, limite: number) {
  return db
    .selectFrom('abonnement_syndical_historique as h')
    .innerJoin('liste_syndicale as l', 'l.id', 'h.liste_id')
    .innerJoin('syndicat as s', 's.id', 'l.syndicat_id')
    .select(['h.id', 'h.le', 'h.action', 'l.libelle', 's.sigle'])
    .where('h.compte_id', '=', compteId)
    .where('l.portee', '=', portee)
    .orderBy('h.le', 'desc')
    .orderBy('h.id', 'desc')
    .limit(limite)
    .execute();
}

/** Holds the account's row until the transaction ends: two tabs saving at once change the subscriptions one after the other. */
export async function verrouillerCompte(db: Database, compteId: string): Promise<void> {
  await db.selectFrom('compte').select('id').where('id', '=', compteId).forUpdate().executeTakeFirst();
}

/** Subscribes; returns the lists really added (one already subscribed is not counted twice). */
export async function abonner(db: Database, compteId: string, listeIds: readonly string[], le: Date): Promise<string[]> {
  if (listeIds.length === 0) return [];
  const r = await db
    .insertInto('abonnement_syndical')
    .values(listeIds.map((liste_id) => ({ compte_id: compteId, liste_id, depuis_le: le })))
    .onConflict((oc) => oc.columns(['compte_id', 'liste_id']).doNothing())
    .returning('liste_id')
    .execute();
  return r.map((x) => x.liste_id);
}

/** Unsubscribes; returns the lists really removed. */
export async function desabonner(db: Database, compteId: string, listeIds: readonly string[]): Promise<string[]> {
  if (listeIds.length === 0) return [];
  const r = await db.deleteFrom('abonnement_syndical').where('compte_id', '=', compteId).where('liste_id', 'in', listeIds).returning('liste_id').execute();
  return r.map((x) => x.liste_id);
}

export async function noterHistorique(db: Database, compteId: string, lignes: ReadonlyArray<{ listeId: string; action: ActionAbonnement }>, le: Date): Promise<void> {
  if (lignes.length === 0) return;
  await db
    .insertInto('abonnement_syndical_historique')
    .values(lignes.map((l) => ({ compte_id: compteId, liste_id: l.listeId, action: l.action, le })))
    .execute();
}

/** Subscribers counted and exported: active accounts only (a closed account receives nothing). */
const abonnesActifs = (db: Database) =>
  db.selectFrom('abonnement_syndical as a').innerJoin('compte as c', 'c.id', 'a.compte_id').where('c.actif', '=', true);

/** The current subscribers (active accounts) of the list `l` of the enclosing query. */
const ABONNES_DE_L = sql<string>`(SELECT count(*) FROM abonnement_syndical a JOIN compte c ON c.id = a.compte_id WHERE a.liste_id = l.id AND c.actif)`.as('abonnes');

/** The unions of a correspondent, each list with its number of current subscribers. */
export function listesDuCorrespondant(db: Database, compteId: string) {
  return db
    .selectFrom('correspondant_syndical as cs')
    .innerJoin('syndicat as s', 's.id', 'cs.syndicat_id')
    .innerJoin('liste_syndicale as l', 'l.syndicat_id', 's.id')
    .select([
      's.id as syndicat_id',
      's.sigle',
      's.nom',
      'l.id',
      'l.libelle',
      'l.portee',
      'l.active',
      ABONNES_DE_L,
    ])
    .where('cs.compte_id', '=', compteId)
    .orderBy(sql`s.sigle COLLATE "und-x-icu"`)
    .orderBy('s.id')
    .orderBy('l.portee', 'desc')
    .orderBy('l.ordre')
    .orderBy('l.id')
    .execute();
}

/**
 * The list of the address, checked against its parent union (null: no such list in that union), and whether the account
 * is one of that union's correspondents.
 */
export async function listeDuSyndicat(db: Database, syndicatId: string, listeId: string, compteId: string) {
  return db
    .selectFrom('liste_syndicale as l')
    .innerJoin('syndicat as s', 's.id', 'l.syndicat_id')
    .select((eb) => [
      'l.id',
      'l.libelle',
      'l.portee',
      's.id as syndicat_id',
      's.sigle',
      eb.exists(eb.selectFrom('correspondant_syndical as cs').select('cs.compte_id').whereRef('cs.syndicat_id', '=', 's.id').where('cs.compte_id', '=', compteId)).as('correspondant'),
    ])
    .where('l.id', '=', listeId)
    .where('l.syndicat_id', '=', syndicatId)
    .executeTakeFirst();
}

/** The current subscribers of a list, by name. */
export function abonnes(db: Database, listeId: string) {
  return abonnesActifs(db)
    .select(['c.nom_affiche', 'c.email', 'a.depuis_le'])
    .where('a.liste_id', '=', listeId)
    .orderBy(sql`c.nom_affiche COLLATE "und-x-icu"`)
    .orderBy('c.id')
    .execute();
}

// ——— Administration ———

export function tousSyndicats(db: Database) {
  return db
    .selectFrom('syndicat as s')
    .select((eb) => [
      's.id',
      's.sigle',
      's.nom',
      's.ordre',
      's.actif',
      eb.selectFrom('liste_syndicale as l').whereRef('l.syndicat_id', '=', 's.id').select(sql<string>`count(*)`.as('n')).as('listes'),
      eb.selectFrom('correspondant_syndical as cs').whereRef('cs.syndicat_id', '=', 's.id').select(sql<string>`count(*)`.as('n')).as('correspondants'),
    ])
    .orderBy('s.ordre')
    .orderBy(sql`s.sigle COLLATE "und-x-icu"`)
    .orderBy('s.id')
    .execute();
}

export function syndicatParId(db: Database, id: string) {
  return db.selectFrom('syndicat').select(['id', 'sigle', 'nom', 'ordre', 'actif']).where('id', '=', id).executeTakeFirst();
}
export type SyndicatAdmin = NonNullable<Awaited<ReturnType<typeof syndicatParId>>>;

export type ValeursSyndicat = { sigle: string; nom: string; ordre: number; actif: boolean };

export async function insererSyndicat(db: Database, v: ValeursSyndicat, le: Date): Promise<string> {
  return (await db.insertInto('syndicat').values({ ...v, cree_le: le }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function modifierSyndicat(db: Database, id: string, v: ValeursSyndicat): Promise<boolean> {
  const r = await db.updateTable('syndicat').set(v).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export function listesDuSyndicat(db: Database, syndicatId: string) {
  return db
    .selectFrom('liste_syndicale as l')
    .select([
      'l.id',
      'l.libelle',
      'l.portee',
      'l.active',
      'l.ordre',
      ABONNES_DE_L,
    ])
    .where('l.syndicat_id', '=', syndicatId)
    .orderBy('l.portee', 'desc')
    .orderBy('l.ordre')
    .orderBy('l.id')
    .execute();
}

/** A list of the address, only if it belongs to the union of the address. */
export function listeParId(db: Database, syndicatId: string, listeId: string) {
  return db
    .selectFrom('liste_syndicale')
    .select(['id', 'libelle', 'description', 'portee', 'ordre', 'active'])
    .where('id', '=', listeId)
    .where('syndicat_id', '=', syndicatId)
    .executeTakeFirst();
}
export type ListeAdmin = NonNullable<Awaited<ReturnType<typeof listeParId>>>;

export type ValeursListe = { libelle: string; description: string | null; portee: Portee; ordre: number; active: boolean };

export async function insererListe(db: Database, syndicatId: string, v: ValeursListe, le: Date): Promise<string> {
  return (await db.insertInto('liste_syndicale').values({ ...v, syndicat_id: syndicatId, cree_le: le }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function modifierListe(db: Database, syndicatId: string, listeId: string, v: ValeursListe): Promise<boolean> {
  const r = await db.updateTable('liste_syndicale').set(v).where('id', '=', listeId).where('syndicat_id', '=', syndicatId).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export function correspondants(db: Database, syndicatId: string) {
  return db
    .selectFrom('correspondant_syndical as cs')
    .innerJoin('compte as c', 'c.id', 'cs.compte_id')
    .select(['c.id', 'c.identifiant', 'c.nom_affiche', 'c.actif', 'cs.depuis_le'])
    .where('cs.syndicat_id', '=', syndicatId)
    .orderBy(sql`c.nom_affiche COLLATE "und-x-icu"`)
    .orderBy('c.id')
    .execute();
}

export function compteParIdentifiant(db: Database, identifiant: string) {
  return db.selectFrom('compte').select(['id', 'identifiant', 'nom_affiche', 'roles']).where('identifiant', '=', identifiant).executeTakeFirst();
}

/** Returns false when the account already was a correspondent of the union. */
export async function ajouterCorrespondant(db: Database, syndicatId: string, compteId: string, le: Date): Promise<boolean> {
  const r = await db
    .insertInto('correspondant_syndical')
    .values({ syndicat_id: syndicatId, compte_id: compteId, depuis_le: le })
    .onConflict((oc) => oc.columns(['syndicat_id', 'compte_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function retirerCorrespondant(db: Database, syndicatId: string, compteId: string) {
  return db.deleteFrom('correspondant_syndical').where('syndicat_id', '=', syndicatId).where('compte_id', '=', compteId).returning('compte_id').executeTakeFirst();
}
