import type { FastifyBaseLogger } from 'fastify';
import type { EvenementCampagne } from './campagne.machine.ts';
import type { CampagneService } from './campagne.service.ts';
import { codeBaseInjoignable } from '../../db/indisponible.ts';

/** Longest sleep between two checks: a campaign created or changed meanwhile is seen within this delay. */
const VEILLE_MAX_MS = 30_000;
/**
 * After a failed tour (database restarting…), the next one comes after this delay, doubled at each new failure
 * up to REESSAI_MAX_MS: an opening or a closing that fell due during the outage is applied seconds after the
 * database is back, not up to 30 s later.
 */
const REESSAI_MIN_MS = 1_000;
/** Longest delay between two tries while the database is unreachable (the backoff stops doubling there). */
const REESSAI_MAX_MS = 4_000;

const JOURNAL: Record<EvenementCampagne, string> = {
  OUVRIR: 'campagne ouverte',
  CLORE: 'campagne close',
  EXAMINER: 'examen de la campagne commencé',
  ARRETER: 'tableau arrêté',
  ROUVRIR: 'tableau rouvert',
  PUBLIER: 'tableau publié',
};

/**
 * Opens and closes campaigns at their instants. At start it catches up whatever fell due while the
 * server was down; each step is applied once (the service locks and re-reads the campaign).
 */
export function demarrerEcheancier(deps: { campagnes: CampagneService; log: FastifyBaseLogger; rattraper?: () => Promise<number> }): { arreter(): Promise<void> } {
  let minuterie: NodeJS.Timeout | null = null;
  let enCours: Promise<void> = Promise.resolve();
  let arrete = false;
  let reessai = REESSAI_MIN_MS;

  const signaler = (err: unknown, message: string) => {
    const code = codeBaseInjoignable(err);
    if (code) deps.log.warn({ err, code }, `${message} : base de données injoignable, nouvel essai dans ${reessai} ms`);
    else deps.log.error({ err }, message);
  };

  const tour = async () => {
    let echec = false;
    try {
      const faits = await deps.campagnes.appliquerEcheances();
      for (const f of faits) deps.log.info(f, JOURNAL[f.evenement]);
      // Work a stop may have cut short (accusés of a closed campaign) is finished here.
      const rattrapes = (await deps.rattraper?.()) ?? 0;
      if (rattrapes > 0) {
        deps.log.info({ rattrapes }, 'accusés de réception émis en rattrapage');
        // The examination of a campaign waited for these accusés: it starts now, not at the next tour.
        for (const f of await deps.campagnes.appliquerEcheances()) deps.log.info(f, JOURNAL[f.evenement]);
      }
    } catch (err) {
      echec = true;
      signaler(err, 'échéancier des campagnes en erreur');
    }
    if (arrete) return;
    let attente = VEILLE_MAX_MS;
    try {
      const prochaine = await deps.campagnes.prochaineEcheance();
      if (prochaine) attente = Math.max(50, Math.min(VEILLE_MAX_MS, prochaine.getTime() - Date.now() + 20));
    } catch (err) {
      echec = true;
      signaler(err, 'échéancier : prochaine échéance illisible');
    }
    if (echec) {
      attente = Math.min(attente, reessai);
      reessai = Math.min(REESSAI_MAX_MS, reessai * 2);
    } else {
      reessai = REESSAI_MIN_MS;
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
