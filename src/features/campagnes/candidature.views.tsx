import { urls } from '../../shared/urls.ts';
import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, BoutonAction, Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { Contestation, FormulairePeriode } from './candidature-formulaires.views.tsx';
import { dateHeureParis } from '../../shared/dates.ts';
import { dateFrancaise } from '../eligibilite/jours.ts';
import { libelleFonction } from '../eligibilite/explication.ts';
import type { VueEligibilite } from '../dossier/eligibilite.vue.ts';
import { LIBELLE_STATUT_CANDIDATURE, type StatutCandidature } from './candidature.machine.ts';
import { urlsCampagnes as u } from './campagnes.urls.ts';
import { derniereDeclaration, recevabilitePeriode, ResultatRecevabilite } from './recevabilite.views.tsx';
import { ID_MODALE_ANNULATION, ModaleAnnulation } from './annulation.views.tsx';

/** Deposited candidatures: the periods are examined (recevabilité), no longer edited. */
const DEPOSEES: readonly StatutCandidature[] = ['DEPOSEE', 'RECEVABLE', 'IRRECEVABLE', 'PROMU', 'NON_PROMU'];

export const MIETTES = [
  { libelle: 'Accueil', href: '/portail' },
  { libelle: NOM_IPROF, href: urls.iprof() },
];

export type VueCampagneAgent = { id: string; intitule: string; ouverture: Date; fermeture: Date; ouverte: boolean; statutCandidature: StatutCandidature | null; regime: 'A' | 'B' | 'C' };

export type VueProchaineCampagne = { intitule: string; ouverture: Date; fermeture: Date; regime: 'A' | 'B' | 'C' };

export function PageCandidater(props: { ctx: ContextePage; campagnes: VueCampagneAgent[]; prochaine: VueProchaineCampagne | null }) {
  const p = props.prochaine;
  return (
    <Page titre="Candidater" ctx={props.ctx} miettes={MIETTES}>
      <h1>Candidater</h1>
      <p>L’acte de candidature se valide ici. Affichez et vérifiez votre candidature avant de la valider.</p>
      {p ? (
        <div class="fr-callout fr-mb-4w">
          <h2 class="fr-callout__title">Prochaine campagne</h2>
          <p class="fr-callout__text">
            {p.regime === 'A'
              ? `${p.intitule} : dépôt des candidatures du ${dateHeureParis(p.ouverture).replace(/^le /, '')} au ${dateHeureParis(p.fermeture).replace(/^le /, '')}.`
              : `${p.intitule} : sans candidature, l’administration examine directement les dossiers à partir du ${dateHeureParis(p.ouverture).replace(/^le /, '')}.`}
          </p>
        </div>
      ) : null}
      <Tableau
        legende="Campagnes de votre corps"
        entetes={['Campagne', 'Dépôt des candidatures', 'Votre candidature']}
        vide="Aucune campagne n’est ouverte pour votre corps."
        lignes={props.campagnes.map((c) => [
          <a href={u.candidature(c.id)}>{c.intitule}</a>,
          c.regime !== 'A' ? 'Sans candidature (examen par l’administration)' : c.ouverte ? `Ouvert jusqu’${dateHeureParis(c.fermeture).replace(/^le/, 'au')}` : `Clos ${dateHeureParis(c.fermeture)}`,
          c.statutCandidature ? LIBELLE_STATUT_CANDIDATURE[c.statutCandidature] : 'Aucune',
        ])}
      />
    </Page>
  );
}

export type PeriodeVue = {
  id: string;
  du: string;
  au: string;
  nature: 'FONCTION' | 'EDUCATION_PRIORITAIRE';
  fonction: string | null;
  etablissement: string;
  source: 'DOSSIER' | 'AGENT';
  commentaire: string | null;
  decision: 'ACCEPTEE' | 'REJETEE' | null;
  motif: string | null;
  motif_texte: string | null;
  pieces: Array<{ id: string; nom: string }>;
};

export type VueCandidature = {
  ctx: ContextePage;
  campagne: { id: string; intitule: string; ouverture: Date; fermeture: Date; annee: number; regime: 'A' | 'B' | 'C' };
  ouverte: boolean;
  eligibilite: VueEligibilite | null;
  candidature: { statut: StatutCandidature; valideeLe: Date | null; reference: string | null } | null;
  periodes: PeriodeVue[];
  historique: Array<{ de: string | null; vers: string; evenement: string; le: Date; details?: Record<string, unknown> }>;
  fonctions: Array<{ valeur: string; libelle: string }>;
  saisie: Record<string, string>;
  erreurs: Record<string, string>;
  message: string | null;
  accuseDisponible: boolean;
  /** Regime B only. */
  contestation: { possible: boolean; fin: Date | null; existante: { statut: 'EN_ATTENTE' | 'ACCEPTEE' | 'REJETEE'; creeLe: Date; decision: string | null } | null } | null;
};

