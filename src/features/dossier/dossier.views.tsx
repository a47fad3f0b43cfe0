import { NOM_IPROF } from '../../shared/views/miettes.ts';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { Alerte, Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import type { Dossier, VueOnglet } from './dossier.service.ts';
import { urlsDossier, type CibleSignalee, type Onglet } from './dossier.urls.ts';
import { dateFr, libelle, periodeFr } from './libelles.ts';
import { CHAMPS_IDENTITE, type ChampIdentite } from './signalements.rules.ts';

export const LIBELLE_ONGLET: Record<Onglet, string> = {
  identite: 'Identité',
  situation: 'Situation administrative',
  affectations: 'Historique d’affectation',
  fonctions: 'Fonctions et missions',
  activites: 'Activités professionnelles',
  qualifications: 'Qualifications et compétences',
  formations: 'Formations',
  signalements: 'Signalements et corrections',
  consultations: 'Qui a consulté mon dossier',
};

const GROUPES: Array<{ titre: string; onglets: Onglet[] }> = [
  { titre: 'Dossier administratif', onglets: ['identite', 'situation', 'affectations', 'fonctions'] },
  { titre: 'Mon CV', onglets: ['activites', 'qualifications', 'formations'] },
  { titre: 'Suivi', onglets: ['signalements', 'consultations'] },
];

/** Builds the address of a tab for the current reader: the agent's own pages or the staff read-only view. */
export function adresseOnglet(vue: Dossier, onglet: Onglet): string {
  return vue.lecture.mode === 'agent' ? urlsDossier.dossier(onglet) : urlsDossier.agent(vue.agent.agent_id, onglet);
}

/** Tabs as a side menu of plain links: each tab is its own page, reloadable and bookmarkable, no script needed. */
function MenuOnglets({ vue, courant }: { vue: Dossier; courant: Onglet }) {
  if (vue.lecture.mode === 'agent') {
    let html = MENUS_AGENT.get(courant);
    if (html === undefined) MENUS_AGENT.set(courant, (html = render(<ListesOnglets vue={vue} courant={courant} />)));
    return <nav class="fr-sidemenu" aria-labelledby="titre-menu-dossier" dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return (
    <nav class="fr-sidemenu" aria-labelledby="titre-menu-dossier">
      <ListesOnglets vue={vue} courant={courant} />
    </nav>
  );
}

// The agent's menu holds nothing of the agent (its links are /iprof/dossier/…): rendered once per tab, then reused
// as it is. It was a third of the rendering time of a page.
const MENUS_AGENT = new Map<Onglet, string>();

function ListesOnglets({ vue, courant }: { vue: Dossier; courant: Onglet }) {
  return (
    <div class="fr-sidemenu__inner">
      <p class="fr-sidemenu__title" id="titre-menu-dossier">
        Onglets du dossier
      </p>
      {GROUPES.map((g) => {
        const onglets = g.onglets.filter((o) => vue.lecture.mode === 'agent' || o !== 'consultations');
        return (
          <>
            <p class="fr-text--sm fr-text--bold fr-mb-1w fr-mt-2w">{g.titre}</p>
            <ul class="fr-sidemenu__list">
              {onglets.map((o) => (
                <li class={`fr-sidemenu__item${o === courant ? ' fr-sidemenu__item--active' : ''}`}>
                  <a class="fr-sidemenu__link" href={adresseOnglet(vue, o)} aria-current={o === courant ? 'page' : undefined}>
                    {LIBELLE_ONGLET[o]}
                  </a>
                </li>
              ))}
            </ul>
          </>
        );
      })}
    </div>
  );
}

export function nomAgent(a: Dossier['agent']): string {
  return `${a.civilite} ${a.prenom} ${a.nom}`;
}

export function CadreDossier(props: { ctx: ContextePage; vue: Dossier; onglet: Onglet; message?: string | null; children: ComponentChildren }) {
  const { vue, onglet } = props;
  const agent = vue.lecture.mode === 'agent';
  const titre = agent ? `Votre dossier — ${LIBELLE_ONGLET[onglet]}` : `Dossier de ${nomAgent(vue.agent)} — ${LIBELLE_ONGLET[onglet]}`;
  const miettes = agent
    ? [{ libelle: 'Accueil', href: urls.portail() }, { libelle: NOM_IPROF, href: urls.iprof() }]
    : [{ libelle: 'Accueil', href: urls.portail() }, { libelle: NOM_IPROF, href: urls.iprof() }, { libelle: 'Dossiers des agents', href: urlsDossier.agents() }];
  return (
    <Page titre={titre} ctx={props.ctx} miettes={miettes}>
      <h1>{agent ? 'Votre dossier' : `Dossier de ${nomAgent(vue.agent)}`}</h1>
      {vue.lecture.mode === 'agent' ? null : (
        <Alerte type="info" petite>
          <p>Consultation en lecture seule ({libelle.role(vue.lecture.role)}). Cette consultation est enregistrée et visible par l’agent.</p>
        </Alerte>
      )}
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-3">
          <MenuOnglets vue={vue} courant={onglet} />
        </div>
        <div class="fr-col-12 fr-col-md-9">
          <h2>{LIBELLE_ONGLET[onglet]}</h2>
          {props.children}
        </div>
      </div>
    </Page>
  );
}

/** "Signaler une erreur" on an administrative item: only the agent reports, on their own dossier. */
export function LienSignaler({ vue, cible, id, quoi }: { vue: Dossier; cible: CibleSignalee; id: string; quoi: string }) {
  if (vue.lecture.mode !== 'agent') return null;
  return (
    <a class="fr-link fr-link--sm fr-icon-error-warning-line fr-link--icon-left" href={urlsDossier.signaler(cible, id)}>
      Signaler une erreur<span class="fr-sr-only"> : {quoi}</span>
    </a>
  );
}

/** The "Action" column exists only for the agent: staff read the dossier without reporting. */
export function colonneAction(vue: Dossier): string[] {
  return vue.lecture.mode === 'agent' ? ['Action'] : [];
}
export function actionSignaler(vue: Dossier, lien: ComponentChildren): ComponentChildren[] {
  return vue.lecture.mode === 'agent' ? [lien] : [];
}

export function OngletIdentite({ vue }: { vue: Dossier }) {
  const a = vue.agent;
  const valeur = (c: ChampIdentite): string => (c === 'date_naissance' || c === 'date_entree_corps' ? dateFr(a[c]) : c === 'corps' ? `${libelle.corps(a.corps)} (${a.corps})` : String(a[c]));
  return (
    <>
      <p>
        Identifiant : <strong>{a.identifiant}</strong> — numéro d’agent : <strong>{a.agent_id}</strong>
      </p>
      <Tableau
        legende="Identité de l’agent"
        entetes={['Rubrique', 'Valeur', ...colonneAction(vue)]}
        lignes={(Object.keys(CHAMPS_IDENTITE) as ChampIdentite[]).map((c) => [CHAMPS_IDENTITE[c], valeur(c), ...actionSignaler(vue, <LienSignaler vue={vue} cible="identite" id={c} quoi={CHAMPS_IDENTITE[c]} />)])}
      />
      <p class="fr-text--sm">
        {vue.lecture.mode === 'agent'
          ? 'L’adresse électronique de ce dossier fait foi : c’est celle de votre compte du portail, à laquelle Vivier et vos abonnements écrivent. Si elle est fausse, signalez l’erreur.'
          : 'L’adresse électronique de ce dossier fait foi : l’import des données RH la recopie dans le compte de l’agent.'}
      </p>
    </>
  );
}

export function OngletSituation({ vue }: { vue: VueOnglet<'situation'> }) {
  const s = vue.situation;
  return (
    <>
      <h3 class="fr-h5">Situation au {dateFr(vue.jour)}</h3>
      <ul>
        <li>
          Corps : <strong>{libelle.corps(vue.agent.corps)}</strong> depuis le {dateFr(vue.agent.date_entree_corps)}
        </li>
        <li>
          Discipline : <strong>{vue.agent.discipline}</strong>
        </li>
        <li>
          Grade : <strong>{s.grade ? libelle.grade(s.grade) : 'non renseigné'}</strong>
          {s.dateGrade ? ` depuis le ${dateFr(s.dateGrade)}` : ''}
        </li>
        <li>
          Échelon : <strong>{s.echelon ?? 'non renseigné'}</strong>
          {s.dateEchelon ? ` depuis le ${dateFr(s.dateEchelon)}` : ''}
        </li>
        <li>
          Position : <strong>{libelle.position(s.position)}</strong>
          {s.datePosition ? ` depuis le ${dateFr(s.datePosition)}` : ''}
        </li>
      </ul>
      <h3 class="fr-h5">Historique de carrière</h3>
      <Tableau
        legende="Historique de carrière : grade et échelon par date d’effet"
        entetes={['Date d’effet', 'Grade', 'Échelon', ...colonneAction(vue)]}
        vide="Aucune ligne de carrière n’est enregistrée."
        lignes={vue.carrieres.map((c) => [
          dateFr(c.date_effet),
          libelle.grade(c.grade),
          String(c.echelon),
          ...actionSignaler(vue, <LienSignaler vue={vue} cible="carriere" id={c.id} quoi={`carrière au ${dateFr(c.date_effet)}`} />),
        ])}
      />
      <h3 class="fr-h5">Historique des positions</h3>
      <Tableau
        legende="Historique des positions administratives"
        entetes={['Période', 'Position', ...colonneAction(vue)]}
        vide="Aucune position particulière n’est enregistrée : vous êtes en activité."
        lignes={vue.positions.map((p) => [
          periodeFr(p.date_debut, p.date_fin),
          libelle.position(p.position),
          ...actionSignaler(vue, <LienSignaler vue={vue} cible="position" id={p.id} quoi={`position ${periodeFr(p.date_debut, p.date_fin)}`} />),
        ])}
      />
    </>
  );
}

const PAGES_HORS_ONGLETS: Record<string, string> = {
  signalement: 'Un signalement d’erreur',
  piece: 'Une pièce justificative',
  contestation: 'Une contestation',
  'piece-contestation': 'Une pièce d’une contestation',
  candidature: 'Une candidature',
  'piece-candidature': 'Une pièce d’une candidature',
};
function libellePage(page: string): string {
  return LIBELLE_ONGLET[page as Onglet] ?? PAGES_HORS_ONGLETS[page] ?? page;
}

export function OngletConsultations({ vue }: { vue: VueOnglet<'consultations'> }) {
  return (
    <>
      <p>
        Votre dossier est consultable par votre gestionnaire ainsi que par les corps d’inspection et l’autorité, dans la limite de leur périmètre. Chaque
        consultation est enregistrée ci-dessous.
      </p>
      <Tableau
        legende="Consultations de votre dossier par les personnels"
        entetes={['Date', 'Qui', 'Rôle', 'Page consultée']}
        vide="Personne n’a encore consulté votre dossier."
        lignes={vue.consultations.map((c) => [dateHeureParis(c.le), c.nom_affiche, libelle.role(c.role), libellePage(c.page)])}
      />
    </>
  );
}
