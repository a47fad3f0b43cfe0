import type { Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AccesRefuseError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { Avis } from '../../carriere/vocabulaire.ts';
import { aujourdhui } from '../dossier/jour.ts';
import * as repo from './appreciation.repository.ts';
import { numeroAvis } from './appreciation.rules.ts';
import { agentAExaminer, ouvrirCampagne, type Source } from './appreciation.service.ts';
import { sansCache, type CachePopulations } from './completude.ts';

/**
 * The avis of regime C (DOMAIN.md §7): TRES_FAVORABLE / FAVORABLE / DEFAVORABLE, two in the second degree (n° 1 by the
 * chef d'établissement, n° 2 by the inspector of the discipline), one for PE (the IEN). Which one an évaluateur gives
 * follows from the qualité the administrator set on the account; whom, from their perimetre (403 outside it, nothing
 * written). Same transaction, locks and history as the appreciations (appreciation.service.ts).
 */

/**
 * The lock of a campaign's avis, taken once by a write (page or file) before reading what it replaces: two writers of
 * the same avis pass one after the other and each historises what the other left. One key per campaign, not per avis: a
 * file of a whole corps would otherwise hold one lock per line (PostgreSQL's lock table is bounded).
 */
export const verrouAvis = (campagneId: string) => `avis:${campagneId}`;

/** Writes one avis if it changes, with its history; the caller checked the scope and holds `verrouAvis`. */
export async function ecrireAvis(trx: Transaction<DB>, s: { campagneId: string; agentId: string; numero: 1 | 2; avis: Avis; texte: string | null; compteId: string; le: Date; source: Source }): Promise<boolean> {
  const avant = await repo.avisDe(trx, s.campagneId, s.agentId, s.numero);
  if (avant && avant.avis === s.avis && avant.texte === s.texte) return false;
  await trx
    .insertInto('avis_campagne')
    .values({ campagne_id: s.campagneId, agent_id: s.agentId, numero: s.numero, avis: s.avis, texte: s.texte, par_compte_id: s.compteId, le: s.le })
    .onConflict((oc) => oc.columns(['campagne_id', 'agent_id', 'numero']).doUpdateSet({ avis: s.avis, texte: s.texte, par_compte_id: s.compteId, le: s.le }))
    .execute();
  await repo.historiser(trx, {
    campagneId: s.campagneId,
    agentId: s.agentId,
    objet: 'AVIS',
    cle: String(s.numero),
    avant: avant ? { avis: avant.avis, texte: avant.texte } : null,
    apres: { avis: s.avis, texte: s.texte },
    source: s.source,
    compteId: s.compteId,
    le: s.le,
  });
  return true;
}

export function createAvisService(deps: { db: Database; clock: Clock; populations?: CachePopulations }) {
  const { db, clock } = deps;
  const populations = deps.populations ?? sansCache;
  return {
    /** The évaluateur's avis on an agent of their perimetre; the same avis and text again change nothing. */
    async donnerAvis(u: Utilisateur, campagneId: string, agentId: string, avis: Avis, texte: string | null): Promise<{ change: boolean; numero: 1 | 2 }> {
      const le = clock.now();
      const jour = aujourdhui(clock);
      return db.transaction().execute(async (trx) => {
        const c = await ouvrirCampagne(trx, u, campagneId, 'C');
        const { pop } = await agentAExaminer(trx, u, c, agentId, jour, populations);
        const n = numeroAvis(pop.regles, c.corps, u.qualiteEvaluateur);
        if (!n.ok) throw new AccesRefuseError('SANS_QUALITE', `${n.raison} Rien n’a été enregistré.`);
        await repo.verrouiller(trx, verrouAvis(c.id));
        return { change: await ecrireAvis(trx, { campagneId: c.id, agentId, numero: n.numero, avis, texte, compteId: u.compteId, le, source: 'PAGE' }), numero: n.numero };
      });
    },
  };
}

export type AvisService = ReturnType<typeof createAvisService>;
