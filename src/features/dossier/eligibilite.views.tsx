import { MIETTES_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import type { VueEligibilite } from './eligibilite.vue.ts';

const LIBELLE_REGIME = { A: 'candidature des agents du premier vivier', B: 'détection par l’administration', C: 'sans viviers, sur avis' } as const;

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
            Campagne {vue.annee} : date d’observation le {vue.dateObservation} ; régime de la campagne : {LIBELLE_REGIME[vue.regime]}.
          </p>
          {vue.annees.length > 0 ? (
            <>
              <h2>Premier vivier : vos années, une par une</h2>
              <p>
                {vue.anneesQualifiantes === 1 ? '1 année retenue' : `${vue.anneesQualifiantes} années retenues`} sur {vue.anneesRequises} requises. Une année est retenue si, chaque jour, vous avez exercé au moins
                à mi-temps dans un établissement de l’éducation prioritaire, ou si une même fonction éligible couvre toute l’année.
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
