import type { ContextePage } from '../../shared/views/kit.tsx';
import { Alerte, ChampCsrf, Page, ResumeErreurs, Tableau, ZoneTexte } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { APPRECIATIONS, AVIS, type Appreciation, type Avis, type Vivier } from '../../carriere/vocabulaire.ts';
import type { Pagination as EtatPagination } from '../admin/admin.rules.ts';
import { Pagination } from '../admin/admin.views.tsx';
import { LIBELLE_STATUT_CAMPAGNE, type StatutCampagne } from '../campagnes/campagne.machine.ts';
import { LIBELLE_APPRECIATION, LIBELLE_AVIS, libelleNumero } from './appreciation.rules.ts';
import type { CampagneLue } from './appreciation-lecture.service.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';
import { MIETTES_IPROF } from '../../shared/views/miettes.ts';

/** The évaluateur's and the autorité's pages (DOMAIN.md §7). */

const accueil = [...MIETTES_IPROF, { libelle: 'Évaluation des agents', href: u.accueil() }];
const enExamen = (c: CampagneLue) => c.statut === 'EN_EXAMEN';
const listes = (l: readonly Vivier[]) => (l.length === 0 ? '—' : l.map((v) => `vivier ${v}`).join(' et '));

function Fermee({ c }: { c: CampagneLue }) {
  if (enExamen(c)) return null;
  return (
    <Alerte type="info" titre="Lecture seule">
      {`La campagne est « ${LIBELLE_STATUT_CAMPAGNE[c.statut as StatutCampagne]} » : les appréciations et les avis ne se modifient plus.`}
    </Alerte>
  );
}

export function PageAccueilEvaluation(props: { ctx: ContextePage; campagnes: CampagneLue[]; evaluateur: boolean; autorite: boolean; charge: boolean }) {
  return (
    <Page titre="Évaluation des agents" ctx={props.ctx} miettes={accueil.slice(0, 2)}>
      <h1>Évaluation des agents</h1>
      <p>Les campagnes de promotion en examen dont le corps est dans votre périmètre. Vous ne voyez que les agents de votre périmètre.</p>
      {props.campagnes.length === 0 ? <p>Aucune campagne n’est en examen pour votre périmètre.</p> : null}
      <div class="fr-grid-row fr-grid-row--gutters">
        {props.campagnes.map((c) => (
          <div class="fr-col-12 fr-col-md-6">
            <section class="fr-callout">
              <h2 class="fr-callout__title fr-h5">{c.intitule}</h2>
              <p class="fr-callout__text fr-text--md">{`État : ${LIBELLE_STATUT_CAMPAGNE[c.statut as StatutCampagne]}.`}</p>
              <ul class="fr-btns-group fr-btns-group--sm fr-btns-group--inline-lg fr-mt-2w">
                {props.evaluateur ? (
                  <li>
                    <a class="fr-btn fr-btn--sm" href={u.evaluateur(c.id)}>
                      {c.regime === 'C' ? 'Donner les avis' : 'Écrire les appréciations'}
                      <span class="fr-sr-only">{` — ${c.intitule}`}</span>
                    </a>
                  </li>
                ) : null}
                {props.autorite && c.regime !== 'C' ? (
                  <li>
                    <a class="fr-btn fr-btn--sm" href={u.finales(c.id)}>
                      Appréciations finales<span class="fr-sr-only">{` — ${c.intitule}`}</span>
                    </a>
                  </li>
                ) : null}
                {props.charge ? (
                  <li>
                    <a class="fr-btn fr-btn--sm fr-btn--secondary" href={u.chargement(c.id)}>
                      {c.regime === 'C' ? 'Charger avis.csv' : 'Charger appreciations.csv'}
                      <span class="fr-sr-only">{` — ${c.intitule}`}</span>
                    </a>
                  </li>
                ) : null}
              </ul>
            </section>
          </div>
        ))}
      </div>
    </Page>
  );
}

