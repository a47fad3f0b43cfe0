import type { FastifyInstance } from 'fastify';
import { contextePage } from '../../shared/http/plumbing.ts';
import { Page } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import type { Role } from '../../shared/roles.ts';
import { urlsDossier } from '../dossier/dossier.urls.ts';
import { nonLus } from '../dossier/messages.repository.ts';
import type { Database } from '../../db/connection.ts';
import type { Perimetre } from '../../shared/perimetre.ts';
import { couvreLAcademie } from '../dossier/perimetre.rules.ts';

/** One entry of the I-Prof hub: shown to agents (an account linked to an agent) and/or to the roles it names (and whose perimetre suits it). */
type Entree = { titre: string; detail: string; href: string; agent?: boolean; roles?: readonly Role[]; perimetre?: (p: Perimetre) => boolean };

/** The hub's entries, in display order. Features add theirs here ("Mon éligibilité", "Candidater"…). */
const ENTREES: Entree[] = [
  { titre: 'Votre dossier', detail: 'Identité, situation administrative, historique d’affectation, fonctions et missions, CV.', href: urlsDossier.dossier(), agent: true },
  { titre: 'Mon éligibilité', detail: 'Êtes-vous promouvable à la classe exceptionnelle ? Le détail, année par année, et ce qui manque.', href: '/iprof/eligibilite', agent: true },
  { titre: 'Candidater', detail: 'L’acte de candidature à la classe exceptionnelle : fiche, validation, accusé de réception.', href: '/iprof/candidater', agent: true },
  { titre: 'Mes avis', detail: 'Les avis et appréciations donnés sur votre dossier, à partir de la date fixée par la campagne.', href: '/iprof/avis', agent: true },
  { titre: 'Mes résultats', detail: 'Le résultat des tableaux d’avancement publiés, et le recours gracieux.', href: '/iprof/resultats', agent: true },
  { titre: 'Mes messages', detail: 'Les messages d’I-Prof : réponses à vos signalements, campagnes, accusés de réception.', href: urlsDossier.messages(), agent: true, roles: ['GESTIONNAIRE', 'EVALUATEUR', 'AUTORITE'] },
  { titre: 'Mes données', detail: 'Téléchargez toutes les informations qui vous concernent (PDF ou JSON).', href: urlsDossier.mesDonnees(), agent: true, roles: ['GESTIONNAIRE', 'EVALUATEUR', 'AUTORITE', 'ADMINISTRATEUR'] },
  { titre: 'Dossiers des agents', detail: 'Consultez le dossier des agents de votre périmètre.', href: urlsDossier.agents(), roles: ['GESTIONNAIRE', 'EVALUATEUR', 'AUTORITE'] },
  { titre: 'Signalements d’erreur', detail: 'Traitez les erreurs signalées par les agents de votre périmètre.', href: urlsDossier.gestionSignalements(), roles: ['GESTIONNAIRE'] },
  { titre: 'Évaluation des agents', detail: 'Appréciations et avis sur les agents de votre périmètre ; appréciations finales et quotas.', href: '/iprof/evaluation', roles: ['EVALUATEUR', 'AUTORITE'] },
  { titre: 'Tableaux d’avancement', detail: 'Le tableau proposé de chaque campagne, sa simulation, son arrêté et sa publication.', href: '/iprof/gestion/tableaux', roles: ['AUTORITE'] },
  { titre: 'Campagnes de promotion', detail: 'Créez les campagnes, suivez les candidatures et les contestations.', href: '/iprof/gestion/campagnes', roles: ['GESTIONNAIRE'] },
  { titre: 'Import des données RH', detail: 'Déposez les fichiers CSV de l’académie et suivez l’import.', href: '/iprof/gestion/imports', roles: ['GESTIONNAIRE'], perimetre: couvreLAcademie },
];

