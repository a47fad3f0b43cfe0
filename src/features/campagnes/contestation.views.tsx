import { urls } from '../../shared/urls.ts';
import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, ChampCsrf, ListeDeroulante, Page, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureCourte, dateHeureParis } from '../../shared/dates.ts';
import { urlsCampagnes as u } from './campagnes.urls.ts';

const LIBELLE = { EN_ATTENTE: 'En attente', ACCEPTEE: 'Acceptée', REJETEE: 'Rejetée' } as const;
type Statut = keyof typeof LIBELLE;

function miettes(campagneId: string, intitule: string) {
  return [
    { libelle: 'Accueil', href: '/portail' },
    { libelle: NOM_IPROF, href: urls.iprof() },
    { libelle: 'Campagnes', href: u.gestion() },
    { libelle: intitule, href: u.gestionCampagne(campagneId) },
  ];
}

export function PageContestations(props: {
  ctx: ContextePage;
  campagneId: string;
  intitule: string;
  lignes: Array<{ id: string; agent_id: string; nom: string; prenom: string; statut: Statut; cree_le: Date }>;
}) {
  return (
    <Page titre="Contestations" ctx={props.ctx} miettes={miettes(props.campagneId, props.intitule)}>
      <h1>Contestations</h1>
      <p class="fr-text--lead">{props.intitule}</p>
      <Tableau
        legende="Contestations de la campagne"
        entetes={['Déposée le', 'Agent', 'État']}
        vide="Aucune contestation."
        lignes={props.lignes.map((l) => [dateHeureCourte(l.cree_le), <a href={u.contestation(props.campagneId, l.id)}>{`${l.prenom} ${l.nom} (${l.agent_id})`}</a>, LIBELLE[l.statut]])}
      />
    </Page>
  );
}

export function PageContestation(props: {
  ctx: ContextePage;
  campagneId: string;
  intitule: string;
  c: { id: string; agent_id: string; nom: string; prenom: string; message: string; statut: Statut; cree_le: Date; decision: string | null; decidee_le: Date | null; pieces: Array<{ id: string; nom_fichier: string; taille: number }> };
  erreurs: Record<string, string>;
  saisie: Record<string, string>;
  message: string | null;
}) {
  const { c } = props;
  return (
    <Page titre={`Contestation de ${c.prenom} ${c.nom}`} ctx={props.ctx} miettes={[...miettes(props.campagneId, props.intitule), { libelle: 'Contestations', href: u.contestations(props.campagneId) }]}>
      <h1>Contestation de {c.prenom} {c.nom}</h1>
      {props.message ? <Alerte type="success" petite>{props.message}</Alerte> : null}
      <p>
        Agent {c.agent_id} — déposée {dateHeureParis(c.cree_le)} — état : <strong>{LIBELLE[c.statut]}</strong>
      </p>
      <h2>Message de l’agent</h2>
      <p class="vivier-texte-libre">{c.message}</p>
      <h2>Pièces justificatives</h2>
      {c.pieces.length === 0 ? (
        <p>Aucune pièce jointe.</p>
      ) : (
        <ul>
          {c.pieces.map((p) => (
            <li>
              <a href={`${u.contestation(props.campagneId, c.id)}/pieces/${p.id}`}>{p.nom_fichier}</a> ({Math.ceil(p.taille / 1024)} Ko)
            </li>
          ))}
        </ul>
      )}
      {c.statut === 'EN_ATTENTE' ? (
        <form method="post" action={`${u.contestation(props.campagneId, c.id)}/decider`} novalidate>
          <h2>Décision</h2>
          <ResumeErreurs erreurs={props.erreurs} />
          <ChampCsrf jeton={props.ctx.csrf} />
          <ListeDeroulante
            nom="decision"
            libelle="Décision"
            valeur={props.saisie.decision}
            erreur={props.erreurs.decision}
            options={[
              { valeur: '', libelle: '— Choisir —' },
              { valeur: 'ACCEPTEE', libelle: 'Accepter la contestation' },
              { valeur: 'REJETEE', libelle: 'Rejeter la contestation' },
            ]}
          />
          <ZoneTexte nom="motif" libelle="Motif, communiqué à l’agent" valeur={props.saisie.motif} erreur={props.erreurs.motif} maxLength={2000} />
          <button type="submit" class="fr-btn">
            Enregistrer la décision
          </button>
        </form>
      ) : (
        <Alerte type="info" titre={`Décision : ${LIBELLE[c.statut]}`}>{`${c.decidee_le ? `Le ${dateHeureCourte(c.decidee_le)}. ` : ''}Motif : ${c.decision ?? '—'}`}</Alerte>
      )}
    </Page>
  );
}