function natureDe(p: PeriodeVue): string {
  return p.nature === 'FONCTION' ? libelleFonction(p.fonction) : 'Éducation prioritaire';
}

function EtatCandidature(v: VueCandidature) {
  const c = v.candidature;
  const id = v.campagne.id;
  if (v.campagne.regime !== 'A') {
    return (
      <>
        <Alerte type="info">Cette campagne ne demande pas de candidature : l’administration examine directement les dossiers des agents promouvables.</Alerte>
        <Contestation {...v} />
      </>
    );
  }
  if (!c) {
    return v.ouverte ? (
      <div class="fr-callout fr-mb-4w">
        <h2 class="fr-callout__title">Vous n’avez pas encore commencé votre candidature</h2>
        <p class="fr-callout__text">Le dépôt est ouvert jusqu’{dateHeureParis(v.campagne.fermeture).replace(/^le/, 'au')}.</p>
        <BoutonAction action={u.commencer(id)} csrf={v.ctx.csrf} libelle="Commencer ma candidature" />
      </div>
    ) : (
      <Alerte type="info">{`Le dépôt des candidatures est clos depuis ${dateHeureParis(v.campagne.fermeture)}. Vous n’avez pas déposé de candidature.`}</Alerte>
    );
  }
  if (c.statut === 'ENREGISTREE') {
    return (
      <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
        <h2 class="fr-alert__title">Validation de votre candidature</h2>
        <p>Votre demande de candidature a bien été enregistrée{c.valideeLe ? ` ${dateHeureParis(c.valideeLe)}` : ''}.</p>
        <p>A la date de fermeture de dépôt des candidatures vous recevrez un accusé de réception de votre demande.</p>
        {v.ouverte ? (
          <>
            <p class="fr-mt-2w">
              {/* A link to a confirmation page: works without JavaScript; with it, public/modales.js opens the same question in a DSFR modal. */}
              <a class="fr-btn fr-btn--secondary" href={u.annuler(id)} data-modale={ID_MODALE_ANNULATION}>
                Annuler votre candidature
              </a>
            </p>
            <ModaleAnnulation ctx={v.ctx} campagneId={id} fermeture={v.campagne.fermeture} />
          </>
        ) : null}
      </div>
    );
  }
  if (c.statut === 'ANNULEE') {
    return (
      <Alerte type="warning" titre="Votre candidature est annulée">
        {v.ouverte ? `Vous pouvez candidater de nouveau jusqu’${dateHeureParis(v.campagne.fermeture).replace(/^le/, 'au')} : vérifiez votre fiche puis validez-la.` : 'Le dépôt est clos : cette candidature ne sera pas examinée.'}
      </Alerte>
    );
  }
  if (c.statut === 'BROUILLON') {
    return v.ouverte ? (
      <Alerte type="info" titre="Candidature en préparation, non validée">
        {`Votre saisie est enregistrée au fur et à mesure. Pour candidater, affichez votre fiche puis validez-la avant ${dateHeureParis(v.campagne.fermeture).replace(/^le /, 'le ')}.`}
      </Alerte>
    ) : (
      <Alerte type="warning">Le dépôt est clos : cette candidature, jamais validée, ne sera pas examinée.</Alerte>
    );
  }
  return (
    <>
      <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
        {/* The outcome of the examination (recevabilité, then the table) follows this box. */}
        <h2 class="fr-alert__title">Candidature déposée</h2>
        <p>Référence : {c.reference ?? '—'}.</p>
        {v.accuseDisponible ? (
          <p>
            <a class="fr-link fr-icon-download-line fr-link--icon-left" href={u.accusePdf(id)} download>
              Télécharger l’accusé de réception (PDF)
            </a>
          </p>
        ) : (
          <p>L’accusé de réception est en cours d’émission : il arrivera dans « Mes messages ».</p>
        )}
      </div>
      <ResultatRecevabilite statut={c.statut} declaration={derniereDeclaration(v.historique)} periodes={v.periodes} />
    </>
  );
}

