import type { FastifyBaseLogger } from 'fastify';
import type { CampagneService } from './campagne.service.ts';

/** Longest sleep between two checks: a campaign created or changed meanwhile is seen within this delay. */
const VEILLE_MAX_MS = 30_000;

/**
 * Opens and closes campaigns at their instants. At start it catches up whatever fell due while the
 * server was down; each step is applied once (the service locks and re-reads the campaign).
 */
export function demarrerEcheancier(deps: { campagnes: CampagneService; log: FastifyBaseLogger; rattraper?: () => Promise<number> }): { arreter(): Promise<void> } {
  let minuterie: NodeJS.Timeout | null = null;
  let enCours: Promise<void> = Promise.resolve();
  let arrete = false;

  const tour = async () => {
    try {
      const faits = await deps.campagnes.appliquerEcheances();
      for (const f of faits) deps.log.info(f, f.evenement === 'OUVRIR' ? 'campagne ouverte' : 'campagne close');
      // Work a stop may have cut short (accusés of a closed campaign) is finished here.
      const rattrapes = (await deps.rattraper?.()) ?? 0;
      if (rattrapes > 0) deps.log.info({ rattrapes }, 'accusés de réception émis en rattrapage');
    } catch (err) {
      deps.log.error({ err }, 'échéancier des campagnes en erreur');
    }
    if (arrete) return;
    let attente = VEILLE_MAX_MS;
    try {
      const prochaine = await deps.campagnes.prochaineEcheance();
      if (prochaine) attente = Math.max(50, Math.min(VEILLE_MAX_MS, prochaine.getTime() - Date.now() + 20));
    } catch (err) {
      deps.log.error({ err }, 'échéancier : prochaine échéance illisible');
    }
    minuterie = setTimeout(() => {
      enCours = tour();
    }, attente);
  };
  enCours = tour();

  return {
    async arreter() {
      arrete = true;
      if (minuterie) clearTimeout(minuterie);
      await enCours;
    },
  };
}
