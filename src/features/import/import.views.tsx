import { MIETTES_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, ChampCsrf, Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureCourte, dateHeureParis } from '../../shared/dates.ts';
import { urlsImport } from './import.urls.ts';
import type { ErreurImport } from './erreurs.ts';

export type LigneImport = {
  id: string;
  source: string;
  debut: Date;
  fin: Date | null;
  statut: 'EN_COURS' | 'REUSSI' | 'ECHEC' | 'INTERROMPU' | 'ERREUR_TECHNIQUE';
  compteurs: Record<string, number>;
  progression: { fichier: string; pourcent: number; lignes: number } | null;
  nb_erreurs: number;
  erreurs: unknown[];
  lance_par: string | null;
};

const LIBELLE_STATUT = { EN_COURS: 'En cours', REUSSI: 'Réussi', ECHEC: 'Refusé', INTERROMPU: 'Interrompu', ERREUR_TECHNIQUE: 'Erreur technique' } as const;

/**
 * Before INTERROMPU and ERREUR_TECHNIQUE existed, an import stopped by the server or by a failure was recorded ECHEC
 * without errors: such a row says what was known then.
 */
const ancienArret = (i: Pick<LigneImport, 'statut' | 'nb_erreurs'>) => i.statut === 'ECHEC' && i.nb_erreurs === 0;

function libelleStatut(i: LigneImport): string {
  return ancienArret(i) ? 'Interrompu ou erreur technique' : LIBELLE_STATUT[i.statut];
}

function resultat(i: LigneImport): string {
  if (i.statut === 'REUSSI') return resume(i.compteurs);
  if (i.statut === 'ECHEC' && !ancienArret(i)) return `${i.nb_erreurs} erreur(s)`;
  if (i.statut === 'EN_COURS') return i.progression?.fichier ?? '';
  return 'Aucune donnée modifiée';
}
const MIETTES = [...MIETTES_IPROF];

function resume(c: Record<string, number>): string {
  const n = (k: string) => (c[k] ?? 0).toLocaleString('fr-FR');
  return `${n('agents')} agents, ${n('etablissements')} établissements, ${n('carriere')} lignes de carrière, ${n('positions')} positions, ${n('services')} services`;
}

export function PageImports(props: { ctx: ContextePage; imports: LigneImport[]; erreur: string | null }) {
  return (
    <Page titre="Import des données RH" ctx={props.ctx} miettes={MIETTES}>
      <h1>Import des données RH</h1>
      <p>
        Déposez les fichiers CSV du dossier d’import (etablissements.csv et agents.csv obligatoires ; labels_etablissements.csv, carriere.csv,
        positions.csv, services.csv, appreciations.csv, avis.csv facultatifs). L’import est « tout ou rien » : si un fichier contient une erreur, rien
        n’est modifié et chaque erreur est listée avec son fichier, sa ligne et sa colonne.
      </p>
      {props.erreur ? <Alerte type="error" titre="Import impossible">{props.erreur}</Alerte> : null}
      <form method="post" action={urlsImport.liste()} enctype="multipart/form-data">
        {/* The token comes first: the upload is streamed and the token is checked before any file is read. */}
        <ChampCsrf jeton={props.ctx.csrf} />
        <div class={`fr-upload-group${props.erreur ? ' fr-upload-group--error' : ''}`}>
          <label class="fr-label" for="champ-fichiers">
            Fichiers CSV du dossier d’import
            <span class="fr-hint-text">Plusieurs fichiers possibles, encodés en UTF-8, séparateur « ; » ou « , ».</span>
          </label>
          <input class="fr-upload" type="file" id="champ-fichiers" name="fichiers" multiple accept=".csv,text/csv" />
        </div>
        <button type="submit" class="fr-btn fr-mt-2w">
          Importer
        </button>
      </form>
      <h2 class="fr-mt-6w">Imports précédents</h2>
      <Tableau
        legende="Imports précédents"
        entetes={['N°', 'Lancé le', 'Par', 'Statut', 'Résultat']}
        vide="Aucun import pour le moment."
        lignes={props.imports.map((i) => [
          <a href={urlsImport.detail(i.id)}>{i.id}</a>,
          dateHeureCourte(i.debut),
          i.lance_par ?? 'ligne de commande',
          libelleStatut(i),
          resultat(i),
        ])}
      />
    </Page>
  );
}

