import type { ContextePage } from '../../shared/views/kit.tsx';
import { Alerte, BoutonAction, Page, Tableau } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import { urlsCampagnes } from '../campagnes/campagnes.urls.ts';
import type { CampagneLue } from './appreciation-lecture.service.ts';
import type { LigneManquante } from './completude.ts';
import { libelleNumero } from './appreciation.rules.ts';
import { urlsEvaluation as u } from './appreciation.urls.ts';
import type { LigneSuivi } from './suivi.service.ts';

const QUALITE = { CHEF_ETABLISSEMENT: 'Chef d’établissement', INSPECTEUR: 'Inspecteur' } as const;

/** The gestionnaire's follow-up of a campaign's appreciations or avis. */
export function PageSuivi(props: { ctx: ContextePage; campagne: CampagneLue; lignes: LigneSuivi[]; bloquants: LigneManquante[]; textes: number; message: string | null; confirmation: string | null; erreur: string | null }) {
  const c = props.campagne;
  const regimeC = c.regime === 'C';
  const enExamen = c.statut === 'EN_EXAMEN';
  return (
    <Page
      titre={regimeC ? 'Suivi des avis' : 'Suivi des appréciations'}
      ctx={props.ctx}
      miettes={[
        { libelle: 'Accueil', href: urls.portail() },
        { libelle: 'Campagnes', href: urlsCampagnes.gestion() },
        { libelle: c.intitule, href: urlsCampagnes.gestionCampagne(c.id) },
      ]}
    >
      <h1>{regimeC ? 'Suivi des avis' : 'Suivi des appréciations'}</h1>
      <p class="fr-text--lead">{c.intitule}</p>
      {props.confirmation ? <Alerte type="success" petite>{props.confirmation}</Alerte> : null}
      {props.erreur ? <Alerte type="error" titre="Rappel non envoyé">{props.erreur}</Alerte> : null}
      <p>Les comptes ne portent que sur les agents de votre périmètre.</p>
      <h2>{regimeC ? 'Avis à donner par évaluateur' : 'Appréciations à écrire par évaluateur'}</h2>
      <Tableau
        legende="Avancement par évaluateur"
        entetes={['Évaluateur', regimeC ? 'Avis donné' : 'Qualité', 'Agents', 'Restant à donner', 'Rappel']}
        vide="Aucun évaluateur n’a ce corps dans son périmètre : l’administrateur l’attribue sur la fiche du compte."
        lignes={props.lignes.map((l) => [
          l.nom,
          regimeC ? (l.numero ? `n° ${l.numero} (${libelleNumero(c, l.numero)})` : (l.sansAvis ?? '—')) : l.qualite ? QUALITE[l.qualite] : 'Non renseignée',
          String(l.agents),
          l.restants === 0 ? <span class="fr-badge fr-badge--success fr-badge--sm">Terminé</span> : <strong>{String(l.restants)}</strong>,
          <>
            {l.rappelLe ? <p class="fr-text--sm fr-mb-1w">{`Dernier rappel : ${dateHeureParis(l.rappelLe)}`}</p> : null}
            {enExamen && l.restants > 0 ? (
              l.email ? (
                <BoutonAction action={u.rappel(c.id)} csrf={props.ctx.csrf} libelle="Envoyer un rappel" precision={`à ${l.nom}`} secondaire petit champs={{ compte_id: l.compteId }} />
              ) : (
                'Pas d’adresse électronique'
              )
            ) : null}
          </>,
        ])}
      />
      <h2 class="fr-mt-4w">{`Manquants qui bloquent l’arrêté du tableau : ${props.bloquants.length}`}</h2>
      {props.message ? <Alerte type="warning">{props.message}</Alerte> : <Alerte type="success">Rien ne manque : le tableau peut être arrêté.</Alerte>}
      {!regimeC ? <p>{`Appréciations d’évaluateur non écrites (elles ne bloquent pas) : ${props.textes}.`}</p> : null}
      <Tableau
        legende="Avis et appréciations manquants"
        entetes={['Agent', 'Manquant']}
        vide="Aucun manquant dans votre périmètre."
        lignes={props.bloquants.slice(0, 200).map((m) => [`${m.nom} ${m.prenom} (${m.agent_id})`, <span class="fr-badge fr-badge--warning fr-badge--sm">{m.libelle}</span>])}
      />
      {props.bloquants.length > 200 ? <p>{`… et ${props.bloquants.length - 200} autres.`}</p> : null}
    </Page>
  );
}
