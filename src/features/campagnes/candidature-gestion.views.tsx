import { ne } from '../../shared/accords.ts';
import { urls } from '../../shared/urls.ts';
import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, BoutonAction, ChampCsrf, ListeDeroulante, Page, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureCourte, dateParis } from '../../shared/dates.ts';
import { dateFrancaise } from '../eligibilite/jours.ts';
import { LIBELLE_STATUT_CANDIDATURE, type StatutCandidature } from './candidature.machine.ts';
import { libelleViviers } from './candidatures-gestion.views.tsx';
import { LIBELLE_MOTIF_REJET, libellePeriode, MOTIFS_REJET, motifLisible, periodesADecider } from './recevabilite.rules.ts';
import { urlsCampagnes as u } from './campagnes.urls.ts';

/** One candidature as HR reads and examines it: the fiche, the declared periods with their pièces, the history. */

type Periode = {
  id: string;
  du: string;
  au: string;
  nature: 'FONCTION' | 'EDUCATION_PRIORITAIRE';
  fonction: string | null;
  etablissement: string;
  source: 'DOSSIER' | 'AGENT';
  commentaire: string | null;
  decision: 'ACCEPTEE' | 'REJETEE' | null;
  motif: string | null;
  motif_texte: string | null;
  decidee_le: Date | null;
};
type Piece = { id: string; periode_id: string; nom_fichier: string; type_contenu: string; taille: number };
type Historique = { le: Date; nature: 'STATUT' | 'EXAMEN'; evenement: string; de: string | null; vers: string | null; cle: string | null; apres: unknown; par: string | null };

export type VueCandidatureGestion = {
  ctx: ContextePage;
  campagne: { id: string; intitule: string; regime: string };
  /** The campaign is examined: decisions are open (else the page says why not). */
  enExamen: boolean;
  candidature: {
    id: string;
    agent_id: string;
    statut: StatutCandidature;
    reference: string | null;
    cree_le: Date;
    validee_le: Date | null;
    modifie_le: Date;
    civilite: string;
    nom: string;
    prenom: string;
    identifiant: string;
    corps: string;
    discipline: string;
    date_naissance: string;
  };
  eligibilite: { vivier1: boolean; vivier2: boolean; annees_vivier1: number | null } | null;
  periodes: Periode[];
  pieces: Piece[];
  historique: Historique[];
  message: string | null;
};

const EXAMINABLES: readonly StatutCandidature[] = ['DEPOSEE', 'RECEVABLE', 'IRRECEVABLE'];

function miettes(v: { campagne: { id: string; intitule: string } }) {
  return [
    { libelle: 'Accueil', href: '/portail' },
    { libelle: NOM_IPROF, href: urls.iprof() },
    { libelle: 'Campagnes', href: u.gestion() },
    { libelle: v.campagne.intitule, href: u.gestionCampagne(v.campagne.id) },
    { libelle: 'Candidatures', href: u.candidaturesGestion(v.campagne.id) },
  ];
}

export function etatPeriode(p: Periode): string {
  if (p.source === 'DOSSIER') return 'Prouvée par le dossier';
  if (p.decision === 'ACCEPTEE') return `Acceptée${p.decidee_le ? ` le ${dateParis(p.decidee_le)}` : ''}`;
  if (p.decision === 'REJETEE') return `Rejetée${p.decidee_le ? ` le ${dateParis(p.decidee_le)}` : ''} — ${motifLisible(p)}`;
  return 'À examiner';
}

function libelleHistorique(h: Historique): string {
  if (h.nature === 'STATUT') return `${h.evenement} : ${h.de ? `${LIBELLE_STATUT_CANDIDATURE[h.de as StatutCandidature] ?? h.de} → ` : ''}${LIBELLE_STATUT_CANDIDATURE[h.vers as StatutCandidature] ?? h.vers}`;
  if (h.evenement === 'PERIODE') {
    const a = (h.apres ?? {}) as { decision?: string; motif?: string | null; motifTexte?: string | null };
    return `Période n° ${h.cle} : ${a.decision === 'ACCEPTEE' ? 'acceptée' : `rejetée (${motifLisible({ motif: a.motif ?? null, motif_texte: a.motifTexte ?? null })})`}`;
  }
  const a = (h.apres ?? {}) as { statut?: string; anneesRetenues?: number; anneesRequises?: number };
  return `Recevabilité jugée : ${LIBELLE_STATUT_CANDIDATURE[a.statut as StatutCandidature] ?? a.statut} (${a.anneesRetenues ?? 0} année(s) retenue(s) sur ${a.anneesRequises ?? 0} requise(s))`;
}

