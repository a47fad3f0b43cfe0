import type { FastifyInstance, FastifyRequest } from 'fastify';
import { analyserFormulaire, valeursSaisies } from '../../shared/saisie.ts';
import { idDe, parametre } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { ErreurMetier } from '../../shared/errors.ts';
import { messageConfirmation, pageDemandee } from '../admin/admin.schemas.ts';
import type { LectureEvaluation } from './appreciation-lecture.service.ts';
import { agentIdValide, formulaireAvis, formulaireFinale, formulaireTexte } from './appreciation.schemas.ts';
import { HORS_PERIMETRE, type AppreciationService } from './appreciation.service.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';
import { PageAccueilEvaluation, PageEvaluateur, PageFicheEvaluateur, PageFinales } from './appreciation.views.tsx';
import type { AvisService } from './avis.service.ts';

const EVALUATEUR = { config: { acces: ['EVALUATEUR'] as const } };
const AUTORITE = { config: { acces: ['AUTORITE'] as const } };
const TOUS = { config: { acces: ['EVALUATEUR', 'AUTORITE', 'GESTIONNAIRE'] as const } };

/** The « à donner seulement » filter of a list (any other value: the whole list). */
const aDonnerDe = (query: unknown) => (query as Record<string, unknown> | undefined)?.a_donner === '1';

const MESSAGES: Record<string, string> = {
  enregistre: 'Enregistré.',
  inchange: 'C’était déjà enregistré : rien n’a changé.',
};

/**
 * The évaluateur's pages (their agents, one agent's appreciation or avis) and the autorité's (final appreciations with
 * the EXCELLENT counters). The campaign is looked up within the reader's corps (404 otherwise); the agent of the
 * address or of the form within their perimetre (403, nothing written), by the service's own query.
 */
export function appreciationRoutes(app: FastifyInstance, deps: { lecture: LectureEvaluation; appreciations: AppreciationService; avis: AvisService }) {
  const { lecture, appreciations, avis } = deps;
  const campagneDe = (request: FastifyRequest) => lecture.campagne(request.session!.utilisateur, idDe(request.params, 'id'));
  const agentDe = (request: FastifyRequest) => {
    const a = parametre(request.params, 'agentId');
    if (!agentIdValide(a)) throw HORS_PERIMETRE();
    return a;
  };

  app.get(u.accueil(), TOUS, async (request, reply) => {
    const user = request.session!.utilisateur;
    return reply.html(
      PageAccueilEvaluation({
        ctx: contextePage(request),
        campagnes: await lecture.campagnes(user),
        evaluateur: user.roles.includes('EVALUATEUR'),
        autorite: user.roles.includes('AUTORITE'),
        charge: user.roles.includes('AUTORITE') || user.roles.includes('GESTIONNAIRE'),
      }),
    );
  });

  app.get(`${u.accueil()}/campagnes/:id`, EVALUATEUR, async (request, reply) => {
    const c = await campagneDe(request);
    const aDonner = aDonnerDe(request.query);
    const r = await lecture.pageEvaluateur(request.session!.utilisateur, c, pageDemandee(request.query), aDonner);
    return reply.html(PageEvaluateur({ ctx: contextePage(request), campagne: c, ...r, aDonner, message: messageConfirmation(request.query, MESSAGES) }));
  });

  async function fiche(request: FastifyRequest, saisie: { texte: string; avis: string } | null, erreurs: Record<string, string>) {
    const c = await campagneDe(request);
    const f = await lecture.ficheEvaluateur(request.session!.utilisateur, c, agentDe(request));
    return PageFicheEvaluateur({ ctx: contextePage(request), campagne: c, fiche: f, saisie: saisie ?? { texte: (c.regime === 'C' ? f.commentaire : f.texte) ?? '', avis: f.avis ?? '' }, erreurs });
  }

  app.get(`${u.accueil()}/campagnes/:id/agents/:agentId`, EVALUATEUR, async (request, reply) => reply.html(await fiche(request, null, {})));

  app.post(`${u.accueil()}/campagnes/:id/agents/:agentId`, EVALUATEUR, async (request, reply) => {
    const c = await campagneDe(request);
    const agentId = agentDe(request);
    const user = request.session!.utilisateur;
    const saisie = () => valeursSaisies(request.body, ['texte', 'avis']) as { texte: string; avis: string };
    let r: { change: boolean };
    if (c.regime === 'C') {
      const f = analyserFormulaire(formulaireAvis, request.body);
      if (!f.ok) return reply.html(await fiche(request, saisie(), f.erreurs), 400);
      r = await avis.donnerAvis(user, c.id, agentId, f.valeurs.avis, f.valeurs.texte);
    } else {
      const f = analyserFormulaire(formulaireTexte, request.body);
      if (!f.ok) return reply.html(await fiche(request, saisie(), f.erreurs), 400);
      r = await appreciations.ecrireTexte(user, c.id, agentId, f.valeurs.texte);
    }
    return reply.redirect(`${u.evaluateur(c.id)}?fait=${r.change ? 'enregistre' : 'inchange'}`, 303);
  });

  async function finales(request: FastifyRequest, message: string | null, erreur: string | null, page: number, aDonner: boolean) {
    const c = await campagneDe(request);
    const r = await lecture.pageAutorite(request.session!.utilisateur, c, page, aDonner);
    return PageFinales({ ctx: contextePage(request), campagne: c, ...r, aDonner, message, erreur });
  }

  app.get(`${u.accueil()}/campagnes/:id/finales`, AUTORITE, async (request, reply) => {
    const c = await campagneDe(request);
    if (c.regime === 'C') return reply.redirect(u.accueil(), 303);
    return reply.html(await finales(request, messageConfirmation(request.query, MESSAGES), null, pageDemandee(request.query), aDonnerDe(request.query)));
  });

  app.post(`${u.accueil()}/campagnes/:id/finales`, AUTORITE, async (request, reply) => {
    const c = await campagneDe(request);
    const f = analyserFormulaire(formulaireFinale, request.body);
    if (!f.ok) return reply.html(await finales(request, null, Object.values(f.erreurs).join(' '), 1, false), 400);
    try {
      const r = await appreciations.apprecier(request.session!.utilisateur, c.id, f.valeurs.agent_id, f.valeurs.vivier, f.valeurs.appreciation);
      const retour = u.finales(c.id, f.valeurs.page, f.valeurs.a_donner);
      return reply.redirect(`${retour}${retour.includes('?') ? '&' : '?'}fait=${r.change ? 'enregistre' : 'inchange'}#finale-${f.valeurs.agent_id}-${f.valeurs.vivier}`, 303);
    } catch (err) {
      // A business refusal (quota reached, list, examination over) is shown on the page itself, counters up to date.
      if (!(err instanceof ErreurMetier) || err.statusCode !== 409) throw err;
      return reply.html(await finales(request, null, err.message, f.valeurs.page, f.valeurs.a_donner), 409);
    }
  });
}
