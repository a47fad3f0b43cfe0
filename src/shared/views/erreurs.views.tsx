import { Page, type ContextePage } from './kit.tsx';
import { urls } from '../urls.ts';

export function PageErreur(props: { ctx: ContextePage; statut: number; titre: string; message: string; reference?: string }) {
  return (
    <Page titre={props.titre} ctx={props.ctx}>
      <div class="fr-grid-row fr-my-7w">
        <div class="fr-col-12 fr-col-md-8">
          <h1>{props.titre}</h1>
          <p class="fr-text--lead fr-mb-3w">{props.message}</p>
          {props.reference ? (
            <p class="fr-text--sm">
              Si le problème persiste, communiquez cette référence à l’assistance : <strong>{props.reference}</strong>
            </p>
          ) : null}
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <a class="fr-btn" href={urls.accueil()}>
                Page d’accueil
              </a>
            </li>
          </ul>
        </div>
      </div>
    </Page>
  );
}

export const TITRES_ERREUR: Record<number, string> = {
  400: 'Requête invalide',
  403: 'Accès refusé',
  404: 'Page non trouvée',
  405: 'Action non permise',
  409: 'Action impossible',
  408: 'Délai dépassé',
  411: 'Longueur requise',
  413: 'Fichier ou formulaire trop volumineux',
  414: 'Adresse trop longue',
  415: 'Format non pris en charge',
  429: 'Trop de tentatives',
  431: 'En-têtes trop volumineux',
  500: 'Erreur inattendue',
  503: 'Service indisponible',
};
