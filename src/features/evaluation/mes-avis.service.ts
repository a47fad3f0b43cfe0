import type { Database } from '../../db/connection.ts';
import type { Appreciation, Avis } from '../../carriere/vocabulaire.ts';
import { intituleCampagne } from '../campagnes/campagne.service.ts';
import { avisVisibles, avisVisiblesLe } from './mes-avis.rules.ts';

export type MesAvisCampagne = {
  id: string;
  intitule: string;
  corps: string;
  annee: number;
  regime: 'A' | 'B' | 'C';
  /** From when they are shown (null: not known yet, with the publication of the table). */
  visiblesLe: Date | null;
  /** Null while they are not shown: nothing of them is read. */
  contenu: null | {
    avis: Array<{ numero: 1 | 2; avis: Avis; texte: string | null }>;
    texte: string | null;
    finales: Array<{ vivier: 1 | 2; appreciation: Appreciation }>;
  };
};

/**
 * The avis (regime C) and appreciations (regimes A/B) given on the agent's own dossier, campaign by campaign of their
 * corps once examined, shown from the campaign's date (mes-avis.rules.ts) and never before: until then only that date
 * is read. The agent id is the session's: never another agent's.
 */
export function createMesAvisService(deps: { db: Database }) {
  const { db } = deps;
  return {
    async lire(agentId: string, instant: Date): Promise<MesAvisCampagne[]> {
      const agent = await db.selectFrom('agent').select('corps').where('agent_id', '=', agentId).executeTakeFirst();
      if (!agent) return [];
      const campagnes = await db
        .selectFrom('campagne')
        .select(['id', 'corps', 'annee', 'regime', 'avis_visibles_le', 'publiee_le'])
        .where('corps', '=', agent.corps)
        .where('statut', 'in', ['EN_EXAMEN', 'ARRETEE', 'PUBLIEE'])
        .orderBy('annee', 'desc')
        .execute();
      const r: MesAvisCampagne[] = [];
      for (const c of campagnes) {
        const base = { id: c.id, intitule: intituleCampagne(c), corps: c.corps, annee: c.annee, regime: c.regime, visiblesLe: avisVisiblesLe(c) };
        if (!avisVisibles(c, instant)) {
          r.push({ ...base, contenu: null });
          continue;
        }
        const [avis, texte, finales] = await Promise.all([
          db.selectFrom('avis_campagne').select(['numero', 'avis', 'texte']).where('campagne_id', '=', c.id).where('agent_id', '=', agentId).orderBy('numero').execute(),
          db.selectFrom('appreciation_evaluateur').select('texte').where('campagne_id', '=', c.id).where('agent_id', '=', agentId).executeTakeFirst(),
          db.selectFrom('appreciation_autorite').select(['vivier', 'appreciation']).where('campagne_id', '=', c.id).where('agent_id', '=', agentId).orderBy('vivier').execute(),
        ]);
        r.push({ ...base, contenu: { avis: avis.map((a) => ({ numero: a.numero as 1 | 2, avis: a.avis, texte: a.texte })), texte: texte?.texte ?? null, finales: finales.map((f) => ({ vivier: f.vivier as 1 | 2, appreciation: f.appreciation })) } });
      }
      return r;
    },
  };
}

export type MesAvisService = ReturnType<typeof createMesAvisService>;
