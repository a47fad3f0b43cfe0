import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { estId } from '../../shared/http/parametres.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { Appreciation, Avis, Corps, Vivier } from '../../carriere/vocabulaire.ts';
import { paginer, type Pagination } from '../admin/admin.rules.ts';
import { intituleCampagne } from '../campagnes/campagne.service.ts';
import { gereePar, gestionDe } from '../dossier/perimetre.repository.ts';
import { corpsDansPerimetre } from '../dossier/perimetre.rules.ts';
import { aujourdhui } from '../dossier/jour.ts';
import * as repo from './appreciation.repository.ts';
import { numeroAvis, quotaExcellent } from './appreciation.rules.ts';
import { CAMPAGNE_INTROUVABLE, HORS_PERIMETRE, partExcellent } from './appreciation.service.ts';
import { sansCache, type CachePopulations, type CampagneExaminee } from './completude.ts';

/**
 * What the évaluateur's and the autorité's pages read: the agents of the campaign's lists within the reader's
 * perimetre (the one rule, in the query that reads them, before the page's limit), with what is already written.
 */

export const LIGNES_PAR_PAGE = 50;

export type CampagneLue = CampagneExaminee & { intitule: string };
export type AgentLu = { agent_id: string; nom: string; prenom: string; identifiant: string; discipline: string };

/** Statuses in which the pages show a campaign: examined (written), or arrêtée and published (read only). */
const STATUTS_VISIBLES = ['EN_EXAMEN', 'ARRETEE', 'PUBLIEE'];