type LigneEvaluateur = { agent_id: string; nom: string; prenom: string; identifiant: string; discipline: string; listes: readonly Vivier[]; texte: string | null; avis: Avis | null };

export function PageEvaluateur(props: {
  ctx: ContextePage;
  campagne: CampagneLue;
  numero: 1 | 2 | null;
  sansAvis: string | null;
  restants: number;
  total: number;
  pagination: EtatPagination;
  lignes: LigneEvaluateur[];
  aDonner: boolean;
  message: string | null;
}) {
  const c = props.campagne;
  const regimeC = c.regime === 'C';
  const titre = regimeC ? 'Avis sur les promouvables' : 'Appréciations des agents';
  return (
    <Page titre={titre} ctx={props.ctx} miettes={accueil}>
      <h1>{titre}</h1>
      <p class="fr-text--lead">{c.intitule}</p>
      {props.message ? <Alerte type="success" petite>{props.message}</Alerte> : null}
      <Fermee c={c} />
      {props.sansAvis ? <Alerte type="warning" titre="Vous ne donnez pas d’avis dans cette campagne">{props.sansAvis}</Alerte> : null}
      {regimeC && props.numero ? <p>{`Vous donnez l’${libelleNumero(c, props.numero)} (avis n° ${props.numero}) : très favorable, favorable ou défavorable.`}</p> : null}
      <p>
        <strong>{`${props.restants} ${regimeC ? 'avis' : `appréciation${props.restants > 1 ? 's' : ''}`} à donner`}</strong>
        {` sur ${props.total} agent${props.total > 1 ? 's' : ''} de votre périmètre.`}
      </p>
      <Filtre aDonner={props.aDonner} tous={u.evaluateur(c.id)} restants={u.evaluateur(c.id, 1, true)} libelle={regimeC ? 'les avis à donner' : 'les appréciations à écrire'} />
      <Tableau
        legende={regimeC ? 'Promouvables de votre périmètre et votre avis' : 'Agents examinés de votre périmètre et votre appréciation'}
        entetes={regimeC ? ['Agent', 'Discipline', 'Votre avis', 'Action'] : ['Agent', 'Liste', 'Votre appréciation', 'Action']}
        vide="Aucun agent de votre périmètre n’est examiné dans cette campagne."
        lignes={props.lignes.map((l) => [
          `${l.nom} ${l.prenom} (${l.agent_id})`,
          regimeC ? l.discipline : listes(l.listes),
          regimeC ? (l.avis ? LIBELLE_AVIS[l.avis] : <span class="fr-badge fr-badge--warning fr-badge--sm">Avis manquant</span>) : l.texte ? resume(l.texte) : <span class="fr-badge fr-badge--warning fr-badge--sm">À écrire</span>,
          <a class="fr-link" href={u.agent(c.id, l.agent_id)}>
            {enExamen(c) ? (l.avis || l.texte ? 'Modifier' : 'Saisir') : 'Voir'}
            <span class="fr-sr-only">{` — ${l.nom} ${l.prenom}`}</span>
          </a>,
        ])}
      />
      <Pagination etat={props.pagination} lien={(p) => u.evaluateur(c.id, p, props.aDonner)} />
    </Page>
  );
}

/** Switches a list between every agent and those still to do. */
function Filtre(props: { aDonner: boolean; tous: string; restants: string; libelle: string }) {
  return (
    <p>
      {props.aDonner ? (
        <a class="fr-link fr-icon-filter-line fr-link--icon-left" href={props.tous}>
          Afficher tous les agents
        </a>
      ) : (
        <a class="fr-link fr-icon-filter-line fr-link--icon-left" href={props.restants}>
          {`Afficher seulement ${props.libelle}`}
        </a>
      )}
    </p>
  );
}

const resume = (t: string) => (t.length > 80 ? `${t.slice(0, 79)}…` : t);

