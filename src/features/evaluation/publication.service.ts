import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { intituleCampagne, type Campagne, type SurPublication } from '../campagnes/campagne.service.ts';
import { dateLimiteRecours, resultatAgent, texteRecours, texteResultat, type LigneAgent } from './publication.rules.ts';

const LOT = 10_000;

/** The barème of the last promoted agent of each list of a table (regime C: null). */
async function derniersBaremes(db: Database | Transaction<DB>, tableauId: string): Promise<Map<number, number | null>> {
  const r = await sql<{ liste: number; bareme: number | null }>`SELECT DISTINCT ON (liste) liste, bareme FROM tableau_ligne
    WHERE tableau_id = ${tableauId}::bigint AND promu ORDER BY liste, rang DESC`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.liste), x.bareme]));
}

/**
 * The publication of an arrêté table (the scheduler's PUBLIER step, in its transaction: if anything here fails,
 * nothing is published and the step is tried again): the snapshot becomes published, regime A decided candidatures
 * (RECEVABLE, IRRECEVABLE) become PROMU or NON_PROMU, and every agent of the table gets an I-Prof message with their result and an e-mail telling them
 * to read it. Set-based: a few statements per 10,000 agents, whatever the corps' size. It runs once per campaign (the
 * step is judged under the campaign's lock), and the e-mails have a unique key per campaign and agent.
 */