export function texteProgression(imp: Pick<LigneImport, 'progression'>): string {
  const p = imp.progression;
  return p ? `Import en cours : ${p.fichier}, ${p.pourcent} % (${p.lignes.toLocaleString('fr-FR')} lignes lues).` : 'Import en cours…';
}

export function PageImport(props: { ctx: ContextePage; imp: LigneImport }) {
  const { imp } = props;
  const erreurs = imp.erreurs as ErreurImport[];
  return (
    <Page titre={`Import n° ${imp.id}`} ctx={props.ctx} miettes={[...MIETTES, { libelle: 'Import des données RH', href: urlsImport.liste() }]}>
      <h1>Import n° {imp.id}</h1>
      <p>
        Lancé {dateHeureParis(imp.debut)}
        {imp.lance_par ? ` par ${imp.lance_par}` : ''}
        {imp.fin ? `, terminé ${dateHeureParis(imp.fin)}` : ''}.
      </p>
      {imp.statut === 'EN_COURS' ? (
        <div data-suivi-import={urlsImport.detail(imp.id)}>
          <p role="status" aria-live="polite" data-suivi-texte>
            {texteProgression(imp)}
          </p>
          <progress max={100} value={imp.progression?.pourcent ?? 0} aria-label="Avancement de l’import" data-suivi-barre>
            {imp.progression?.pourcent ?? 0} %
          </progress>
          <p class="fr-text--sm">
            Cette page suit l’import ; vous pouvez aussi la recharger. Vous pouvez la quitter : l’import continue.
          </p>
          <script type="module" src="/static/suivi-import.js"></script>
        </div>
      ) : imp.statut === 'REUSSI' ? (
        <Alerte type="success" titre="Import réussi">
          {`${resume(imp.compteurs)} ; ${imp.compteurs.comptesCrees ?? 0} compte(s) de portail créé(s) ; ${imp.compteurs.courrielsRecopies ?? 0} adresse(s) électronique(s) du dossier recopiée(s) dans les comptes, où elle fait foi.`}
        </Alerte>
      ) : imp.statut === 'INTERROMPU' ? (
        <Alerte type="warning" titre="Import interrompu : aucune donnée n’a été modifiée">
          Le serveur s’est arrêté pendant l’import. Relancez-le : il peut être rejoué sans créer de doublon.
        </Alerte>
      ) : imp.statut === 'ERREUR_TECHNIQUE' ? (
        <Alerte type="error" titre="Import arrêté par une erreur technique : aucune donnée n’a été modifiée">
          {`Une erreur inattendue, qui n’est pas une erreur relevée dans les fichiers, a arrêté l’import. Relancez-le ; si elle se reproduit, signalez-la à l’administrateur en citant l’import n° ${imp.id} : le détail est dans le journal du serveur.`}
        </Alerte>
      ) : ancienArret(imp) ? (
        <Alerte type="error" titre="Import interrompu : aucune donnée n’a été modifiée">
          L’import a été interrompu (arrêt du serveur ou erreur technique). Relancez-le : il peut être rejoué sans créer de doublon.
        </Alerte>
      ) : (
        <>
          <Alerte type="error" titre="Import refusé : aucune donnée n’a été modifiée">
            {`${imp.nb_erreurs} erreur(s) à corriger dans les fichiers, puis relancez l’import.${imp.nb_erreurs > erreurs.length ? ` Les ${erreurs.length} premières sont listées.` : ''}`}
          </Alerte>
          <Tableau
            legende="Erreurs de l’import"
            entetes={['Fichier', 'Ligne', 'Colonne', 'Erreur']}
            lignes={erreurs.map((e) => [e.fichier, e.ligne === null ? '—' : String(e.ligne), e.colonne ?? '—', e.message])}
          />
        </>
      )}
      <p class="fr-mt-4w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={urlsImport.liste()}>
          Retour aux imports
        </a>
      </p>
    </Page>
  );
}