export function PageFicheEvaluateur(props: {
  ctx: ContextePage;
  campagne: CampagneLue;
  fiche: { agent: { agent_id: string; nom: string; prenom: string; discipline: string }; examine: boolean; listes: readonly Vivier[]; numero: 1 | 2 | null; sansAvis: string | null };
  saisie: { texte: string; avis: string };
  erreurs: Record<string, string>;
}) {
  const { campagne: c, fiche: f } = props;
  const regimeC = c.regime === 'C';
  const nom = `${f.agent.prenom} ${f.agent.nom}`;
  const modifiable = enExamen(c) && f.examine && !f.sansAvis;
  return (
    <Page titre={`${regimeC ? 'Avis' : 'Appréciation'} — ${nom}`} ctx={props.ctx} miettes={[...accueil, { libelle: c.intitule, href: u.evaluateur(c.id) }]}>
      <h1>{`${nom} (${f.agent.agent_id})`}</h1>
      <p class="fr-text--lead">{c.intitule}</p>
      <p>{regimeC ? `Discipline : ${f.agent.discipline}.` : `Examiné au ${listes(f.listes)}.`}</p>
      <Fermee c={c} />
      {!f.examine ? <Alerte type="warning">Cet agent n’est pas examiné dans cette campagne.</Alerte> : null}
      {f.sansAvis ? <Alerte type="warning">{f.sansAvis}</Alerte> : null}
      <ResumeErreurs erreurs={props.erreurs} />
      {modifiable ? (
        <form method="post" action={u.agent(c.id, f.agent.agent_id)}>
          <ChampCsrf jeton={props.ctx.csrf} />
          {regimeC ? (
            <>
              <fieldset class={`fr-fieldset${props.erreurs.avis ? ' fr-fieldset--error' : ''}`} id="champ-avis" aria-labelledby="legende-avis">
                <legend class="fr-fieldset__legend" id="legende-avis">
                  {`Votre avis (${f.numero ? libelleNumero(c, f.numero) : ''})`}
                </legend>
                {AVIS.map((a) => (
                  <div class="fr-fieldset__element">
                    <div class="fr-radio-group">
                      <input type="radio" id={`avis-${a}`} name="avis" value={a} checked={props.saisie.avis === a} />
                      <label class="fr-label" for={`avis-${a}`}>
                        {LIBELLE_AVIS[a]}
                      </label>
                    </div>
                  </div>
                ))}
                {props.erreurs.avis ? (
                  <div class="fr-messages-group">
                    <p class="fr-message fr-message--error">{props.erreurs.avis}</p>
                  </div>
                ) : null}
              </fieldset>
              <ZoneTexte nom="texte" libelle="Commentaire (facultatif)" valeur={props.saisie.texte} erreur={props.erreurs.texte} maxLength={2000} />
            </>
          ) : (
            <ZoneTexte nom="texte" libelle="Votre appréciation" aide="Communiquée à l’autorité, qui donne l’appréciation finale." valeur={props.saisie.texte} erreur={props.erreurs.texte} maxLength={4000} />
          )}
          <button class="fr-btn" type="submit">
            Enregistrer
          </button>
        </form>
      ) : regimeC ? (
        <p>{props.saisie.avis ? `Votre avis : ${LIBELLE_AVIS[props.saisie.avis as Avis]}.` : 'Aucun avis donné.'}</p>
      ) : (
        <p>{props.saisie.texte || 'Aucune appréciation écrite.'}</p>
      )}
      <p class="fr-mt-3w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={u.evaluateur(c.id)}>
          Retour à la liste
        </a>
      </p>
    </Page>
  );
}

type LigneFinale = { agent_id: string; nom: string; prenom: string; vivier: Vivier; texte: string | null; appreciation: Appreciation | null };
export type Compteur = { vivier: Vivier; utilises: number; max: number; effectif: number; part: number };

