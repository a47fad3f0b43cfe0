import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { Perimetre, QualiteEvaluateur } from '../../shared/perimetre.ts';
import { gereePar, gestionDe } from '../dossier/perimetre.repository.ts';
import { corpsDansPerimetre } from '../dossier/perimetre.rules.ts';
import { aujourdhui } from '../dossier/jour.ts';
import type { CampagneLue } from './appreciation-lecture.service.ts';
import { numeroAvis } from './appreciation.rules.ts';
import { urlsEvaluation } from './appreciation.urls.ts';
import { manquants, sansCache, type CachePopulations, type LigneManquante } from './completude.ts';

/**
 * The gestionnaire's follow-up of a campaign (DOMAIN.md §7): per évaluateur, how many appreciations (A/B) or avis (C)
 * they still have to give to the agents of the gestionnaire's perimetre, with a reminder e-mail (queued, at most one a
 * day per évaluateur and campaign); and the missing inputs that block the table, each named.
 */

export type LigneSuivi = { compteId: string; nom: string; qualite: QualiteEvaluateur | null; numero: 1 | 2 | null; sansAvis: string | null; agents: number; restants: number; email: boolean; rappelLe: Date | null };

/** The reminder's key: one per évaluateur, campaign and Paris day (the queue refuses a second with the same key). */
const cleRappel = (campagneId: string, compteId: string, jour: string) => `rappel-evaluation:${campagneId}:${compteId}:${jour}`;

