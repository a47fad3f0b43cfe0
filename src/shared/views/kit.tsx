import type { ComponentChildren } from 'preact';
import { urls } from '../urls.ts';

/** What every page needs from the request: who is logged in and the CSRF token for its forms. */
export type ContextePage = {
  utilisateur: { nomAffiche: string; estAdmin: boolean } | null;
  csrf: string;
};

export type Miette = { libelle: string; href?: string };

export function Page(props: {
  titre: string;
  ctx: ContextePage;
  miettes?: Miette[];
  /** Classic scripts of this page only (served by this site), run in order after the page is parsed. */
  scripts?: string[];
  children: ComponentChildren;
}) {
  const { titre, ctx } = props;
  return (
    <html lang="fr" data-fr-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no" />
        <meta name="format-detection" content="telephone=no" />
        <title>{`${titre} — Vivier`}</title>
        <link rel="stylesheet" href={urls.dsfr('dsfr.min.css')} />
        <link rel="stylesheet" href={urls.dsfr('utility/icons/icons.min.css')} />
        <link rel="stylesheet" href={urls.statique('vivier.css')} />
        <link rel="icon" href={urls.dsfr('favicon/favicon.svg')} type="image/svg+xml" />
      </head>
      <body>
        <div class="fr-skiplinks">
          <nav class="fr-container" role="navigation" aria-label="Accès rapide">
            <ul class="fr-skiplinks__list">
              <li>
                <a class="fr-link" href="#contenu">
                  Contenu
                </a>
              </li>
              <li>
                <a class="fr-link" href="#pied-de-page">
                  Pied de page
                </a>
              </li>
            </ul>
          </nav>
        </div>
        <Entete ctx={ctx} />
        <main id="contenu" class="fr-container fr-pb-8w" tabIndex={-1}>
          {props.miettes && props.miettes.length > 0 ? <FilAriane miettes={props.miettes} courant={titre} /> : <div class="fr-mt-4w" />}
          {props.children}
        </main>
        <PiedDePage />
        {(props.scripts ?? []).map((src) => (
          <script defer src={src}></script>
        ))}
        <script type="module" src={urls.dsfr('dsfr.module.min.js')}></script>
        <script type="module" src={urls.statique('brouillon-local.js')}></script>
        <script type="module" src={urls.statique('modales.js')}></script>
        <script noModule src={urls.dsfr('dsfr.nomodule.min.js')}></script>
      </body>
    </html>
  );
}

function Entete({ ctx }: { ctx: ContextePage }) {
  const outils = ctx.utilisateur ? (
    <ul class="fr-btns-group">
      <li>
        <span class="fr-btn fr-icon-account-circle-line vivier-utilisateur">{ctx.utilisateur.nomAffiche}</span>
      </li>
      <li>
        <a class="fr-btn fr-icon-lock-line" href={urls.securite()}>
          Ma sécurité
        </a>
      </li>
      {ctx.utilisateur.estAdmin ? (
        <li>
          <a class="fr-btn fr-icon-settings-5-line" href={urls.admin()}>
            Administration
          </a>
        </li>
      ) : null}
      <li>
        <form method="post" action={urls.deconnexion()} class="vivier-form-inline">
          <input type="hidden" name="_csrf" value={ctx.csrf} />
          <button type="submit" class="fr-btn fr-icon-logout-box-r-line">
            Déconnexion
          </button>
        </form>
      </li>
    </ul>
  ) : null;
  return (
    <header role="banner" class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <p class="fr-logo">
                    République
                    <br />
                    Française
                  </p>
                </div>
                {outils ? (
                  <div class="fr-header__navbar">
                    <button class="fr-btn--menu fr-btn" data-fr-opened="false" aria-controls="menu-modal" aria-haspopup="menu" id="bouton-menu" title="Menu">
                      Menu
                    </button>
                  </div>
                ) : null}
              </div>
              <div class="fr-header__service">
                <a href={urls.accueil()} title="Accueil — Vivier, portail des agents">
                  <p class="fr-header__service-title">Vivier</p>
                </a>
                <p class="fr-header__service-tagline">ARENA — Accédez à vos applications</p>
              </div>
            </div>
            {outils ? (
              <div class="fr-header__tools">
                <div class="fr-header__tools-links">{outils}</div>
              </div>
            ) : null}
          </div>
        </div>
      </div>
      {outils ? (
        <div class="fr-header__menu fr-modal" id="menu-modal" aria-labelledby="bouton-menu">
          <div class="fr-container">
            <button class="fr-btn--close fr-btn" aria-controls="menu-modal" title="Fermer">
              Fermer
            </button>
            <div class="fr-header__menu-links"></div>
          </div>
        </div>
      ) : null}
    </header>
  );
}

