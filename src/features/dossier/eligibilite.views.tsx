import { MIETTES_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import type { VueEligibilite } from './eligibilite.vue.ts';

/** How the campaign selects, said without the rules' letters (« régime A ») that mean nothing to an agent. */
/**
 * The rule of a qualifying year, stated once (DOMAIN.md §5); each row of the table then says what was found that year.
 */
export const REGLE_ANNEE_RETENUE =
  'Une année scolaire est retenue si, chaque jour de l’année, vos services dans des établissements de l’éducation prioritaire font ensemble au moins un mi-temps (50 %), ou si une même fonction éligible couvre tous les jours de l’année (à temps partiel compris). Seuls les services de titulaire, hors faisant fonction, comptent.';

const MODE_DE_SELECTION = {
  A: 'les agents du premier vivier candidatent ; ceux du second sont examinés sans candidature.',
  B: 'l’administration examine les promouvables sans candidature ; vous pouvez contester ce constat.',
  C: 'l’administration examine les promouvables sans candidature, sur avis de leurs évaluateurs.',
} as const;

export function PageEligibilite(props: { ctx: ContextePage; annees: number[]; annee: number; vue: VueEligibilite | null; sansDossier: boolean }) {
  const { vue } = props;
  return (
    <Page titre="Mon éligibilité à la classe exceptionnelle" ctx={props.ctx} miettes={[...MIETTES_IPROF]}>
      <h1>Mon éligibilité à la classe exceptionnelle</h1>
      <form method="get" action="/iprof/eligibilite" class="fr-mb-4w">
        <div class="fr-select-group">
          <label class="fr-label" for="champ-annee">
            Campagne
            <span class="fr-hint-text">Les conditions sont appréciées au 31 août de l’année de la campagne.</span>
          </label>
          <div class="vivier-actions">
            <select class="fr-select vivier-select-court" id="champ-annee" name="annee">
              {props.annees.map((a) => (
                <option value={String(a)} selected={a === props.annee}>
                  {`Campagne ${a}`}
                </option>
              ))}
            </select>
            <button type="submit" class="fr-btn fr-btn--secondary">
              Afficher
            </button>
          </div>
        </div>
      </form>
      {props.sansDossier ? (
        <Alerte type="info">Votre compte n’est rattaché à aucun dossier d’agent : il n’y a pas d’éligibilité à calculer.</Alerte>
      ) : vue ? (
        <>
          <Alerte type={vue.promouvable ? 'success' : 'info'} titre={`${vue.titre} pour la campagne ${vue.annee}`}>
            <>
              {vue.situation ? <p>{vue.situation}</p> : null}
              {vue.constats.map((c) => (
                <p>{c}</p>
              ))}
              {vue.candidatureRequise ? (
                <p>
                  <strong>Relevant du premier vivier, vous devez faire acte de candidature</strong> pendant la période d’ouverture de la campagne (« Candidater »).
                </p>
              ) : null}
            </>
          </Alerte>
          {vue.manques.length > 0 ? (
            <div class="fr-callout fr-mb-4w">
              <h2 class="fr-callout__title">Ce qui vous manque</h2>
              <ul class="fr-callout__text fr-text--md">
                {vue.manques.map((m) => (
                  <li>{m}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <p class="fr-text--sm">
            Campagne {vue.annee} : situation observée le {vue.dateObservation} ; {MODE_DE_SELECTION[vue.regime]}
          </p>
          {vue.annees.length > 0 ? (
            <>
              <h2>Premier vivier : vos années, une par une</h2>
              <p>
                {vue.anneesQualifiantes === 1 ? '1 année retenue' : `${vue.anneesQualifiantes} années retenues`} sur {vue.anneesRequises} requises. {REGLE_ANNEE_RETENUE}
              </p>
              <div class="vivier-table-texte">
              <Tableau
                legende="Années scolaires et conditions du premier vivier"
                entetes={['Année scolaire', 'Retenue', 'Explication']}
                lignes={vue.annees.map((a) => [a.anneeScolaire, a.qualifiante ? 'Oui' : 'Non', a.explication])}
              />
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
