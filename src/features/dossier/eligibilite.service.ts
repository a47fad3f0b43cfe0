import type { Writable } from 'node:stream';
import type { Database } from '../../db/connection.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { cellulesEligibilite, COLONNES_ELIGIBILITE, trierParAgent } from '../eligibilite/export.ts';
import { ecrireTableur, type FormatTableur } from '../../shared/tableurs/tableur.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import type { Corps } from '../../carriere/vocabulaire.ts';
import { campagneDuCorps, chargerDossier, chargerLabels, etatsCandidatures, parcourirDossiers } from './eligibilite.repository.ts';

/**
 * Writes eligibilite.csv (DOMAIN.md §8), or the same list as an XLSX or ODS workbook, for every stored agent of a corps,
 * page by page, to `sortie`, with each agent's candidature state in the campaign of that corps and year (empty
 * without a campaign or a candidature). Pages come in agent_id order, the export's order: memory holds a few pages
 * (parcourirDossiers). The states of a page are read while its verdicts are computed; none without a campaign.
 */
export async function exporterEligibiliteCorps(db: Database, corps: Corps, annee: number, sortie: Writable, format: FormatTableur = 'csv'): Promise<{ agents: number }> {
  const regles = reglesPour(annee);
  const [labels, campagne] = await Promise.all([chargerLabels(db), campagneDuCorps(db, corps, annee)]);
  const aucune = Promise.resolve(new Map<string, string>());
  let agents = 0;
  async function* lignes() {
    for await (const page of parcourirDossiers(db, corps, labels, { jusqua: regles.dateObservation })) {
      const etats = campagne === undefined ? aucune : etatsCandidatures(db, campagne, page.map((d) => d.agent.agent_id));
      etats.catch(() => {}); // awaited below, once the verdicts are computed
      const verdicts = trierParAgent(page.map((d) => evaluerEligibilite(d, regles, { detail: false })));
      const candidatures = await etats;
      agents += page.length;
      for (const v of verdicts) yield cellulesEligibilite(v, candidatures.get(v.agent_id));
    }
  }
  await ecrireTableur(sortie, format, [
    { nom: `Éligibilité ${corps} ${annee}`, colonnes: COLONNES_ELIGIBILITE, lignes: lignes() },
    {
      nom: 'Paramètres',
      colonnes: [
        { nom: 'corps', type: 'texte' },
        { nom: 'annee', type: 'nombre' },
        { nom: 'regime', type: 'texte' },
        { nom: 'date_observation', type: 'date', largeur: 16 },
        { nom: 'agents', type: 'nombre' },
      ],
      // Read once the list is written: `agents` is then known.
      lignes: (function* () {
        yield [corps, annee, regles.regime, regles.dateObservation, agents];
      })(),
    },
  ]);
  return { agents };
}

/** The detailed verdict of one agent (with the year-by-year table), or undefined if the agent is unknown. */
export async function eligibiliteAgent(db: Database, agentId: string, annee: number) {
  const dossier = await chargerDossier(db, agentId);
  if (!dossier) return undefined;
  const regles = reglesPour(annee);
  return { regles, verdict: evaluerEligibilite(dossier, regles) };
}
