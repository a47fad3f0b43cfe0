import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { databaseDeTest } from '../../test/database.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import * as longueursRh from '../../db/migrations/2026-12-01T1000_longueurs_rh.ts';
import { LONGUEURS_MAX } from './limites.ts';

let h: DatabaseHandle;
before(async () => {
  h = await databaseDeTest();
});
after(async () => {
  await h.close();
});

/** The length constraints of a table: column → [maximum, validated]. */
async function bornes(table: string): Promise<Record<string, [number, boolean]>> {
  const r = await sql<{ def: string; valide: boolean }>`
    SELECT pg_get_constraintdef(oid) AS def, convalidated AS valide FROM pg_constraint
    WHERE conrelid = ${table}::regclass AND contype = 'c' AND conname LIKE '%\_longueur'`.execute(h.db);
  return Object.fromEntries(
    r.rows.map((c) => {
      const m = /char_length\((\w+)\) <= (\d+)/.exec(c.def);
      assert.ok(m, c.def);
      return [m[1]!, [Number(m[2]), c.valide]];
    }),
  );
}

const agent = (agentId: string, nom: string) =>
  sql`INSERT INTO agent (agent_id, identifiant, civilite, nom, prenom, date_naissance, email, corps, discipline, date_entree_corps)
    VALUES (${agentId}, ${agentId.toLowerCase()}, 'M.', ${nom}, 'Jean', '1970-01-01', '', 'PE', '', '1995-09-01')`.execute(h.db);

describe('les bornes de l’import en base', () => {
  test('les colonnes de texte libre d’agent et d’etablissement ont en base le maximum de limites.ts', async () => {
    const colonnes = (fichier: keyof typeof LONGUEURS_MAX, noms: string[]) =>
      Object.fromEntries(noms.map((c) => [c, [(LONGUEURS_MAX[fichier] as Record<string, number>)[c], true]]));
    assert.deepEqual(await bornes('agent'), colonnes('agents.csv', ['agent_id', 'identifiant', 'civilite', 'nom', 'prenom', 'email', 'discipline']));
    assert.deepEqual(await bornes('etablissement'), colonnes('etablissements.csv', ['uai', 'nom', 'commune', 'type']));
  });

  test('la base refuse un nom plus long, compté en caractères', async () => {
    await agent('B1', '𝒜'.repeat(100));
    await assert.rejects(agent('B2', 'N'.repeat(101)), /agent_nom_longueur/);
  });

  test('une base qui tient déjà un nom plus long se migre : la contrainte vaut pour les nouvelles lignes', async () => {
    await longueursRh.down(h.db as unknown as Kysely<unknown>);
    await agent('B3', 'N'.repeat(10_240));
    await longueursRh.up(h.db as unknown as Kysely<unknown>);
    const b = await bornes('agent');
    assert.deepEqual(b.nom, [100, false]);
    assert.deepEqual(b.prenom, [100, true]);
    await assert.rejects(agent('B4', 'N'.repeat(101)), /agent_nom_longueur/);
    await assert.rejects(sql`UPDATE agent SET prenom = 'Jeanne' WHERE agent_id = 'B3'`.execute(h.db), /agent_nom_longueur/);
    await sql`UPDATE agent SET nom = 'CORRIGÉ' WHERE agent_id = 'B3'`.execute(h.db);
    await sql`ALTER TABLE agent VALIDATE CONSTRAINT agent_nom_longueur`.execute(h.db);
  });
});
