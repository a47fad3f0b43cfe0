import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RequeteInvalideError } from '../../shared/errors.ts';
import { analyserFormulaire } from '../../shared/saisie.ts';
import { estId, idDe } from '../../shared/http/parametres.ts';
import { dateParis, heureParis } from '../../shared/dates.ts';
import { createGabarits } from '../../shared/http/gabarit.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { urls } from '../../shared/urls.ts';
import type { PortailService } from './portail.service.ts';
import { PageAccueil, PageFavoris } from './portail.views.tsx';
import { phraseEchecs } from './securite.rules.ts';

/** Fixed confirmation messages, chosen by code: nothing from the query string is echoed. */
const MESSAGES: Record<string, string> = {
  'favori-ajoute': 'L’application a été ajoutée à vos favoris.',
  'favori-retire': 'L’application a été retirée de vos favoris.',
  'favori-deplace': 'L’ordre de vos favoris a été modifié.',
};

function messageDe(query: unknown): string | null {
  const fait = (query as Record<string, unknown>)?.fait;
  return typeof fait === 'string' ? (MESSAGES[fait] ?? null) : null;
}

function retourFavori(corps: unknown): string {
  const r = (corps as Record<string, unknown>)?.retour;
  return r === urls.favoris() ? urls.favoris() : urls.portail();
}

function parametreId(params: unknown): string {
  return idDe(params, 'id', () => new RequeteInvalideError('ID_INVALIDE', 'Identifiant d’application invalide.'));
}

export function portailRoutes(app: FastifyInstance, deps: { portail: PortailService }) {
  const { portail } = deps;
  const connecte = { config: { acces: 'connecte' as const } };

  // The home page is read by every agent on every visit: it is rendered once per shape (see gabarit.ts).
  const accueils = createGabarits(['nom', 'csrf', 'jour', 'heure', 'echecs'], { max: 500 });

  app.get('/portail', connecte, async (request, reply) => {
    const u = request.session!.utilisateur;
    const ctx = contextePage(request);
    const message = messageDe(request.query);
    const precedente = u.precedenteConnexion;
    // Said beside the previous login only (a first login has nothing to compare with).
    const echecs = precedente ? phraseEchecs(u.echecsDepuisPrecedente ?? 0) : null;
    const forme = await portail.formeAccueil(u);
    const cle = `${forme.cle}|${ctx.utilisateur!.estAdmin}|${message ?? ''}|${precedente ? 1 : 0}|${echecs ? 1 : 0}`;
    const page = accueils.rendre(
      forme.generation,
      cle,
      (m) =>
        PageAccueil({
          ctx: { utilisateur: { ...ctx.utilisateur!, nomAffiche: m.nom }, csrf: m.csrf },
          nomAffiche: m.nom,
          derniereConnexion: precedente ? { jour: m.jour, heure: m.heure } : null,
          echecs: echecs ? m.echecs : null,
          ...forme.vue(),
          message,
        }),
      { nom: u.nomAffiche, csrf: ctx.csrf, jour: precedente ? dateParis(precedente) : '', heure: precedente ? heureParis(precedente) : '', echecs: echecs ?? '' },
    );
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.get('/portail/favoris', connecte, async (request, reply) => {
    const vue = await portail.accueil(request.session!.utilisateur);
    return reply.html(PageFavoris({ ctx: contextePage(request), catalogue: vue.catalogue, message: messageDe(request.query) }));
  });

  app.post('/portail/favoris/ajouter', connecte, async (request, reply) => {
    const f = analyserFormulaire(z.object({ application_id: z.string().refine(estId) }), request.body);
    if (!f.ok) throw new RequeteInvalideError('APPLICATION_INVALIDE', 'Application invalide : rechargez la page et recommencez.');
    await portail.ajouterFavori(request.session!.utilisateur, f.valeurs.application_id);
    return reply.redirect(`${retourFavori(request.body)}?fait=favori-ajoute`, 303);
  });

  app.post('/portail/favoris/:id/retirer', connecte, async (request, reply) => {
    await portail.retirerFavori(request.session!.utilisateur, parametreId(request.params));
    return reply.redirect(`${retourFavori(request.body)}?fait=favori-retire`, 303);
  });

  app.post('/portail/favoris/:id/deplacer', connecte, async (request, reply) => {
    const f = analyserFormulaire(z.object({ sens: z.enum(['haut', 'bas']) }), request.body);
    if (!f.ok) throw new RequeteInvalideError('SENS_INVALIDE', 'Sens de déplacement invalide.');
    await portail.deplacerFavori(request.session!.utilisateur, parametreId(request.params), f.valeurs.sens);
    return reply.redirect(`${urls.favoris()}?fait=favori-deplace`, 303);
  });
}
