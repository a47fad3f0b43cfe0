import { urls } from '../../shared/urls.ts';
import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { ChampTexte, ListeDeroulante, Page, ResumeErreurs, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureCourte } from '../../shared/dates.ts';
import type { Pagination as EtatPagination } from '../admin/admin.rules.ts';
import { Pagination } from '../admin/admin.views.tsx';
import { LIBELLE_STATUT_CANDIDATURE, type StatutCandidature } from './candidature.machine.ts';
import type { ViviersDossier } from './candidatures-gestion.service.ts';
import { urlsCampagnes as u } from './campagnes.urls.ts';

/** The candidatures list of a campaign and the recevabilité queue: the same table, two sets of filters. */

export type LigneCandidature = {
  id: string;
  agent_id: string;
  nom: string;
  prenom: string;
  identifiant: string;
  statut: StatutCandidature;
  reference: string | null;
  cree_le: Date;
  validee_le: Date | null;
  modifie_le: Date;
  etablissements: string | null;
  pieces: number;
  declarees: number;
  a_decider: number;
  piece_manquante: boolean;
  viviers: ViviersDossier;
};

/** The filters as typed (shown back, and kept by the page links). */
export type SaisieFiltres = { statut: string; etablissement: string; piece: string; q: string };

export type VueListe = {
  ctx: ContextePage;
  campagne: { id: string; intitule: string };
  saisie: SaisieFiltres;
  erreurs: Record<string, string>;
  lignes: LigneCandidature[];
  pagination: EtatPagination;
  etablissements: Array<{ uai: string; nom: string }>;
  parStatut: Map<string, number>;
};

export function libelleViviers(v: ViviersDossier): string {
  if (!v) return 'Dossier absent';
  if (v.vivier1 && v.vivier2) return 'V1 et V2';
  return v.vivier1 ? 'V1' : v.vivier2 ? 'V2' : 'Aucun';
}

const miettes = (c: { id: string; intitule: string }) => [
  { libelle: 'Accueil', href: '/portail' },
  { libelle: NOM_IPROF, href: urls.iprof() },
  { libelle: 'Campagnes', href: u.gestion() },
  { libelle: c.intitule, href: u.gestionCampagne(c.id) },
];

function Filtres(props: { action: string; v: VueListe; statuts: ReadonlyArray<{ valeur: string; libelle: string }> }) {
  const { v } = props;
  return (
    // A search changes nothing: a GET form without CSRF token.
    <form method="get" action={props.action} role="search" class="fr-mb-3w">
      <ResumeErreurs erreurs={v.erreurs} />
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-4">
          <ChampTexte nom="q" libelle="Rechercher un agent" aide="Nom, prénom, identifiant ou référence" valeur={v.saisie.q} erreur={v.erreurs.q} maxLength={100} />
        </div>
        <div class="fr-col-12 fr-col-md-3">
          <ListeDeroulante nom="statut" libelle="État" options={[{ valeur: '', libelle: 'Tous' }, ...props.statuts]} valeur={v.saisie.statut} erreur={v.erreurs.statut} />
        </div>
        <div class="fr-col-12 fr-col-md-3">
          <ListeDeroulante
            nom="etablissement"
            libelle="Établissement actuel"
            options={[{ valeur: '', libelle: 'Tous' }, ...v.etablissements.map((e) => ({ valeur: e.uai, libelle: `${e.nom} (${e.uai})` }))]}
            valeur={v.saisie.etablissement}
            erreur={v.erreurs.etablissement}
          />
        </div>
        <div class="fr-col-12 fr-col-md-2">
          <ListeDeroulante
            nom="piece"
            libelle="Pièces"
            options={[
              { valeur: '', libelle: 'Toutes' },
              { valeur: 'manquante', libelle: 'Pièce manquante' },
            ]}
            valeur={v.saisie.piece}
            erreur={v.erreurs.piece}
          />
        </div>
      </div>
      <button type="submit" class="fr-btn fr-btn--secondary">
        Filtrer
      </button>
    </form>
  );
}

