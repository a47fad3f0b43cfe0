import { urls } from '../../shared/urls.ts';
import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { AIDE_DATE_HEURE, Alerte, ChampCsrf, ChampTexte, ListeDeroulante, Page, ResumeErreurs, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureCourte } from '../../shared/dates.ts';
import type { Corps } from '../../carriere/vocabulaire.ts';
import type { Perimetre } from '../../shared/perimetre.ts';
import { PREMIERE_CAMPAGNE } from '../eligibilite/regles.ts';
import { LIBELLE_STATUT_CAMPAGNE, type StatutCampagne } from './campagne.machine.ts';
import { LIBELLE_STATUT_CANDIDATURE, type StatutCandidature } from './candidature.machine.ts';
import { LIBELLE_CORPS } from './libelles.ts';
import { geometrieGraphique, type SerieJour } from './tableau-de-bord.rules.ts';
import { urlsCampagnes as u } from './campagnes.urls.ts';
import { urlsEvaluation } from '../evaluation/appreciation.urls.ts';

const MIETTES = [
  { libelle: 'Accueil', href: '/portail' },
  { libelle: NOM_IPROF, href: urls.iprof() },
];

export type LigneCampagne = { id: string; corps: string; annee: number; regime: string; ouverture: Date; fermeture: Date; promotions: number; statut: StatutCampagne };

export function PageCampagnes(props: {
  ctx: ContextePage;
  campagnes: LigneCampagne[];
  /** The corps whose campaigns this gestionnaire may create (none for a perimetre of some départements or establishments). */
  corpsCreables: readonly Corps[];
  saisie: Record<string, string>;
  erreurs: Record<string, string>;
  message: string | null;
}) {
  const s = props.saisie;
  return (
    <Page titre="Campagnes de promotion" ctx={props.ctx} miettes={MIETTES}>
      <h1>Campagnes de promotion à la classe exceptionnelle</h1>
      {props.message ? <Alerte type="success" petite>{props.message}</Alerte> : null}
      <Tableau
        legende="Campagnes"
        entetes={['Campagne', 'Régime', 'Ouverture (Paris)', 'Fermeture (Paris)', 'Promotions', 'État']}
        vide="Aucune campagne pour le moment."
        lignes={props.campagnes.map((c) => [
          <a href={u.gestionCampagne(c.id)}>{`${c.corps} ${c.annee}`}</a>,
          c.regime,
          dateHeureCourte(c.ouverture),
          dateHeureCourte(c.fermeture),
          String(c.promotions),
          LIBELLE_STATUT_CAMPAGNE[c.statut],
        ])}
      />
      <h2 class="fr-mt-6w">Créer une campagne</h2>
      {props.corpsCreables.length === 0 ? (
        <p>
          Une campagne concerne tous les agents du corps dans toute l’académie : elle est créée par un gestionnaire dont le périmètre couvre toute
          l’académie pour ce corps. Votre périmètre porte sur certains départements ou établissements.
        </p>
      ) : (
        <>
          <p>
            L’année N fixe les règles appliquées (date d’observation au 31 août N) ; toute année depuis {PREMIERE_CAMPAGNE} est possible, pour s’exercer sur des
            règles passées. L’ouverture et la fermeture se font d’elles-mêmes aux heures indiquées (heure de Paris).
          </p>
          <ResumeErreurs erreurs={props.erreurs} />
          <form method="post" action={u.gestion()} novalidate>
            <ChampCsrf jeton={props.ctx.csrf} />
            <ListeDeroulante nom="corps" libelle="Corps" valeur={s.corps} erreur={props.erreurs.corps} options={props.corpsCreables.map((c) => ({ valeur: c, libelle: `${c} — ${LIBELLE_CORPS[c]}` }))} />
            <ChampTexte nom="annee" libelle="Année N de la campagne" valeur={s.annee} erreur={props.erreurs.annee} inputMode="numeric" maxLength={4} />
            <ChampTexte nom="ouverture" libelle="Ouverture (heure de Paris)" aide={AIDE_DATE_HEURE} type="datetime-local" valeur={s.ouverture} erreur={props.erreurs.ouverture} />
            <ChampTexte nom="fermeture" libelle="Fermeture (heure de Paris)" aide={AIDE_DATE_HEURE} type="datetime-local" valeur={s.fermeture} erreur={props.erreurs.fermeture} />
            <ChampTexte nom="promotions" libelle="Nombre de promotions" aide="Régimes à viviers (jusqu’à 2023)" valeur={s.promotions} erreur={props.erreurs.promotions} inputMode="numeric" maxLength={6} />
            <ChampTexte nom="ratio" libelle="Taux de promotion (2024 et après)" aide="Entre 0 et 1, par exemple 0,18 : promotions = taux × promouvables" valeur={s.ratio} erreur={props.erreurs.ratio} maxLength={10} />
            <button type="submit" class="fr-btn">
              Créer la campagne
            </button>
          </form>
        </>
      )}
    </Page>
  );
}