export function PageCandidatureGestion(v: VueCandidatureGestion) {
  const c = v.candidature;
  const restantes = periodesADecider(v.periodes);
  const examinable = v.enExamen && EXAMINABLES.includes(c.statut);
  return (
    <Page titre={`Candidature de ${c.prenom} ${c.nom}`} ctx={v.ctx} miettes={miettes(v)}>
      <h1>
        Candidature de {c.prenom} {c.nom}
      </h1>
      {v.message ? (
        <Alerte type="success" petite>
          {v.message}
        </Alerte>
      ) : null}
      <ul>
        <li>{`${c.civilite} ${c.prenom} ${c.nom} — identifiant ${c.identifiant} (${c.agent_id}), ${ne(c.civilite)} le ${dateFrancaise(c.date_naissance)}`}</li>
        <li>{`Corps ${c.corps}, discipline ${c.discipline || '—'}`}</li>
        <li>
          État : <strong>{LIBELLE_STATUT_CANDIDATURE[c.statut]}</strong>
          {c.reference ? ` — référence ${c.reference}` : ''}
        </li>
        <li>{`Créée ${dateHeureCourte(c.cree_le)}${c.validee_le ? `, validée ${dateHeureCourte(c.validee_le)}` : ''}, dernier changement ${dateHeureCourte(c.modifie_le)}`}</li>
        <li>
          {v.eligibilite
            ? `Selon le dossier : vivier ${libelleViviers(v.eligibilite)}, ${v.eligibilite.annees_vivier1 ?? 0} année(s) de fonctions ou missions particulières`
            : 'Dossier absent des données RH.'}{' '}
          — <a href={`/iprof/agents/${encodeURIComponent(c.agent_id)}`}>voir le dossier</a>
        </li>
      </ul>

      <h2>Périodes déclarées</h2>
      <Tableau
        legende="Fonctions et missions déclarées, avec leurs pièces et la décision de recevabilité"
        entetes={['Période', 'Origine', 'Pièces', 'Recevabilité', 'Action']}
        vide="Aucune période déclarée."
        lignes={v.periodes.map((p) => {
          const pieces = v.pieces.filter((x) => x.periode_id === p.id);
          return [
            <span id={`periode-${p.id}`}>{libellePeriode(p)}</span>,
            p.source === 'DOSSIER' ? 'Dossier administratif' : 'Déclarée par l’agent',
            pieces.length === 0 ? (p.source === 'AGENT' ? 'Aucune (pièce manquante)' : '—') : `${pieces.length} pièce${pieces.length > 1 ? 's' : ''}`,
            etatPeriode(p),
            p.source === 'AGENT' ? <a href={u.periodeGestion(v.campagne.id, c.id, p.id)}>{examinable ? 'Examiner' : 'Voir'}</a> : '',
          ];
        })}
      />

      <h2>Recevabilité</h2>
      {v.campagne.regime !== 'A' ? (
        <p>Cette campagne ne demande pas de candidature.</p>
      ) : !v.enExamen ? (
        <p>La recevabilité s’examine quand la campagne est « En examen » : les décisions sont fermées en dehors.</p>
      ) : c.statut === 'DEPOSEE' ? (
        restantes > 0 ? (
          <p>{`${restantes} période${restantes > 1 ? 's déclarées restent' : ' déclarée reste'} à examiner avant de déclarer la candidature.`}</p>
        ) : (
          <>
            <p>Toutes les périodes déclarées sont examinées. Le moteur d’éligibilité juge la candidature sur les seules périodes retenues ; l’agent en est informé.</p>
            <BoutonAction action={u.declarerCandidature(v.campagne.id, c.id)} csrf={v.ctx.csrf} libelle="Déclarer la candidature (recevable ou irrecevable selon le moteur)" />
          </>
        )
      ) : EXAMINABLES.includes(c.statut) ? (
        <p>{`Candidature déclarée « ${LIBELLE_STATUT_CANDIDATURE[c.statut]} ». Changer la décision d’une période la fait juger à nouveau, et l’agent est informé si le résultat change.`}</p>
      ) : (
        <p>{`Candidature « ${LIBELLE_STATUT_CANDIDATURE[c.statut]} » : elle n’a pas été déposée à la clôture.`}</p>
      )}

      <h2>Historique</h2>
      <Tableau
        legende="Historique de la candidature et des décisions de recevabilité"
        entetes={['Date', 'Par', 'Événement']}
        vide="Aucun événement."
        lignes={v.historique.map((h) => [dateHeureCourte(h.le), h.par ?? (h.nature === 'STATUT' && h.evenement === 'CLORE' ? 'Clôture automatique' : '—'), libelleHistorique(h)])}
      />
    </Page>
  );
}