function FilAriane({ miettes, courant }: { miettes: Miette[]; courant: string }) {
  return (
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <button class="fr-breadcrumb__button" aria-expanded="false" aria-controls="fil-ariane">
        Voir le fil d’Ariane
      </button>
      <div class="fr-collapse" id="fil-ariane">
        <ol class="fr-breadcrumb__list">
          {miettes.map((m) => (
            <li>
              <a class="fr-breadcrumb__link" href={m.href}>
                {m.libelle}
              </a>
            </li>
          ))}
          <li>
            <a class="fr-breadcrumb__link" aria-current="page">
              {courant}
            </a>
          </li>
        </ol>
      </div>
    </nav>
  );
}

function PiedDePage() {
  return (
    <footer class="fr-footer" role="contentinfo" id="pied-de-page">
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a href={urls.accueil()} title="Retour à l’accueil — Vivier">
              <p class="fr-logo">
                République
                <br />
                Française
              </p>
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">
              Vivier — portail des agents de l’académie et service carrière (I-Prof). Logiciel libre au service des personnels de
              l’éducation nationale.
            </p>
          </div>
        </div>
        <div class="fr-footer__bottom">
          <ul class="fr-footer__bottom-list">
            <li class="fr-footer__bottom-item">
              <span class="fr-footer__bottom-link">Accessibilité : partiellement conforme</span>
            </li>
          </ul>
        </div>
      </div>
    </footer>
  );
}

export function Alerte(props: { type: 'info' | 'success' | 'warning' | 'error'; titre?: string; children?: ComponentChildren; petite?: boolean; niveauTitre?: 2 | 3 }) {
  const role = props.type === 'error' ? 'alert' : props.type === 'success' ? 'status' : undefined;
  const Titre = props.niveauTitre === 3 ? 'h3' : 'h2';
  return (
    <div class={`fr-alert fr-alert--${props.type}${props.petite ? ' fr-alert--sm' : ''} fr-mb-3w`} role={role}>
      {props.titre ? <Titre class="fr-alert__title">{props.titre}</Titre> : null}
      {typeof props.children === 'string' ? <p>{props.children}</p> : props.children}
    </div>
  );
}

export function ChampCsrf({ jeton }: { jeton: string }) {
  return <input type="hidden" name="_csrf" value={jeton} />;
}

/**
 * The help of date fields. A date (or date and time) field shows the browser's own picker, in the browser's language
 * and format (jj/mm/aaaa in French, mm/dd/yyyy in American English…): the help does not promise one format; it gives the
 * one to type where the browser shows a plain text field instead, which the server also reads.
 */
export const AIDE_DATE = 'Dans le format de votre navigateur ; s’il ne propose pas de calendrier, tapez JJ/MM/AAAA';
export const AIDE_DATE_HEURE = 'Dans le format de votre navigateur ; s’il ne propose pas de calendrier, tapez JJ/MM/AAAA HH:MM';