/** "départements 080, 060 ; établissements 0600001X ; discipline LETTRES MODERNES" (the lists that narrow the perimetre within the corps). */
function decrirePerimetre(p: Perimetre): string {
  const parties: string[] = [];
  if (p.departements?.length) parties.push(`${p.departements.length > 1 ? 'départements' : 'département'} ${p.departements.join(', ')}`);
  if (p.etablissements?.length) parties.push(`${p.etablissements.length > 1 ? 'établissements' : 'établissement'} ${p.etablissements.join(', ')}`);
  if (p.disciplines?.length) parties.push(`${p.disciplines.length > 1 ? 'disciplines' : 'discipline'} ${p.disciplines.join(', ')}`);
  return parties.join(' ; ');
}

export type VueTableauDeBord = {
  ctx: ContextePage;
  campagne: LigneCampagne & { intitule: string; avis_visibles_le: Date | null };
  /** Set when the gestionnaire's perimetre is narrowed to départements, establishments or disciplines: the figures count only those. */
  perimetre: Perimetre | null;
  promouvables: number;
  vivier1: number;
  parStatut: Array<{ statut: StatutCandidature; nombre: number }>;
  series: SerieJour[];
  /** The date from which agents read their avis (Paris time as typed), and whether this reader may change it. */
  avisVisibles: { saisie: string; erreur?: string | undefined; modifiable: boolean };
  message: string | null;
};

const COULEURS = { brouillons: '#6a6af4', validations: '#18753c', annulations: '#ce0500' } as const;
const LIBELLES = { brouillons: 'Candidatures commencées', validations: 'Validations', annulations: 'Annulations' } as const;

function Graphique({ series }: { series: SerieJour[] }) {
  const dims = { largeur: 720, hauteur: 240, marge: 24 };
  const g = geometrieGraphique(series, dims);
  return (
    <figure class="fr-my-3w">
      <svg viewBox={`0 0 ${dims.largeur} ${dims.hauteur}`} width="100%" role="img" aria-labelledby="titre-graphique">
        <title id="titre-graphique">Candidatures commencées, validations et annulations par jour (détail dans le tableau ci-dessous)</title>
        <line x1={dims.marge} y1={dims.hauteur - dims.marge} x2={dims.largeur - dims.marge} y2={dims.hauteur - dims.marge} stroke="#666" />
        {g.barres.map((b) => (
          <rect x={b.x} y={b.y} width={b.largeur} height={b.hauteur} fill={COULEURS[b.serie]} />
        ))}
        {series.map((s, i) => (
          <text x={dims.marge + i * g.pas + g.pas / 2} y={dims.hauteur - 6} font-size="10" text-anchor="middle" fill="#333">
            {s.jour.slice(8, 10)}/{s.jour.slice(5, 7)}
          </text>
        ))}
        <text x={dims.marge} y={14} font-size="10" fill="#333">{`max ${g.max}`}</text>
      </svg>
      <figcaption class="fr-text--sm">
        {(['brouillons', 'validations', 'annulations'] as const).map((k) => (
          <span class={`vivier-legende vivier-legende--${k}`}>{LIBELLES[k]}</span>
        ))}
      </figcaption>
    </figure>
  );
}

