import { Alerte, BoutonAction, ChampCsrf, Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureCourte } from '../../shared/dates.ts';
import { urls } from '../../shared/urls.ts';
import { LIBELLE_ACTION, LIBELLE_PORTEE, SLUG_DE, TITRE_PAGE, type ActionAbonnement, type Portee } from './syndicats.rules.ts';
import { urlsSyndicats } from './syndicats.urls.ts';

/** The agent's subscriptions page (one per scope) and the correspondent's export page. */

const MIETTES_PORTAIL = [{ libelle: 'Accueil', href: urls.portail() }];

export type VueAbonnements = {
  portee: Portee;
  syndicats: Array<{ id: string; sigle: string; nom: string; listes: Array<{ id: string; libelle: string; description: string | null; abonne: boolean }> }>;
  historique: Array<{ id: string; le: Date; action: ActionAbonnement; libelle: string; sigle: string }>;
  email: string | null;
  correspondant: boolean;
};

export function PageAbonnements(props: { ctx: ContextePage; vue: VueAbonnements; message: string | null }) {
  const { ctx, vue } = props;
  const autre: Portee = vue.portee === 'NATIONALE' ? 'ACADEMIQUE' : 'NATIONALE';
  return (
    <Page titre={TITRE_PAGE[vue.portee]} ctx={ctx} miettes={MIETTES_PORTAIL}>
      <h1>{TITRE_PAGE[vue.portee]}</h1>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      <p>
        Choisissez, syndicat par syndicat, les listes d’information {vue.portee === 'NATIONALE' ? 'nationales' : 'académiques'} que vous souhaitez recevoir. Vous ne
        recevez que les listes que vous cochez, et vous pouvez changer d’avis à tout moment : chaque changement est conservé dans l’historique en bas de page.
      </p>
      {vue.email ? (
        <p>
          Les informations sont envoyées à l’adresse électronique de votre compte : <strong>{vue.email}</strong>.
        </p>
      ) : (
        <Alerte type="warning" petite>
          Aucune adresse électronique n’est connue pour votre compte : vos abonnements sont enregistrés, mais les syndicats ne pourront rien vous envoyer tant
          qu’elle manque. Adressez-vous à votre gestionnaire.
        </Alerte>
      )}
      <p>
        <a class="fr-link" href={urlsSyndicats.abonnements(SLUG_DE[autre])}>
          {TITRE_PAGE[autre]}
        </a>
      </p>
      {vue.syndicats.length === 0 ? (
        <p>Aucun syndicat ne propose pour l’instant de liste d’information {vue.portee === 'NATIONALE' ? 'nationale' : 'académique'}.</p>
      ) : (
        <form method="post" action={urlsSyndicats.abonnements(SLUG_DE[vue.portee])}>
          <ChampCsrf jeton={ctx.csrf} />
          {vue.syndicats.map((s) => (
            <fieldset class="fr-fieldset" id={`syndicat-${s.id}`} aria-labelledby={`syndicat-${s.id}-legende`}>
              <legend class="fr-fieldset__legend" id={`syndicat-${s.id}-legende`}>
                {s.sigle} — {s.nom}
              </legend>
              {s.listes.map((l) => (
                <div class="fr-fieldset__element">
                  <div class="fr-checkbox-group">
                    <input type="checkbox" id={`liste-${l.id}`} name="listes" value={l.id} checked={l.abonne} />
                    <label class="fr-label" for={`liste-${l.id}`}>
                      {l.libelle}
                      {l.description ? <span class="fr-hint-text">{l.description}</span> : null}
                    </label>
                  </div>
                </div>
              ))}
            </fieldset>
          ))}
          <button type="submit" class="fr-btn">
            Enregistrer mes abonnements
          </button>
        </form>
      )}
      <h2 class="fr-mt-6w">Historique de mes abonnements</h2>
      <Tableau
        legende={`Historique de mes abonnements aux listes ${vue.portee === 'NATIONALE' ? 'nationales' : 'académiques'}`}
        entetes={['Date', 'Syndicat', 'Liste', 'Changement']}
        vide="Vous n’avez encore changé aucun abonnement."
        lignes={vue.historique.map((h) => [<span class="vivier-insecable">{dateHeureCourte(h.le)}</span>, h.sigle, h.libelle, LIBELLE_ACTION[h.action]])}
      />
      {vue.correspondant ? (
        <p class="fr-mt-4w">
          <a class="fr-link" href={urlsSyndicats.correspondant()}>
            Exporter les abonnés des listes de mon syndicat
          </a>
        </p>
      ) : null}
    </Page>
  );
}

export type LigneCorrespondant = { syndicat_id: string; sigle: string; nom: string; id: string; libelle: string; portee: Portee; active: boolean; abonnes: string | null };

export function PageCorrespondant(props: { ctx: ContextePage; lignes: LigneCorrespondant[] }) {
  const { ctx } = props;
  const syndicats = new Map<string, { sigle: string; nom: string; lignes: LigneCorrespondant[] }>();
  for (const l of props.lignes) {
    const s = syndicats.get(l.syndicat_id) ?? { sigle: l.sigle, nom: l.nom, lignes: [] };
    s.lignes.push(l);
    syndicats.set(l.syndicat_id, s);
  }
  const titre = 'Abonnés des listes de mon syndicat';
  return (
    <Page titre={titre} ctx={ctx} miettes={MIETTES_PORTAIL}>
      <h1>{titre}</h1>
      <p>
        Les personnes abonnées aujourd’hui à chaque liste d’information de votre syndicat, à exporter en CSV (nom, adresse électronique, date d’abonnement). Chaque
        export est inscrit au journal d’audit de l’académie ; n’utilisez ces adresses que pour la liste à laquelle elles sont abonnées.
      </p>
      {syndicats.size === 0 ? (
        <p>Vous n’êtes correspondant d’aucun syndicat : l’administrateur de l’académie vous rattache au vôtre.</p>
      ) : (
        [...syndicats].map(([id, s]) => (
          <section class="fr-mb-4w" aria-labelledby={`syndicat-${id}`}>
            <h2 id={`syndicat-${id}`}>
              {s.sigle} — {s.nom}
            </h2>
            <Tableau
              legende={`Listes de ${s.sigle}`}
              entetes={['Liste', 'Portée', 'État', 'Abonnés', 'Export']}
              lignes={s.lignes.map((l) => [
                l.libelle,
                LIBELLE_PORTEE[l.portee],
                l.active ? 'Ouverte' : 'Fermée',
                Number(l.abonnes ?? 0),
                <BoutonAction action={urlsSyndicats.exportAbonnes(id, l.id)} csrf={ctx.csrf} libelle="Exporter (CSV)" precision={`les abonnés de « ${l.libelle} »`} secondaire petit icone="fr-icon-download-line" />,
              ])}
            />
          </section>
        ))
      )}
    </Page>
  );
}
