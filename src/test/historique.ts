import type { Database } from '../db/connection.ts';

/** The history rows of every candidature of a campaign (from, to, event), in the order they were written. */
export function historiqueDeCampagne(db: Database, campagneId: string) {
  return db
    .selectFrom('candidature_historique')
    .innerJoin('candidature', 'candidature.id', 'candidature_historique.candidature_id')
    .select(['candidature_historique.de', 'candidature_historique.vers', 'candidature_historique.evenement'])
    .where('candidature.campagne_id', '=', campagneId)
    .orderBy('candidature_historique.id')
    .execute();
}
