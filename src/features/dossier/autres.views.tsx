import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import { urlsDossier } from './dossier.urls.ts';
import { libelle } from './libelles.ts';
import { TexteLibre } from './signalements.views.tsx';

const MIETTES = [
  { libelle: 'Accueil', href: urls.portail() },
  { libelle: NOM_IPROF, href: urls.iprof() },
];

export function PageAgents(props: { ctx: ContextePage; q: string; erreur?: string | undefined; lignes: Array<{ agent_id: string; nom: string; prenom: string; corps: string; discipline: string }> }) {
  return (
    <Page titre="Dossiers des agents" ctx={props.ctx} miettes={MIETTES}>
      <h1>Dossiers des agents</h1>
      <p>Seuls les agents de votre périmètre sont proposés. Chaque consultation d’un dossier est enregistrée et visible par l’agent.</p>
      <form method="get" action={urlsDossier.agents()} role="search" class="fr-mb-4w">
        <div class={`fr-input-group${props.erreur ? ' fr-input-group--error' : ''}`}>
          <div class="fr-search-bar vivier-recherche" id="recherche-agents">
            <label class="fr-label" for="champ-q">
              Rechercher un agent (nom, prénom, identifiant ou numéro d’agent)
            </label>
            <input
              class={`fr-input${props.erreur ? ' fr-input--error' : ''}`}
              type="search"
              id="champ-q"
              name="q"
              value={props.q}
              maxLength={100}
              placeholder="Rechercher un agent"
              aria-describedby={props.erreur ? 'champ-q-erreur' : undefined}
            />
            <button class="fr-btn" type="submit" title="Rechercher">
              Rechercher
            </button>
          </div>
          {props.erreur ? (
            <p class="fr-error-text" id="champ-q-erreur">
              {props.erreur}
            </p>
          ) : null}
        </div>
      </form>
      <Tableau
        legende="Agents de votre périmètre"
        entetes={['Agent', 'Numéro', 'Corps', 'Discipline']}
        vide="Aucun agent de votre périmètre ne correspond à cette recherche."
        lignes={props.lignes.map((a) => [<a href={urlsDossier.agent(a.agent_id)}>{`${a.nom} ${a.prenom}`}</a>, a.agent_id, libelle.corps(a.corps), a.discipline])}
      />
      {props.lignes.length >= 100 ? <p class="fr-text--sm">Seuls les 100 premiers résultats sont affichés : précisez la recherche.</p> : null}
    </Page>
  );
}

type LigneMessage = { id: string; sujet: string; cree_le: Date; lu_le: Date | null; document_id: string | null };

export function PageMessages(props: { ctx: ContextePage; messages: LigneMessage[] }) {
  const nonLus = props.messages.filter((m) => !m.lu_le).length;
  return (
    <Page titre="Mes messages" ctx={props.ctx} miettes={MIETTES}>
      <h1>Mes messages</h1>
      <p>{nonLus === 0 ? 'Vous n’avez aucun message non lu.' : nonLus === 1 ? 'Vous avez 1 message non lu.' : `Vous avez ${nonLus} messages non lus.`}</p>
      <Tableau
        legende="Messages reçus dans I-Prof, du plus récent au plus ancien"
        entetes={['État', 'Reçu', 'Sujet']}
        vide="Votre messagerie est vide."
        lignes={props.messages.map((m) => [
          m.lu_le ? <p class="fr-badge fr-badge--sm">Lu</p> : <p class="fr-badge fr-badge--sm fr-badge--new">Non lu</p>,
          dateHeureParis(m.cree_le),
          <a href={urlsDossier.message(m.id)}>{m.lu_le ? m.sujet : <strong>{m.sujet}</strong>}</a>,
        ])}
      />
    </Page>
  );
}

const DOCUMENTS: Record<string, string> = { ACCUSE_RECEPTION: 'l’accusé de réception de votre candidature, téléchargeable depuis « Candidater »' };

export function PageMessage(props: { ctx: ContextePage; m: { sujet: string; corps: string; cree_le: Date; document_type: string | null; document_id?: string | null } }) {
  return (
    <Page titre={props.m.sujet} ctx={props.ctx} miettes={[...MIETTES, { libelle: 'Mes messages', href: urlsDossier.messages() }]}>
      <h1>{props.m.sujet}</h1>
      <p class="fr-text--sm">Reçu {dateHeureParis(props.m.cree_le)}</p>
      <TexteLibre texte={props.m.corps} />
      {props.m.document_type === 'ACCUSE_RECEPTION' && props.m.document_id ? (
        <p>
          <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/iprof/documents/${props.m.document_id}`} download>
            Télécharger l’accusé de réception (PDF)
          </a>
        </p>
      ) : props.m.document_type ? (
        <Alerte type="info" petite>
          <p>Document joint : {DOCUMENTS[props.m.document_type] ?? 'un document, disponible dans la rubrique concernée'}.</p>
        </Alerte>
      ) : null}
      <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={urlsDossier.messages()}>
        Retour à mes messages
      </a>
    </Page>
  );
}

export function PageMesDonnees(props: { ctx: ContextePage }) {
  return (
    <Page titre="Mes données" ctx={props.ctx} miettes={MIETTES}>
      <h1>Mes données</h1>
      <p>
        Conformément à la loi « informatique et libertés » du 6 janvier 1978 et au règlement général sur la protection des données, vous bénéficiez d’un droit
        d’accès et de rectification aux informations qui vous concernent.
      </p>
      <p>
        Téléchargez l’ensemble des informations que ce service détient sur vous : identité et compte, données de carrière, CV, signalements et pièces jointes
        (description), messages, consultations de votre dossier et tentatives de connexion.
      </p>
      <Alerte type="info" petite>
        <p>Pour faire corriger une donnée administrative, utilisez « Signaler une erreur » dans votre dossier.</p>
      </Alerte>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <a class="fr-btn fr-icon-download-line" href={urlsDossier.mesDonneesPdf()} download>
            Télécharger en PDF (lisible)
          </a>
        </li>
        <li>
          <a class="fr-btn fr-btn--secondary fr-icon-download-line" href={urlsDossier.mesDonneesJson()} download>
            Télécharger en JSON (réutilisable)
          </a>
        </li>
      </ul>
    </Page>
  );
}