export function createLectureEvaluation(deps: { db: Database; clock: Clock; populations?: CachePopulations }) {
  const { db, clock } = deps;
  const populations = deps.populations ?? sansCache;

  /**
   * The agents of `ids` the reader handles (`tous`, one statement, filtered before the limit), then those `garder` keeps
   * (« à donner seulement »), one page of them.
   */
  async function geres(u: Utilisateur, ids: readonly string[], page: number, garder: ((id: string) => boolean) | null): Promise<{ agents: AgentLu[]; pagination: Pagination; tous: string[] }> {
    const g = gestionDe(u, aujourdhui(clock));
    const tous =
      ids.length === 0
        ? []
        : (
            await db
              .selectFrom('agent as a')
              .select('a.agent_id')
              .where('a.agent_id', '=', sql<string>`ANY(${[...ids]}::text[])`)
              .where(gereePar('a.agent_id', g))
              .orderBy(sql`a.nom COLLATE "und-x-icu"`)
              .orderBy(sql`a.prenom COLLATE "und-x-icu"`)
              .orderBy('a.agent_id')
              .execute()
          ).map((a) => a.agent_id);
    const liste = garder ? tous.filter(garder) : tous;
    const pagination = paginer(liste.length, page, LIGNES_PAR_PAGE);
    const dePage = liste.slice(pagination.decalage, pagination.decalage + LIGNES_PAR_PAGE);
    const agents = await repo.agentsGeres(db, dePage, g);
    return { agents, pagination, tous };
  }

  return {
    /** The campaigns of the reader's corps that are examined (or past it, read only), newest first. */
    async campagnes(u: Utilisateur): Promise<CampagneLue[]> {
      const lignes = await db.selectFrom('campagne').select(['id', 'corps', 'annee', 'regime', 'statut']).where('statut', 'in', STATUTS_VISIBLES as never).orderBy('annee', 'desc').orderBy('corps').execute();
      return lignes.filter((c) => corpsDansPerimetre(u.perimetre, c.corps)).map((c) => ({ ...c, corps: c.corps as Corps, intitule: intituleCampagne(c) }));
    },

    /** One campaign of the reader's corps, examined or past it; another one does not exist for them (404). */
    async campagne(u: Utilisateur, id: string): Promise<CampagneLue> {
      const c = estId(id) ? await db.selectFrom('campagne').select(['id', 'corps', 'annee', 'regime', 'statut']).where('id', '=', id).executeTakeFirst() : undefined;
      if (!c || !corpsDansPerimetre(u.perimetre, c.corps) || !STATUTS_VISIBLES.includes(c.statut)) throw CAMPAGNE_INTROUVABLE();
      return { ...c, corps: c.corps as Corps, intitule: intituleCampagne(c) };
    },

    /** The évaluateur's list: their agents, with their text (A/B) or the avis they give (C), and how many remain. */
    async pageEvaluateur(u: Utilisateur, c: CampagneLue, page: number, aDonner: boolean) {
      const pop = await populations.lire(db, c);
      const n = c.regime === 'C' ? numeroAvis(pop.regles, c.corps, u.qualiteEvaluateur) : null;
      const donnes = new Set(
        c.regime !== 'C'
          ? (await db.selectFrom('appreciation_evaluateur').select('agent_id').where('campagne_id', '=', c.id).execute()).map((x) => x.agent_id)
          : n?.ok
            ? (await db.selectFrom('avis_campagne').select('agent_id').where('campagne_id', '=', c.id).where('numero', '=', n.numero).execute()).map((x) => x.agent_id)
            : [],
      );
      const { agents, pagination, tous } = await geres(u, [...pop.examines.keys()], page, aDonner ? (id) => !donnes.has(id) : null);
      const ids = agents.map((a) => a.agent_id);
      const textes = new Map(ids.length === 0 ? [] : (await db.selectFrom('appreciation_evaluateur').select(['agent_id', 'texte']).where('campagne_id', '=', c.id).where('agent_id', 'in', ids).execute()).map((x) => [x.agent_id, x.texte] as const));
      const avis = new Map(
        ids.length === 0 || !n?.ok
          ? []
          : (await db.selectFrom('avis_campagne').select(['agent_id', 'avis']).where('campagne_id', '=', c.id).where('numero', '=', n.numero).where('agent_id', 'in', ids).execute()).map((x) => [x.agent_id, x.avis] as const),
      );
      return {
        numero: n?.ok ? n.numero : null,
        sansAvis: n && !n.ok ? n.raison : null,
        restants: tous.filter((id) => !donnes.has(id)).length,
        total: tous.length,
        pagination,
        lignes: agents.map((a) => ({ ...a, listes: pop.examines.get(a.agent_id)!.listes, texte: textes.get(a.agent_id) ?? null, avis: avis.get(a.agent_id) ?? null })),
      };
    },

    /** One agent as the évaluateur sees them before writing: 403 outside their perimetre, as the write would be. */
    async ficheEvaluateur(u: Utilisateur, c: CampagneLue, agentId: string) {
      const g = gestionDe(u, aujourdhui(clock));
      const a = await db.selectFrom('agent as a').select(['a.agent_id', 'a.nom', 'a.prenom', 'a.identifiant', 'a.discipline', 'a.corps']).where('a.agent_id', '=', agentId).where(gereePar('a.agent_id', g)).executeTakeFirst();
      if (!a || a.corps !== c.corps) throw HORS_PERIMETRE();
      const pop = await populations.lire(db, c);
      const e = pop.examines.get(agentId);
      const n = c.regime === 'C' ? numeroAvis(pop.regles, c.corps, u.qualiteEvaluateur) : null;
      const avis = n?.ok ? await repo.avisDe(db, c.id, agentId, n.numero) : undefined;
      const texte = c.regime !== 'C' ? await repo.texteDe(db, c.id, agentId) : undefined;
      return {
        agent: a,
        examine: e !== undefined,
        listes: e?.listes ?? [],
        numero: n?.ok ? n.numero : null,
        sansAvis: n && !n.ok ? n.raison : null,
        texte: texte?.texte ?? null,
        avis: (avis?.avis as Avis | undefined) ?? null,
        commentaire: avis?.texte ?? null,
      };
    },

    /**
     * The autorité's list: one row per agent and list (an agent in both viviers is appreciated in each), their
     * évaluateur's text and final appreciation, and the EXCELLENT counters of each list, « x / max utilisés ».
     */
    async pageAutorite(u: Utilisateur, c: CampagneLue, page: number, aDonner: boolean) {
      const pop = await populations.lire(db, c);
      const saisies = new Set((await db.selectFrom('appreciation_autorite').select(['agent_id', 'vivier']).where('campagne_id', '=', c.id).execute()).map((f) => `${f.agent_id}:${f.vivier}`));
      const manque = (id: string) => pop.examines.get(id)!.listes.some((v) => !saisies.has(`${id}:${v}`));
      const { agents, pagination, tous } = await geres(u, [...pop.examines.keys()], page, aDonner ? manque : null);
      const ids = agents.map((a) => a.agent_id);
      const [textes, finales, utilises] = await Promise.all([
        ids.length === 0 ? [] : db.selectFrom('appreciation_evaluateur').select(['agent_id', 'texte']).where('campagne_id', '=', c.id).where('agent_id', 'in', ids).execute(),
        ids.length === 0 ? [] : db.selectFrom('appreciation_autorite').select(['agent_id', 'vivier', 'appreciation']).where('campagne_id', '=', c.id).where('agent_id', 'in', ids).execute(),
        repo.excellentsParVivier(db, c.id),
      ]);
      const texte = new Map(textes.map((t) => [t.agent_id, t.texte] as const));
      const finale = new Map(finales.map((f) => [`${f.agent_id}:${f.vivier}`, f.appreciation as Appreciation] as const));
      const max = quotaExcellent(pop.regles, pop.effectifs);
      const restants = tous.reduce((n, id) => n + pop.examines.get(id)!.listes.filter((v) => !saisies.has(`${id}:${v}`)).length, 0);
      const compteurs = ([1, 2] as const).map((v: Vivier) => ({ vivier: v, utilises: utilises[v], max: max[v], effectif: pop.effectifs[v], part: partExcellent(pop, v) }));
      return {
        compteurs,
        restants,
        total: tous.length,
        pagination,
        lignes: agents.flatMap((a) => pop.examines.get(a.agent_id)!.listes.map((v) => ({ ...a, vivier: v, texte: texte.get(a.agent_id) ?? null, appreciation: finale.get(`${a.agent_id}:${v}`) ?? null }))),
      };
    },
  };
}

export type LectureEvaluation = ReturnType<typeof createLectureEvaluation>;
