import { Alerte, ChampCsrf, ListeDeroulante, Page, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { MIETTES_IPROF } from '../../shared/views/miettes.ts';
import { dateHeureCourte, dateHeureParis } from '../../shared/dates.ts';
import { urlsCampagnes } from '../campagnes/campagnes.urls.ts';
import { LIBELLE_STATUT_RECOURS } from './recours.service.ts';
import { urlsTableau as u } from './tableau.urls.ts';

/** The gestionnaire's queue of recours gracieux and one recours with its answer. */

type Statut = keyof typeof LIBELLE_STATUT_RECOURS;
const miettes = (c: { id: string; intitule: string }) => [
  ...MIETTES_IPROF,
  { libelle: 'Campagnes', href: urlsCampagnes.gestion() },
  { libelle: c.intitule, href: urlsCampagnes.gestionCampagne(c.id) },
];

export function PageRecoursListe(v: {
  ctx: ContextePage;
  campagne: { id: string; intitule: string };
  statut: string;
  erreurs: Record<string, string>;
  lignes: Array<{ id: string; agent_id: string; nom: string; prenom: string; statut: Statut; cree_le: Date; repondu_le: Date | null }>;
}) {
  return (
    <Page titre={`Recours gracieux — ${v.campagne.intitule}`} ctx={v.ctx} miettes={miettes(v.campagne)}>
      <h1>Recours gracieux</h1>
      <p class="fr-text--lead">{v.campagne.intitule}</p>
      <ResumeErreurs erreurs={v.erreurs} />
      <form method="get" action={u.recoursGestion(v.campagne.id)} class="fr-mb-3w">
        <ListeDeroulante
          nom="statut"
          libelle="État"
          valeur={v.statut}
          erreur={v.erreurs.statut}
          options={[{ valeur: '', libelle: 'Tous' }, ...Object.entries(LIBELLE_STATUT_RECOURS).map(([valeur, libelle]) => ({ valeur, libelle }))]}
        />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Filtrer
        </button>
      </form>
      <Tableau
        legende="Recours de la campagne"
        entetes={['Agent', 'Identifiant', 'Déposé le', 'État', 'Répondu le']}
        vide="Aucun recours."
        lignes={v.lignes.map((r) => [
          <a href={u.unRecoursGestion(v.campagne.id, r.id)}>{`${r.nom} ${r.prenom}`}</a>,
          r.agent_id,
          dateHeureCourte(r.cree_le),
          LIBELLE_STATUT_RECOURS[r.statut],
          r.repondu_le ? dateHeureCourte(r.repondu_le) : '—',
        ])}
      />
    </Page>
  );
}

export function PageRecours(v: {
  ctx: ContextePage;
  campagne: { id: string; intitule: string };
  r: {
    id: string;
    agent_id: string;
    nom: string;
    prenom: string;
    texte: string;
    statut: Statut;
    reponse: string | null;
    cree_le: Date;
    repondu_le: Date | null;
    repondu_par: string | null;
    pieces: Array<{ id: string; nom_fichier: string; taille: number }>;
    historique: Array<{ apres: unknown; le: Date; nom_affiche: string | null }>;
  };
  saisie: Record<string, string>;
  erreurs: Record<string, string>;
  message: string | null;
}) {
  const r = v.r;
  return (
    <Page titre={`Recours de ${r.nom} ${r.prenom}`} ctx={v.ctx} miettes={[...miettes(v.campagne), { libelle: 'Recours gracieux', href: u.recoursGestion(v.campagne.id) }]}>
      <h1>{`Recours de ${r.nom} ${r.prenom}`}</h1>
      {v.message ? <Alerte type="success" petite>{v.message}</Alerte> : null}
      <p>{`Agent ${r.agent_id} — déposé ${dateHeureParis(r.cree_le)} — ${LIBELLE_STATUT_RECOURS[r.statut]}`}</p>
      <h2 class="fr-h5">Demande</h2>
      <p class="vivier-texte-libre">{r.texte}</p>
      <h2 class="fr-h5">Pièces justificatives</h2>
      {r.pieces.length === 0 ? (
        <p>Aucune pièce.</p>
      ) : (
        <ul>
          {r.pieces.map((p) => (
            <li>
              <a href={u.pieceRecoursGestion(v.campagne.id, r.id, p.id)}>{p.nom_fichier}</a>
              {` (${Math.ceil(p.taille / 1024)} Ko)`}
            </li>
          ))}
        </ul>
      )}
      {r.statut === 'DEPOSE' ? (
        <form method="post" action={u.repondreRecours(v.campagne.id, r.id)} class="fr-mt-3w">
          <ChampCsrf jeton={v.ctx.csrf} />
          <ResumeErreurs erreurs={v.erreurs} />
          <ListeDeroulante
            nom="decision"
            libelle="Décision"
            valeur={v.saisie.decision ?? ''}
            erreur={v.erreurs.decision}
            options={[{ valeur: '', libelle: 'Choisir' }, { valeur: 'ACCEPTE', libelle: 'Accepter' }, { valeur: 'REJETE', libelle: 'Rejeter' }]}
          />
          <ZoneTexte nom="reponse" libelle="Réponse à l’agent" aide="Communiquée à l’agent dans I-Prof." valeur={v.saisie.reponse} erreur={v.erreurs.reponse} maxLength={4000} />
          <button type="submit" class="fr-btn">
            Répondre
          </button>
        </form>
      ) : (
        <Alerte type="info" titre={`Recours ${LIBELLE_STATUT_RECOURS[r.statut].toLowerCase()}`}>
          {`Réponse ${r.repondu_le ? dateHeureParis(r.repondu_le) : ''}${r.repondu_par ? ` par ${r.repondu_par}` : ''} : ${r.reponse ?? ''}`}
        </Alerte>
      )}
      <h2 class="fr-h5 fr-mt-3w">Historique</h2>
      <ul>
        {r.historique.map((h) => (
          <li>{`${dateHeureCourte(h.le)} — ${h.nom_affiche ?? 'système'} — ${LIBELLE_STATUT_RECOURS[((h.apres as { statut?: Statut } | null)?.statut ?? 'DEPOSE') as Statut]}`}</li>
        ))}
      </ul>
    </Page>
  );
}
