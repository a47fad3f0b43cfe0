import type { JeuDonnees } from '../../carriere/enregistrements.ts';
import type { Corps } from '../../carriere/vocabulaire.ts';
import { dossiersDuJeu } from './dossier.ts';
import { evaluerEligibilite, type OptionsEvaluation, type VerdictEligibilite } from './eligibilite.rules.ts';
import type { ReglesCampagne } from './regles.ts';

export const COLONNES_EXPORT_ELIGIBILITE = ['agent_id', 'promouvable', 'vivier1', 'annees_vivier1', 'vivier2', 'candidature', 'motifs'] as const;

/** The verdicts of every agent of the campaign's corps, sorted by agent_id (as text); without per-year detail unless asked. */
export function evaluerCampagne(jeu: JeuDonnees, corps: Corps, regles: ReglesCampagne, options: OptionsEvaluation = { detail: false }): VerdictEligibilite[] {
  return dossiersDuJeu(jeu, corps).map((d) => evaluerEligibilite(d, regles, options));
}

const drapeau = (b: boolean): string => (b ? '1' : '0');

/**
 * `eligibilite.csv` (DOMAIN.md §8): `;`-separated, LF line ends, one row per verdict sorted by agent_id;
 * `candidature` is the candidature state when known, else empty; `motifs` joined by `|`.
 * Values are codes and ids, never holding `;`, quotes or line breaks: no quoting is needed.
 */
export function exporterEligibilite(verdicts: readonly VerdictEligibilite[], candidatures: ReadonlyMap<string, string> = new Map()): string {
  const tries = [...verdicts].sort((a, b) => (a.agent_id < b.agent_id ? -1 : a.agent_id > b.agent_id ? 1 : 0));
  const lignes = [COLONNES_EXPORT_ELIGIBILITE.join(';')];
  for (const v of tries)
    lignes.push([v.agent_id, drapeau(v.promouvable), drapeau(v.vivier1), v.annees_vivier1 ?? '', drapeau(v.vivier2), candidatures.get(v.agent_id) ?? '', v.motifs.join('|')].join(';'));
  return lignes.join('\n') + '\n';
}
