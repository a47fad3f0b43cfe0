import type { DatabaseHandle } from '../../db/connection.ts';
import type { Perimetre } from '../../shared/perimetre.ts';
import type { Role } from '../../shared/roles.ts';
import { creerCompte, type Banc } from '../../test/app.ts';
import { ClientDeTest } from '../../test/client.ts';

/** Test data of the dossier feature, inserted directly (the HR import is tested on its own). */

export const ETABLISSEMENTS = [
  { uai: '0801234A', nom: 'École élémentaire Jules Verne', commune: 'Amiens', type: 'ECOLE', departement: '080' },
  { uai: '0801500K', nom: 'École primaire Louise Michel', commune: 'Amiens', type: 'ECOLE', departement: '080' },
  { uai: '0600001X', nom: 'Collège Jean Racine', commune: 'Beauvais', type: 'COLLEGE', departement: '060' },
];

export async function insererEtablissements(database: DatabaseHandle): Promise<void> {
  await database.db.insertInto('etablissement').values(ETABLISSEMENTS).onConflict((oc) => oc.column('uai').doNothing()).execute();
  await database.db
    .insertInto('etablissement_label')
    .values([1999, 2000, 2001].map((annee_scolaire) => ({ uai: '0801500K', annee_scolaire, label: 'REP' })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

let n = 0;

/**
 * An agent with a career (CN then HC), a past disponibilité and services: ENSEIGNEMENT in a REP school, then a current
 * DIRECTEUR_ECOLE row in `uaiCourante` (département of that establishment).
 */
export async function insererAgent(database: DatabaseHandle, opts: { corps?: string; uaiCourante?: string; nom?: string } = {}) {
  n += 1;
  const agentId = `T${String(n).padStart(4, '0')}${Math.random().toString(36).slice(2, 5).toUpperCase()}`;
  const { db } = database;
  await db
    .insertInto('agent')
    .values({
      agent_id: agentId,
      identifiant: `agent${n}`,
      civilite: 'Mme',
      nom: opts.nom ?? `LEFÈVRE${n}`,
      prenom: 'Hélène',
      date_naissance: '1970-04-12',
      email: `agent${n}@ac-demo.invalid`,
      corps: opts.corps ?? 'PE',
      discipline: 'PREMIER DEGRE',
      date_entree_corps: '1993-09-01',
      import_id: null,
    })
    .execute();
  const carriere = await db
    .insertInto('agent_carriere')
    .values([
      { agent_id: agentId, date_effet: '1993-09-01', grade: 'CN', echelon: 1 },
      { agent_id: agentId, date_effet: '2016-09-01', grade: 'HC', echelon: 1 },
      { agent_id: agentId, date_effet: '2019-09-01', grade: 'HC', echelon: 3 },
    ])
    .returning('id')
    .execute();
  const position = await db.insertInto('agent_position').values({ agent_id: agentId, date_debut: '2004-09-01', date_fin: '2005-08-31', position: 'DISPONIBILITE' }).returning('id').executeTakeFirstOrThrow();
  const services = await db
    .insertInto('agent_service')
    .values([
      { agent_id: agentId, date_debut: '1993-09-01', date_fin: '2009-08-31', uai: '0801500K', fonction: 'ENSEIGNEMENT', part_service: 100, statut: 'TITULAIRE', faisant_fonction: false },
      { agent_id: agentId, date_debut: '2009-09-01', date_fin: null, uai: opts.uaiCourante ?? '0801234A', fonction: 'DIRECTEUR_ECOLE', part_service: 100, statut: 'TITULAIRE', faisant_fonction: false },
    ])
    .returning('id')
    .execute();
  return { agentId, carriereIds: carriere.map((c) => c.id), positionId: position.id, serviceIds: services.map((s) => s.id) };
}

/** A logged-in client for a new account with these roles, perimetre and linked agent. */
export async function connecter(b: Banc, opts: { roles?: Role[]; agentId?: string | null; perimetre?: Perimetre; nom?: string } = {}) {
  const c = await creerCompte(b.database, { roles: opts.roles ?? ['AGENT'], ...(opts.nom ? { nom: opts.nom } : {}) });
  await b.database.db
    .updateTable('compte')
    .set({ agent_id: opts.agentId ?? null, perimetre: JSON.stringify(opts.perimetre ?? {}) })
    .where('id', '=', c.id)
    .execute();
  const client = new ClientDeTest(b.app);
  await client.connecter(c.identifiant, c.motDePasse);
  return { compte: c, client };
}
