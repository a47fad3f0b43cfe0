import { texteCsv } from '../../shared/tableurs/csv.ts';
import type { Cellule, Colonne } from '../../shared/tableurs/tableur.ts';
import type { JeuDonnees } from '../../carriere/enregistrements.ts';
import type { Corps } from '../../carriere/vocabulaire.ts';
import { dossiersDuJeu } from './dossier.ts';
import { evaluerEligibilite, type OptionsEvaluation, type VerdictEligibilite } from './eligibilite.rules.ts';
import type { ReglesCampagne } from './regles.ts';

/** `eligibilite.csv` (DOMAIN.md §8), typed for the spreadsheets. */
export const COLONNES_ELIGIBILITE = [
  { nom: 'agent_id', type: 'texte', largeur: 14 },
  { nom: 'promouvable', type: 'nombre', largeur: 12 },
  { nom: 'vivier1', type: 'nombre' },
  { nom: 'annees_vivier1', type: 'nombre', largeur: 15 },
  { nom: 'vivier2', type: 'nombre' },
  { nom: 'candidature', type: 'texte', largeur: 14 },
  { nom: 'motifs', type: 'texte', largeur: 40 },
] as const satisfies readonly Colonne[];
export const COLONNES_EXPORT_ELIGIBILITE = COLONNES_ELIGIBILITE.map((c) => c.nom);

/** The verdicts of every agent of the campaign's corps, sorted by agent_id (as text); without per-year detail unless asked. */
export function evaluerCampagne(jeu: JeuDonnees, corps: Corps, regles: ReglesCampagne, options: OptionsEvaluation = { detail: false }): VerdictEligibilite[] {
  return dossiersDuJeu(jeu, corps).map((d) => evaluerEligibilite(d, regles, options));
}

const drapeau = (b: boolean): number => (b ? 1 : 0);

/** One row of `eligibilite.csv`: `candidature` is the candidature state when known, else empty; `motifs` joined by `|`. */
export function cellulesEligibilite(v: VerdictEligibilite, candidature: string | undefined): Cellule[] {
  return [v.agent_id, drapeau(v.promouvable), drapeau(v.vivier1), v.annees_vivier1, drapeau(v.vivier2), candidature ?? null, v.motifs.join('|')];
}

/** Verdicts sorted by agent_id as text (code units), the export's order. */
export function trierParAgent(verdicts: readonly VerdictEligibilite[]): VerdictEligibilite[] {
  return [...verdicts].sort((a, b) => (a.agent_id < b.agent_id ? -1 : a.agent_id > b.agent_id ? 1 : 0));
}

/**
 * `eligibilite.csv` (DOMAIN.md §8) in memory: `;`-separated, LF line ends, one row per verdict sorted by agent_id.
 * The streamed export (`ecrireTableur`) gives the same bytes.
 */
export function exporterEligibilite(verdicts: readonly VerdictEligibilite[], candidatures: ReadonlyMap<string, string> = new Map()): string {
  const lignes = [COLONNES_EXPORT_ELIGIBILITE.join(';')];
  for (const v of trierParAgent(verdicts))
    lignes.push(cellulesEligibilite(v, candidatures.get(v.agent_id)).map((c, i) => (c === null ? '' : COLONNES_ELIGIBILITE[i]!.type === 'texte' ? texteCsv(String(c)) : String(c))).join(';'));
  return lignes.join('\n') + '\n';
}
