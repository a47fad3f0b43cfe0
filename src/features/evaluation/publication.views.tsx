import { Alerte, ChampCsrf, Page, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { MIETTES_IPROF } from '../../shared/views/miettes.ts';
import { ChampPieces } from '../../shared/views/champ-pieces.tsx';
import { dateHeureParis } from '../../shared/dates.ts';
import { dateLongue, type ResultatAgent } from './publication.rules.ts';
import { urlsTableau as u } from './tableau.urls.ts';

/** The agent's side of a published table: their results, one result with the recours (I-Prof). */

const MIETTES = [...MIETTES_IPROF];
const LIBELLE_RECOURS = { DEPOSE: 'en cours d’examen', ACCEPTE: 'accepté', REJETE: 'rejeté' } as const;

export function PageResultats(props: { ctx: ContextePage; campagnes: Array<{ id: string; intitule: string; publieeLe: Date | null }> }) {
  return (
    <Page titre="Mes résultats" ctx={props.ctx} miettes={MIETTES}>
      <h1>Mes résultats</h1>
      {props.campagnes.length === 0 ? (
        <p>Aucun tableau d’avancement de votre corps n’est encore publié.</p>
      ) : (
        <ul>
          {props.campagnes.map((c) => (
            <li>
              <a href={u.resultat(c.id)}>{c.intitule}</a>
              {c.publieeLe ? ` — publié ${dateHeureParis(c.publieeLe)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

export type VueResultat = {
  ctx: ContextePage;
  campagne: { id: string; intitule: string; regime: string };
  publieeLe: Date;
  resultat: ResultatAgent;
  texte: string;
  dateLimiteRecours: string;
  recoursPossible: boolean;
  recours: null | { id: string; statut: 'DEPOSE' | 'ACCEPTE' | 'REJETE'; texte: string; reponse: string | null; creeLe: Date; reponduLe: Date | null; pieces: Array<{ id: string; nom_fichier: string }> };
  saisie: { texte: string };
  erreurs: Record<string, string>;
  message: string | null;
};

function Classement(v: VueResultat) {
  const r = v.resultat;
  if (r.kind !== 'NON_PROMU') return null;
  const c = v.campagne.regime === 'C';
  return (
    <Tableau
      legende="Votre classement"
      entetes={c ? ['Liste', 'Rang', 'Palier'] : ['Liste', 'Rang', 'Votre barème', 'Dernier barème promu']}
      lignes={r.lignes.map((l) => {
        const debut = [l.vivier ? `Vivier ${l.vivier}` : 'Tableau', l.rang];
        return c ? [...debut, l.palier ?? '—'] : [...debut, l.bareme ?? '—', l.dernierBaremePromu ?? 'aucun promu'];
      })}
    />
  );
}

function Recours(v: VueResultat) {
  if (v.resultat.kind === 'PROMU') return null;
  const limite = `Vous pouvez former un recours gracieux jusqu’au ${dateLongue(v.dateLimiteRecours)} inclus (deux mois après la publication). L’administration y répond dans les deux mois ; son silence vaut rejet.`;
  return (
    <section class="fr-mt-4w" aria-labelledby="titre-recours">
      <h2 id="titre-recours">Recours gracieux</h2>
      <p>{limite}</p>
      {v.recours ? (
        <Alerte type={v.recours.statut === 'REJETE' ? 'warning' : 'info'} titre={`Votre recours est ${LIBELLE_RECOURS[v.recours.statut]}`} niveauTitre={3}>
          <p>{`Déposé ${dateHeureParis(v.recours.creeLe)}.`}</p>
          <p class="vivier-texte-libre">{v.recours.texte}</p>
          {v.recours.pieces.length > 0 ? (
            <ul>
              {v.recours.pieces.map((p) => (
                <li>
                  <a href={u.pieceRecours(v.campagne.id, v.recours!.id, p.id)}>{p.nom_fichier}</a>
                </li>
              ))}
            </ul>
          ) : null}
          {v.recours.reponse ? <p>{`Réponse ${v.recours.reponduLe ? dateHeureParis(v.recours.reponduLe) : ''} : ${v.recours.reponse}`}</p> : null}
        </Alerte>
      ) : v.recoursPossible ? (
        <form method="post" action={u.deposerRecours(v.campagne.id)} enctype="multipart/form-data" novalidate>
          <ChampCsrf jeton={v.ctx.csrf} />
          <fieldset class="fr-fieldset" aria-labelledby="legende-recours">
            <legend class="fr-fieldset__legend" id="legende-recours">
              Former un recours gracieux
            </legend>
            <div class="fr-fieldset__element">
              <ResumeErreurs erreurs={v.erreurs} />
            </div>
            <div class="fr-fieldset__element">
              <ZoneTexte nom="texte" libelle="Votre demande et ses motifs" valeur={v.saisie.texte} erreur={v.erreurs.texte} maxLength={4000} />
            </div>
            <div class="fr-fieldset__element">
              <ChampPieces libelle="Pièces justificatives (facultatives)" erreur={v.erreurs.pieces} />
            </div>
            <div class="fr-fieldset__element">
              <button type="submit" class="fr-btn">
                Envoyer mon recours
              </button>
            </div>
          </fieldset>
        </form>
      ) : (
        <p>Le délai de recours est passé.</p>
      )}
    </section>
  );
}

export function PageResultat(v: VueResultat) {
  const r = v.resultat;
  return (
    <Page titre={`Mon résultat — ${v.campagne.intitule}`} ctx={v.ctx} miettes={[...MIETTES, { libelle: 'Mes résultats', href: u.resultats() }]}>
      <h1>Mon résultat</h1>
      <p class="fr-text--lead">{`${v.campagne.intitule} — tableau publié ${dateHeureParis(v.publieeLe)}`}</p>
      {v.message ? <Alerte type="success" petite>{v.message}</Alerte> : null}
      <Alerte type={r.kind === 'PROMU' ? 'success' : 'info'} titre={r.kind === 'PROMU' ? 'Vous êtes promu(e)' : r.kind === 'ABSENT' ? 'Vous ne figurez pas au tableau' : 'Vous n’êtes pas promu(e) cette année'}>
        {v.texte}
      </Alerte>
      <Classement {...v} />
      <Recours {...v} />
    </Page>
  );
}