export type VuePeriode = Omit<VueCandidatureGestion, 'periodes' | 'historique' | 'eligibilite' | 'message'> & {
  periode: Periode;
  saisie: { decision: string; motif: string; motif_texte: string };
  erreurs: Record<string, string>;
};

/** One declared period, its pièces shown in the page (images, PDF in a frame) and the decision form. */
export function PagePeriode(v: VuePeriode) {
  const c = v.candidature;
  const p = v.periode;
  const pieces = v.pieces.filter((x) => x.periode_id === p.id);
  const examinable = v.enExamen && EXAMINABLES.includes(c.statut) && p.source === 'AGENT';
  return (
    <Page titre={`Période déclarée — ${c.prenom} ${c.nom}`} ctx={v.ctx} miettes={[...miettes(v), { libelle: `${c.prenom} ${c.nom}`, href: u.candidatureGestion(v.campagne.id, c.id) }]}>
      <h1>{libellePeriode(p)}</h1>
      <p>
        {`Candidature de ${c.prenom} ${c.nom} (${c.identifiant}) — `}
        {p.source === 'DOSSIER' ? 'période du dossier administratif' : 'période déclarée par l’agent'} — <strong>{etatPeriode(p)}</strong>
      </p>
      {p.commentaire ? (
        <>
          <h2>Commentaire de l’agent</h2>
          <p class="vivier-texte-libre">{p.commentaire}</p>
        </>
      ) : null}
      <h2>Pièces justificatives</h2>
      {pieces.length === 0 ? <p>Aucune pièce jointe à cette période.</p> : null}
      {pieces.map((x) => {
        const href = u.pieceCandidature(v.campagne.id, c.id, x.id);
        return (
          <figure class="fr-mb-4w">
            {x.type_contenu === 'application/pdf' ? (
              <iframe src={href} title={`Pièce justificative : ${x.nom_fichier}`} class="vivier-piece-pdf" width="100%" height="640" />
            ) : (
              <img src={href} alt={`Pièce justificative : ${x.nom_fichier}`} class="vivier-piece-image" />
            )}
            <figcaption class="fr-text--sm">
              <a href={href} target="_blank" rel="noopener">{`${x.nom_fichier} (${Math.ceil(x.taille / 1024)} Ko) — ouvrir dans un nouvel onglet`}</a>
            </figcaption>
          </figure>
        );
      })}
      {examinable ? (
        <form method="post" action={u.deciderPeriode(v.campagne.id, c.id, p.id)} novalidate>
          <h2>Décision</h2>
          <ResumeErreurs erreurs={v.erreurs} />
          <ChampCsrf jeton={v.ctx.csrf} />
          <ListeDeroulante
            nom="decision"
            libelle="Décision sur cette période"
            valeur={v.saisie.decision}
            erreur={v.erreurs.decision}
            options={[
              { valeur: '', libelle: '— Choisir —' },
              { valeur: 'ACCEPTEE', libelle: 'Accepter : la période est justifiée' },
              { valeur: 'REJETEE', libelle: 'Rejeter : la période n’est pas retenue' },
            ]}
          />
          <ListeDeroulante
            nom="motif"
            libelle="Motif du rejet (communiqué à l’agent)"
            valeur={v.saisie.motif}
            erreur={v.erreurs.motif}
            options={[{ valeur: '', libelle: '— Aucun (acceptation) —' }, ...MOTIFS_REJET.map((m) => ({ valeur: m, libelle: LIBELLE_MOTIF_REJET[m] }))]}
          />
          <ZoneTexte nom="motif_texte" libelle="Précision (facultative, obligatoire pour « Autre motif »), communiquée à l’agent" valeur={v.saisie.motif_texte} erreur={v.erreurs.motif_texte} maxLength={1000} />
          <button type="submit" class="fr-btn">
            Enregistrer la décision
          </button>
        </form>
      ) : null}
      <p class="fr-mt-4w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={u.candidatureGestion(v.campagne.id, c.id)}>
          Retour à la candidature
        </a>
      </p>
    </Page>
  );
}
