import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';
import type { Role } from '../../shared/roles.ts';

/** Helpers of the administration's integration tests, over the test file's own bench. */

/** The page shows this French text (the typographic apostrophe may be written as an entity). */
export function affiche(html: string, texte: string): boolean {
  return html.includes(texte) || html.includes(texte.replace(/’/g, '&#8217;'));
}

type Table = 'compte' | 'journal_audit' | 'rubrique' | 'application' | 'bandeau';

export function outilsDeTest(banc: () => Banc) {
  const db = () => banc().database.db;
  return {
    db,

    /** A new account with these roles, logged in through the login form, its CSRF token taken from `page`. */
    async connecte(roles: Role[], page = '/portail') {
      const compte = await creerCompte(banc().database, { roles });
      const client = new ClientDeTest(banc().app);
      assert.equal((await client.connecter(compte.identifiant, compte.motDePasse)).statusCode, 303);
      assert.equal((await client.get(page)).statusCode, 200);
      return { client, ...compte };
    },

    compte: (id: string) => db().selectFrom('compte').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),

    async sessionsDe(id: string): Promise<number> {
      return Number((await db().selectFrom('session').select(sql<string>`count(*)`.as('n')).where('compte_id', '=', id).executeTakeFirstOrThrow()).n);
    },

    audit: (cible: string) => db().selectFrom('journal_audit').select(['action', 'acteur_compte_id', 'details']).where('cible', '=', cible).orderBy('id').execute(),

    async nombre(table: Table): Promise<number> {
      return Number((await db().selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    },
  };
}
