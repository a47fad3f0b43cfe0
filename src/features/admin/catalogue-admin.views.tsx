import { BoutonAction, ChampCsrf, ChampTexte, ListeDeroulante, ResumeErreurs, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { LIBELLE_ROLE, ROLES } from '../../shared/roles.ts';
import { urls } from '../../shared/urls.ts';
import { MIETTES_ADMIN, PageAdmin } from './admin.views.tsx';
import { saisieCase, saisieListe, saisieTexte } from './admin.schemas.ts';
import type { ApplicationAdmin } from './catalogue-admin.repository.ts';
import { GroupeCases, libelleRoles } from './comptes.views.tsx';

/** The catalogue administration pages: rubrics and application entries. */

const MIETTES_CATALOGUE = [...MIETTES_ADMIN, { libelle: 'Catalogue', href: urls.adminCatalogue() }];

type Rubrique = { id: string; libelle: string; ordre: number; applications: number };
type LigneApplication = { id: string; rubrique_id: string; groupe: string; libelle: string; url: string; interne: boolean; roles: string[]; ordre: number; actif: boolean };

export type SaisieRubrique = { libelle: string; ordre: string };

export function saisieRubriqueDuCorps(corps: unknown): SaisieRubrique {
  return { libelle: saisieTexte(corps, 'libelle'), ordre: saisieTexte(corps, 'ordre') };
}

export function PageCatalogue(props: {
  ctx: ContextePage;
  rubriques: Rubrique[];
  applications: LigneApplication[];
  saisieRubrique: SaisieRubrique;
  erreursRubrique: Record<string, string>;
  message: string | null;
}) {
  const { ctx, rubriques, erreursRubrique } = props;
  const nomRubrique = new Map(rubriques.map((r) => [r.id, r.libelle]));
  return (
    <PageAdmin titre="Catalogue des applications" ctx={ctx} message={props.message}>
      <h2>Rubriques</h2>
      <Tableau
        legende="Rubriques"
        entetes={['Ordre', 'Libellé', 'Applications', 'Action']}
        vide="Aucune rubrique."
        lignes={rubriques.map((r) => [String(r.ordre), r.libelle, String(r.applications), <a href={urls.adminRubrique(r.id)}>Modifier « {r.libelle} »</a>])}
      />
      <h3 class="fr-h5">Ajouter une rubrique</h3>
      <ResumeErreurs erreurs={erreursRubrique} />
      <form method="post" action={urls.adminRubriqueNouvelle()} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ChampTexte nom="libelle" libelle="Libellé" valeur={props.saisieRubrique.libelle} erreur={erreursRubrique.libelle} maxLength={100} requis />
        <ChampTexte nom="ordre" libelle="Ordre" aide="Les rubriques s’affichent par ordre croissant" type="number" valeur={props.saisieRubrique.ordre} erreur={erreursRubrique.ordre} inputMode="numeric" />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Ajouter la rubrique
        </button>
      </form>

      <h2 class="fr-mt-6w">Applications</h2>
      <a class="fr-btn fr-icon-add-line fr-btn--icon-left fr-mb-3w" href={urls.adminApplicationNouvelle()}>
        Ajouter une application
      </a>
      <Tableau
        legende="Applications"
        entetes={['Rubrique', 'Groupe', 'Libellé', 'Adresse', 'Rôles', 'Ordre', 'État']}
        vide="Aucune application."
        lignes={props.applications.map((a) => [
          nomRubrique.get(a.rubrique_id) ?? '—',
          a.groupe,
          <a href={urls.adminApplication(a.id)}>{a.libelle}</a>,
          <code>{a.url}</code>,
          libelleRoles(a.roles),
          String(a.ordre),
          a.actif ? 'Active' : 'Masquée',
        ])}
      />
    </PageAdmin>
  );
}

export function PageRubrique(props: { ctx: ContextePage; id: string; libelleActuel: string; applications: number; saisie: SaisieRubrique; erreurs: Record<string, string> }) {
  const { ctx, saisie, erreurs } = props;
  return (
    <PageAdmin titre={`Rubrique « ${props.libelleActuel} »`} ctx={ctx} miettes={MIETTES_CATALOGUE}>
      <ResumeErreurs erreurs={erreurs} />
      <form method="post" action={urls.adminRubrique(props.id)} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ChampTexte nom="libelle" libelle="Libellé" valeur={saisie.libelle} erreur={erreurs.libelle} maxLength={100} requis />
        <ChampTexte nom="ordre" libelle="Ordre" aide="Les rubriques s’affichent par ordre croissant" type="number" valeur={saisie.ordre} erreur={erreurs.ordre} inputMode="numeric" />
        <button type="submit" class="fr-btn">
          Enregistrer
        </button>
      </form>
      <h2 class="fr-mt-6w">Supprimer la rubrique</h2>
      {props.applications > 0 ? (
        <p>
          Cette rubrique contient {props.applications} application{props.applications > 1 ? 's' : ''} : déplacez-les ou supprimez-les avant de supprimer la
          rubrique.
        </p>
      ) : (
        <BoutonAction action={urls.adminRubriqueSupprimer(props.id)} csrf={ctx.csrf} libelle="Supprimer la rubrique" secondaire icone="fr-icon-delete-line" />
      )}
    </PageAdmin>
  );
}

export type SaisieApplication = {
  rubrique_id: string;
  groupe: string;
  libelle: string;
  description: string;
  url: string;
  interne: boolean;
  roles: string[];
  ordre: string;
  actif: boolean;
};

export function saisieApplicationDuCorps(corps: unknown): SaisieApplication {
  const t = (c: string) => saisieTexte(corps, c);
  return {
    rubrique_id: t('rubrique_id'),
    groupe: t('groupe'),
    libelle: t('libelle'),
    description: t('description'),
    url: t('url'),
    interne: saisieCase(corps, 'interne'),
    roles: saisieListe(corps, 'roles'),
    ordre: t('ordre'),
    actif: saisieCase(corps, 'actif'),
  };
}

export function saisieApplicationDe(a: ApplicationAdmin): SaisieApplication {
  return { ...a, description: a.description ?? '', ordre: String(a.ordre) };
}

export function PageApplication(props: { ctx: ContextePage; id: string | null; rubriques: Array<{ id: string; libelle: string }>; saisie: SaisieApplication; erreurs: Record<string, string> }) {
  const { ctx, saisie, erreurs, id } = props;
  return (
    <PageAdmin titre={id ? `Application « ${saisie.libelle} »` : 'Ajouter une application'} ctx={ctx} miettes={MIETTES_CATALOGUE}>
      <ResumeErreurs erreurs={erreurs} />
      <form method="post" action={id ? urls.adminApplication(id) : urls.adminApplicationNouvelle()} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ListeDeroulante
          nom="rubrique_id"
          libelle="Rubrique"
          options={[{ valeur: '', libelle: 'Choisissez une rubrique' }, ...props.rubriques.map((r) => ({ valeur: r.id, libelle: r.libelle }))]}
          valeur={saisie.rubrique_id}
          erreur={erreurs.rubrique_id}
        />
        <ChampTexte nom="groupe" libelle="Groupe" aide="Intitulé sous lequel l’application est rangée dans sa rubrique (exemple : I-Prof Assistant Carrière)" valeur={saisie.groupe} erreur={erreurs.groupe} maxLength={150} requis />
        <ChampTexte nom="libelle" libelle="Libellé" valeur={saisie.libelle} erreur={erreurs.libelle} maxLength={150} requis />
        <ChampTexte nom="description" libelle="Description (facultative)" valeur={saisie.description} erreur={erreurs.description} maxLength={500} />
        <ChampTexte nom="url" libelle="Adresse" aide="Une adresse https://… ou un chemin de ce portail commençant par « / » (exemple : /iprof)" valeur={saisie.url} erreur={erreurs.url} maxLength={500} requis />
        <GroupeCases nom="interne" legende="Type" options={[{ valeur: 'on', libelle: 'Application interne (s’ouvre dans la même fenêtre)' }]} coches={saisie.interne ? ['on'] : []} erreur={erreurs.interne} />
        <GroupeCases nom="roles" legende="Rôles qui voient l’application" options={ROLES.map((r) => ({ valeur: r, libelle: LIBELLE_ROLE[r] }))} coches={saisie.roles} erreur={erreurs.roles} />
        <ChampTexte nom="ordre" libelle="Ordre" aide="Les applications s’affichent par ordre croissant dans leur rubrique" type="number" valeur={saisie.ordre} erreur={erreurs.ordre} inputMode="numeric" />
        <GroupeCases nom="actif" legende="Affichage" options={[{ valeur: 'on', libelle: 'Application active (affichée dans le portail)' }]} coches={saisie.actif ? ['on'] : []} erreur={erreurs.actif} />
        <button type="submit" class="fr-btn">
          {id ? 'Enregistrer' : 'Ajouter l’application'}
        </button>
      </form>
      {id ? (
        <>
          <h2 class="fr-mt-6w">Supprimer l’application</h2>
          <p>La suppression retire aussi l’application des favoris des utilisateurs. Pour la masquer seulement, décochez « Application active ».</p>
          <BoutonAction action={urls.adminApplicationSupprimer(id)} csrf={ctx.csrf} libelle="Supprimer l’application" secondaire icone="fr-icon-delete-line" />
        </>
      ) : null}
    </PageAdmin>
  );
}