function TableCandidatures(props: { v: VueListe; legende: string; colonneExamen: boolean }) {
  const { v } = props;
  return (
    <Tableau
      legende={props.legende}
      entetes={['Agent', 'Établissement actuel', 'État', 'Créée', 'Validée', 'Dernier changement', 'Vivier (dossier)', props.colonneExamen ? 'Périodes à examiner' : 'Pièces']}
      vide="Aucune candidature ne correspond à ces critères."
      lignes={v.lignes.map((l) => [
        <a href={u.candidatureGestion(v.campagne.id, l.id)}>{`${l.nom} ${l.prenom} (${l.identifiant})`}</a>,
        l.etablissements ?? '—',
        LIBELLE_STATUT_CANDIDATURE[l.statut],
        dateHeureCourte(l.cree_le),
        l.validee_le ? dateHeureCourte(l.validee_le) : '—',
        dateHeureCourte(l.modifie_le),
        libelleViviers(l.viviers),
        props.colonneExamen
          ? `${l.a_decider} sur ${l.declarees}${l.piece_manquante ? ' — pièce manquante' : ''}`
          : `${l.pieces} pièce${l.pieces > 1 ? 's' : ''}${l.piece_manquante ? ' — pièce manquante' : ''}`,
      ])}
    />
  );
}

const STATUTS_LISTE = (Object.keys(LIBELLE_STATUT_CANDIDATURE) as StatutCandidature[]).map((s) => ({ valeur: s, libelle: LIBELLE_STATUT_CANDIDATURE[s] }));

export function PageCandidaturesGestion(v: VueListe) {
  const total = [...v.parStatut.values()].reduce((a, b) => a + b, 0);
  return (
    <Page titre="Candidatures" ctx={v.ctx} miettes={miettes(v.campagne)}>
      <h1>Candidatures</h1>
      <p class="fr-text--lead">{v.campagne.intitule}</p>
      <p>
        {`${total} candidature${total > 1 ? 's' : ''} dans votre périmètre : `}
        {STATUTS_LISTE.filter((s) => v.parStatut.get(s.valeur))
          .map((s) => `${v.parStatut.get(s.valeur)} ${s.libelle.toLowerCase()}`)
          .join(', ') || 'aucune'}
        .
      </p>
      <Filtres action={u.candidaturesGestion(v.campagne.id)} v={v} statuts={STATUTS_LISTE} />
      <p>{`${v.pagination.total} résultat${v.pagination.total > 1 ? 's' : ''}.`}</p>
      <TableCandidatures v={v} legende="Candidatures de la campagne" colonneExamen={false} />
      <Pagination etat={v.pagination} lien={(p) => u.candidaturesGestion(v.campagne.id, { ...v.saisie, page: String(p) })} />
    </Page>
  );
}

/** The queue's states: the deposited candidatures, to examine or examined. */
export const ETATS_FILE = [
  { valeur: 'DEPOSEE', libelle: 'À examiner' },
  { valeur: 'RECEVABLE', libelle: 'Recevable' },
  { valeur: 'IRRECEVABLE', libelle: 'Irrecevable' },
] as const;

export function PageRecevabilite(v: VueListe & { enExamen: boolean }) {
  const n = (s: StatutCandidature) => v.parStatut.get(s) ?? 0;
  const examinees = n('RECEVABLE') + n('IRRECEVABLE');
  const deposees = n('DEPOSEE') + examinees;
  return (
    <Page titre="Recevabilité des candidatures" ctx={v.ctx} miettes={miettes(v.campagne)}>
      <h1>Recevabilité des candidatures</h1>
      <p class="fr-text--lead">{v.campagne.intitule}</p>
      {!v.enExamen ? <p class="fr-text--sm">La recevabilité s’examine quand la campagne est « En examen » : les décisions sont fermées en dehors.</p> : null}
      <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
        {[
          [deposees, 'candidatures déposées'],
          [n('DEPOSEE'), 'à examiner'],
          [n('RECEVABLE'), 'recevables'],
          [n('IRRECEVABLE'), 'irrecevables'],
        ].map(([nombre, libelle]) => (
          <div class="fr-col-6 fr-col-md-3">
            <p class="fr-h3 fr-mb-0">{String(nombre)}</p>
            <p class="fr-text--sm">{libelle}</p>
          </div>
        ))}
      </div>
      <p>
        <label for="avancement">{`Avancement : ${examinees} candidature${examinees > 1 ? 's' : ''} examinée${examinees > 1 ? 's' : ''} sur ${deposees}`}</label>{' '}
        <progress id="avancement" class="vivier-avancement" max={Math.max(deposees, 1)} value={examinees}>
          {`${examinees} / ${deposees}`}
        </progress>
      </p>
      <Filtres action={u.recevabilite(v.campagne.id)} v={v} statuts={ETATS_FILE} />
      <p>{`${v.pagination.total} résultat${v.pagination.total > 1 ? 's' : ''}.`}</p>
      <TableCandidatures v={v} legende="Candidatures déposées" colonneExamen />
      <Pagination etat={v.pagination} lien={(p) => u.recevabilite(v.campagne.id, { ...v.saisie, page: String(p) })} />
    </Page>
  );
}
