import type { Database } from '../../db/connection.ts';

/** Everything held about an account and its agent, for "Mes données". Secrets (hashes, OTP secret, tokens) are never selected. */

export function compte(db: Database, compteId: string) {
  return db
    .selectFrom('compte')
    .select(['id', 'identifiant', 'nom_affiche', 'email', 'roles', 'perimetre', 'agent_id', 'actif', 'cree_le', 'modifie_le', 'derniere_connexion_le', 'precedente_connexion_le', 'verrouille_jusqu_au'])
    .where('id', '=', compteId)
    .executeTakeFirst();
}

export function cleOtp(db: Database, compteId: string) {
  return db.selectFrom('cle_otp').select(['statut', 'emise_le', 'activee_le']).where('compte_id', '=', compteId).executeTakeFirst();
}

export function sessions(db: Database, compteId: string) {
  return db.selectFrom('session').select(['cree_le', 'vue_le', 'adresse', 'agent_utilisateur']).where('compte_id', '=', compteId).orderBy('cree_le', 'desc').execute();
}

export function tentatives(db: Database, compteId: string) {
  return db.selectFrom('tentative_connexion').select(['le', 'identifiant_saisi', 'methode', 'resultat', 'adresse']).where('compte_id', '=', compteId).orderBy('le', 'desc').limit(1000).execute();
}

export function favoris(db: Database, compteId: string) {
  return db
    .selectFrom('favori as f')
    .innerJoin('application as a', 'a.id', 'f.application_id')
    .select(['a.libelle', 'f.ordre'])
    .where('f.compte_id', '=', compteId)
    .orderBy('f.ordre')
    .execute();
}

export function journal(db: Database, compteId: string) {
  return db.selectFrom('journal_audit').select(['le', 'action', 'cible', 'details']).where('acteur_compte_id', '=', compteId).orderBy('le', 'desc').limit(1000).execute();
}

export function messages(db: Database, compteId: string, agentId: string | null) {
  return db
    .selectFrom('message')
    .select(['id', 'categorie', 'sujet', 'corps', 'cree_le', 'lu_le', 'document_type', 'document_id'])
    .where((eb) => eb.or([eb('compte_id', '=', compteId), ...(agentId ? [eb('agent_id', '=', agentId)] : [])]))
    .orderBy('cree_le', 'desc')
    .execute();
}
