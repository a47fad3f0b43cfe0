import type { FastifyInstance } from 'fastify';
import { contextePage } from '../../shared/http/plumbing.ts';
import { Page } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';

/** I-Prof Enseignant: the career service's entry page; the dossier and candidature features hang from it. */
export function iprofRoutes(app: FastifyInstance) {
  app.get('/iprof', { config: { acces: 'connecte' } }, async (request, reply) => {
    return reply.html(
      <Page titre="I-Prof Enseignant" ctx={contextePage(request)} miettes={[{ libelle: 'Accueil', href: urls.portail() }]}>
        <h1>I-Prof Enseignant</h1>
        <p class="fr-text--lead">I-Prof Assistant Carrière : votre dossier de carrière et vos candidatures aux promotions.</p>
        <div class="fr-callout">
          <h2 class="fr-callout__title">Service en cours d’ouverture</h2>
          <p class="fr-callout__text">
            La consultation de votre dossier (« Votre dossier »), votre CV et la candidature à la classe exceptionnelle (« Candidater ») seront
            disponibles ici prochainement.
          </p>
        </div>
      </Page>,
    );
  });
}
