import { AIDE_DATE_HEURE, Alerte, ChampCsrf, ChampTexte, ListeDeroulante, Page, ResumeErreurs, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { render } from 'preact-render-to-string';
import { MIETTES_IPROF } from '../../shared/views/miettes.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import { Pagination } from '../admin/admin.views.tsx';
import { urlsCampagnes } from '../campagnes/campagnes.urls.ts';
import { LIBELLE_STATUT_CAMPAGNE, type StatutCampagne } from '../campagnes/campagne.machine.ts';
import type { QuotaSimule } from './simulation.rules.ts';
import type { LigneTableau } from './classement.rules.ts';
import { urlsTableau as u } from './tableau.urls.ts';
import type { PageTableau } from './tableau-vue.rules.ts';

/** The promotion table of a campaign: figures, filters, the table with its cut lines, simulation, arrêté. */

export const LIBELLE_APPRECIATION: Record<string, string> = {
  EXCELLENT: 'Excellent',
  TRES_SATISFAISANT: 'Très satisfaisant',
  SATISFAISANT: 'Satisfaisant',
  INSATISFAISANT: 'Insatisfaisant',
};

export type ResumeTableau = { promotions: number; sieges: { vivier1: number; vivier2: number } | null; lignes: number; promus: number };

export type VueTableau = {
  ctx: ContextePage;
  campagne: { id: string; intitule: string; regime: 'A' | 'B' | 'C'; statut: StatutCampagne; publicationLe: Date | null; publieeLe: Date | null };
  source: 'CALCULE' | 'ARRETE' | 'PUBLIE';
  versionRegles: string | null;
  empreinte: string | null;
  mode: string;
  erreur: string | null;
  avisIncomplets: number;
  resume: ResumeTableau;
  partiel: boolean;
  page: PageTableau;
  /** The page's lines already rendered (`htmlDesLignes`, kept with the table), or null to render them here. */
  lignesHtml?: string | null;
  /** What is in the address (view and simulation), re-shown in the forms and kept by the links. */
  saisie: Record<string, string>;
  erreurs: Record<string, string>;
  simulation: null | {
    resume: ResumeTableau;
    erreur: string | null;
    entrent: LigneTableau[];
    sortent: LigneTableau[];
    /** Promoted on the current table (the column « Actuel » of the simulated one). */
    promusActuels: ReadonlySet<string>;
    /** A simulated EXCELLENT quota's effect per list (empty without one). */
    quotas: QuotaSimule[];
  };
  /** Regime A before the closing: « every vivier-1 agent as a candidate » is offered. */
  simulationTousPossible: boolean;
  autorite: boolean;
  /** The campaigns' pages are the gestionnaire's; an autorité goes back to the list of tables. */
  gestionnaire: boolean;
  historique: Array<{ id: string; statut: string; version_regles: string; empreinte_entrees: string; nb_lignes: number; arrete_le: Date; arrete_par: string | null; rouvert_le: Date | null; rouvert_par: string | null; motif_reouverture: string | null }>;
  formulaire: { publication: string; motif: string };
  message: string | null;
};

const VUE = ['tri', 'sens', 'vivier', 'promu', 'q'] as const;
const SIM = ['sim_p', 'sim_part', 'sim_exc1', 'sim_exc2', 'sim_ratio', 'sim_tous'] as const;
const garder = (s: Record<string, string>, champs: readonly string[]) => Object.fromEntries(champs.map((c) => [c, s[c] ?? '']));

function Chiffres(props: { r: ResumeTableau; regime: string; titre: string }) {
  const { r } = props;
  return (
    <ul class="fr-mb-2w" aria-label={props.titre}>
      <li>{`Promotions (P) : ${r.promotions}`}</li>
      {r.sieges ? <li>{`Places : vivier 1 : ${r.sieges.vivier1} ; vivier 2 : ${r.sieges.vivier2}`}</li> : null}
      <li>{`Agents au tableau : ${r.lignes} ; promus : ${r.promus}`}</li>
    </ul>
  );
}

function Ligne(props: { l: LigneTableau & { coupure?: boolean }; regime: string; actuel?: boolean | undefined }) {
  const { l } = props;
  const mouvement = props.actuel === undefined ? null : l.promu && !props.actuel ? 'Entre' : !l.promu && props.actuel ? 'Sort' : '—';
  return (
    <>
      <tr>
        <td>{l.rang}</td>
        <td>{`${l.nom} ${l.prenom}`}</td>
        <td>{l.agent_id}</td>
        {props.regime === 'C' ? <td>{l.palier ?? '—'}</td> : <td>{l.vivier ?? '—'}</td>}
        {props.regime === 'C' ? null : <td>{l.bareme ?? '—'}</td>}
        {props.regime === 'C' ? null : <td>{l.appreciation ? (LIBELLE_APPRECIATION[l.appreciation] ?? l.appreciation) : '—'}</td>}
        <td>{l.promu ? <strong>Promu(e)</strong> : 'Non promu(e)'}</td>
        {mouvement === null ? null : <td>{props.actuel ? 'Promu(e)' : 'Non promu(e)'}</td>}
        {mouvement === null ? null : <td>{mouvement}</td>}
      </tr>
      {l.coupure ? (
        <tr class="vivier-coupure">
          <td colSpan={9}>
            {l.vivier
              ? `Ligne de coupure du vivier ${l.vivier} : les places de cette liste vont jusqu’au rang ${l.rang} (un agent « Insatisfaisant » n’en prend pas).`
              : l.rang === 1
                ? 'Ligne de coupure : seul le premier rang est promu.'
                : `Ligne de coupure : les ${l.rang} premiers rangs sont promus.`}
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The rows of a page of the table (no simulation beside it) as HTML, escaped as any rendering: kept with the table. */
export function htmlDesLignes(lignes: ReadonlyArray<LigneTableau & { coupure?: boolean }>, regime: string): string {
  return render(
    <>
      {lignes.map((l) => (
        <Ligne l={l} regime={regime} />
      ))}
    </>,
  );
}

function TableDesLignes(props: { v: VueTableau; legende: string }) {
  const { v } = props;
  const regime = v.campagne.regime;
  const entetes = ['Rang', 'Nom', 'Identifiant', regime === 'C' ? 'Palier' : 'Vivier', ...(regime === 'C' ? [] : ['Barème', 'Appréciation']), 'Résultat', ...(v.simulation ? ['Actuel', 'Mouvement'] : [])];
  if (v.page.lignes.length === 0) return <p>Aucun agent ne correspond à ces critères.</p>;
  return (
    <div class="fr-table fr-table--no-caption">
      <div class="fr-table__wrapper">
        <div class="fr-table__container" tabIndex={0} role="region" aria-label={props.legende}>
          <div class="fr-table__content">
            <table>
              <caption>{props.legende}</caption>
              <thead>
                <tr>
                  {entetes.map((e) => (
                    <th scope="col">{e}</th>
                  ))}
                </tr>
              </thead>
              {v.lignesHtml ? (
                <tbody dangerouslySetInnerHTML={{ __html: v.lignesHtml }} />
              ) : (
                <tbody>
                  {v.page.lignes.map((l) => (
                    <Ligne l={l} regime={regime} actuel={v.simulation ? v.simulation.promusActuels.has(l.agent_id) : undefined} />
                  ))}
                </tbody>
              )}
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

function Mouvements(props: { titre: string; lignes: LigneTableau[] }) {
  const MAX = 50;
  return (
    <div class="fr-col-12 fr-col-md-6">
      <h3 class="fr-h6">{`${props.titre} (${props.lignes.length})`}</h3>
      {props.lignes.length === 0 ? (
        <p>Personne.</p>
      ) : (
        <ul>
          {props.lignes.slice(0, MAX).map((l) => (
            <li>{`${l.nom} ${l.prenom} (${l.agent_id})${l.vivier ? `, vivier ${l.vivier}` : ''}, rang ${l.rang}`}</li>
          ))}
          {props.lignes.length > MAX ? <li>{`… et ${props.lignes.length - MAX} autre(s) : voir le tableau simulé.`}</li> : null}
        </ul>
      )}
    </div>
  );
}

function EtatDuTableau(v: VueTableau) {
  const c = v.campagne;
  if (v.source === 'PUBLIE') return <Alerte type="success" titre="Tableau publié" petite>{`Publié ${c.publieeLe ? dateHeureParis(c.publieeLe) : '—'} : chaque agent lit son résultat dans I-Prof. Règles ${v.versionRegles} ; empreinte des entrées ${v.empreinte}.`}</Alerte>;
  if (v.source === 'ARRETE')
    return (
      <Alerte type="info" titre="Tableau arrêté" petite>
        {`Instantané figé : les modifications ou imports ultérieurs ne le changent pas. Publication prévue ${c.publicationLe ? dateHeureParis(c.publicationLe) : '—'}. Règles ${v.versionRegles} ; empreinte des entrées ${v.empreinte}.`}
      </Alerte>
    );
  return <Alerte type="info" titre="Tableau proposé" petite>{`Calculé à partir des données enregistrées, avec les règles ${v.versionRegles ?? 'de la campagne'} (${v.mode || 'aucune donnée'}). Il n’est pas enregistré tant qu’il n’est pas arrêté.`}</Alerte>;
}

function FormulaireVue(v: VueTableau) {
  const s = v.saisie;
  return (
    <form method="get" action={u.tableau(v.campagne.id)} class="fr-mb-3w" aria-label="Filtrer et trier le tableau">
      {SIM.map((k) => (s[k] ? <input type="hidden" name={k} value={s[k]} /> : null))}
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-4">
          <ChampTexte nom="q" libelle="Rechercher un agent" aide="Nom, prénom ou identifiant" valeur={s.q} erreur={v.erreurs.q} maxLength={100} />
        </div>
        {v.campagne.regime === 'C' ? null : (
          <div class="fr-col-6 fr-col-md-2">
            <ListeDeroulante nom="vivier" libelle="Vivier" valeur={s.vivier ?? ''} erreur={v.erreurs.vivier} options={[{ valeur: '', libelle: 'Les deux' }, { valeur: '1', libelle: 'Vivier 1' }, { valeur: '2', libelle: 'Vivier 2' }]} />
          </div>
        )}
        <div class="fr-col-6 fr-col-md-2">
          <ListeDeroulante nom="promu" libelle="Résultat" valeur={s.promu ?? ''} erreur={v.erreurs.promu} options={[{ valeur: '', libelle: 'Tous' }, { valeur: 'oui', libelle: 'Promus' }, { valeur: 'non', libelle: 'Non promus' }]} />
        </div>
        <div class="fr-col-6 fr-col-md-2">
          <ListeDeroulante
            nom="tri"
            libelle="Trier par"
            valeur={s.tri ?? 'rang'}
            erreur={v.erreurs.tri}
            options={[{ valeur: 'rang', libelle: 'Rang' }, { valeur: 'nom', libelle: 'Nom' }, ...(v.campagne.regime === 'C' ? [] : [{ valeur: 'bareme', libelle: 'Barème' }])]}
          />
        </div>
        <div class="fr-col-6 fr-col-md-2">
          <ListeDeroulante nom="sens" libelle="Sens" valeur={s.sens ?? 'asc'} erreur={v.erreurs.sens} options={[{ valeur: 'asc', libelle: 'Croissant' }, { valeur: 'desc', libelle: 'Décroissant' }]} />
        </div>
      </div>
      <button type="submit" class="fr-btn fr-btn--secondary">
        Afficher
      </button>
    </form>
  );
}

function FormulaireSimulation(v: VueTableau) {
  const s = v.saisie;
  const c = v.campagne;
  return (
    <form method="get" action={u.tableau(c.id)} aria-labelledby="titre-simulation">
      {VUE.map((k) => (s[k] ? <input type="hidden" name={k} value={s[k]} /> : null))}
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-3">
          <ChampTexte nom="sim_p" libelle="Nombre de promotions (P)" aide={`Actuel : ${v.resume.promotions}`} valeur={s.sim_p} erreur={v.erreurs.sim_p} inputMode="numeric" maxLength={7} />
        </div>
        {c.regime === 'C' ? (
          <div class="fr-col-12 fr-col-md-3">
            <ChampTexte nom="sim_ratio" libelle="Taux de promotion" aide="P = partie entière de taux × promouvables (ex. 0,2)" valeur={s.sim_ratio} erreur={v.erreurs.sim_ratio} maxLength={8} />
          </div>
        ) : (
          <>
            <div class="fr-col-12 fr-col-md-3">
              <ChampTexte nom="sim_part" libelle="Part du vivier 2 (%)" aide="Places du vivier 2 = P × part ÷ 100, arrondi à l’entier inférieur" valeur={s.sim_part} erreur={v.erreurs.sim_part} inputMode="numeric" maxLength={3} />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <ChampTexte nom="sim_exc1" libelle="Quota « Excellent » du vivier 1 (%)" aide="Au-delà, les « Excellent » les moins bien placés comptent « Très satisfaisant »" valeur={s.sim_exc1} erreur={v.erreurs.sim_exc1} inputMode="numeric" maxLength={3} />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <ChampTexte nom="sim_exc2" libelle="Quota « Excellent » du vivier 2 (%)" aide="Même règle, sur la liste du vivier 2" valeur={s.sim_exc2} erreur={v.erreurs.sim_exc2} inputMode="numeric" maxLength={3} />
            </div>
          </>
        )}
        {v.simulationTousPossible ? (
          <div class="fr-col-12 fr-col-md-6">
            <div class={`fr-checkbox-group${v.erreurs.sim_tous ? ' fr-checkbox-group--error' : ''}`}>
              <input type="checkbox" id="champ-sim_tous" name="sim_tous" value="1" checked={s.sim_tous === '1'} />
              <label class="fr-label" for="champ-sim_tous">
                Prendre chaque agent du vivier 1 comme candidat recevable
              </label>
            </div>
          </div>
        ) : null}
      </div>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn">
            Simuler
          </button>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href={u.tableau(c.id, garder(s, VUE))}>
            Revenir au tableau actuel
          </a>
        </li>
      </ul>
    </form>
  );
}

function Autorite(v: VueTableau) {
  const c = v.campagne;
  if (!v.autorite) return null;
  if (c.statut === 'EN_EXAMEN')
    return (
      <section class="fr-mt-4w" aria-labelledby="titre-arrete">
        <h2 id="titre-arrete">Arrêter le tableau</h2>
        <p>L’arrêté fige le tableau tel qu’il est calculé maintenant (instantané, version des règles, empreinte des entrées) : plus aucun avis, appréciation ou décision ne peut ensuite être modifié, sauf réouverture motivée.</p>
        {v.erreur || v.avisIncomplets > 0 ? <Alerte type="warning" petite>{v.erreur ?? `${v.avisIncomplets} agent(s) promouvable(s) n’ont pas tous leurs avis : l’arrêté sera refusé.`}</Alerte> : null}
        <form method="post" action={u.arreter(c.id)}>
          <ChampCsrf jeton={v.ctx.csrf} />
          <ChampTexte nom="publication" type="datetime-local" libelle="Date et heure de publication (heure de Paris)" aide={`Les agents liront leur résultat à cet instant. ${AIDE_DATE_HEURE}`} valeur={v.formulaire.publication} erreur={v.erreurs.publication} requis />
          <button type="submit" class="fr-btn">
            Arrêter le tableau
          </button>
        </form>
      </section>
    );
  if (c.statut === 'ARRETEE')
    return (
      <section class="fr-mt-4w" aria-labelledby="titre-arrete">
        <h2 id="titre-arrete">Publication et réouverture</h2>
        <form method="post" action={u.publication(c.id)} class="fr-mb-4w">
          <ChampCsrf jeton={v.ctx.csrf} />
          <ChampTexte nom="publication" type="datetime-local" libelle="Date et heure de publication (heure de Paris)" valeur={v.formulaire.publication} erreur={v.erreurs.publication} requis />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Changer la date de publication
          </button>
        </form>
        <form method="post" action={u.rouvrir(c.id)}>
          <ChampCsrf jeton={v.ctx.csrf} />
          <ZoneTexte nom="motif" libelle="Motif de la réouverture" aide="Obligatoire ; conservé dans l’historique du tableau et le journal d’audit." valeur={v.formulaire.motif} erreur={v.erreurs.motif} maxLength={2000} />
          <button type="submit" class="fr-btn fr-btn--tertiary">
            Rouvrir le tableau
          </button>
        </form>
      </section>
    );
  return null;
}

export function PageTableau(v: VueTableau) {
  const c = v.campagne;
  const s = v.saisie;
  const parametres = { ...garder(s, VUE), ...garder(s, SIM) };
  const titre = v.simulation ? 'Tableau simulé' : 'Tableau d’avancement';
  return (
    <Page
      titre={`${titre} — ${c.intitule}`}
      ctx={v.ctx}
      miettes={
        v.gestionnaire
          ? [
              ...MIETTES_IPROF,
              { libelle: 'Campagnes', href: urlsCampagnes.gestion() },
              { libelle: c.intitule, href: urlsCampagnes.gestionCampagne(c.id) },
            ]
          : [
              ...MIETTES_IPROF,
              { libelle: 'Tableaux d’avancement', href: u.tableaux() },
            ]
      }
    >
      <h1>{titre}</h1>
      <p class="fr-text--lead">{`${c.intitule} — ${LIBELLE_STATUT_CAMPAGNE[c.statut]}`}</p>
      {v.message ? <Alerte type="success" petite>{v.message}</Alerte> : null}
      <ResumeErreurs erreurs={v.erreurs} />
      <EtatDuTableau {...v} />
      {v.partiel ? <Alerte type="info" petite>Votre périmètre est partiel : seuls les agents de votre périmètre sont affichés, à leur rang dans le tableau entier.</Alerte> : null}
      {v.erreur ? <Alerte type="warning" titre="Le tableau ne peut pas être calculé">{v.erreur}</Alerte> : null}
      {v.avisIncomplets > 0 ? <Alerte type="warning" petite>{`${v.avisIncomplets} agent(s) promouvable(s) n’ont pas encore tous leurs avis : ils ne figurent pas au tableau tant qu’ils manquent.`}</Alerte> : null}
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class={v.simulation ? 'fr-col-12 fr-col-md-6' : 'fr-col-12'}>
          <h2 class="fr-h5">{v.simulation ? 'Tableau actuel' : 'Chiffres'}</h2>
          <Chiffres r={v.simulation ? { ...v.resume } : v.resume} regime={c.regime} titre="Chiffres du tableau actuel" />
        </div>
        {v.simulation ? (
          <div class="fr-col-12 fr-col-md-6">
            <h2 class="fr-h5">Simulation</h2>
            {v.simulation.erreur ? <Alerte type="warning" petite>{v.simulation.erreur}</Alerte> : <Chiffres r={v.simulation.resume} regime={c.regime} titre="Chiffres du tableau simulé" />}
            {!v.simulation.erreur && v.simulation.quotas.length > 0 ? (
              <ul aria-label="Quotas « Excellent » simulés">
                {v.simulation.quotas.map((q) => (
                  <li>{`Quota « Excellent » du vivier ${q.vivier} : ${q.part} % de ${q.effectif} agent${q.effectif > 1 ? 's' : ''}, ${q.max} au plus ; ${q.donnes} donné${q.donnes > 1 ? 's' : ''}, ${q.ramenes.length} compté${q.ramenes.length > 1 ? 's' : ''} « Très satisfaisant »`}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      {v.simulation && !v.simulation.erreur ? (
        <section aria-labelledby="titre-mouvements">
          <h2 id="titre-mouvements" class="fr-h5">
            Qui entre, qui sort
          </h2>
          <div class="fr-grid-row fr-grid-row--gutters">
            <Mouvements titre="Promus par la simulation, pas par le tableau actuel" lignes={v.simulation.entrent} />
            <Mouvements titre="Promus par le tableau actuel, plus par la simulation" lignes={v.simulation.sortent} />
          </div>
        </section>
      ) : null}
      <h2 class="fr-mt-3w">{v.simulation ? 'Lignes du tableau simulé' : 'Lignes du tableau'}</h2>
      <FormulaireVue {...v} />
      <p>{`${v.page.pagination.total} agent${v.page.pagination.total > 1 ? 's' : ''}.`}</p>
      <TableDesLignes v={v} legende={v.simulation ? 'Tableau simulé' : 'Tableau d’avancement'} />
      <Pagination etat={v.page.pagination} lien={(p) => u.tableau(c.id, { ...parametres, page: String(p) })} />
      <p class="fr-mt-2w">
        {`Télécharger ${v.simulation ? 'le tableau simulé' : 'le tableau'} : `}
        <a class="fr-link fr-link--download" href={u.exportTableau(c.id, 'csv', garder(s, SIM))} download>
          CSV
        </a>
        {' · '}
        <a class="fr-link fr-link--download" href={u.exportTableau(c.id, 'xlsx', garder(s, SIM))} download>
          XLSX
        </a>
        {' · '}
        <a class="fr-link fr-link--download" href={u.exportTableau(c.id, 'ods', garder(s, SIM))} download>
          ODS
        </a>
      </p>
      {c.statut === 'PUBLIEE' ? (
        <p>
          <a class="fr-link" href={u.recoursGestion(c.id)}>
            Recours gracieux
          </a>
        </p>
      ) : null}
      <section class="fr-mt-4w" aria-labelledby="titre-simulation">
        <h2 id="titre-simulation">Simulation</h2>
        <p>Changez un paramètre pour voir le tableau qui en résulterait à côté de l’actuel : rien n’est enregistré.</p>
        <FormulaireSimulation {...v} />
      </section>
      <Autorite {...v} />
      {v.historique.length > 0 ? (
        <section class="fr-mt-4w" aria-labelledby="titre-historique">
          <h2 id="titre-historique">Historique des arrêtés</h2>
          <ul>
            {v.historique.map((h) => (
              <li>
                {`Arrêté ${dateHeureParis(h.arrete_le)}${h.arrete_par ? ` par ${h.arrete_par}` : ''} (${h.nb_lignes} lignes, règles ${h.version_regles}, empreinte ${h.empreinte_entrees.slice(0, 16)}…)`}
                {h.rouvert_le ? ` — rouvert ${dateHeureParis(h.rouvert_le)}${h.rouvert_par ? ` par ${h.rouvert_par}` : ''} : « ${h.motif_reouverture ?? ''} »` : h.statut === 'PUBLIE' ? ' — publié' : ' — en vigueur'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}

/** The autorité's list of campaigns with their tables. */
export function PageTableaux(props: { ctx: ContextePage; campagnes: Array<{ id: string; intitule: string; statut: StatutCampagne }> }) {
  return (
    <Page titre="Tableaux d’avancement" ctx={props.ctx} miettes={[...MIETTES_IPROF]}>
      <h1>Tableaux d’avancement</h1>
      {props.campagnes.length === 0 ? (
        <p>Aucune campagne dans votre périmètre.</p>
      ) : (
        <ul>
          {props.campagnes.map((c) => (
            <li>
              <a href={u.tableau(c.id)}>{c.intitule}</a>
              {` — ${LIBELLE_STATUT_CAMPAGNE[c.statut]}`}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
