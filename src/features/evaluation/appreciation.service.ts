import type { Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AccesRefuseError, IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { Appreciation, Corps, Vivier } from '../../carriere/vocabulaire.ts';
import { verifierEnExamen } from '../campagnes/campagne.machine.ts';
import type { StatutCampagne } from '../campagnes/campagne.machine.ts';
import { gestionDe } from '../dossier/perimetre.repository.ts';
import { corpsDansPerimetre } from '../dossier/perimetre.rules.ts';
import { aujourdhui } from '../dossier/jour.ts';
import * as repo from './appreciation.repository.ts';
import { quotaExcellent, verifierQuota } from './appreciation.rules.ts';
import { sansCache, type CachePopulations, type CampagneExaminee, type Population } from './completude.ts';

/**
 * Appreciations of regimes A and B (DOMAIN.md §7, docs/adr/0010-evaluation.md): the évaluateur's text, then the
 * autorité's final appreciation within the EXCELLENT quota of each list. Every write: one transaction, the campaign
 * share-locked and examined (not arrêté meanwhile, `verifierEnExamen`), the agent within the writer's perimetre (the
 * one rule, in the query that reads them: else 403 and nothing written) and examined in this campaign, a row of
 * `evaluation_historique` (who, when, before, after) for each real change.
 */

export const HORS_PERIMETRE = () => new AccesRefuseError('HORS_PERIMETRE', 'Cet agent n’est pas dans votre périmètre : rien n’a été enregistré.');
export const CAMPAGNE_INTROUVABLE = () => new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas ou n’est pas dans votre périmètre.');

export type Source = 'PAGE' | 'CSV';

/** The campaign share-locked, of the corps of the perimetre and of the expected regimes; else a French refusal. */
export async function ouvrirCampagne(trx: Transaction<DB>, u: Utilisateur, campagneId: string, regimes: 'AB' | 'C'): Promise<CampagneExaminee> {
  const c = await repo.partagerCampagne(trx, campagneId);
  if (!c || !corpsDansPerimetre(u.perimetre, c.corps)) throw CAMPAGNE_INTROUVABLE();
  if (regimes === 'C' && c.regime !== 'C') throw new RegleMetierError('SANS_AVIS', 'Cette campagne (régimes A et B) recueille des appréciations, pas des avis.');
  if (regimes === 'AB' && c.regime === 'C') throw new RegleMetierError('SANS_APPRECIATION', 'Cette campagne (régime C) recueille des avis, pas des appréciations.');
  return { ...c, corps: c.corps as Corps, statut: c.statut };
}

/** The agent within the writer's perimetre (403 otherwise), then the campaign examined (409), then the agent examined in it. */
export async function agentAExaminer(trx: Transaction<DB>, u: Utilisateur, c: CampagneExaminee, agentId: string, jour: string, populations: CachePopulations) {
  const a = await repo.agentGere(trx, agentId, gestionDe(u, jour));
  if (!a || a.corps !== c.corps) throw HORS_PERIMETRE();
  verifierEnExamen(c.statut as StatutCampagne);
  const pop = await populations.lire(trx, c);
  const e = pop.examines.get(agentId);
  if (!e) throw new RegleMetierError('AGENT_NON_EXAMINE', `${a.prenom} ${a.nom} n’est pas à examiner dans cette campagne (${c.regime === 'C' ? 'non promouvable' : 'ni candidature recevable au vivier 1, ni promouvable au vivier 2'}) : rien n’a été enregistré.`);
  return { agent: a, examine: e, pop };
}

/** Writes one final appreciation if it changes, with its history; the caller checked the scope and holds the locks. */
export async function ecrireAppreciation(trx: Transaction<DB>, s: { campagneId: string; agentId: string; vivier: Vivier; appreciation: Appreciation; compteId: string; le: Date; source: Source }): Promise<boolean> {
  const avant = await repo.appreciationDe(trx, s.campagneId, s.agentId, s.vivier);
  if (avant?.appreciation === s.appreciation) return false;
  await trx
    .insertInto('appreciation_autorite')
    .values({ campagne_id: s.campagneId, agent_id: s.agentId, vivier: s.vivier, appreciation: s.appreciation, par_compte_id: s.compteId, le: s.le })
    .onConflict((oc) => oc.columns(['campagne_id', 'agent_id', 'vivier']).doUpdateSet({ appreciation: s.appreciation, par_compte_id: s.compteId, le: s.le }))
    .execute();
  await repo.historiser(trx, {
    campagneId: s.campagneId,
    agentId: s.agentId,
    objet: 'APPRECIATION_AUTORITE',
    cle: String(s.vivier),
    avant: avant ? { appreciation: avant.appreciation } : null,
    apres: { appreciation: s.appreciation },
    source: s.source,
    compteId: s.compteId,
    le: s.le,
  });
  return true;
}

/** The quota lock of one list: every write of a final appreciation in it passes one after the other. */
export const verrouQuota = (campagneId: string, vivier: Vivier) => `quota-excellent:${campagneId}:${vivier}`;

export function createAppreciationService(deps: { db: Database; clock: Clock; populations?: CachePopulations }) {
  const { db, clock } = deps;
  const populations = deps.populations ?? sansCache;

  return {
    /** The évaluateur's text on an agent (regimes A/B). The same text again changes nothing. */
    async ecrireTexte(u: Utilisateur, campagneId: string, agentId: string, texte: string): Promise<{ change: boolean }> {
      const le = clock.now();
      const jour = aujourdhui(clock);
      return db.transaction().execute(async (trx) => {
        const c = await ouvrirCampagne(trx, u, campagneId, 'AB');
        await agentAExaminer(trx, u, c, agentId, jour, populations);
        await repo.verrouiller(trx, `textes:${c.id}`);
        const avant = await repo.texteDe(trx, c.id, agentId);
        if (avant?.texte === texte) return { change: false };
        await trx
          .insertInto('appreciation_evaluateur')
          .values({ campagne_id: c.id, agent_id: agentId, texte, par_compte_id: u.compteId, le })
          .onConflict((oc) => oc.columns(['campagne_id', 'agent_id']).doUpdateSet({ texte, par_compte_id: u.compteId, le }))
          .execute();
        await repo.historiser(trx, { campagneId: c.id, agentId, objet: 'APPRECIATION_EVALUATEUR', cle: 'texte', avant: avant ? { texte: avant.texte } : null, apres: { texte }, source: 'PAGE', compteId: u.compteId, le });
        return { change: true };
      });
    },

    /**
     * The autorité's final appreciation of an agent in one list. An EXCELLENT beyond the list's quota is refused and
     * changes nothing, even from two tabs at once: the list's quota lock is taken before counting, so the second save
     * counts the first one's EXCELLENT.
     */
    async apprecier(u: Utilisateur, campagneId: string, agentId: string, vivier: Vivier, appreciation: Appreciation): Promise<{ change: boolean }> {
      const le = clock.now();
      const jour = aujourdhui(clock);
      return db.transaction().execute(async (trx) => {
        const c = await ouvrirCampagne(trx, u, campagneId, 'AB');
        const { agent, examine, pop } = await agentAExaminer(trx, u, c, agentId, jour, populations);
        if (!examine.listes.includes(vivier)) {
          throw new RegleMetierError('HORS_LISTE', `${agent.prenom} ${agent.nom} n’est pas à examiner au vivier ${vivier} de cette campagne : rien n’a été enregistré.`);
        }
        await repo.verrouiller(trx, verrouQuota(c.id, vivier));
        const max = quotaExcellent(pop.regles, pop.effectifs)[vivier];
        verifierQuota(vivier, appreciation, await repo.excellentsAutres(trx, c.id, vivier, agentId), max, partExcellent(pop, vivier));
        return { change: await ecrireAppreciation(trx, { campagneId: c.id, agentId, vivier, appreciation, compteId: u.compteId, le, source: 'PAGE' }) };
      });
    },
  };
}

export function partExcellent(pop: Population, vivier: Vivier): number {
  const p = pop.regles.classement!.partExcellent;
  return vivier === 1 ? p.vivier1 : p.vivier2;
}

export type AppreciationService = ReturnType<typeof createAppreciationService>;
