import { ChampCsrf, Page, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureParis } from '../../shared/dates.ts';
import { MIETTES } from './candidature.views.tsx';
import { urlsCampagnes as u } from './campagnes.urls.ts';

/**
 * "Annuler votre candidature" asks first. The question is a page of its own (GET, reachable without JavaScript); with
 * JavaScript the same question opens in a DSFR modal over the candidature (public/modales.js), an enhancement only.
 */
export const ID_MODALE_ANNULATION = 'modale-annuler-candidature';

function Explication({ fermeture }: { fermeture: Date }) {
  return (
    <p>
      {`Votre candidature ne sera plus examinée. Vous pourrez la valider de nouveau jusqu’${dateHeureParis(fermeture).replace(/^le/, 'au')} ; après, l’annulation est définitive.`}
    </p>
  );
}

function Boutons({ ctx, campagneId }: { ctx: ContextePage; campagneId: string }) {
  return (
    <form method="post" action={u.annuler(campagneId)}>
      <ChampCsrf jeton={ctx.csrf} />
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button type="submit" class="fr-btn">
            Oui, annuler ma candidature
          </button>
        </li>
        <li>
          <a class="fr-btn fr-btn--secondary" href={u.candidature(campagneId)}>
            Non, garder ma candidature
          </a>
        </li>
      </ul>
    </form>
  );
}

export function PageConfirmerAnnulation(props: { ctx: ContextePage; campagneId: string; annee: number; intitule: string; fermeture: Date }) {
  return (
    <Page
      titre={`Annuler votre candidature — campagne ${props.annee}`}
      ctx={props.ctx}
      miettes={[...MIETTES, { libelle: 'Candidater', href: u.candidater() }, { libelle: `Campagne ${props.annee}`, href: u.candidature(props.campagneId) }]}
    >
      <h1>Annuler votre candidature ?</h1>
      <p class="fr-text--lead">{props.intitule}</p>
      <Explication fermeture={props.fermeture} />
      <Boutons ctx={props.ctx} campagneId={props.campagneId} />
    </Page>
  );
}

export function ModaleAnnulation(props: { ctx: ContextePage; campagneId: string; fermeture: Date }) {
  return (
    <dialog id={ID_MODALE_ANNULATION} class="fr-modal" aria-labelledby={`${ID_MODALE_ANNULATION}-titre`}>
      <div class="fr-container fr-container--fluid fr-container-md">
        <div class="fr-grid-row fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
            <div class="fr-modal__body">
              <div class="fr-modal__header">
                <button type="button" class="fr-btn--close fr-btn" aria-controls={ID_MODALE_ANNULATION} title="Fermer la fenêtre">
                  Fermer
                </button>
              </div>
              <div class="fr-modal__content">
                <h2 id={`${ID_MODALE_ANNULATION}-titre`} class="fr-modal__title">
                  Annuler votre candidature ?
                </h2>
                <Explication fermeture={props.fermeture} />
                <Boutons ctx={props.ctx} campagneId={props.campagneId} />
              </div>
            </div>
          </div>
        </div>
      </div>
    </dialog>
  );
}
