import { texteCsv } from '../../shared/tableurs/csv.ts';
import type { Cellule, Colonne, Feuille } from '../../shared/tableurs/tableur.ts';
import type { ReglesCampagne } from '../eligibilite/regles.ts';
import type { LigneTableau, Tableau } from './classement.rules.ts';

/** `tableau.csv` (DOMAIN.md §8), typed for the spreadsheets. */
export const COLONNES_TABLEAU = [
  { nom: 'rang', type: 'nombre', largeur: 8 },
  { nom: 'agent_id', type: 'texte', largeur: 14 },
  { nom: 'nom', type: 'texte', largeur: 24 },
  { nom: 'prenom', type: 'texte', largeur: 20 },
  { nom: 'vivier', type: 'nombre', largeur: 8 },
  { nom: 'bareme', type: 'nombre', largeur: 8 },
  { nom: 'promu', type: 'nombre', largeur: 8 },
] as const satisfies readonly Colonne[];

/** One row of the table: the V1 list then the V2 list, each ranked from 1 (regime C: `vivier` and `bareme` empty). */
export function cellulesTableau(l: LigneTableau): Cellule[] {
  return [l.rang, l.agent_id, l.nom, l.prenom, l.vivier, l.bareme, l.promu ? 1 : 0];
}

/**
 * `tableau.csv` (DOMAIN.md §8) in memory: `;`-separated, LF line ends, RFC 4180 quoting where needed, a text starting
 * like a formula neutralised (shared/tableurs/csv.ts). The streamed export (`ecrireTableur`) gives the same bytes.
 */
export function exporterTableau(tableau: Tableau): string {
  const lignes = [COLONNES_TABLEAU.map((c) => c.nom).join(';')];
  for (const l of tableau.lignes) lignes.push(cellulesTableau(l).map((v, i) => (v === null ? '' : COLONNES_TABLEAU[i]!.type === 'texte' ? texteCsv(String(v)) : String(v))).join(';'));
  return lignes.join('\n') + '\n';
}

/** What the spreadsheet's « Paramètres » sheet says of how the table was computed. */
export type ContexteTableau = { corps: string; regles: ReglesCampagne; mode: string; donnees: string };

const COLONNES_PARAMETRES = [
  { nom: 'corps', type: 'texte' },
  { nom: 'annee', type: 'nombre' },
  { nom: 'regime', type: 'texte' },
  { nom: 'date_observation', type: 'date', largeur: 16 },
  { nom: 'date_effet', type: 'date', largeur: 12 },
  { nom: 'promotions', type: 'nombre' },
  { nom: 'sieges_vivier1', type: 'nombre' },
  { nom: 'sieges_vivier2', type: 'nombre' },
  { nom: 'lignes', type: 'nombre' },
  { nom: 'promus', type: 'nombre' },
  { nom: 'mode', type: 'texte', largeur: 40 },
  { nom: 'donnees', type: 'texte', largeur: 40 },
] as const satisfies readonly Colonne[];

/** The table sheet (the §8 columns) then a one-row « Paramètres » sheet (CSV: the table only). */
export function feuillesTableau(tableau: Tableau, c: ContexteTableau): Feuille[] {
  const r = c.regles;
  return [
    { nom: `Tableau ${c.corps} ${r.annee}`, colonnes: COLONNES_TABLEAU, lignes: tableau.lignes.map(cellulesTableau) },
    {
      nom: 'Paramètres',
      colonnes: COLONNES_PARAMETRES,
      lignes: [
        [
          c.corps,
          r.annee,
          r.regime,
          r.dateObservation,
          r.dateEffet,
          tableau.promotions,
          tableau.sieges?.vivier1 ?? null,
          tableau.sieges?.vivier2 ?? null,
          tableau.lignes.length,
          tableau.lignes.filter((l) => l.promu).length,
          c.mode,
          c.donnees,
        ],
      ],
    },
  ];
}
