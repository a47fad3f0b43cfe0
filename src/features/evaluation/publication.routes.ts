import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { analyserFormulaire, texte, valeursSaisies } from '../../shared/saisie.ts';
import { idDe } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import { LIMITES_PIECES, type Depots } from '../../shared/pieces/depot.ts';
import { dispositionPiece, verifierPieces } from '../../shared/pieces/pieces.rules.ts';
import { messageConfirmation } from '../admin/admin.schemas.ts';
import { intituleCampagne } from '../campagnes/campagne.service.ts';
import { recoursDansLeDelai } from './publication.rules.ts';
import type { PublicationService } from './publication.service.ts';
import type { RecoursService } from './recours.service.ts';
import { PageResultat, PageResultats } from './publication.views.tsx';
import type { MesAvisService } from './mes-avis.service.ts';
import { PageMesAvis } from './mes-avis.views.tsx';
import { urlsTableau as u } from './tableau.urls.ts';

const AGENT = { config: { acces: ['AGENT'] as const } };
const MESSAGES: Record<string, string> = {
  recours: 'Votre recours gracieux est enregistré : la réponse vous parviendra dans « Mes messages ».',
  'recours-existant': 'Vous aviez déjà formé un recours pour cette campagne : rien n’a changé.',
};
const formulaireRecours = z.object({ texte: texte('Votre demande', { min: 1, max: 4000, multiligne: true }) });

/** The agent who is logged in (a staff account without an agent has no result). */
function agentDe(request: FastifyRequest): string {
  const a = request.session!.utilisateur.agentId;
  if (!a) throw new IntrouvableError('SANS_DOSSIER', 'Votre compte n’est rattaché à aucun dossier d’agent.');
  return a;
}

/**
 * The agent's results in I-Prof: the avis and appreciations on their dossier (« Mes avis »), the published campaigns
 * of their corps, their own result (never another's: the
 * agent id is the session's), and the recours gracieux with its pièces.
 */
export async function publicationRoutes(app: FastifyInstance, deps: { publication: PublicationService; recours: RecoursService; depots: Depots; mesAvis: MesAvisService }) {
  const { publication, recours, depots, mesAvis } = deps;

  async function page(request: FastifyRequest, extra: { saisie?: { texte: string }; erreurs?: Record<string, string> } = {}) {
    const agentId = agentDe(request);
    const id = idDe(request.params, 'id');
    const r = await publication.resultat(agentId, id);
    const existant = await recours.de(id, agentId);
    return PageResultat({
      ctx: contextePage(request),
      campagne: { id, intitule: intituleCampagne(r.campagne), regime: r.campagne.regime },
      publieeLe: r.publieeLe,
      resultat: r.resultat,
      texte: r.texte,
      dateLimiteRecours: r.dateLimiteRecours,
      recoursPossible: recoursDansLeDelai(r.publieeLe, request.recueLe),
      recours: existant
        ? { id: existant.id, statut: existant.statut, texte: existant.texte, reponse: existant.reponse, creeLe: existant.cree_le, reponduLe: existant.repondu_le, pieces: await recours.piecesDe(existant.id) }
        : null,
      saisie: extra.saisie ?? { texte: '' },
      erreurs: extra.erreurs ?? {},
      message: messageConfirmation(request.query, MESSAGES),
    });
  }

  app.get(u.resultats(), AGENT, async (request, reply) => {
    const liste = await publication.resultats(agentDe(request));
    return reply.html(PageResultats({ ctx: contextePage(request), campagnes: liste.map((c) => ({ id: c.id, intitule: intituleCampagne(c), publieeLe: c.publiee_le })) }));
  });

  // The avis and appreciations on the agent's own dossier, from the campaign's date (judged at the request's instant).
  app.get(u.mesAvis(), AGENT, async (request, reply) => reply.html(PageMesAvis({ ctx: contextePage(request), campagnes: await mesAvis.lire(agentDe(request), request.recueLe) })));

  app.get('/iprof/resultats/:id', AGENT, async (request, reply) => reply.html(await page(request)));

  // The recours carries pièces justificatives: read in a scope of its own (shared/pieces/depot.ts checks CSRF first).
  await app.register(async (scope) => {
    const lecteur = await depots.installer(scope, LIMITES_PIECES);
    scope.post('/iprof/resultats/:id/recours', AGENT, async (request, reply) => {
      const agentId = agentDe(request);
      const id = idDe(request.params, 'id');
      // The campaign is checked (published, the agent's corps) before the files are read.
      await publication.resultat(agentId, id);
      const { champs, fichiers } = await lecteur.formulaire(request);
      const f = analyserFormulaire(formulaireRecours, champs);
      const erreurs: Record<string, string> = f.ok ? {} : { ...f.erreurs };
      const pieces = verifierPieces(fichiers, erreurs);
      if (!f.ok || Object.keys(erreurs).length > 0) return reply.html(await page(request, { saisie: { texte: valeursSaisies(champs, ['texte']).texte! }, erreurs }), 400);
      const r = await recours.deposer(request.session!.utilisateur, agentId, id, f.valeurs.texte, pieces, request.recueLe);
      return reply.redirect(`${u.resultat(id)}?fait=${r === 'DEPOSE' ? 'recours' : 'recours-existant'}`, 303);
    });
  });

  app.get('/iprof/resultats/:id/recours/:rid/pieces/:pid', AGENT, async (request, reply) => {
    const p = await recours.pieceAgent(agentDe(request), idDe(request.params, 'id'), idDe(request.params, 'rid'), idDe(request.params, 'pid'));
    return reply.type(p.type_contenu).header('content-disposition', dispositionPiece(p.nom_fichier)).header('x-content-type-options', 'nosniff').send(p.contenu);
  });
}
