import type { ContextePage } from '../../shared/views/kit.tsx';
import { Alerte, ChampCsrf, Page } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import type { CampagneLue } from './appreciation-lecture.service.ts';
import { fichierAttendu, formaterErreur, type ResultatChargement } from './appreciation.chargement.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';
import { MIETTES_IPROF } from '../../shared/views/miettes.ts';

/** The page that loads appreciations.csv or avis.csv into a campaign, and lists the file's errors. */
export function PageChargement(props: { ctx: ContextePage; campagne: CampagneLue; resultat: ResultatChargement | null; erreur: string | null }) {
  const c = props.campagne;
  const fichier = fichierAttendu(c.regime);
  const colonnes = c.regime === 'C' ? 'agent_id;avis_1;avis_2 — TRES_FAVORABLE, FAVORABLE ou DEFAVORABLE ; avis_2 vide pour les professeurs des écoles' : 'agent_id;vivier;appreciation — vivier 1 ou 2 ; EXCELLENT, TRES_SATISFAISANT, SATISFAISANT ou INSATISFAISANT';
  const r = props.resultat;
  return (
    <Page
      titre={`Charger ${fichier}`}
      ctx={props.ctx}
      miettes={[...MIETTES_IPROF, { libelle: 'Évaluation des agents', href: u.accueil() }]}
    >
      <h1>{`Charger ${fichier}`}</h1>
      <p class="fr-text--lead">{c.intitule}</p>
      <p>
        {`Colonnes : ${colonnes}. Fichier UTF-8, séparateur « ; » ou « , », une ligne d’en-tête. Le chargement est « tout ou rien » : si une ligne est en erreur (agent inconnu ou hors de votre périmètre, agent non examiné, code inconnu, quota d’« Excellent » dépassé), rien n’est enregistré et chaque erreur est listée avec sa ligne et sa colonne.`}
      </p>
      {props.erreur ? <Alerte type="error" titre="Chargement impossible">{props.erreur}</Alerte> : null}
      {r && r.ok ? <Alerte type="success" titre="Fichier chargé">{`${r.lignes} ligne${r.lignes > 1 ? 's' : ''} lue${r.lignes > 1 ? 's' : ''}, ${r.changees} ${c.regime === 'C' ? 'avis' : 'appréciation(s)'} modifié(e)s.`}</Alerte> : null}
      {r && !r.ok ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title">{`Rien n’a été enregistré : ${r.erreurs.length} erreur${r.erreurs.length > 1 ? 's' : ''}`}</h2>
          <ul>
            {r.erreurs.map((e) => (
              <li>{formaterErreur(e)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {c.statut === 'EN_EXAMEN' ? (
        <form method="post" action={u.chargement(c.id)} enctype="multipart/form-data">
          <ChampCsrf jeton={props.ctx.csrf} />
          <div class="fr-upload-group">
            <label class="fr-label" for="champ-fichier">
              {`Fichier ${fichier}`}
              <span class="fr-hint-text">Un seul fichier CSV.</span>
            </label>
            <input class="fr-upload" type="file" id="champ-fichier" name="fichier" accept=".csv,text/csv" />
          </div>
          <button type="submit" class="fr-btn fr-mt-2w">
            Charger
          </button>
        </form>
      ) : (
        <Alerte type="info">La campagne n’est plus en examen : aucun chargement n’est possible.</Alerte>
      )}
    </Page>
  );
}
