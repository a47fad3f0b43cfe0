import type { FastifyInstance, FastifyRequest } from 'fastify';
import { idDe } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { envoiMaxPour, type Depots } from '../../shared/pieces/depot.ts';
import type { LectureEvaluation } from './appreciation-lecture.service.ts';
import type { ChargementService } from './appreciation.chargement.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';
import { PageChargement } from './appreciation-chargement.views.tsx';

const CHARGEURS = { config: { acces: ['GESTIONNAIRE', 'AUTORITE'] as const } };
/** appreciations.csv or avis.csv of a national corps: ~90,000 lines of ~30 bytes, far within this bound. */
const TAILLE_MAX = 20 * 1024 * 1024;

/**
 * Loading appreciations.csv (regimes A/B) or avis.csv (regime C) into a campaign, by the gestionnaire or the autorité:
 * the file is read into memory (bounded), then checked and written all or nothing by the service. The campaign is
 * looked up within the loader's corps (404); each line's agent within their perimetre.
 */
export async function chargementRoutes(app: FastifyInstance, deps: { lecture: LectureEvaluation; chargement: ChargementService; depots: Depots }) {
  const { lecture, chargement } = deps;
  const campagneDe = (request: FastifyRequest) => lecture.campagne(request.session!.utilisateur, idDe(request.params, 'id'));

  app.get(`${u.accueil()}/campagnes/:id/chargement`, CHARGEURS, async (request, reply) => {
    return reply.html(PageChargement({ ctx: contextePage(request), campagne: await campagneDe(request), resultat: null, erreur: null }));
  });

  await app.register(async (scope) => {
    const lecteur = await deps.depots.installer(scope, { tailleFichierMax: TAILLE_MAX, fichiersMax: 1, champsMax: 5, tailleChampMax: 1000, envoiMax: envoiMaxPour(TAILLE_MAX, 1) });
    scope.post(`${u.accueil()}/campagnes/:id/chargement`, CHARGEURS, async (request, reply) => {
      const c = await campagneDe(request);
      const ctx = contextePage(request);
      const { fichiers } = await lecteur.formulaire(request);
      const choisis = fichiers.filter((f) => f.nom !== '' || f.contenu.length > 0);
      const refus = (erreur: string) => reply.html(PageChargement({ ctx, campagne: c, resultat: null, erreur }), 400);
      if (choisis.length !== 1) return refus('Choisissez le fichier CSV à charger.');
      const f = choisis[0]!;
      if (f.tronque) return refus(`Le fichier dépasse la taille maximale de ${TAILLE_MAX / 1024 ** 2} Mo : rien n’a été enregistré.`);
      const nom = f.nom.replace(/^.*[\\/]/, '');
      const r = await chargement.charger(request.session!.utilisateur, c.id, nom, f.contenu);
      return reply.html(PageChargement({ ctx, campagne: c, resultat: r, erreur: null }), r.ok ? 200 : 400);
    });
  });
}
