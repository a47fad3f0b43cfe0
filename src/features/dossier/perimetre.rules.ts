import type { Perimetre } from '../../db/schema.ts';
import type { Role } from '../../shared/roles.ts';
import { CORPS } from '../import/vocabulaire.ts';

/** Roles that read other agents' dossiers, within their perimetre (DOMAIN.md §1). */
export const ROLES_LECTEURS = ['GESTIONNAIRE', 'EVALUATEUR', 'AUTORITE'] as const satisfies readonly Role[];
export type RoleLecteur = (typeof ROLES_LECTEURS)[number];

/** What the scope rule needs of an agent: their corps and the establishments of their current services. */
export type AgentPourPerimetre = {
  corps: string;
  affectationsCourantes: ReadonlyArray<{ uai: string; departement: string }>;
};

export function renseigne(liste: readonly string[] | undefined): liste is readonly string[] {
  // An empty list is "not set", as the admin pages write it (construirePerimetre drops empty lists).
  return liste !== undefined && liste.length > 0;
}

/**
 * Is the agent within this perimetre? corps in `corps` (if set) AND (département of a current establishment in
 * `departements`, or its UAI in `etablissements`, if either is set). A perimetre that sets nothing is the whole académie.
 *
 * This is the rule's statement. Routes apply it through its SQL form, `dansLePerimetre` (perimetre.repository.ts), in
 * the very query that reads the rows (lists are filtered before their limit, parents are checked in the same query);
 * perimetre.int.test.ts checks that both give the same answer on every case of perimetre.fixtures.ts.
 */
export function estDansPerimetre(perimetre: Perimetre, agent: AgentPourPerimetre): boolean {
  if (renseigne(perimetre.corps) && !perimetre.corps.includes(agent.corps)) return false;
  const parDepartement = renseigne(perimetre.departements);
  const parEtablissement = renseigne(perimetre.etablissements);
  if (!parDepartement && !parEtablissement) return true;
  return agent.affectationsCourantes.some(
    (a) => (parDepartement && perimetre.departements!.includes(a.departement)) || (parEtablissement && perimetre.etablissements!.includes(a.uai)),
  );
}

/** Does the perimetre cover this corps (a campaign, which is "corps × year", belongs to it)? */
export function corpsDansPerimetre(perimetre: Perimetre, corps: string): boolean {
  return !renseigne(perimetre.corps) || perimetre.corps.includes(corps);
}

/** Is the perimetre narrowed to some départements or establishments? (Its counts are then partial.) */
export function estGeographique(perimetre: Perimetre): boolean {
  return renseigne(perimetre.departements) || renseigne(perimetre.etablissements);
}

/**
 * Does the perimetre cover every agent of this corps in the académie? Creating a campaign notifies all of them: a
 * gestionnaire of some départements only may not.
 */
export function couvreLeCorps(perimetre: Perimetre, corps: string): boolean {
  return corpsDansPerimetre(perimetre, corps) && !estGeographique(perimetre);
}

/** Does the perimetre cover the whole académie (every corps, everywhere)? The HR import rewrites all of it. */
export function couvreLAcademie(perimetre: Perimetre): boolean {
  return CORPS.every((c) => couvreLeCorps(perimetre, c));
}

/** The staff role under which a read is made and recorded, or null if the account holds none. */
export function roleDeLecture(roles: readonly Role[]): RoleLecteur | null {
  return ROLES_LECTEURS.find((r) => roles.includes(r)) ?? null;
}

/** A service row is current on `jour` (YYYY-MM-DD) if it started on or before it and has not ended before it. */
export function estCourant(ligne: { date_debut: string; date_fin: string | null }, jour: string): boolean {
  return ligne.date_debut <= jour && (ligne.date_fin === null || ligne.date_fin >= jour);
}
