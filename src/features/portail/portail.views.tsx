import { Alerte, BoutonAction, ChampCsrf, Page, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import type { VueApplication, VueCatalogue } from './catalogue.rules.ts';

export type VueBandeau = { id: string; titre: string; message: string; niveau: 'info' | 'warning' | 'alert' };

function Bandeaux({ bandeaux }: { bandeaux: VueBandeau[] }) {
  if (bandeaux.length === 0) return null;
  return (
    <section aria-labelledby="titre-informations" class="fr-mb-4w">
      <h2 id="titre-informations" class="fr-h5">
        Informations importantes
      </h2>
      {bandeaux.map((b) => (
        <Alerte type={b.niveau === 'alert' ? 'error' : b.niveau === 'warning' ? 'warning' : 'info'} titre={b.titre} petite={false} niveauTitre={3}>
          <p>{b.message}</p>
        </Alerte>
      ))}
    </section>
  );
}

function LienApplication({ app }: { app: VueApplication }) {
  return app.interne ? (
    <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={app.url}>
      {app.libelle}
    </a>
  ) : (
    <a class="fr-link" href={app.url} target="_blank" rel="noopener noreferrer" title={`${app.libelle} — nouvelle fenêtre`}>
      {app.libelle}
    </a>
  );
}

function BoutonFavori({ app, csrf }: { app: VueApplication; csrf: string }) {
  return app.favori ? (
    <BoutonAction
      action={urls.favoriRetirer(app.id)}
      csrf={csrf}
      libelle="Retirer des favoris"
      precision={`: ${app.libelle}`}
      secondaire
      petit
      icone="fr-icon-star-fill"
      champs={{ retour: urls.portail() }}
    />
  ) : (
    // Submits the page's one "add" form (FORMULAIRE_AJOUT) with this button's application: the token and the
    // return address are written once instead of once per application (the home page is 3 KB lighter).
    <button
      type="submit"
      form={FORMULAIRE_AJOUT}
      name="application_id"
      value={app.id}
      class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-star-line fr-btn--icon-left"
    >
      Ajouter aux favoris<span class="fr-sr-only">{` : ${app.libelle}`}</span>
    </button>
  );
}

const FORMULAIRE_AJOUT = 'favori-ajouter';

/** `derniereConnexion`: the previous login, already written in Paris time (the page is cached per shape, see portail.routes). */
export function PageAccueil(props: {
  ctx: ContextePage;
  nomAffiche: string;
  derniereConnexion: { jour: string; heure: string } | null;
  /** Failed attempts since that login, in words (null: none). */
  echecs?: string | null;
  catalogue: VueCatalogue;
  bandeaux: VueBandeau[];
  message: string | null;
}) {
  const { ctx, catalogue } = props;
  return (
    <Page titre="Accueil" ctx={ctx}>
      <h1>Bienvenue {props.nomAffiche}</h1>
      {props.derniereConnexion ? (
        <p>
          Dernière connexion le {props.derniereConnexion.jour} à {props.derniereConnexion.heure}
          {props.echecs ? (
            <>
              <br />
              <strong>{props.echecs}</strong> <a href={urls.securite()}>Vérifier mes sessions et mes clés</a>
            </>
          ) : null}
        </p>
      ) : null}
      <ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left fr-mb-2w">
        <li>
          <a class="fr-btn fr-btn--secondary fr-icon-star-line" href={urls.favoris()}>
            Gérer mes favoris
          </a>
        </li>
      </ul>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      <Bandeaux bandeaux={props.bandeaux} />
      <section aria-labelledby="titre-favoris" class="fr-mb-4w">
        <h2 id="titre-favoris">Mes favoris</h2>
        {catalogue.favoris.length === 0 ? (
          <p>Vous n’avez pas encore de favori. Ajoutez-en depuis la liste des applications ci-dessous.</p>
        ) : (
          <ul class="vivier-app-list">
            {catalogue.favoris.map((a) => (
              <li>
                <LienApplication app={a} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="titre-applications">
        <h2 id="titre-applications">Accédez à vos applications</h2>
        <form id={FORMULAIRE_AJOUT} method="post" action={urls.favoriAjouter()}>
          <ChampCsrf jeton={ctx.csrf} />
          <input type="hidden" name="retour" value={urls.portail()} />
        </form>
        {catalogue.rubriques.map((r) => (
          <div class="vivier-rubrique">
            <h3 class="fr-h5">{r.libelle}</h3>
            {r.groupes.length === 0 ? (
              <p class="fr-text--sm">Aucune application de cette rubrique ne vous est ouverte.</p>
            ) : (
              r.groupes.map((g) => (
                <div class="fr-ml-2w">
                  <h4 class="fr-text--md fr-text--bold fr-mb-1w">{g.groupe}</h4>
                  <ul class="vivier-app-list">
                    {g.applications.map((a) => (
                      <li class="vivier-actions">
                        <LienApplication app={a} />
                        <BoutonFavori app={a} csrf={ctx.csrf} />
                      </li>
                    ))}
                  </ul>
                </div>
              ))
            )}
          </div>
        ))}
      </section>
    </Page>
  );
}

export function PageFavoris(props: { ctx: ContextePage; catalogue: VueCatalogue; message: string | null }) {
  const { ctx, catalogue } = props;
  const autres = catalogue.rubriques.flatMap((r) => r.groupes.flatMap((g) => g.applications)).filter((a) => !a.favori);
  return (
    <Page titre="Gérer mes favoris" ctx={ctx} miettes={[{ libelle: 'Accueil', href: urls.portail() }]}>
      <h1>Gérer mes favoris</h1>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      <h2>Mes favoris</h2>
      {catalogue.favoris.length === 0 ? (
        <p>Vous n’avez aucun favori.</p>
      ) : (
        <ol>
          {catalogue.favoris.map((a, i) => (
            <li class="fr-mb-1w">
              <span class="vivier-actions">
                <LienApplication app={a} />
                {i > 0 ? (
                  <BoutonAction action={urls.favoriDeplacer(a.id)} csrf={ctx.csrf} libelle={`Monter « ${a.libelle} »`} secondaire petit icone="fr-icon-arrow-up-line" champs={{ sens: 'haut' }} />
                ) : null}
                {i < catalogue.favoris.length - 1 ? (
                  <BoutonAction action={urls.favoriDeplacer(a.id)} csrf={ctx.csrf} libelle={`Descendre « ${a.libelle} »`} secondaire petit icone="fr-icon-arrow-down-line" champs={{ sens: 'bas' }} />
                ) : null}
                <BoutonAction action={urls.favoriRetirer(a.id)} csrf={ctx.csrf} libelle={`Retirer « ${a.libelle} »`} secondaire petit icone="fr-icon-delete-line" champs={{ retour: urls.favoris() }} />
              </span>
            </li>
          ))}
        </ol>
      )}
      <h2>Ajouter un favori</h2>
      {autres.length === 0 ? (
        <p>Toutes vos applications sont déjà dans vos favoris.</p>
      ) : (
        <ul class="vivier-app-list">
          {autres.map((a) => (
            <li class="vivier-actions">
              <span>{a.libelle}</span>
              <BoutonAction action={urls.favoriAjouter()} csrf={ctx.csrf} libelle={`Ajouter « ${a.libelle} »`} secondaire petit icone="fr-icon-add-line" champs={{ application_id: a.id, retour: urls.favoris() }} />
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
