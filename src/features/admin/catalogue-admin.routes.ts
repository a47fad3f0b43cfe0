import type { FastifyInstance, FastifyRequest } from 'fastify';
import { analyserFormulaire } from '../../shared/saisie.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { urls } from '../../shared/urls.ts';
import { messageConfirmation, parametreId } from './admin.schemas.ts';
import { formulaireApplication, formulaireRubrique } from './catalogue-admin.schemas.ts';
import type { CatalogueAdminService } from './catalogue-admin.service.ts';
import { PageApplication, PageCatalogue, PageRubrique, saisieApplicationDe, saisieApplicationDuCorps, saisieRubriqueDuCorps, type SaisieApplication } from './catalogue-admin.views.tsx';

const MESSAGES: Record<string, string> = {
  'rubrique-creee': 'La rubrique a été ajoutée.',
  'rubrique-modifiee': 'La rubrique a été modifiée.',
  'rubrique-supprimee': 'La rubrique a été supprimée.',
  'application-creee': 'L’application a été ajoutée au catalogue.',
  'application-modifiee': 'L’application a été modifiée.',
  'application-supprimee': 'L’application a été supprimée du catalogue.',
};

export function catalogueAdminRoutes(app: FastifyInstance, deps: { catalogue: CatalogueAdminService }) {
  const { catalogue } = deps;
  const admin = { config: { acces: ['ADMINISTRATEUR'] as const } };
  const acteurId = (request: FastifyRequest) => request.session!.utilisateur.compteId;
  const idRubrique = (request: FastifyRequest) => parametreId(request.params, 'de rubrique');
  const idApplication = (request: FastifyRequest) => parametreId(request.params, 'd’application');

  async function pageCatalogue(request: FastifyRequest, formulaire: { saisie: { libelle: string; ordre: string }; erreurs: Record<string, string> } | null) {
    const vue = await catalogue.vue();
    const ordreSuivant = String(Math.max(0, ...vue.rubriques.map((r) => r.ordre)) + 1);
    return PageCatalogue({
      ctx: contextePage(request),
      ...vue,
      saisieRubrique: formulaire?.saisie ?? { libelle: '', ordre: ordreSuivant },
      erreursRubrique: formulaire?.erreurs ?? {},
      message: formulaire ? null : messageConfirmation(request.query, MESSAGES),
    });
  }

  async function pageApplication(request: FastifyRequest, id: string | null, saisie: SaisieApplication, erreurs: Record<string, string>) {
    const { rubriques } = await catalogue.vue();
    return PageApplication({ ctx: contextePage(request), id, rubriques, saisie, erreurs });
  }

  app.get('/admin/catalogue', admin, async (request, reply) => reply.html(await pageCatalogue(request, null)));

  app.post('/admin/catalogue/rubriques', admin, async (request, reply) => {
    const f = analyserFormulaire(formulaireRubrique, request.body);
    const r = f.ok ? await catalogue.creerRubrique(acteurId(request), f.valeurs) : f;
    if (!r.ok) return reply.html(await pageCatalogue(request, { saisie: saisieRubriqueDuCorps(request.body), erreurs: r.erreurs }), 400);
    return reply.redirect(`${urls.adminCatalogue()}?fait=rubrique-creee`, 303);
  });

  app.get('/admin/catalogue/rubriques/:id', admin, async (request, reply) => {
    const id = idRubrique(request);
    const r = await catalogue.rubrique(id);
    return reply.html(PageRubrique({ ctx: contextePage(request), id, libelleActuel: r.libelle, applications: r.applications, saisie: { libelle: r.libelle, ordre: String(r.ordre) }, erreurs: {} }));
  });

  app.post('/admin/catalogue/rubriques/:id', admin, async (request, reply) => {
    const id = idRubrique(request);
    const f = analyserFormulaire(formulaireRubrique, request.body);
    const r = f.ok ? await catalogue.modifierRubrique(acteurId(request), id, f.valeurs) : f;
    if (!r.ok) {
      const actuelle = await catalogue.rubrique(id);
      return reply.html(PageRubrique({ ctx: contextePage(request), id, libelleActuel: actuelle.libelle, applications: actuelle.applications, saisie: saisieRubriqueDuCorps(request.body), erreurs: r.erreurs }), 400);
    }
    return reply.redirect(`${urls.adminCatalogue()}?fait=rubrique-modifiee`, 303);
  });

  app.post('/admin/catalogue/rubriques/:id/supprimer', admin, async (request, reply) => {
    await catalogue.supprimerRubrique(acteurId(request), idRubrique(request));
    return reply.redirect(`${urls.adminCatalogue()}?fait=rubrique-supprimee`, 303);
  });

  app.get('/admin/catalogue/applications/nouvelle', admin, async (request, reply) => {
    const vide: SaisieApplication = { rubrique_id: '', groupe: '', libelle: '', description: '', url: 'https://', interne: false, roles: ['AGENT'], ordre: '0', actif: true };
    return reply.html(await pageApplication(request, null, vide, {}));
  });

  app.post('/admin/catalogue/applications/nouvelle', admin, async (request, reply) => {
    const f = analyserFormulaire(formulaireApplication, request.body);
    const r = f.ok ? await catalogue.creerApplication(acteurId(request), f.valeurs) : f;
    if (!r.ok) return reply.html(await pageApplication(request, null, saisieApplicationDuCorps(request.body), r.erreurs), 400);
    return reply.redirect(`${urls.adminCatalogue()}?fait=application-creee`, 303);
  });

  app.get('/admin/catalogue/applications/:id', admin, async (request, reply) => {
    const id = idApplication(request);
    return reply.html(await pageApplication(request, id, saisieApplicationDe(await catalogue.application(id)), {}));
  });

  app.post('/admin/catalogue/applications/:id', admin, async (request, reply) => {
    const id = idApplication(request);
    const f = analyserFormulaire(formulaireApplication, request.body);
    if (!f.ok) await catalogue.application(id); // a nonexistent application is a 404, whatever the form
    const r = f.ok ? await catalogue.modifierApplication(acteurId(request), id, f.valeurs) : f;
    if (!r.ok) return reply.html(await pageApplication(request, id, saisieApplicationDuCorps(request.body), r.erreurs), 400);
    return reply.redirect(`${urls.adminCatalogue()}?fait=application-modifiee`, 303);
  });

  app.post('/admin/catalogue/applications/:id/supprimer', admin, async (request, reply) => {
    await catalogue.supprimerApplication(acteurId(request), idApplication(request));
    return reply.redirect(`${urls.adminCatalogue()}?fait=application-supprimee`, 303);
  });
}