/** A DSFR input group; an error switches it to the error style and ties the message to the field. */
export function ChampTexte(props: {
  nom: string;
  libelle: string;
  aide?: string;
  valeur?: string | null;
  erreur?: string | undefined;
  type?: 'text' | 'password' | 'email' | 'url' | 'number' | 'datetime-local' | 'date';
  autocomplete?: string;
  requis?: boolean;
  inputMode?: 'numeric' | 'text' | 'email';
  maxLength?: number;
}) {
  const id = `champ-${props.nom}`;
  const idErreur = `${id}-erreur`;
  const idAide = `${id}-aide`;
  const decrit = [props.aide ? idAide : null, props.erreur ? idErreur : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`fr-input-group${props.erreur ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {props.libelle}
        {props.aide ? (
          <span class="fr-hint-text" id={idAide}>
            {props.aide}
          </span>
        ) : null}
      </label>
      <input
        class={`fr-input${props.erreur ? ' fr-input--error' : ''}`}
        id={id}
        name={props.nom}
        type={(props.type ?? 'text') as 'text'}
        value={props.valeur ?? ''}
        autocomplete={props.autocomplete}
        required={props.requis}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        aria-describedby={decrit}
        aria-invalid={props.erreur ? 'true' : undefined}
      />
      {props.erreur ? (
        <p class="fr-error-text" id={idErreur}>
          {props.erreur}
        </p>
      ) : null}
    </div>
  );
}

export function ZoneTexte(props: { nom: string; libelle: string; valeur?: string | null; erreur?: string | undefined; aide?: string; maxLength?: number }) {
  const id = `champ-${props.nom}`;
  return (
    <div class={`fr-input-group${props.erreur ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {props.libelle}
        {props.aide ? <span class="fr-hint-text">{props.aide}</span> : null}
      </label>
      <textarea
        class={`fr-input${props.erreur ? ' fr-input--error' : ''}`}
        id={id}
        name={props.nom}
        rows={4}
        maxLength={props.maxLength}
        aria-describedby={props.erreur ? `${id}-erreur` : undefined}
        aria-invalid={props.erreur ? 'true' : undefined}
      >
        {props.valeur ?? ''}
      </textarea>
      {props.erreur ? (
        <p class="fr-error-text" id={`${id}-erreur`}>
          {props.erreur}
        </p>
      ) : null}
    </div>
  );
}

export function ListeDeroulante(props: {
  nom: string;
  libelle: string;
  options: Array<{ valeur: string; libelle: string }>;
  valeur?: string | null;
  erreur?: string | undefined;
}) {
  const id = `champ-${props.nom}`;
  return (
    <div class={`fr-select-group${props.erreur ? ' fr-select-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {props.libelle}
      </label>
      <select class="fr-select" id={id} name={props.nom} aria-describedby={props.erreur ? `${id}-erreur` : undefined}>
        {props.options.map((o) => (
          <option value={o.valeur} selected={o.valeur === props.valeur}>
            {o.libelle}
          </option>
        ))}
      </select>
      {props.erreur ? (
        <p class="fr-error-text" id={`${id}-erreur`}>
          {props.erreur}
        </p>
      ) : null}
    </div>
  );
}

export function CasesACocher(props: {
  nom: string;
  legende: string;
  options: Array<{ valeur: string; libelle: string }>;
  coches: readonly string[];
  erreur?: string | undefined;
}) {
  const id = `groupe-${props.nom}`;
  return (
    <fieldset class={`fr-fieldset${props.erreur ? ' fr-fieldset--error' : ''}`} id={id} aria-labelledby={`${id}-legende${props.erreur ? ` ${id}-erreur` : ''}`}>
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id={`${id}-legende`}>
        {props.legende}
      </legend>
      {props.options.map((o) => (
        <div class="fr-fieldset__element fr-fieldset__element--inline">
          <div class="fr-checkbox-group">
            <input type="checkbox" id={`${id}-${o.valeur}`} name={props.nom} value={o.valeur} checked={props.coches.includes(o.valeur)} />
            <label class="fr-label" for={`${id}-${o.valeur}`}>
              {o.libelle}
            </label>
          </div>
        </div>
      ))}
      {props.erreur ? (
        <div class="fr-messages-group" id={`${id}-erreur`} aria-live="assertive">
          <p class="fr-message fr-message--error">{props.erreur}</p>
        </div>
      ) : null}
    </fieldset>
  );
}

/** A list of every field error at the top of a form, each linking to its field (RGAA 11.10). */
export function ResumeErreurs({ erreurs }: { erreurs: Record<string, string | undefined> }) {
  const entrees = Object.entries(erreurs).filter((e): e is [string, string] => Boolean(e[1]));
  if (entrees.length === 0) return null;
  return (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <h2 class="fr-alert__title">{entrees.length === 1 ? 'Le formulaire contient une erreur' : `Le formulaire contient ${entrees.length} erreurs`}</h2>
      <ul>
        {entrees.map(([champ, message]) => (
          <li>
            <a href={`#champ-${champ}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Tableau(props: { legende: string; entetes: string[]; lignes: ComponentChildren[][]; vide?: string }) {
  if (props.lignes.length === 0) return <p>{props.vide ?? 'Aucun élément.'}</p>;
  return (
    <div class="fr-table fr-table--no-caption">
      <div class="fr-table__wrapper">
        {/* A wide table scrolls sideways inside its container: focusable and named, the keyboard can scroll it too (RGAA 7.3, axe scrollable-region-focusable). */}
        <div class="fr-table__container" tabIndex={0} role="region" aria-label={props.legende}>
          <div class="fr-table__content">
            <table>
              <caption>{props.legende}</caption>
              <thead>
                <tr>
                  {props.entetes.map((e) => (
                    <th scope="col">{e}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.lignes.map((l) => (
                  <tr>
                    {l.map((c) => (
                      <td>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

/** A POST button (state changes never go through GET). */
export function BoutonAction(props: {
  action: string;
  csrf: string;
  libelle: string;
  /** Read by screen readers after the visible label (e.g. which application a short "Ajouter aux favoris" is about). */
  precision?: string;
  secondaire?: boolean;
  petit?: boolean;
  icone?: string;
  titre?: string;
  champs?: Record<string, string>;
}) {
  const classes = ['fr-btn', props.secondaire ? 'fr-btn--secondary' : '', props.petit ? 'fr-btn--sm' : '', props.icone ? `${props.icone} fr-btn--icon-left` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <form method="post" action={props.action} class="vivier-form-inline">
      <ChampCsrf jeton={props.csrf} />
      {Object.entries(props.champs ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={classes} title={props.titre}>
        {props.libelle}
        {props.precision ? <span class="fr-sr-only">{` ${props.precision}`}</span> : null}
      </button>
    </form>
  );
}
