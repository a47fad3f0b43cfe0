import type { Database } from '../../db/connection.ts';

/** Test helpers: outbox rows written as the campaigns feature writes them, with an accusé when asked. */

let n = 0;

export async function ecrireAccuse(db: Database, reference: string, pdf: Buffer): Promise<string> {
  n += 1;
  const le = new Date('2026-12-15T16:00:00Z');
  const campagne = await db
    .insertInto('campagne')
    .values({ corps: `T${n}`, annee: 2027, regime: 'A', ouverture: '2026-12-01T08:00:00Z', fermeture: le, promotions: 1, parametres: '{}', statut: 'CLOSE', cree_par_compte_id: null, cree_le: le })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cand = await db
    .insertInto('candidature')
    .values({ campagne_id: campagne.id, agent_id: `A${n}`, statut: 'DEPOSEE', cree_le: le, modifie_le: le, validee_le: le, reference })
    .returning('id')
    .executeTakeFirstOrThrow();
  const doc = await db
    .insertInto('candidature_document')
    .values({ candidature_id: cand.id, type: 'ACCUSE_RECEPTION', emis_le: le, sha256: 'x'.repeat(64), pdf })
    .returning('id')
    .executeTakeFirstOrThrow();
  return doc.id;
}

export async function ecrireCourriel(
  db: Database,
  o: { destinataire?: string; sujet?: string; corps?: string; creeLe?: Date; accuseId?: string } = {},
): Promise<string> {
  n += 1;
  const r = await db
    .insertInto('courriel')
    .values({
      cle: `test:${n}:${Math.random().toString(36).slice(2)}`,
      destinataire: o.destinataire ?? `agent${n}@example.fr`,
      sujet: o.sujet ?? `Avis n° ${n}`,
      corps: o.corps ?? 'Une campagne est ouverte.',
      document_type: o.accuseId ? 'ACCUSE_RECEPTION' : null,
      document_id: o.accuseId ?? null,
      cree_le: o.creeLe ?? new Date('2026-12-01T08:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
