import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Database } from '../../db/connection.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { exporterEligibilite } from '../eligibilite/export.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import type { Corps } from '../import/vocabulaire.ts';
import { chargerDossier, chargerLabels, etatsCandidatures, parcourirDossiers } from './eligibilite.repository.ts';

/**
 * Writes eligibilite.csv (DOMAIN.md §8) for every stored agent of a corps, page by page, to `sortie`, with each
 * agent's candidature state in the campaign of that corps and year (empty without a campaign or a candidature).
 */
export async function exporterEligibiliteCorps(db: Database, corps: Corps, annee: number, sortie: Writable): Promise<{ agents: number }> {
  const regles = reglesPour(annee);
  const labels = await chargerLabels(db);
  let agents = 0;
  let entete = true;
  for await (const page of parcourirDossiers(db, corps, labels)) {
    const candidatures = await etatsCandidatures(db, corps, annee, page.map((d) => d.agent.agent_id));
    const texte = exporterEligibilite(page.map((d) => evaluerEligibilite(d, regles, { detail: false })), candidatures);
    // Pages come in agent_id order: each page's rows follow the previous ones; the header is written once.
    const morceau = entete ? texte : texte.slice(texte.indexOf('\n') + 1);
    entete = false;
    agents += page.length;
    await ecrire(sortie, morceau);
  }
  if (entete) await ecrire(sortie, exporterEligibilite([]));
  return { agents };
}

/**
 * A failed output (file system full, reader gone: EPIPE) ends the export with its error: a stream in error
 * never emits 'drain', and waiting for it alone would hang (once() also rejects on 'error').
 */
async function ecrire(sortie: Writable, texte: string): Promise<void> {
  if (sortie.errored) throw sortie.errored;
  if (!sortie.write(texte)) {
    if (sortie.errored) throw sortie.errored;
    await once(sortie, 'drain');
  }
}

/** The detailed verdict of one agent (with the year-by-year table), or undefined if the agent is unknown. */
export async function eligibiliteAgent(db: Database, agentId: string, annee: number) {
  const dossier = await chargerDossier(db, agentId);
  if (!dossier) return undefined;
  const regles = reglesPour(annee);
  return { regles, verdict: evaluerEligibilite(dossier, regles) };
}
