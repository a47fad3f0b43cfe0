import { Alerte, BoutonAction, ChampCsrf, ChampTexte, ListeDeroulante, Page, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureParis } from '../../shared/dates.ts';
import { dateFrancaise } from '../eligibilite/jours.ts';
import { LIBELLE_FONCTION } from '../eligibilite/explication.ts';
import type { VueEligibilite } from '../dossier/eligibilite.vue.ts';
import type { Fonction } from '../import/vocabulaire.ts';
import { LIBELLE_STATUT_CANDIDATURE, type StatutCandidature } from './candidature.machine.ts';
import { urlsCampagnes as u } from './campagnes.urls.ts';

const MIETTES = [
  { libelle: 'Accueil', href: '/portail' },
  { libelle: 'I-Prof', href: '/iprof' },
];

export type VueCampagneAgent = { id: string; intitule: string; ouverture: Date; fermeture: Date; ouverte: boolean; statutCandidature: StatutCandidature | null; regime: 'A' | 'B' | 'C' };

export function PageCandidater(props: { ctx: ContextePage; campagnes: VueCampagneAgent[] }) {
  return (
    <Page titre="Candidater" ctx={props.ctx} miettes={MIETTES}>
      <h1>Candidater</h1>
      <p>L’acte de candidature se valide ici. Affichez et vérifiez votre candidature avant de la valider.</p>
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
  pieces: Array<{ id: string; nom: string }>;
};

export type VueCandidature = {
  ctx: ContextePage;
  campagne: { id: string; intitule: string; ouverture: Date; fermeture: Date; annee: number; regime: 'A' | 'B' | 'C' };
  ouverte: boolean;
  eligibilite: VueEligibilite | null;
  candidature: { statut: StatutCandidature; valideeLe: Date | null; reference: string | null } | null;
  periodes: PeriodeVue[];
  historique: Array<{ de: string | null; vers: string; le: Date }>;
  fonctions: Array<{ valeur: string; libelle: string }>;
  saisie: Record<string, string>;
  erreurs: Record<string, string>;
  message: string | null;
  accuseDisponible: boolean;
  /** Regime B only. */
  contestation: { possible: boolean; fin: Date | null; existante: { statut: 'EN_ATTENTE' | 'ACCEPTEE' | 'REJETEE'; creeLe: Date; decision: string | null } | null } | null;
};

const LIBELLE_CONTESTATION = { EN_ATTENTE: 'en attente de décision', ACCEPTEE: 'acceptée', REJETEE: 'rejetée' } as const;

function Contestation(v: VueCandidature) {
  const c = v.contestation;
  if (!c) return null;
  if (c.existante) {
    return (
      <Alerte type={c.existante.statut === 'REJETEE' ? 'warning' : 'info'} titre={`Votre contestation est ${LIBELLE_CONTESTATION[c.existante.statut]}`}>
        {`Déposée ${dateHeureParis(c.existante.creeLe)}.${c.existante.decision ? ` Motif de la décision : ${c.existante.decision}` : ''}`}
      </Alerte>
    );
  }
  if (!c.possible) return <p>{c.fin ? `Le délai de contestation a pris fin ${dateHeureParis(c.fin)}.` : ''}</p>;
  return (
    <form method="post" action={u.contester(v.campagne.id)} enctype="multipart/form-data" class="fr-mb-4w" data-brouillon="contestation" novalidate>
      <fieldset class="fr-fieldset" aria-labelledby="legende-contester">
        <legend class="fr-fieldset__legend" id="legende-contester">
          {`Contester ce constat (jusqu’${c.fin ? dateHeureParis(c.fin).replace(/^le/, 'au') : ''})`}
        </legend>
        <div class="fr-fieldset__element">
          <ResumeErreurs erreurs={v.erreurs} />
        </div>
        <ChampCsrf jeton={v.ctx.csrf} />
        <div class="fr-fieldset__element">
          <ZoneTexte nom="message" libelle="Ce que vous contestez et pourquoi" valeur={v.saisie.message} erreur={v.erreurs.message} maxLength={4000} />
        </div>
        <div class="fr-fieldset__element">
          <div class={`fr-upload-group${v.erreurs.pieces ? ' fr-upload-group--error' : ''}`}>
            <label class="fr-label" for="champ-pieces">
              Pièces justificatives
              <span class="fr-hint-text">PDF, JPEG ou PNG, 10 Mo au plus par fichier, 5 fichiers au plus.</span>
            </label>
            <input class="fr-upload" type="file" id="champ-pieces" name="pieces" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
            {v.erreurs.pieces ? <p class="fr-error-text">{v.erreurs.pieces}</p> : null}
          </div>
        </div>
        <div class="fr-fieldset__element">
          <button type="submit" class="fr-btn">
            Envoyer ma contestation
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function natureDe(p: PeriodeVue): string {
  return p.nature === 'FONCTION' ? `Fonction : ${LIBELLE_FONCTION[p.fonction as Fonction] ?? p.fonction}` : 'Éducation prioritaire';
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
          <p class="fr-mt-2w">
            <BoutonAction action={u.annuler(id)} csrf={v.ctx.csrf} libelle="Annuler votre candidature" secondaire />
          </p>
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
    <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
      <h2 class="fr-alert__title">{`Candidature ${LIBELLE_STATUT_CANDIDATURE[c.statut].toLowerCase()}`}</h2>
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
  );
}

export function PageCandidature(v: VueCandidature) {
  const id = v.campagne.id;
  const modifiable = v.ouverte && v.candidature !== null && (v.candidature.statut === 'BROUILLON' || v.candidature.statut === 'ANNULEE');
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
            <p>
              Les périodes issues de votre dossier administratif sont reprises ci-dessous. Ajoutez celles qui y manquent : les services académiques
              pourront vous demander les pièces justificatives des activités déclarées.
            </p>
            <Tableau
              legende="Périodes déclarées"
              entetes={['Du', 'Au', 'Nature', 'Établissement', 'Origine', 'Pièces justificatives', 'Action']}
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
                modifiable && p.source === 'AGENT' ? (
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

function FormulairePeriode(v: VueCandidature) {
  const s = v.saisie;
  return (
    <form method="post" action={u.periodes(v.campagne.id)} class="fr-mt-3w" enctype="multipart/form-data" data-brouillon="periode" novalidate>
      <fieldset class="fr-fieldset" aria-labelledby="legende-periode">
        <legend class="fr-fieldset__legend" id="legende-periode">
          Ajouter une période
        </legend>
        <div class="fr-fieldset__element">
          <ResumeErreurs erreurs={v.erreurs} />
        </div>
        <ChampCsrf jeton={v.ctx.csrf} />
        <div class="fr-fieldset__element fr-fieldset__element--inline">
          <ChampTexte nom="du" libelle="Du" type="date" valeur={s.du} erreur={v.erreurs.du} />
        </div>
        <div class="fr-fieldset__element fr-fieldset__element--inline">
          <ChampTexte nom="au" libelle="Au" type="date" valeur={s.au} erreur={v.erreurs.au} />
        </div>
        <div class="fr-fieldset__element">
          <ListeDeroulante
            nom="nature"
            libelle="Nature"
            valeur={s.nature}
            erreur={v.erreurs.nature}
            options={[
              { valeur: 'FONCTION', libelle: 'Fonction ou mission particulière' },
              { valeur: 'EDUCATION_PRIORITAIRE', libelle: 'Affectation en éducation prioritaire' },
            ]}
          />
        </div>
        <div class="fr-fieldset__element">
          <ListeDeroulante nom="fonction" libelle="Fonction (pour une fonction ou mission)" valeur={s.fonction} erreur={v.erreurs.fonction} options={[{ valeur: '', libelle: '—' }, ...v.fonctions]} />
        </div>
        <div class="fr-fieldset__element">
          <ChampTexte nom="etablissement" libelle="Établissement ou service" valeur={s.etablissement} erreur={v.erreurs.etablissement} maxLength={200} />
        </div>
        <div class="fr-fieldset__element">
          <ZoneTexte nom="commentaire" libelle="Précisions (facultatif)" valeur={s.commentaire} erreur={v.erreurs.commentaire} maxLength={1000} />
        </div>
        <div class="fr-fieldset__element">
          <div class={`fr-upload-group${v.erreurs.pieces ? ' fr-upload-group--error' : ''}`}>
            <label class="fr-label" for="champ-pieces">
              Pièces justificatives (facultatif)
              <span class="fr-hint-text">PDF, JPEG ou PNG, 10 Mo au plus par fichier, 5 fichiers au plus.</span>
            </label>
            <input class="fr-upload" type="file" id="champ-pieces" name="pieces" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby={v.erreurs.pieces ? 'champ-pieces-erreur' : undefined} />
            {v.erreurs.pieces ? (
              <p class="fr-error-text" id="champ-pieces-erreur">
                {v.erreurs.pieces}
              </p>
            ) : null}
          </div>
        </div>
        <div class="fr-fieldset__element">
          <button type="submit" class="fr-btn fr-btn--secondary">
            Ajouter la période
          </button>
        </div>
      </fieldset>
    </form>
  );
}

export function PageFiche(props: {
  ctx: ContextePage;
  campagneId: string;
  annee: number;
  intitule: string;
  identite: { civilite: string; nom: string; prenom: string; dateNaissance: string; discipline: string; situation: string | null };
  resume: string[];
  periodes: Array<{ du: string; au: string; nature: string; etablissement: string; source: string }>;
  statut: string;
  peutValider: boolean;
}) {
  const id = props.campagneId;
  return (
    <Page
      titre={`Fiche de candidature — campagne ${props.annee}`}
      ctx={props.ctx}
      miettes={[...MIETTES, { libelle: 'Candidater', href: u.candidater() }, { libelle: `Campagne ${props.annee}`, href: u.candidature(id) }]}
    >
      <h1>Fiche de candidature</h1>
      <p class="fr-text--lead">{props.intitule}</p>
      <p>Affichez et vérifiez votre candidature avant de la valider. État actuel : {props.statut}.</p>
      <h2>Identité</h2>
      <p>
        {props.identite.civilite} {props.identite.prenom} {props.identite.nom}, né(e) le {dateFrancaise(props.identite.dateNaissance)} — {props.identite.discipline}
        <br />
        {props.identite.situation ?? ''}
      </p>
      <h2>Éligibilité</h2>
      <ul>
        {props.resume.map((r) => (
          <li>{r}</li>
        ))}
      </ul>
      <h2>Fonctions et missions déclarées</h2>
      <Tableau
        legende="Fonctions et missions déclarées"
        entetes={['Du', 'Au', 'Nature', 'Établissement', 'Origine']}
        vide="Aucune période déclarée."
        lignes={props.periodes.map((p) => [dateFrancaise(p.du), dateFrancaise(p.au), p.nature, p.etablissement, p.source])}
      />
      <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
        {props.peutValider ? (
          <li>
            <BoutonAction action={u.valider(id)} csrf={props.ctx.csrf} libelle="Valider votre candidature" />
          </li>
        ) : null}
        <li>
          <a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href={u.fichePdf(id)} download>
            Télécharger la fiche (PDF)
          </a>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href={u.candidature(id)}>
            Retour à la candidature
          </a>
        </li>
      </ul>
    </Page>
  );
}
