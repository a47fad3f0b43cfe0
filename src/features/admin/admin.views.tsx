import { libelleCible, libelleEvenement, lignesDetails } from './journal.libelles.ts';
import type { ComponentChildren } from 'preact';
import { Alerte, Page, Tableau, type ContextePage, type Miette } from '../../shared/views/kit.tsx';
import { dateHeureParis } from '../../shared/dates.ts';
import { urls } from '../../shared/urls.ts';
import { urlsNotifications } from '../notifications/notifications.urls.ts';
import { urlsSyndicats } from '../syndicats/syndicats.urls.ts';
import type { Pagination as EtatPagination } from './admin.rules.ts';

/** Pieces shared by every administration page, and the index and audit log pages. */

export const MIETTES_ADMIN: Miette[] = [
  { libelle: 'Accueil', href: urls.portail() },
  { libelle: 'Administration', href: urls.admin() },
];

export function PageAdmin(props: { titre: string; ctx: ContextePage; miettes?: Miette[]; message?: string | null; children: ComponentChildren }) {
  return (
    <Page titre={props.titre} ctx={props.ctx} miettes={props.miettes ?? MIETTES_ADMIN}>
      <h1>{props.titre}</h1>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      {props.children}
    </Page>
  );
}

/** DSFR pagination: first, previous, the current page among its neighbours, next, last. */
export function Pagination(props: { etat: EtatPagination; lien: (page: number) => string }) {
  const { page, pages } = props.etat;
  if (pages <= 1) return null;
  const voisines = [page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages);
  const lien = (p: number, classe: string, libelle: string, actif: boolean) => (
    <li>
      {actif ? (
        <a class={`fr-pagination__link ${classe}`} href={props.lien(p)}>
          {libelle}
        </a>
      ) : (
        <a class={`fr-pagination__link ${classe}`} aria-disabled="true" role="link">
          {libelle}
        </a>
      )}
    </li>
  );
  return (
    <nav role="navigation" class="fr-pagination fr-mt-3w" aria-label="Pagination">
      <ul class="fr-pagination__list">
        {lien(1, 'fr-pagination__link--first', 'Première page', page > 1)}
        {lien(page - 1, 'fr-pagination__link--prev fr-pagination__link--lg-label', 'Page précédente', page > 1)}
        {voisines.map((p) =>
          p === page ? (
            <li>
              <a class="fr-pagination__link" aria-current="page" title={`Page ${p}`}>
                {p}
              </a>
            </li>
          ) : (
            <li>
              <a class="fr-pagination__link" href={props.lien(p)} title={`Page ${p}`}>
                {p}
              </a>
            </li>
          ),
        )}
        {lien(page + 1, 'fr-pagination__link--next fr-pagination__link--lg-label', 'Page suivante', page < pages)}
        {lien(pages, 'fr-pagination__link--last', 'Dernière page', page < pages)}
      </ul>
    </nav>
  );
}

const SECTIONS = [
  { titre: 'Comptes', href: urls.adminComptes(), texte: 'Créer et modifier les comptes, leurs rôles et périmètres, les mots de passe, les clés de sécurité (OTP) ; déverrouiller un compte.' },
  { titre: 'Catalogue des applications', href: urls.adminCatalogue(), texte: 'Rubriques et applications du portail, et les rôles qui les voient.' },
  { titre: 'Bandeaux d’information', href: urls.adminBandeaux(), texte: 'Messages affichés sur l’accueil du portail sous « Informations importantes ».' },
  { titre: 'Syndicats et listes d’information', href: urlsSyndicats.admin(), texte: 'Élections professionnelles : les syndicats, leurs listes d’information nationales et académiques, leurs correspondants.' },
  { titre: 'Journal d’audit', href: urls.adminJournal(), texte: 'Toutes les actions d’administration, de la plus récente à la plus ancienne.' },
  { titre: 'Courriels', href: urlsNotifications.courriels(), texte: 'Les courriels envoyés aux agents ou en attente d’envoi (avis de campagne, accusés de réception), avec leurs échecs.' },
];

export function PageAdminAccueil(props: { ctx: ContextePage }) {
  return (
    <PageAdmin titre="Administration" ctx={props.ctx} miettes={[{ libelle: 'Accueil', href: urls.portail() }]}>
      <div class="fr-grid-row fr-grid-row--gutters">
        {SECTIONS.map((s) => (
          <div class="fr-col-12 fr-col-md-6">
            <div class="fr-card fr-enlarge-link">
              <div class="fr-card__body">
                <div class="fr-card__content">
                  <h2 class="fr-card__title">
                    <a href={s.href}>{s.titre}</a>
                  </h2>
                  <p class="fr-card__desc">{s.texte}</p>
                </div>
              </div>
            </div>
          </div>
        ))}
      </div>
    </PageAdmin>
  );
}

export type LigneJournal = { id: string; le: Date; acteur: string | null; action: string; cible: string | null; details: Record<string, unknown> };

export function PageJournal(props: { ctx: ContextePage; lignes: LigneJournal[]; pagination: EtatPagination }) {
  return (
    <PageAdmin titre="Journal d’audit" ctx={props.ctx}>
      <p>
        {props.pagination.total} action{props.pagination.total > 1 ? 's' : ''} enregistrée{props.pagination.total > 1 ? 's' : ''}, de la plus récente à la plus
        ancienne (heure de Paris).
      </p>
      <Tableau
        legende="Journal d’audit"
        entetes={['Date', 'Auteur', 'Événement', 'Concerne', 'Détails']}
        vide="Aucune action enregistrée."
        lignes={props.lignes.map((l) => [
          dateHeureParis(l.le),
          l.acteur ?? '—',
          libelleEvenement(l.action),
          libelleCible(l.cible),
          Object.keys(l.details).length > 0 ? (
            <ul class="fr-my-0 vivier-app-list">
              {lignesDetails(l.details).map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          ) : (
            '—'
          ),
        ])}
      />
      <Pagination etat={props.pagination} lien={(p) => urls.adminJournal(p)} />
    </PageAdmin>
  );
}
