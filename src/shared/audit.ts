import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/** One row per administrative or sensitive action: who, what, on what, when. */
export async function journaliser(
  db: Kysely<DB> | Transaction<DB>,
  entree: { le: Date; acteurCompteId: string | null; action: string; cible?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('journal_audit')
    .values({
      le: entree.le,
      acteur_compte_id: entree.acteurCompteId,
      action: entree.action,
      cible: entree.cible ?? null,
      details: JSON.stringify(entree.details ?? {}),
    })
    .execute();
}
