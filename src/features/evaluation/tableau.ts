import type { Tableau } from './classement.rules.ts';

export const COLONNES_TABLEAU = ['rang', 'agent_id', 'nom', 'prenom', 'vivier', 'bareme', 'promu'] as const;

/** RFC 4180 quoting, only when a value needs it (a name holding `;`, a quote or a line break). */
function champ(valeur: string): string {
  return /[;"\r\n]/.test(valeur) ? `"${valeur.replaceAll('"', '""')}"` : valeur;
}

/**
 * `tableau.csv` (DOMAIN.md §8): `;`-separated, LF line ends; the V1 list then the V2 list, each ranked
 * from 1 (regime C: one list, `vivier` and `bareme` empty).
 */
export function exporterTableau(tableau: Tableau): string {
  const lignes = [COLONNES_TABLEAU.join(';')];
  for (const l of tableau.lignes)
    lignes.push([String(l.rang), l.agent_id, l.nom, l.prenom, l.vivier === null ? '' : String(l.vivier), l.bareme === null ? '' : String(l.bareme), l.promu ? '1' : '0'].map(champ).join(';'));
  return lignes.join('\n') + '\n';
}
