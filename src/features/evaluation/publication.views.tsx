import { Alerte, ChampCsrf, Page, ResumeErreurs, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { MIETTES_IPROF } from '../../shared/views/miettes.ts';
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
    <div class="fr-table fr-table--no-caption">
      <div class="fr-table__wrapper">
        <div class="fr-table__container" tabIndex={0} role="region" aria-label="Votre classement">
          <div class="fr-table__content">
            <table>
              <caption>Votre classement</caption>
              <thead>
                <tr>
                  <th scope="col">Liste</th>
                  <th scope="col">Rang</th>
                  <th scope="col">{c ? 'Palier' : 'Votre barème'}</th>
                  {c ? null : <th scope="col">Dernier barème promu</th>}
                </tr>
              </thead>
              <tbody>
                {r.lignes.map((l) => (
                  <tr>
                    <td>{l.vivier ? `Vivier ${l.vivier}` : 'Tableau'}</td>
                    <td>{l.rang}</td>
                    <td>{c ? (l.palier ?? '—') : (l.bareme ?? '—')}</td>
                    {c ? null : <td>{l.dernierBaremePromu ?? 'aucun promu'}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
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
              <div class={`fr-upload-group${v.erreurs.pieces ? ' fr-upload-group--error' : ''}`}>
                <label class="fr-label" for="champ-pieces">
                  Pièces justificatives (facultatives)
                  <span class="fr-hint-text">PDF, JPEG ou PNG, 10 Mio au plus par fichier, 5 fichiers au plus.</span>
                </label>
                <input class="fr-upload" type="file" id="champ-pieces" name="pieces" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
                {v.erreurs.pieces ? <p class="fr-error-text">{v.erreurs.pieces}</p> : null}
              </div>
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