export function PageCandidature(v: VueCandidature) {
  const id = v.campagne.id;
  const modifiable = v.ouverte && v.candidature !== null && (v.candidature.statut === 'BROUILLON' || v.candidature.statut === 'ANNULEE');
  const deposee = v.candidature !== null && DEPOSEES.includes(v.candidature.statut);
  const declaree = derniereDeclaration(v.historique) !== null;
  return (
    <Page titre={`Candidater — campagne ${v.campagne.annee}`} ctx={v.ctx} miettes={[...MIETTES, { libelle: 'Candidater', href: u.candidater() }]}>
      <h1>Candidater</h1>
      <p class="fr-text--lead">{v.campagne.intitule}</p>
      {v.message ? (
        <div data-fait>
          <Alerte type="success" petite>
            {v.message}
          </Alerte>
        </div>
      ) : null}
      <EtatCandidature {...v} />

      {v.eligibilite ? (
        <section class="fr-mb-4w" aria-labelledby="titre-eligibilite">
          <h2 id="titre-eligibilite">Votre éligibilité</h2>
          <p>
            <strong>{v.eligibilite.titre}</strong> au {v.eligibilite.dateObservation}. {v.eligibilite.constats.join(' ')}
          </p>
          {v.eligibilite.manques.length > 0 ? (
            <ul>
              {v.eligibilite.manques.map((m) => (
                <li>{m}</li>
              ))}
            </ul>
          ) : null}
          <a class="fr-link" href={`/iprof/eligibilite?annee=${v.campagne.annee}`}>
            Voir le détail, année par année
          </a>
        </section>
      ) : null}

      {v.candidature ? (
        <>
          <section class="fr-mb-4w" aria-labelledby="titre-dossier">
            <h2 id="titre-dossier">1. Vérifiez votre dossier</h2>
            <p>
              Avant de procéder à cette opération assurez-vous que votre dossier de candidature soit bien à jour. Vous pouvez compléter votre CV
              (« activités professionnelles », « qualifications et compétences ») et signaler à votre gestionnaire les erreurs de votre dossier
              administratif, pièce justificative à l’appui.
            </p>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/iprof/dossier">
              Votre dossier
            </a>
          </section>

          <section class="fr-mb-4w" aria-labelledby="titre-periodes">
            <h2 id="titre-periodes">2. Vos fonctions et missions</h2>
            {modifiable ? (
              <p>
                Les périodes issues de votre dossier administratif sont reprises ci-dessous. Ajoutez celles qui y manquent : les services académiques
                pourront vous demander les pièces justificatives des activités déclarées.
              </p>
            ) : (
              <p>Les périodes de votre candidature : celles issues de votre dossier administratif et celles que vous avez déclarées.</p>
            )}
            <Tableau
              legende="Périodes déclarées"
              entetes={['Du', 'Au', 'Nature', 'Établissement', 'Origine', 'Pièces justificatives', deposee ? 'Recevabilité' : 'Action']}
              vide="Aucune période déclarée."
              lignes={v.periodes.map((p) => [
                dateFrancaise(p.du),
                dateFrancaise(p.au),
                natureDe(p),
                p.etablissement + (p.commentaire ? ` — ${p.commentaire}` : ''),
                p.source === 'DOSSIER' ? 'Dossier administratif' : 'Déclarée par vous',
                p.pieces.length === 0 ? (
                  '—'
                ) : (
                  <ul class="vivier-app-list">
                    {p.pieces.map((x) => (
                      <li>
                        <a href={`${u.candidature(id)}/pieces/${x.id}`}>{x.nom}</a>
                      </li>
                    ))}
                  </ul>
                ),
                deposee ? (
                  recevabilitePeriode(p, declaree)
                ) : modifiable && p.source === 'AGENT' ? (
                  <BoutonAction action={u.supprimerPeriode(id, p.id)} csrf={v.ctx.csrf} libelle="Retirer" titre={`Retirer la période du ${dateFrancaise(p.du)} au ${dateFrancaise(p.au)}`} secondaire petit />
                ) : (
                  '—'
                ),
              ])}
            />
            {modifiable ? <FormulairePeriode {...v} /> : null}
          </section>

          <section class="fr-mb-4w" aria-labelledby="titre-fiche">
            <h2 id="titre-fiche">3. Génération de votre fiche de candidature</h2>
            <p>
              <a class="fr-btn" href={u.fiche(id)}>
                Afficher votre fiche de candidature
              </a>
            </p>
          </section>

          <section aria-labelledby="titre-historique">
            <h2 id="titre-historique">Historique de votre candidature</h2>
            <Tableau
              legende="Dates et états de votre candidature"
              entetes={['Date', 'État']}
              lignes={v.historique.map((h) => [dateHeureParis(h.le), LIBELLE_STATUT_CANDIDATURE[h.vers as StatutCandidature] ?? h.vers])}
            />
          </section>
        </>
      ) : null}
    </Page>
  );
}
