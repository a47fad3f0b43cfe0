import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Perimetre, QualiteEvaluateur } from '../../shared/perimetre.ts';

/** Queries of account administration: plain rows in and out. `db` may be a transaction. */

function comptesCherches(db: Database, motif: string | null) {
  const q = db.selectFrom('compte');
  return motif ? q.where((eb) => eb.or([eb('identifiant', 'ilike', motif), eb('nom_affiche', 'ilike', motif)])) : q;
}

export async function compterComptes(db: Database, motif: string | null): Promise<number> {
  const r = await comptesCherches(db, motif).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listerComptes(db: Database, motif: string | null, limite: number, decalage: number) {
  return comptesCherches(db, motif)
    .select(['id', 'identifiant', 'nom_affiche', 'roles', 'actif', 'verrouille_jusqu_au', 'echecs_consecutifs'])
    .orderBy('identifiant')
    .limit(limite)
    .offset(decalage)
    .execute();
}

export function compteParId(db: Database, id: string) {
  return db
    .selectFrom('compte')
    .select([
      'id',
      'identifiant',
      'nom_affiche',
      'email',
      'roles',
      'perimetre',
      'qualite_evaluateur',
      'actif',
      'echecs_consecutifs',
      'dernier_echec_le',
      'verrouille_jusqu_au',
      'derniere_connexion_le',
      'cree_le',
      'agent_id',
      'dn_annuaire',
      sql<boolean>`mot_de_passe_hash IS NOT NULL`.as('a_mot_de_passe'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
export type CompteAdmin = NonNullable<Awaited<ReturnType<typeof compteParId>>>;

export async function identifiantPris(db: Database, identifiant: string): Promise<boolean> {
  return (await db.selectFrom('compte').select('id').where('identifiant', '=', identifiant).executeTakeFirst()) !== undefined;
}

export async function insererCompte(
  db: Database,
  c: { identifiant: string; nomAffiche: string; email: string | null; motDePasseHash: string | null; roles: string[]; perimetre: Perimetre; qualiteEvaluateur?: QualiteEvaluateur | null; le: Date },
): Promise<string> {
  const r = await db
    .insertInto('compte')
    .values({
      identifiant: c.identifiant,
      nom_affiche: c.nomAffiche,
      email: c.email,
      mot_de_passe_hash: c.motDePasseHash,
      roles: c.roles,
      perimetre: JSON.stringify(c.perimetre),
      qualite_evaluateur: c.qualiteEvaluateur ?? null,
      agent_id: null,
      dernier_echec_le: null,
      verrouille_jusqu_au: null,
      derniere_connexion_le: null,
      precedente_connexion_le: null,
      cree_le: c.le,
      modifie_le: c.le,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function modifierProfil(
  db: Database,
  id: string,
  p: { nomAffiche: string; email: string | null; roles: string[]; perimetre: Perimetre; qualiteEvaluateur: QualiteEvaluateur | null; actif: boolean; le: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('compte')
    .set({ nom_affiche: p.nomAffiche, email: p.email, roles: p.roles, perimetre: JSON.stringify(p.perimetre), qualite_evaluateur: p.qualiteEvaluateur, actif: p.actif, modifie_le: p.le })
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function definirMotDePasse(db: Database, id: string, hash: string, le: Date): Promise<boolean> {
  const r = await db.updateTable('compte').set({ mot_de_passe_hash: hash, modifie_le: le }).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deverrouiller(db: Database, id: string, le: Date): Promise<boolean> {
  const r = await db.updateTable('compte').set({ echecs_consecutifs: 0, verrouille_jusqu_au: null, modifie_le: le }).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export function dernieresTentatives(db: Database, compteId: string, nombre: number) {
  return db
    .selectFrom('tentative_connexion')
    .select(['id', 'le', 'methode', 'resultat', 'adresse'])
    .where('compte_id', '=', compteId)
    .orderBy('le', 'desc')
    .orderBy('id', 'desc')
    .limit(nombre)
    .execute();
}

/** Closes every session of an account but one (the administrator's own, when they change their own account). */
export async function fermerSessionsSauf(db: Database, compteId: string, sessionGardee: string): Promise<void> {
  await db.deleteFrom('session').where('compte_id', '=', compteId).where('id', '<>', sessionGardee).execute();
}

/** The key state as a short token: the OTP issuing form carries it, so that a resubmission sees it changed. */
export async function etatCleOtp(db: Database, compteId: string): Promise<string> {
  const cle = await db.selectFrom('cle_otp').select(['statut', 'emise_le']).where('compte_id', '=', compteId).executeTakeFirst();
  return cle ? `${cle.statut}-${cle.emise_le.getTime()}` : 'AUCUNE';
}

/** The disciplines the agents of the HR data teach: those an évaluateur's scope may name. */
export async function disciplinesConnues(db: Database): Promise<string[]> {
  const r = await db.selectFrom('agent').select('discipline').distinct().where('discipline', '<>', '').orderBy('discipline').execute();
  return r.map((l) => l.discipline);
}
