/** Closed vocabulary of roles (DOMAIN.md §1). */
export const ROLES = ['AGENT', 'GESTIONNAIRE', 'EVALUATEUR', 'AUTORITE', 'ADMINISTRATEUR', 'CORRESPONDANT_SYNDICAL'] as const;
export type Role = (typeof ROLES)[number];

export const LIBELLE_ROLE: Record<Role, string> = {
  AGENT: 'Agent',
  GESTIONNAIRE: 'Gestionnaire',
  EVALUATEUR: 'Évaluateur',
  AUTORITE: 'Autorité',
  ADMINISTRATEUR: 'Administrateur',
  CORRESPONDANT_SYNDICAL: 'Correspondant syndical',
};

export function estRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Unknown values (a role removed from the vocabulary) are dropped rather than trusted. */
export function parseRoles(values: readonly string[]): Role[] {
  return values.filter(estRole);
}