export function createSuiviService(deps: { db: Database; clock: Clock; populations?: CachePopulations }) {
  const { db, clock } = deps;
  const populations = deps.populations ?? sansCache;

  /** The évaluateur accounts (active) whose perimetre covers the campaign's corps. */
  async function evaluateurs(corps: string) {
    const comptes = await db
      .selectFrom('compte')
      .select(['id', 'nom_affiche', 'perimetre', 'qualite_evaluateur', 'email', 'agent_id'])
      .where(sql<boolean>`'EVALUATEUR' = ANY(roles)`)
      .where('actif', '=', true)
      .orderBy(sql`nom_affiche COLLATE "und-x-icu"`)
      .orderBy('id')
      .execute();
    return comptes.filter((c) => corpsDansPerimetre(c.perimetre, corps));
  }

  /** Of `ids`, the agents a perimetre covers (the one rule, SQL form), the account's own agent left out. */
  async function couverts(ids: readonly string[], perimetre: Perimetre, agentId: string | null, jour: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const r = await db
      .selectFrom('agent as a')
      .select('a.agent_id')
      .where('a.agent_id', '=', sql<string>`ANY(${[...ids]}::text[])`)
      .where(gereePar('a.agent_id', { perimetre, jour, agentId }))
      .execute();
    return r.map((x) => x.agent_id);
  }

  return {
    async suivi(u: Utilisateur, c: CampagneLue): Promise<{ lignes: LigneSuivi[]; bloquants: LigneManquante[]; textes: number; message: string | null }> {
      const jour = aujourdhui(clock);
      const pop = await populations.lire(db, c);
      const duGestionnaire = await couverts([...pop.examines.keys()], u.perimetre, u.agentId, jour);
      const [textes, avis] = await Promise.all([
        db.selectFrom('appreciation_evaluateur').select('agent_id').where('campagne_id', '=', c.id).execute(),
        db.selectFrom('avis_campagne').select(['agent_id', 'numero']).where('campagne_id', '=', c.id).execute(),
      ]);
      const ecrits = new Set(textes.map((t) => t.agent_id));
      const donnes = new Set(avis.map((a) => `${a.agent_id}:${a.numero}`));
      const rappels = new Map(
        (await db.selectFrom('courriel').select(['cle', 'cree_le']).where('cle', 'like', `rappel-evaluation:${c.id}:%`).orderBy('cree_le').execute()).map((r) => [r.cle.split(':')[2]!, r.cree_le] as const),
      );
      const lignes: LigneSuivi[] = [];
      for (const e of await evaluateurs(c.corps)) {
        const n = c.regime === 'C' ? numeroAvis(pop.regles, c.corps, e.qualite_evaluateur) : null;
        const siens = await couverts(duGestionnaire, e.perimetre, e.agent_id, jour);
        const restants = siens.filter((id) => (c.regime !== 'C' ? !ecrits.has(id) : n?.ok ? !donnes.has(`${id}:${n.numero}`) : false)).length;
        lignes.push({
          compteId: e.id,
          nom: e.nom_affiche,
          qualite: e.qualite_evaluateur,
          numero: n?.ok ? n.numero : null,
          sansAvis: n && !n.ok ? n.raison : null,
          agents: siens.length,
          restants,
          email: e.email !== null && e.email !== '',
          rappelLe: rappels.get(e.id) ?? null,
        });
      }
      const complet = await manquants(db, c.id);
      const miens = new Set(duGestionnaire);
      return {
        lignes,
        bloquants: complet.bloquants.filter((m) => miens.has(m.agent_id)),
        textes: complet.textes.filter((m) => miens.has(m.agent_id)).length,
        message: complet.message,
      };
    },

    /**
     * Queues a reminder to one évaluateur of the campaign: their remaining count, the page's address. Once a day per
     * évaluateur and campaign (the queue's unique key); refused when they have nothing left or no e-mail address.
     */
    async rappeler(u: Utilisateur, c: CampagneLue, compteId: string): Promise<{ envoye: boolean }> {
      const { lignes } = await this.suivi(u, c);
      const l = lignes.find((x) => x.compteId === compteId);
      if (!l) throw new IntrouvableError('EVALUATEUR_INTROUVABLE', 'Cet évaluateur n’existe pas ou n’évalue pas d’agent de cette campagne.');
      if (c.statut !== 'EN_EXAMEN') throw new RegleMetierError('CAMPAGNE_PAS_EN_EXAMEN', 'La campagne n’est plus en examen : aucun rappel n’est utile.');
      if (l.restants === 0) throw new RegleMetierError('RIEN_A_RAPPELER', `${l.nom} n’a plus rien à donner dans votre périmètre : aucun rappel n’est envoyé.`);
      const dest = await db.selectFrom('compte').select('email').where('id', '=', compteId).executeTakeFirstOrThrow();
      if (!dest.email) throw new RegleMetierError('SANS_ADRESSE', `${l.nom} n’a pas d’adresse électronique : prévenez-le autrement.`);
      const le = clock.now();
      const quoi = c.regime === 'C' ? 'avis' : `appréciation${l.restants > 1 ? 's' : ''}`;
      const sujet = `Rappel : ${l.restants} ${quoi} à donner — ${c.intitule}`;
      const corps = [
        'Bonjour,',
        '',
        `Il vous reste ${l.restants} ${quoi} à donner pour la campagne « ${c.intitule} ».`,
        `Vous les saisissez dans I-Prof, rubrique « Évaluation des agents » : ${urlsEvaluation.evaluateur(c.id)}`,
        '',
        `Message envoyé par ${u.nomAffiche}, gestionnaire.`,
      ].join('\n');
      return db.transaction().execute(async (trx) => {
        const r = await sql`INSERT INTO courriel (cle, destinataire, sujet, corps, cree_le) VALUES (${cleRappel(c.id, compteId, aujourdhui(clock))}, ${dest.email}, ${sujet}, ${corps}, ${le}) ON CONFLICT (cle) DO NOTHING`.execute(trx);
        const envoye = Number(r.numAffectedRows ?? 0) > 0;
        if (envoye) await journaliser(trx, { le, acteurCompteId: u.compteId, action: 'RAPPEL_EVALUATEUR', cible: `compte:${compteId}`, details: { campagne: c.id, restants: l.restants } });
        return { envoye };
      });
    },
  };
}

export type SuiviService = ReturnType<typeof createSuiviService>;
