import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { analyserFormulaire, texte, valeursSaisies } from '../../shared/saisie.ts';
import { idDe } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { dispositionPiece } from '../../shared/pieces/pieces.rules.ts';
import { messageConfirmation } from '../admin/admin.schemas.ts';
import { intituleCampagne, type CampagneService } from '../campagnes/campagne.service.ts';
import type { RecoursService } from './recours.service.ts';
import { PageRecours, PageRecoursListe } from './recours.views.tsx';
import { urlsTableau as u } from './tableau.urls.ts';

const GESTION = { config: { acces: ['GESTIONNAIRE'] as const } };
const vide = (v: unknown) => (v === undefined || v === null ? '' : v);
const filtre = z.object({ statut: z.preprocess(vide, z.enum(['', 'DEPOSE', 'ACCEPTE', 'REJETE'], { error: 'État : choisissez une valeur de la liste.' })) });
const reponse = z.object({
  decision: z.preprocess(vide, z.enum(['ACCEPTE', 'REJETE'], { error: 'Choisissez la décision : accepter ou rejeter le recours.' })),
  reponse: texte('La réponse', { min: 1, max: 4000, multiligne: true }),
});

/**
 * The gestionnaire's queue of recours gracieux: the campaign within their perimetre first (404 otherwise), then every
 * id of the URL checked against its parent and the agent within their perimetre by the service's own query.
 */
export function recoursRoutes(app: FastifyInstance, deps: { campagnes: CampagneService; recours: RecoursService }) {
  const { campagnes, recours } = deps;
  const campagneDe = (request: FastifyRequest) => campagnes.trouverPour(request.session!.utilisateur, idDe(request.params, 'id'));

  app.get('/iprof/gestion/campagnes/:id/recours', GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const f = analyserFormulaire(filtre, request.query);
    const statut = f.ok && f.valeurs.statut !== '' ? f.valeurs.statut : null;
    const lignes = f.ok ? await recours.lister(request.session!.utilisateur, c.id, statut) : [];
    const html = PageRecoursListe({ ctx: contextePage(request), campagne: { id: c.id, intitule: intituleCampagne(c) }, statut: valeursSaisies(request.query, ['statut']).statut!, erreurs: f.ok ? {} : f.erreurs, lignes });
    return reply.html(html, f.ok ? 200 : 400);
  });

  async function page(request: FastifyRequest, saisie: Record<string, string>, erreurs: Record<string, string>) {
    const c = await campagneDe(request);
    const r = await recours.detail(request.session!.utilisateur, c.id, idDe(request.params, 'rid'));
    return PageRecours({ ctx: contextePage(request), campagne: { id: c.id, intitule: intituleCampagne(c) }, r, saisie, erreurs, message: messageConfirmation(request.query, { repondu: 'La réponse est enregistrée et l’agent en est informé.' }) });
  }

  app.get('/iprof/gestion/campagnes/:id/recours/:rid', GESTION, async (request, reply) => reply.html(await page(request, {}, {})));

  app.post('/iprof/gestion/campagnes/:id/recours/:rid/repondre', GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const rid = idDe(request.params, 'rid');
    const f = analyserFormulaire(reponse, request.body);
    if (!f.ok) return reply.html(await page(request, valeursSaisies(request.body, ['decision', 'reponse']), f.erreurs), 400);
    await recours.repondre(request.session!.utilisateur, c.id, rid, f.valeurs.decision, f.valeurs.reponse);
    return reply.redirect(`${u.unRecoursGestion(c.id, rid)}?fait=repondu`, 303);
  });

  app.get('/iprof/gestion/campagnes/:id/recours/:rid/pieces/:pid', GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const p = await recours.piece(request.session!.utilisateur, c.id, idDe(request.params, 'rid'), idDe(request.params, 'pid'));
    return reply.type(p.type_contenu).header('content-disposition', dispositionPiece(p.nom_fichier)).header('x-content-type-options', 'nosniff').send(p.contenu);
  });
}