/** What the hub offers, said to each: only an agent has a career dossier and candidatures; the staff have the dossiers of their perimeter. */
function accroche(agent: boolean, roles: readonly Role[]): string {
  if (agent) return 'I-Prof Assistant Carrière : votre dossier de carrière et vos candidatures aux promotions.';
  if (roles.includes('GESTIONNAIRE')) return 'I-Prof Assistant Carrière : les dossiers des agents de votre périmètre, leurs signalements d’erreur et les campagnes de promotion.';
  if (roles.includes('EVALUATEUR') || roles.includes('AUTORITE')) return 'I-Prof Assistant Carrière : les dossiers des agents de votre périmètre et les campagnes de promotion.';
  return 'I-Prof Assistant Carrière : vos messages et vos données.';
}

const LOI_78_17 = 'https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000886460';

/** I-Prof Enseignant: the career service's entry page; the dossier and candidature features hang from it. */
export function iprofRoutes(app: FastifyInstance, deps: { db: Database }) {
  app.get('/iprof', { config: { acces: 'connecte' } }, async (request, reply) => {
    const u = request.session!.utilisateur;
    const agent = u.agentId !== null;
    // Unread messages are announced on their tile: an accusé de réception must not go unnoticed.
    const nonLusCompte = await nonLus(deps.db, { compteId: u.compteId, agentId: u.agentId });
    const entrees = ENTREES.filter((e) => (e.agent && agent) || ((e.roles ?? []).some((r) => u.roles.includes(r)) && (e.perimetre?.(u.perimetre) ?? true)));
    return reply.html(
      <Page titre="I-Prof Enseignant" ctx={contextePage(request)} miettes={[{ libelle: 'Accueil', href: urls.portail() }]}>
        <h1>I-Prof Enseignant</h1>
        <p class="fr-text--lead">{accroche(agent, u.roles)}</p>
        <div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
          {entrees.map((e) => (
            <div class="fr-col-12 fr-col-md-4">
              <div class="fr-tile fr-enlarge-link">
                <div class="fr-tile__body">
                  <div class="fr-tile__content">
                    <h2 class="fr-tile__title">
                      <a href={e.href}>{e.titre}</a>
                    </h2>
                    {e.href === urlsDossier.messages() && nonLusCompte > 0 ? (
                      <p class="fr-badge fr-badge--info fr-badge--sm fr-mt-1w">{nonLusCompte === 1 ? '1 message non lu' : `${nonLusCompte} messages non lus`}</p>
                    ) : null}
                    <p class="fr-tile__detail">{e.detail}</p>
                  </div>
                </div>
              </div>
            </div>
          ))}
        </div>
        {agent ? (
          <section class="fr-callout" aria-labelledby="titre-completer">
            <h2 class="fr-callout__title" id="titre-completer">
              Compléter votre dossier
            </h2>
            <p class="fr-callout__text">
              Avant de candidater, assurez-vous que votre dossier est bien à jour. Afin de constituer votre dossier, vous pouvez, si vous le désirez, saisir des
              informations qui ne sont pas encore dans votre dossier via le bouton « Compléter votre dossier ».
            </p>
            <p>
              La saisie de ces données qualitatives ainsi que leur mise à jour sont laissées à votre libre appréciation. Vous pouvez également signaler à votre
              correspondant de gestion des erreurs concernant les données issues de votre dossier administratif (situation administrative, historique
              d’affectation) : afin de prendre en compte vos demandes de modification, vous devez joindre une pièce justificative. Ces informations seront
              consultables par votre gestionnaire ainsi que par les corps d’inspection.
            </p>
            <p>
              Conformément à la{' '}
              <a href={LOI_78_17} target="_blank" rel="noopener noreferrer" title="loi « informatique et libertés » du 6 janvier 1978 — nouvelle fenêtre">
                loi « informatique et libertés » du 6 janvier 1978
              </a>
              , vous bénéficiez d’un droit d’accès et de rectification aux informations qui vous concernent. Si vous souhaitez exercer ce droit et obtenir
              communication des informations vous concernant, téléchargez <a href={urlsDossier.mesDonnees()}>vos données</a> ou adressez-vous à votre
              gestionnaire.
            </p>
            <a class="fr-btn fr-icon-edit-line fr-btn--icon-left" href={urlsDossier.dossier('activites')}>
              Compléter votre dossier
            </a>
          </section>
        ) : null}
      </Page>,
    );
  });
}
