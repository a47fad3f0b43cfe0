import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, ChampCsrf, Page, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { dateHeureParis, dateParis } from '../../shared/dates.ts';
import type { VueOnglet } from './dossier.service.ts';
import { urlsDossier, type CibleSignalee } from './dossier.urls.ts';
import { LIBELLE_STATUT, SEGMENT_CIBLE, type StatutSignalement, type TypeCible } from './signalements.rules.ts';
import { valeursLisibles } from './libelles.ts';
import { TAILLE_MAX_PIECE, tailleLisible } from '../../shared/pieces/pieces.rules.ts';

export function Statut({ statut }: { statut: StatutSignalement }) {
  const classe = statut === 'ACCEPTE' ? 'fr-badge--success' : statut === 'REJETE' ? 'fr-badge--error' : 'fr-badge--info';
  return <p class={`fr-badge fr-badge--sm ${classe}`}>{LIBELLE_STATUT[statut]}</p>;
}

/** A before/after snapshot, readable: "Grade : Hors-classe, Échelon : 3". */
export function Valeurs({ v }: { v: Record<string, unknown> }) {
  // DSFR table cells do not wrap: this one may.
  return <span class="fr-cell--multiline">{valeursLisibles(v)}</span>;
}

export function OngletSignalements({ vue }: { vue: VueOnglet<'signalements'> }) {
  const agent = vue.lecture.mode === 'agent';
  return (
    <>
      {agent ? (
        <p>
          Vous pouvez signaler à votre gestionnaire une erreur dans les données de votre dossier administratif (identité, situation administrative, historique
          d’affectation) avec le lien « Signaler une erreur » de chaque élément. Une pièce justificative est obligatoire.
        </p>
      ) : null}
      <h3 class="fr-h5">Signalements</h3>
      <Tableau
        legende="Signalements d’erreur"
        entetes={['Déposé', 'Élément signalé', 'État', 'Réponse']}
        vide="Aucun signalement."
        lignes={vue.signalements.map((s) => [
          agent ? <a href={urlsDossier.monSignalement(s.id)}>{dateHeureParis(s.cree_le)}</a> : dateHeureParis(s.cree_le),
          <span class="fr-cell--multiline">{s.cible_libelle}</span>,
          <Statut statut={s.statut} />,
          s.statut === 'REJETE' ? <span class="fr-cell--multiline">Motif : {s.motif_rejet ?? ''}</span> : s.traite_le ? `Traité ${dateHeureParis(s.traite_le)}` : '',
        ])}
      />
      <h3 class="fr-h5">Historique des corrections</h3>
      <Tableau
        legende="Historique des corrections de votre dossier"
        entetes={['Date', 'Par', 'Élément', 'Avant', 'Après']}
        vide="Aucune correction n’a été apportée à ce dossier."
        lignes={vue.corrections.map((c) => [dateHeureParis(c.le), c.par_nom, LIBELLE_CIBLE[c.cible_type] ?? c.cible_type, <Valeurs v={c.avant} />, <Valeurs v={c.apres} />])}
      />
    </>
  );
}

const LIBELLE_CIBLE: Record<string, string> = { IDENTITE: 'Identité', CARRIERE: 'Carrière', POSITION: 'Position', SERVICE: 'Affectation' };

const MIETTES_AGENT = [
  { libelle: 'Accueil', href: urls.portail() },
  { libelle: NOM_IPROF, href: urls.iprof() },
  { libelle: 'Votre dossier', href: urlsDossier.dossier() },
];