export function PageTableauDeBord(v: VueTableauDeBord) {
  const c = v.campagne;
  return (
    <Page titre={`Campagne ${c.corps} ${c.annee}`} ctx={v.ctx} miettes={[...MIETTES, { libelle: 'Campagnes', href: u.gestion() }]}>
      <h1>{c.intitule}</h1>
      {v.message ? (
        <Alerte type="success" petite>
          {v.message}
        </Alerte>
      ) : null}
      <p>
        État : <strong>{LIBELLE_STATUT_CAMPAGNE[c.statut]}</strong> — ouverture {dateHeureCourte(c.ouverture)}, fermeture {dateHeureCourte(c.fermeture)} (heure de Paris) —
        régime {c.regime} — {c.promotions} promotion(s).
      </p>
      {v.perimetre ? (
        <Alerte type="info" petite>
          {`Chiffres de votre périmètre (${decrirePerimetre(v.perimetre)}) : les autres agents du corps dans l’académie ne sont pas comptés.`}
        </Alerte>
      ) : null}
      <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
        <div class="fr-col-6 fr-col-md-3">
          <p class="fr-h3 fr-mb-0">{v.promouvables}</p>
          <p class="fr-text--sm">agents promouvables</p>
        </div>
        <div class="fr-col-6 fr-col-md-3">
          <p class="fr-h3 fr-mb-0">{v.vivier1}</p>
          <p class="fr-text--sm">relevant du premier vivier</p>
        </div>
        {v.parStatut.map((s) => (
          <div class="fr-col-6 fr-col-md-3">
            <p class="fr-h3 fr-mb-0">{s.nombre}</p>
            <p class="fr-text--sm">{LIBELLE_STATUT_CANDIDATURE[s.statut].toLowerCase()}</p>
          </div>
        ))}
      </div>
      {c.regime === 'A' ? (
        <ul class="fr-links-group">
          <li>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={u.candidaturesGestion(c.id)}>
              Candidatures
            </a>
          </li>
          <li>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={u.recevabilite(c.id)}>
              Recevabilité des candidatures déposées
            </a>
          </li>
        </ul>
      ) : null}
      {c.regime === 'B' ? (
        <p>
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={u.contestations(c.id)}>
            Contestations des agents
          </a>
        </p>
      ) : null}
      {['EN_EXAMEN', 'ARRETEE', 'PUBLIEE'].includes(c.statut) ? (
        <ul class="fr-links-group">
          <li>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={urlsEvaluation.suivi(c.id)}>
              {c.regime === 'C' ? 'Suivi des avis' : 'Suivi des appréciations'}
            </a>
          </li>
          <li>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={urlsEvaluation.chargement(c.id)}>
              {c.regime === 'C' ? 'Charger avis.csv' : 'Charger appreciations.csv'}
            </a>
          </li>
        </ul>
      ) : null}
      <ul class="fr-links-group">
        <li>
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={`${u.gestionCampagne(c.id)}/tableau`}>
            Tableau d’avancement et simulation
          </a>
        </li>
        {c.statut === 'PUBLIEE' ? (
          <li>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={`${u.gestionCampagne(c.id)}/recours`}>
              Recours gracieux
            </a>
          </li>
        ) : null}
      </ul>
      <section class="fr-mb-4w" aria-labelledby="titre-avis-visibles">
        <h2 id="titre-avis-visibles">Communication des avis aux agents</h2>
        <p>
          {c.avis_visibles_le
            ? `Chaque agent lit dans I-Prof (« Mes avis ») les avis et appréciations donnés sur son dossier à partir du ${dateHeureCourte(c.avis_visibles_le)} (heure de Paris), jamais avant.`
            : 'Aucune date fixée : chaque agent lira dans I-Prof (« Mes avis ») les avis et appréciations donnés sur son dossier avec la publication du tableau.'}
        </p>
        {v.avisVisibles.modifiable ? (
          <form method="post" action={`${u.gestionCampagne(c.id)}/avis-visibles`}>
            <ChampCsrf jeton={v.ctx.csrf} />
            <ChampTexte
              nom="avis_visibles"
              type="datetime-local"
              libelle="Avis communiqués aux agents à partir du (heure de Paris)"
              aide={`Laissez vide pour les communiquer avec la publication du tableau. ${AIDE_DATE_HEURE}`}
              valeur={v.avisVisibles.saisie}
              erreur={v.avisVisibles.erreur}
            />
            <button type="submit" class="fr-btn fr-btn--secondary">
              Enregistrer la date
            </button>
          </form>
        ) : null}
      </section>
      <h2>Activité par jour</h2>
      {v.series.length === 0 ? <p>Aucune activité pour le moment.</p> : <Graphique series={v.series} />}
      <Tableau
        legende="Activité par jour"
        entetes={['Jour', 'Candidatures commencées', 'Validations', 'Annulations']}
        lignes={v.series.map((s) => [`${s.jour.slice(8, 10)}/${s.jour.slice(5, 7)}/${s.jour.slice(0, 4)}`, String(s.brouillons), String(s.validations), String(s.annulations)])}
      />
    </Page>
  );
}