export function PageFinales(props: {
  ctx: ContextePage;
  campagne: CampagneLue;
  compteurs: Compteur[];
  restants: number;
  total: number;
  pagination: EtatPagination;
  lignes: LigneFinale[];
  aDonner: boolean;
  message: string | null;
  erreur: string | null;
}) {
  const c = props.campagne;
  return (
    <Page titre="Appréciations finales" ctx={props.ctx} miettes={accueil}>
      <h1>Appréciations finales</h1>
      <p class="fr-text--lead">{c.intitule}</p>
      {props.erreur ? (
        <Alerte type="error" titre="Appréciation non enregistrée">
          {props.erreur}
        </Alerte>
      ) : null}
      {props.message ? <Alerte type="success" petite>{props.message}</Alerte> : null}
      <Fermee c={c} />
      <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w" id="compteurs">
        {props.compteurs.map((q) => (
          <div class="fr-col-12 fr-col-md-6">
            <div class={`fr-callout${q.utilises >= q.max ? ' fr-callout--orange-terre-battue' : ''}`}>
              <h2 class="fr-callout__title">{`Vivier ${q.vivier} : ${q.utilises} / ${q.max} « Excellent » utilisés`}</h2>
              <p class="fr-callout__text">{`Au plus ${q.part} % de la liste (${q.effectif} agent${q.effectif > 1 ? 's' : ''}), arrondi à l’entier inférieur${q.utilises >= q.max ? ' : quota atteint.' : '.'}`}</p>
            </div>
          </div>
        ))}
      </div>
      <p>
        <strong>{`${props.restants} appréciation${props.restants > 1 ? 's' : ''} finale${props.restants > 1 ? 's' : ''} à donner`}</strong>
        {` pour ${props.total} agent${props.total > 1 ? 's' : ''} de votre périmètre.`}
      </p>
      <Filtre aDonner={props.aDonner} tous={u.finales(c.id)} restants={u.finales(c.id, 1, true)} libelle="les agents sans appréciation finale" />
      <Tableau
        legende="Agents examinés et appréciation finale"
        entetes={['Agent', 'Vivier', 'Appréciation de l’évaluateur', 'Appréciation finale']}
        vide="Aucun agent de votre périmètre n’est examiné dans cette campagne."
        lignes={props.lignes.map((l) => [
          `${l.nom} ${l.prenom} (${l.agent_id})`,
          String(l.vivier),
          l.texte ?? <span class="fr-badge fr-badge--sm">Pas d’appréciation</span>,
          enExamen(c) ? (
            <form method="post" action={u.finales(c.id)} class="vivier-form-inline">
              <ChampCsrf jeton={props.ctx.csrf} />
              <input type="hidden" name="agent_id" value={l.agent_id} />
              <input type="hidden" name="vivier" value={String(l.vivier)} />
              <input type="hidden" name="page" value={String(props.pagination.page)} />
              {props.aDonner ? <input type="hidden" name="a_donner" value="1" /> : null}
              <label class="fr-label fr-sr-only" for={`finale-${l.agent_id}-${l.vivier}`}>
                {`Appréciation finale de ${l.prenom} ${l.nom}, vivier ${l.vivier}`}
              </label>
              <select class="fr-select" id={`finale-${l.agent_id}-${l.vivier}`} name="appreciation">
                <option value="" selected={l.appreciation === null} disabled>
                  Appréciation manquante
                </option>
                {APPRECIATIONS.map((a) => (
                  <option value={a} selected={l.appreciation === a}>
                    {LIBELLE_APPRECIATION[a]}
                  </option>
                ))}
              </select>
              <button class="fr-btn fr-btn--sm fr-mt-1w" type="submit">
                Enregistrer<span class="fr-sr-only">{` — ${l.prenom} ${l.nom}, vivier ${l.vivier}`}</span>
              </button>
            </form>
          ) : l.appreciation ? (
            LIBELLE_APPRECIATION[l.appreciation]
          ) : (
            <span class="fr-badge fr-badge--warning fr-badge--sm">Appréciation manquante</span>
          ),
        ])}
      />
      <Pagination etat={props.pagination} lien={(p) => u.finales(c.id, p, props.aDonner)} />
    </Page>
  );
}