export function PageSignaler(props: { ctx: ContextePage; cible: CibleSignalee; id: string; libelle: string; valeur: Record<string, unknown>; message: string; erreurs: Record<string, string> }) {
  const e = props.erreurs;
  const action = `${urlsDossier.signaler(props.cible, props.id)}`;
  return (
    <Page titre="Signaler une erreur" ctx={props.ctx} miettes={MIETTES_AGENT}>
      <h1>Signaler une erreur</h1>
      <ResumeErreurs erreurs={e} />
      <p>
        Élément concerné : <strong>{props.libelle}</strong>
        <br />
        Valeur actuelle : <Valeurs v={props.valeur} />
      </p>
      <p>
        Afin de prendre en compte votre demande de modification, vous devez joindre une pièce justificative. Votre gestionnaire l’examinera : vous recevrez sa
        réponse dans « Mes messages ».
      </p>
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <ChampCsrf jeton={props.ctx.csrf} />
        <ZoneTexte nom="message" libelle="Votre message *" aide="Décrivez l’erreur et la valeur exacte attendue (10 à 4000 caractères)." valeur={props.message} erreur={e.message} maxLength={4000} />
        <div class={`fr-upload-group${e.pieces ? ' fr-input-group--error' : ''}`}>
          <label class="fr-label" for="champ-pieces">
            Pièces justificatives *
            <span class="fr-hint-text" id="champ-pieces-aide">
              Formats acceptés : PDF, JPEG ou PNG. Taille maximale : {tailleLisible(TAILLE_MAX_PIECE)} par fichier. Jusqu’à 5 fichiers.
            </span>
          </label>
          <input
            class="fr-upload"
            type="file"
            id="champ-pieces"
            name="pieces"
            multiple
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            aria-describedby={e.pieces ? 'champ-pieces-aide champ-pieces-erreur' : 'champ-pieces-aide'}
            aria-invalid={e.pieces ? 'true' : undefined}
          />
          {e.pieces ? (
            <p class="fr-error-text" id="champ-pieces-erreur">
              {e.pieces}
            </p>
          ) : null}
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
          <li>
            <button type="submit" class="fr-btn">
              Envoyer le signalement
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={urlsDossier.dossier()}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </Page>
  );
}

type Piece = { id: string; nom_fichier: string; type_contenu: string; taille: number; sha256: string };

export function ListePieces({ pieces }: { pieces: Piece[] }) {
  return (
    <ul>
      {pieces.map((p) => (
        <li>
          <a class="fr-link fr-icon-download-line fr-link--icon-left" href={urlsDossier.piece(p.id)} download>
            {p.nom_fichier}{' '}
            <span class="fr-link__detail">
              {p.type_contenu === 'application/pdf' ? 'PDF' : p.type_contenu === 'image/png' ? 'PNG' : 'JPEG'} – {(p.taille / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ko
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function PageMonSignalement(props: {
  ctx: ContextePage;
  s: { id: string; cree_le: Date; cible_libelle: string; valeur_signalee: Record<string, unknown>; message: string; statut: StatutSignalement; traite_le: Date | null; motif_rejet: string | null };
  pieces: Piece[];
  message: string | null;
}) {
  const { s } = props;
  return (
    <Page titre={`Votre signalement du ${dateParis(s.cree_le)}`} ctx={props.ctx} miettes={MIETTES_AGENT}>
      <h1>Votre signalement</h1>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      <Statut statut={s.statut} />
      <ul>
        <li>Déposé {dateHeureParis(s.cree_le)}</li>
        <li>Élément : {s.cible_libelle}</li>
        <li>
          Valeur au moment du signalement : <Valeurs v={s.valeur_signalee} />
        </li>
        {s.traite_le ? <li>Traité {dateHeureParis(s.traite_le)}</li> : null}
        {s.motif_rejet ? <li>Motif du rejet : {s.motif_rejet}</li> : null}
      </ul>
      <h2 class="fr-h5">Votre message</h2>
      <TexteLibre texte={s.message} />
      <h2 class="fr-h5">Pièces justificatives</h2>
      <ListePieces pieces={props.pieces} />
      <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={urlsDossier.dossier('signalements')}>
        Retour à vos signalements
      </a>
    </Page>
  );
}

/** Multi-line text typed by a person: each line kept, everything escaped. */
export function TexteLibre({ texte }: { texte: string }) {
  const lignes = texte.split('\n');
  return (
    <p>
      {lignes.map((l, i) => (
        <>
          {l}
          {i < lignes.length - 1 ? <br /> : null}
        </>
      ))}
    </p>
  );
}

export function segmentDe(type: TypeCible): CibleSignalee {
  return SEGMENT_CIBLE[type];
}
