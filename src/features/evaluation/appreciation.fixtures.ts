import type { Banc } from '../../test/app.ts';
import { utilisateurDe } from '../../test/app.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { Perimetre, QualiteEvaluateur } from '../../shared/perimetre.ts';
import type { Role } from '../../shared/roles.ts';
import { connecter, insererEtablissements } from '../dossier/dossier.fixtures.ts';
import { createCampagneService } from '../campagnes/campagne.service.ts';
import { nouvelleCampagne } from '../campagnes/campagne.schemas.ts';

/** Test data of the appreciations and avis, inserted directly (the HR import and the campaign cycle are tested on their own). */

/**
 * An agent of `corps` at hors-classe échelon `echelon` since 2015, teaching in `uai` (080: Somme, 060: Oise): at
 * échelon 6 a PE is in vivier 2 (2021 on) and promouvable in regime C; at échelon 2 in no list.
 */
export async function agentHorsClasse(b: Banc, agentId: string, opts: { corps?: string; echelon?: number; uai?: string; discipline?: string; nom?: string } = {}) {
  const { db } = b.database;
  const nom = opts.nom ?? `NOM${agentId}`;
  await db
    .insertInto('agent')
    .values({ agent_id: agentId, identifiant: agentId.toLowerCase(), civilite: 'Mme', nom, prenom: 'Claire', date_naissance: '1968-05-01', email: `${agentId.toLowerCase()}@ac-demo.invalid`, corps: opts.corps ?? 'PE', discipline: opts.discipline ?? 'PREMIER DEGRE', date_entree_corps: '1990-09-01', import_id: null })
    .execute();
  await db
    .insertInto('agent_carriere')
    .values([
      { agent_id: agentId, date_effet: '1990-09-01', grade: 'CN', echelon: 1 },
      { agent_id: agentId, date_effet: '2015-09-01', grade: 'HC', echelon: opts.echelon ?? 6 },
    ])
    .execute();
  await db.insertInto('agent_service').values({ agent_id: agentId, date_debut: '1990-09-01', date_fin: null, uai: opts.uai ?? '0801234A', fonction: 'ENSEIGNEMENT', part_service: 100, statut: 'TITULAIRE', faisant_fonction: false }).execute();
}

/** A campaign of `corps` × `annee` put straight into examination (its cycle is tested in the campaigns feature). */
export async function campagneEnExamen(b: Banc, corps: string, annee: number, statut: 'EN_EXAMEN' | 'CLOSE' | 'ARRETEE' = 'EN_EXAMEN'): Promise<string> {
  await insererEtablissements(b.database);
  const s = createCampagneService({ db: b.database.db, clock: b.clock, apresCloture: async () => undefined });
  const id = await s.creer(nouvelleCampagne.parse({ corps, annee, ouverture: '2026-11-01T08:00:00Z', fermeture: '2026-11-20T17:00:00Z', promotions: 5, ...(annee >= 2024 ? { ratio: 0.2 } : {}) }), null);
  await b.database.db.updateTable('campagne').set({ statut }).where('id', '=', id).execute();
  return id;
}

/** A staff account logged in through the pages, with its session user for calling services directly. */
export async function personnel(b: Banc, roles: Role[], perimetre: Perimetre, qualite: QualiteEvaluateur | null = null, nom?: string) {
  const { compte, client } = await connecter(b, { roles, perimetre, ...(nom ? { nom } : {}) });
  await b.database.db.updateTable('compte').set({ qualite_evaluateur: qualite }).where('id', '=', compte.id).execute();
  const u: Utilisateur = { ...(await utilisateurDe(b.database, compte.identifiant)), perimetre, qualiteEvaluateur: qualite };
  // The client logged in before the qualité was set: log in again so that its session reads it.
  await client.connecter(compte.identifiant, compte.motDePasse);
  return { compte, client, u };
}
