import { Alerte, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureCourte, dateHeureParis } from '../../shared/dates.ts';
import { MIETTES_ADMIN, PageAdmin, Pagination } from '../admin/admin.views.tsx';
import type { Pagination as EtatPagination } from '../admin/admin.rules.ts';
import type { EtatCourriel } from './courriels.rules.ts';
import type { LigneCourriel } from './courriels.service.ts';
import { urlsNotifications } from './notifications.urls.ts';

/** The outbox pages of the administration: the list, and one e-mail as it was (or will be) sent. */

const TITRE = 'Courriels envoyés et en attente';
const MIETTES = [...MIETTES_ADMIN, { libelle: TITRE, href: urlsNotifications.courriels() }];

export type EnvoiAffiche = { actif: boolean; expediteur: string | null; tentativesMax: number };

const pluriel = (n: number, mot: string) => `${n} ${mot}${n > 1 ? 's' : ''}`;

/** "envoyé le …", "en attente", "échec après n tentatives : erreur", as a sentence. */
export function libelleEtat(e: EtatCourriel): string {
  switch (e.etat) {
    case 'ENVOYE':
      return `Envoyé ${dateHeureParis(e.le)}`;
    case 'ECHEC':
      return `Échec après ${pluriel(e.tentatives, 'tentative')}${e.erreur ? ` : ${e.erreur}` : ''}`;
    case 'EN_ATTENTE':
      if (e.echecs === 0) return 'En attente';
      return `En attente : ${pluriel(e.echecs, 'échec')}${e.prochainEssai ? `, nouvel essai à partir du ${dateHeureCourte(e.prochainEssai)}` : ''}${e.erreur ? ` (dernière erreur : ${e.erreur})` : ''}`;
  }
}

function Etat(props: { etat: EtatCourriel }) {
  const badge = { ENVOYE: ['success', 'Envoyé'], EN_ATTENTE: ['info', 'En attente'], ECHEC: ['error', 'Échec'] } as const;
  const [type, libelle] = badge[props.etat.etat];
  const phrase = libelleEtat(props.etat);
  return (
    <>
      <p class={`fr-badge fr-badge--sm fr-badge--${type} fr-mb-1v`}>{libelle}</p>
      {phrase === libelle ? null : <p class="fr-text--sm fr-mb-0">{phrase}</p>}
    </>
  );
}

function Explication(props: { envoi: EnvoiAffiche }) {
  return props.envoi.actif ? (
    <p>
      Les courriels partent par le serveur SMTP configuré{props.envoi.expediteur ? `, au nom de « ${props.envoi.expediteur} »` : ''}. Un envoi refusé est réessayé plus tard, de plus en plus espacé, jusqu’à{' '}
      {pluriel(props.envoi.tentativesMax, 'tentative')} ; il reste ensuite ici en échec.
    </p>
  ) : (
    <Alerte type="info" titre="Aucun serveur d’envoi configuré">
      <p>
        Sans serveur SMTP (variable <code>SMTP_URL</code>), les courriels ne partent pas : ils restent dans cette file, où vous pouvez les lire. Ils partiront dès qu’un serveur sera
        configuré.
      </p>
    </Alerte>
  );
}

export function PageCourriels(props: { ctx: ContextePage; lignes: LigneCourriel[]; pagination: EtatPagination; envoi: EnvoiAffiche }) {
  const { pagination } = props;
  return (
    <PageAdmin titre={TITRE} ctx={props.ctx}>
      <Explication envoi={props.envoi} />
      <p>
        {pluriel(pagination.total, 'courriel')}, du plus récent au plus ancien (heure de Paris). Avis d’ouverture des campagnes et accusés de réception y sont écrits au moment
        où ils sont décidés.
      </p>
      <div class="vivier-table-texte">
        <Tableau
          legende="Courriels"
          entetes={['Date', 'Destinataire', 'Objet', 'État']}
          vide="Aucun courriel."
          lignes={props.lignes.map((l) => [
            dateHeureCourte(l.creeLe),
            l.destinataire,
            <>
              <a href={urlsNotifications.courriel(l.id)}>{l.sujet}</a>
              {l.pieceJointe ? <span class="fr-icon-attachment-line fr-icon--sm fr-ml-1v" title={`Pièce jointe : ${l.pieceJointe}`} aria-label="avec pièce jointe" role="img" /> : null}
            </>,
            <Etat etat={l.etat} />,
          ])}
        />
      </div>
      <Pagination etat={pagination} lien={(p) => urlsNotifications.courriels(p)} />
    </PageAdmin>
  );
}

export function PageCourriel(props: { ctx: ContextePage; courriel: LigneCourriel & { corps: string }; envoi: EnvoiAffiche }) {
  const c = props.courriel;
  const champs: Array<[string, string]> = [
    ...(props.envoi.expediteur ? [['De', props.envoi.expediteur] as [string, string]] : []),
    ['À', c.destinataire],
    ['Objet', c.sujet],
    ['Écrit', dateHeureParis(c.creeLe)],
    ['Pièce jointe', c.pieceJointe ?? 'aucune'],
  ];
  return (
    <PageAdmin titre={c.sujet} ctx={props.ctx} miettes={MIETTES}>
      <Etat etat={c.etat} />
      <div class="vivier-table-texte fr-mt-3w">
        <Tableau legende="En-tête du courriel" entetes={['Champ', 'Valeur']} lignes={champs.map(([k, v]) => [k, v])} />
      </div>
      <h2 class="fr-h4">Texte du courriel</h2>
      <div class="fr-highlight fr-mb-3w">
        {c.corps.split(/\r?\n/).map((ligne) => (ligne.trim() === '' ? <br /> : <p class="fr-mb-1w">{ligne}</p>))}
      </div>
      <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={urlsNotifications.courriels()}>
        Tous les courriels
      </a>
    </PageAdmin>
  );
}