export function createPublicationService(deps: { db: Database }) {
  const { db } = deps;

  const surPublication: SurPublication = async (trx, campagne, le) => {
    const t = await trx.updateTable('tableau').set({ statut: 'PUBLIE' }).where('campagne_id', '=', campagne.id).where('statut', '=', 'ARRETE').returning('id').executeTakeFirst();
    if (!t) throw new Error(`publication de la campagne ${campagne.id} sans tableau arrêté`);
    if (campagne.regime === 'A') {
      // Every decided candidature ends PROMU or NON_PROMU (DOMAIN.md §6): RECEVABLE as the table says; IRRECEVABLE is
      // NON_PROMU, unless the agent, examined in vivier 2 without applying (§5), is promoted there.
      await sql`WITH res AS (SELECT agent_id, bool_or(promu) AS promu FROM tableau_ligne WHERE tableau_id = ${t.id}::bigint GROUP BY agent_id),
        avant AS (SELECT c.id, c.statut AS de, coalesce(res.promu, false) AS promu FROM candidature c LEFT JOIN res ON res.agent_id = c.agent_id
          WHERE c.campagne_id = ${campagne.id}::bigint AND c.statut IN ('RECEVABLE', 'IRRECEVABLE')),
        maj AS (UPDATE candidature c SET statut = CASE WHEN avant.promu THEN 'PROMU' ELSE 'NON_PROMU' END, modifie_le = ${le}
          FROM avant WHERE c.id = avant.id RETURNING c.id, avant.de, c.statut)
        INSERT INTO candidature_historique (candidature_id, de, vers, evenement, le, par_compte_id)
        SELECT id, de, statut, CASE WHEN statut = 'PROMU' THEN 'PROMOUVOIR' ELSE 'NE_PAS_PROMOUVOIR' END, ${le}, NULL FROM maj`.execute(trx);
    }
    const dateEffet = reglesPour(campagne.annee).dateEffet;
    const derniers = await derniersBaremes(trx, t.id);
    const lignes = await trx.selectFrom('tableau_ligne').select(['agent_id', 'liste', 'rang', 'vivier', 'bareme', 'palier', 'promu']).where('tableau_id', '=', t.id).orderBy('agent_id').execute();
    const parAgent = new Map<string, LigneAgent[]>();
    for (const l of lignes) {
      const x = parAgent.get(l.agent_id);
      const ligne = { liste: l.liste, rang: l.rang, vivier: l.vivier, bareme: l.bareme, palier: l.palier, promu: l.promu };
      if (x) x.push(ligne);
      else parAgent.set(l.agent_id, [ligne]);
    }
    const intitule = intituleCampagne(campagne);
    const sujet = `Résultat : ${intitule}`;
    const recours = texteRecours(le);
    const agents = [...parAgent.keys()];
    for (let i = 0; i < agents.length; i += LOT) {
      const lot = agents.slice(i, i + LOT);
      const corps = lot.map((a) => {
        const r = resultatAgent(parAgent.get(a)!, derniers, dateEffet);
        return `Le tableau d’avancement est publié. ${texteResultat(r)}${r.kind === 'PROMU' ? '' : ` ${recours}`}`;
      });
      await sql`INSERT INTO message (agent_id, categorie, sujet, corps, cree_le)
        SELECT x.a, 'CAMPAGNE', ${sujet}, x.c, ${le} FROM unnest(${lot}::text[], ${corps}::text[]) AS x(a, c)`.execute(trx);
    }
    // The e-mail says where to read the result, not the result: it is read behind the I-Prof login.
    const courriel = `Le tableau d’avancement (${intitule}) est publié. Votre résultat est consultable dans I-Prof, rubrique « Mes résultats ». Un recours gracieux est possible jusqu’au ${dateLimiteRecours(le).split('-').reverse().join('/')} inclus.`;
    await sql`INSERT INTO courriel (cle, destinataire, sujet, corps, cree_le)
      SELECT 'publication:' || ${campagne.id} || ':' || a.agent_id, a.email, ${sujet}, ${courriel}, ${le}
      FROM agent a WHERE a.agent_id IN (SELECT DISTINCT agent_id FROM tableau_ligne WHERE tableau_id = ${t.id}::bigint) AND a.email <> ''
      ON CONFLICT (cle) DO NOTHING`.execute(trx);
  };

  return {
    surPublication,

    /** The published campaigns of the agent's corps (their results), newest first. */
    async resultats(agentId: string) {
      const agent = await db.selectFrom('agent').select('corps').where('agent_id', '=', agentId).executeTakeFirst();
      if (!agent) return [];
      return db.selectFrom('campagne').select(['id', 'corps', 'annee', 'regime', 'publiee_le']).where('corps', '=', agent.corps).where('statut', '=', 'PUBLIEE').orderBy('annee', 'desc').execute();
    },

    /**
     * The agent's own result in a published campaign of their corps (anything else: 404). Only their lines are read;
     * the last promoted barème of each list is the one public fact of the others.
     */
    async resultat(agentId: string, campagneId: string) {
      const agent = await db.selectFrom('agent').select('corps').where('agent_id', '=', agentId).executeTakeFirst();
      const c = agent
        ? await db
            .selectFrom('campagne')
            .select(['id', 'corps', 'annee', 'regime', 'ouverture', 'fermeture', 'promotions', 'parametres', 'statut', 'cree_le', 'avis_visibles_le', 'publication_le', 'publiee_le'])
            .where('id', '=', campagneId)
            .where('corps', '=', agent.corps)
            .where('statut', '=', 'PUBLIEE')
            .executeTakeFirst()
        : undefined;
      if (!c || !c.publiee_le) throw new IntrouvableError('RESULTAT_INTROUVABLE', 'Aucun résultat publié pour cette campagne.');
      const t = await db.selectFrom('tableau').select('id').where('campagne_id', '=', c.id).where('statut', '=', 'PUBLIE').executeTakeFirst();
      if (!t) throw new IntrouvableError('RESULTAT_INTROUVABLE', 'Aucun résultat publié pour cette campagne.');
      const lignes = await db.selectFrom('tableau_ligne').select(['liste', 'rang', 'vivier', 'bareme', 'palier', 'promu']).where('tableau_id', '=', t.id).where('agent_id', '=', agentId).execute();
      const r = resultatAgent(lignes, await derniersBaremes(db, t.id), reglesPour(c.annee).dateEffet);
      return { campagne: c as Campagne, publieeLe: c.publiee_le, resultat: r, texte: texteResultat(r), dateLimiteRecours: dateLimiteRecours(c.publiee_le) };
    },
  };
}

export type PublicationService = ReturnType<typeof createPublicationService>;
