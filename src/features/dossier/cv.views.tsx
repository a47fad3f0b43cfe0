import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { AIDE_DATE, Alerte, BoutonAction, ChampCsrf, ChampTexte, ListeDeroulante, Page, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import type { VueOnglet } from './dossier.service.ts';
import { urlsDossier } from './dossier.urls.ts';
import { CATEGORIES_QUALIFICATION, LIBELLE_CATEGORIE, LIBELLE_NIVEAU, NIVEAUX_LANGUE, SEGMENT_RUBRIQUE, type RubriqueCv } from './cv.rules.ts';
import { dateFr, periodeFr } from './libelles.ts';

export const TITRE_RUBRIQUE: Record<RubriqueCv, string> = {
  ACTIVITE: 'Activités professionnelles',
  QUALIFICATION: 'Qualifications et compétences',
  FORMATION: 'Formations',
};
const ELEMENT: Record<RubriqueCv, string> = { ACTIVITE: 'une activité', QUALIFICATION: 'une qualification', FORMATION: 'une formation' };

type OngletCvVue = VueOnglet<'activites' | 'qualifications' | 'formations'>;
type ElementCv = OngletCvVue['cv'][number];

function quand(e: ElementCv): string {
  if (e.rubrique === 'QUALIFICATION') return e.date_debut ? `obtenue le ${dateFr(e.date_debut)}` : '';
  return e.date_debut ? periodeFr(e.date_debut, e.date_fin) : '';
}

function detail(e: ElementCv): string {
  const morceaux = [
    e.categorie ? LIBELLE_CATEGORIE[e.categorie as keyof typeof LIBELLE_CATEGORIE] ?? e.categorie : null,
    e.niveau ? `niveau ${LIBELLE_NIVEAU[e.niveau as keyof typeof LIBELLE_NIVEAU] ?? e.niveau}` : null,
    e.organisme,
    e.duree_heures ? `${e.duree_heures} h` : null,
  ];
  return morceaux.filter(Boolean).join(' — ');
}

export function OngletCv({ vue, rubrique, csrf }: { vue: OngletCvVue; rubrique: RubriqueCv; csrf: string }) {
  const elements = vue.cv;
  const agent = vue.lecture.mode === 'agent';
  return (
    <>
      {agent ? (
        <>
          <p>
            La saisie de ces données qualitatives ainsi que leur mise à jour sont laissées à votre libre appréciation. Ces informations seront consultables par
            votre gestionnaire ainsi que par les corps d’inspection.
          </p>
          <p>
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href={urlsDossier.cvNouveau(rubrique)}>
              Ajouter {ELEMENT[rubrique]}
            </a>
          </p>
        </>
      ) : null}
      <Tableau
        legende={TITRE_RUBRIQUE[rubrique]}
        entetes={agent ? ['Intitulé', 'Précisions', 'Dates', 'Description', 'Actions'] : ['Intitulé', 'Précisions', 'Dates', 'Description']}
        vide="Aucun élément n’a été saisi dans cette rubrique."
        lignes={elements.map((e) => {
          const cellules = [<strong class="fr-cell--multiline">{e.intitule}</strong>, <span class="fr-cell--multiline">{detail(e)}</span>, quand(e), <span class="fr-cell--multiline">{e.description ?? ''}</span>];
          if (!agent) return cellules;
          return [
            ...cellules,
            <span class="vivier-actions">
              <a class="fr-btn fr-btn--sm fr-btn--secondary" href={urlsDossier.cvModifier(rubrique, e.id)}>
                Modifier<span class="fr-sr-only"> « {e.intitule} »</span>
              </a>
              <BoutonAction action={urlsDossier.cvSupprimer(rubrique, e.id)} csrf={csrf} libelle="Supprimer" titre={`Supprimer « ${e.intitule} »`} secondaire petit />
            </span>,
          ];
        })}
      />
    </>
  );
}

export function PageFormulaireCv(props: { ctx: ContextePage; rubrique: RubriqueCv; id: string | null; valeurs: Record<string, string>; erreurs: Record<string, string> }) {
  const { rubrique, valeurs: v, erreurs: e } = props;
  const titre = `${props.id ? 'Modifier' : 'Ajouter'} ${ELEMENT[rubrique]}`;
  const action = props.id ? urlsDossier.cvModifier(rubrique, props.id) : urlsDossier.cvCreer(rubrique);
  const retour = urlsDossier.dossier(SEGMENT_RUBRIQUE[rubrique] as 'activites');
  return (
    <Page
      titre={`${titre} — ${TITRE_RUBRIQUE[rubrique]}`}
      ctx={props.ctx}
      miettes={[
        { libelle: 'Accueil', href: urls.portail() },
        { libelle: NOM_IPROF, href: urls.iprof() },
        { libelle: TITRE_RUBRIQUE[rubrique], href: retour },
      ]}
    >
      <h1>{titre}</h1>
      <ResumeErreurs erreurs={e} />
      <p class="fr-text--sm">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <form method="post" action={action} novalidate>
        <ChampCsrf jeton={props.ctx.csrf} />
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">{TITRE_RUBRIQUE[rubrique]}</legend>
          <div class="fr-fieldset__element">
            {rubrique === 'QUALIFICATION' ? (
              <ListeDeroulante
                nom="categorie"
                libelle="Type de qualification *"
                valeur={v.categorie}
                erreur={e.categorie}
                options={[{ valeur: '', libelle: 'Choisir un type' }, ...CATEGORIES_QUALIFICATION.map((c) => ({ valeur: c, libelle: LIBELLE_CATEGORIE[c] }))]}
              />
            ) : null}
            <ChampTexte
              nom="intitule"
              libelle="Intitulé *"
              aide={rubrique === 'QUALIFICATION' ? 'Par exemple : Master MEEF, CAFIPEMF, CAFFA, CAPPEI, Anglais' : rubrique === 'FORMATION' ? 'Par exemple : Formation de formateurs' : 'Par exemple : Coordonnateur REP+'}
              valeur={v.intitule}
              erreur={e.intitule}
              maxLength={200}
            />
            <ChampTexte
              nom="organisme"
              libelle={rubrique === 'ACTIVITE' ? 'Employeur ou établissement' : rubrique === 'FORMATION' ? 'Organisme de formation' : 'Organisme ou établissement de délivrance'}
              valeur={v.organisme}
              erreur={e.organisme}
              maxLength={200}
            />
            {rubrique === 'QUALIFICATION' ? (
              <ListeDeroulante
                nom="niveau"
                libelle="Niveau (langues seulement, cadre européen commun de référence)"
                valeur={v.niveau}
                erreur={e.niveau}
                options={[{ valeur: '', libelle: 'Sans objet' }, ...NIVEAUX_LANGUE.map((n) => ({ valeur: n, libelle: LIBELLE_NIVEAU[n] }))]}
              />
            ) : null}
            <ChampTexte
              nom="date_debut"
              type="date"
              libelle={rubrique === 'QUALIFICATION' ? 'Date d’obtention (obligatoire sauf pour une langue)' : 'Date de début *'}
              aide={AIDE_DATE}
              valeur={v.date_debut}
              erreur={e.date_debut}
            />
            {rubrique !== 'QUALIFICATION' ? (
              <ChampTexte nom="date_fin" type="date" libelle="Date de fin (vide si en cours)" aide={AIDE_DATE} valeur={v.date_fin} erreur={e.date_fin} />
            ) : null}
            {rubrique === 'FORMATION' ? <ChampTexte nom="duree_heures" libelle="Durée en heures" inputMode="numeric" valeur={v.duree_heures} erreur={e.duree_heures} maxLength={4} /> : null}
            <ZoneTexte nom="description" libelle="Description" aide="2000 caractères au plus" valeur={v.description} erreur={e.description} maxLength={2000} />
          </div>
        </fieldset>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" class="fr-btn">
              Enregistrer
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={retour}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
      {Object.keys(e).length > 0 ? (
        <Alerte type="info" petite>
          Rien n’a été enregistré : corrigez les champs signalés puis enregistrez.
        </Alerte>
      ) : null}
    </Page>
  );
}
