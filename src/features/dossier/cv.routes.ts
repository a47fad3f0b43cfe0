import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IntrouvableError } from '../../shared/errors.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { valeursSaisies } from '../../shared/saisie.ts';
import type { CvService } from './cv.service.ts';
import { CHAMPS_CV, rubriqueDeSegment, SEGMENT_RUBRIQUE, type RubriqueCv } from './cv.rules.ts';
import { PageFormulaireCv } from './cv.views.tsx';
import { urlsDossier, type Onglet } from './dossier.urls.ts';
import { enTexte, idDe, parametre } from './http.ts';

function rubriqueDe(request: FastifyRequest): RubriqueCv {
  const r = rubriqueDeSegment(parametre(request.params, 'rubrique'));
  if (!r) throw new IntrouvableError();
  return r;
}

const ongletDe = (r: RubriqueCv) => SEGMENT_RUBRIQUE[r] as Onglet;

/** The agent writes their CV: add, edit, remove; refused input is re-rendered with its errors (400), nothing stored. */
export function cvRoutes(app: FastifyInstance, deps: { cv: CvService }) {
  const { cv } = deps;
  const connecte = { config: { acces: 'connecte' as const } };

  app.get('/iprof/dossier/cv/:rubrique/nouveau', connecte, async (request, reply) => {
    const rubrique = rubriqueDe(request);
    return reply.html(PageFormulaireCv({ ctx: contextePage(request), rubrique, id: null, valeurs: {}, erreurs: {} }));
  });

  app.post('/iprof/dossier/cv/:rubrique', connecte, async (request, reply) => {
    const rubrique = rubriqueDe(request);
    const r = await cv.ajouter(request.session!.utilisateur, rubrique, request.body);
    if (!r.ok) return reply.html(PageFormulaireCv({ ctx: contextePage(request), rubrique, id: null, valeurs: valeursSaisies(request.body, CHAMPS_CV), erreurs: r.erreurs }), 400);
    return reply.redirect(`${urlsDossier.dossier(ongletDe(rubrique))}?fait=cv-ajoute`, 303);
  });

  app.get('/iprof/dossier/cv/:rubrique/:id', connecte, async (request, reply) => {
    const rubrique = rubriqueDe(request);
    const id = idDe(request.params);
    const e = await cv.element(request.session!.utilisateur, rubrique, id);
    const valeurs = Object.fromEntries(CHAMPS_CV.map((c) => [c, enTexte(e[c])]));
    return reply.html(PageFormulaireCv({ ctx: contextePage(request), rubrique, id, valeurs, erreurs: {} }));
  });

  app.post('/iprof/dossier/cv/:rubrique/:id', connecte, async (request, reply) => {
    const rubrique = rubriqueDe(request);
    const id = idDe(request.params);
    const r = await cv.modifier(request.session!.utilisateur, rubrique, id, request.body);
    if (!r.ok) return reply.html(PageFormulaireCv({ ctx: contextePage(request), rubrique, id, valeurs: valeursSaisies(request.body, CHAMPS_CV), erreurs: r.erreurs }), 400);
    return reply.redirect(`${urlsDossier.dossier(ongletDe(rubrique))}?fait=cv-modifie`, 303);
  });

  app.post('/iprof/dossier/cv/:rubrique/:id/supprimer', connecte, async (request, reply) => {
    const rubrique = rubriqueDe(request);
    await cv.supprimer(request.session!.utilisateur, rubrique, idDe(request.params));
    return reply.redirect(`${urlsDossier.dossier(ongletDe(rubrique))}?fait=cv-supprime`, 303);
  });
}
