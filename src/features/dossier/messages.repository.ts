import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';

/** The I-Prof mailbox: a message is addressed to an account, to an agent (every account linked to them), or both. */

export type Destinataire = { compteId: string; agentId: string | null };

function pour(d: Destinataire) {
  return (eb: ExpressionBuilder<DB, 'message'>) => eb.or([eb('compte_id', '=', d.compteId), ...(d.agentId ? [eb('agent_id', '=', d.agentId)] : [])]);
}

export function boite(db: Database, d: Destinataire, limite = 200) {
  return db
    .selectFrom('message')
    .select(['id', 'categorie', 'sujet', 'cree_le', 'lu_le', 'document_type', 'document_id'])
    .where(pour(d))
    .orderBy('cree_le', 'desc')
    .orderBy('id', 'desc')
    .limit(limite)
    .execute();
}

export function message(db: Database, d: Destinataire, id: string) {
  return db.selectFrom('message').selectAll().where('id', '=', id).where(pour(d)).executeTakeFirst();
}

export async function nonLus(db: Database, d: Destinataire): Promise<number> {
  const r = await db.selectFrom('message').select((eb) => eb.fn.countAll<string>().as('n')).where(pour(d)).where('lu_le', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function marquerLu(db: Database, id: string, le: Date) {
  await db.updateTable('message').set({ lu_le: le }).where('id', '=', id).where('lu_le', 'is', null).execute();
}

export async function envoyer(
  db: Database,
  m: { compteId?: string | null; agentId?: string | null; categorie: string; sujet: string; corps: string; le: Date; document?: { type: string; id: string } },
) {
  await db
    .insertInto('message')
    .values({
      compte_id: m.compteId ?? null,
      agent_id: m.agentId ?? null,
      categorie: m.categorie,
      sujet: m.sujet,
      corps: m.corps,
      cree_le: m.le,
      lu_le: null,
      document_type: m.document?.type ?? null,
      document_id: m.document?.id ?? null,
    })
    .execute();
}
