import { BoutonAction, ChampCsrf, ChampTexte, ListeDeroulante, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { dateParis } from '../../shared/dates.ts';
import { MIETTES_ADMIN, PageAdmin } from '../admin/admin.views.tsx';
import { saisieCase, saisieTexte } from '../admin/admin.schemas.ts';
import { GroupeCases } from '../admin/comptes.views.tsx';
import { LIBELLE_PORTEE, PORTEES, type Portee } from './syndicats.rules.ts';
import type { ListeAdmin, SyndicatAdmin } from './syndicats.repository.ts';
import { urlsSyndicats } from './syndicats.urls.ts';

/** The administrator's pages of the unions, their information lists and their correspondents. */

const MIETTES_SYNDICATS = [...MIETTES_ADMIN, { libelle: 'Syndicats et listes d’information', href: urlsSyndicats.admin() }];
const miettesSyndicat = (s: { id: string; sigle: string }) => [...MIETTES_SYNDICATS, { libelle: s.sigle, href: urlsSyndicats.adminSyndicat(s.id) }];

type LigneSyndicat = { id: string; sigle: string; nom: string; actif: boolean; listes: string | null; correspondants: string | null };

export function PageSyndicats(props: { ctx: ContextePage; syndicats: LigneSyndicat[]; message: string | null }) {
  return (
    <PageAdmin titre="Syndicats et listes d’information" ctx={props.ctx} message={props.message}>
      <p>
        Les syndicats et leurs listes d’information (nationales ou académiques) que les agents choisissent de recevoir sur les pages « Gérer ses abonnements » du
        portail. Les correspondants d’un syndicat exportent les abonnés de ses seules listes.
      </p>
      <a class="fr-btn fr-icon-add-line fr-btn--icon-left fr-mb-3w" href={urlsSyndicats.adminNouveau()}>
        Ajouter un syndicat
      </a>
      <Tableau
        legende="Syndicats"
        entetes={['Sigle', 'Nom', 'Listes', 'Correspondants', 'État']}
        vide="Aucun syndicat."
        lignes={props.syndicats.map((s) => [<a href={urlsSyndicats.adminSyndicat(s.id)}>{s.sigle}</a>, s.nom, Number(s.listes ?? 0), Number(s.correspondants ?? 0), s.actif ? 'Actif' : 'Inactif'])}
      />
    </PageAdmin>
  );
}

export type SaisieSyndicat = { sigle: string; nom: string; ordre: string; actif: boolean };

export const saisieSyndicatDuCorps = (corps: unknown): SaisieSyndicat => ({ sigle: saisieTexte(corps, 'sigle'), nom: saisieTexte(corps, 'nom'), ordre: saisieTexte(corps, 'ordre'), actif: saisieCase(corps, 'actif') });
export const saisieSyndicatDe = (s: SyndicatAdmin): SaisieSyndicat => ({ sigle: s.sigle, nom: s.nom, ordre: String(s.ordre), actif: s.actif });

function ChampsSyndicat(props: { saisie: SaisieSyndicat; erreurs: Record<string, string> }) {
  const { saisie, erreurs } = props;
  return (
    <>
      <ChampTexte nom="sigle" libelle="Sigle" aide="Tel que les agents le connaissent, par exemple SDEP" valeur={saisie.sigle} erreur={erreurs.sigle} maxLength={30} requis />
      <ChampTexte nom="nom" libelle="Nom" valeur={saisie.nom} erreur={erreurs.nom} maxLength={200} requis />
      <ChampTexte nom="ordre" libelle="Ordre d’affichage" aide="Nombre entier ; les plus petits d’abord, puis par sigle" valeur={saisie.ordre} erreur={erreurs.ordre} inputMode="numeric" maxLength={4} />
      <GroupeCases nom="actif" legende="Affichage" options={[{ valeur: 'on', libelle: 'Syndicat actif (ses listes ouvertes sont proposées aux agents)' }]} coches={saisie.actif ? ['on'] : []} erreur={erreurs.actif} />
    </>
  );
}

export function PageNouveauSyndicat(props: { ctx: ContextePage; saisie: SaisieSyndicat; erreurs: Record<string, string> }) {
  return (
    <PageAdmin titre="Ajouter un syndicat" ctx={props.ctx} miettes={MIETTES_SYNDICATS}>
      <ResumeErreurs erreurs={props.erreurs} />
      <form method="post" action={urlsSyndicats.adminNouveau()} novalidate>
        <ChampCsrf jeton={props.ctx.csrf} />
        <ChampsSyndicat saisie={props.saisie} erreurs={props.erreurs} />
        <button type="submit" class="fr-btn">
          Ajouter le syndicat
        </button>
      </form>
    </PageAdmin>
  );
}

type FicheSyndicat = {
  syndicat: SyndicatAdmin;
  listes: Array<{ id: string; libelle: string; portee: Portee; active: boolean; abonnes: string | null }>;
  correspondants: Array<{ id: string; identifiant: string; nom_affiche: string; actif: boolean; depuis_le: Date }>;
};

export function PageSyndicat(props: {
  ctx: ContextePage;
  fiche: FicheSyndicat;
  saisie: SaisieSyndicat;
  erreurs: Record<string, string>;
  saisieCorrespondant: string;
  erreursCorrespondant: Record<string, string>;
  message: string | null;
}) {
  const { ctx, fiche } = props;
  const s = fiche.syndicat;
  return (
    <PageAdmin titre={`Syndicat ${s.sigle}`} ctx={ctx} miettes={MIETTES_SYNDICATS} message={props.message}>
      <ResumeErreurs erreurs={{ ...props.erreurs, ...props.erreursCorrespondant }} />
      <form method="post" action={urlsSyndicats.adminSyndicat(s.id)} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ChampsSyndicat saisie={props.saisie} erreurs={props.erreurs} />
        <button type="submit" class="fr-btn">
          Enregistrer
        </button>
      </form>

      <h2 class="fr-mt-6w">Listes d’information</h2>
      <p>Une liste fermée n’est plus proposée aux agents ; ses abonnements et leur historique sont gardés (la rouvrir les retrouve).</p>
      <a class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mb-3w" href={urlsSyndicats.adminListeNouvelle(s.id)}>
        Ajouter une liste
      </a>
      <Tableau
        legende={`Listes d’information de ${s.sigle}`}
        entetes={['Liste', 'Portée', 'État', 'Abonnés']}
        vide="Ce syndicat n’a encore aucune liste."
        lignes={fiche.listes.map((l) => [<a href={urlsSyndicats.adminListe(s.id, l.id)}>{l.libelle}</a>, LIBELLE_PORTEE[l.portee], l.active ? 'Ouverte' : 'Fermée', Number(l.abonnes ?? 0)])}
      />

      <h2 class="fr-mt-6w">Correspondants</h2>
      <p>Les comptes qui exportent les abonnés des listes de ce syndicat (rôle Correspondant syndical). Chaque export est inscrit au journal d’audit.</p>
      <Tableau
        legende={`Correspondants de ${s.sigle}`}
        entetes={['Nom', 'Identifiant', 'Depuis le', 'Action']}
        vide="Ce syndicat n’a aucun correspondant."
        lignes={fiche.correspondants.map((c) => [
          c.actif ? c.nom_affiche : `${c.nom_affiche} (compte désactivé)`,
          c.identifiant,
          <span class="vivier-insecable">{dateParis(c.depuis_le)}</span>,
          <BoutonAction action={urlsSyndicats.adminCorrespondantRetirer(s.id, c.id)} csrf={ctx.csrf} libelle="Retirer" precision={c.nom_affiche} secondaire petit icone="fr-icon-delete-line" />,
        ])}
      />
      <form method="post" action={urlsSyndicats.adminCorrespondants(s.id)} novalidate class="fr-mt-3w">
        <ChampCsrf jeton={ctx.csrf} />
        <ChampTexte
          nom="identifiant"
          libelle="Ajouter un correspondant"
          aide="Identifiant d’un compte qui a le rôle Correspondant syndical"
          valeur={props.saisieCorrespondant}
          erreur={props.erreursCorrespondant.identifiant}
          maxLength={200}
          autocomplete="off"
        />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Ajouter le correspondant
        </button>
      </form>
    </PageAdmin>
  );
}

export type SaisieListe = { libelle: string; description: string; portee: string; ordre: string; active: boolean };

export const saisieListeDuCorps = (corps: unknown): SaisieListe => ({
  libelle: saisieTexte(corps, 'libelle'),
  description: saisieTexte(corps, 'description'),
  portee: saisieTexte(corps, 'portee'),
  ordre: saisieTexte(corps, 'ordre'),
  active: saisieCase(corps, 'active'),
});
export const saisieListeDe = (l: ListeAdmin): SaisieListe => ({ libelle: l.libelle, description: l.description ?? '', portee: l.portee, ordre: String(l.ordre), active: l.active });

export function PageListe(props: { ctx: ContextePage; syndicat: { id: string; sigle: string }; listeId: string | null; saisie: SaisieListe; erreurs: Record<string, string> }) {
  const { ctx, syndicat, listeId, saisie, erreurs } = props;
  return (
    <PageAdmin titre={listeId ? `Modifier une liste de ${syndicat.sigle}` : `Ajouter une liste à ${syndicat.sigle}`} ctx={ctx} miettes={miettesSyndicat(syndicat)}>
      <ResumeErreurs erreurs={erreurs} />
      <form method="post" action={listeId ? urlsSyndicats.adminListe(syndicat.id, listeId) : urlsSyndicats.adminListeNouvelle(syndicat.id)} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ChampTexte nom="libelle" libelle="Libellé" aide="Ce que l’agent coche, par exemple « Lettre d’information académique »" valeur={saisie.libelle} erreur={erreurs.libelle} maxLength={150} requis />
        <ZoneTexte nom="description" libelle="Description (facultative)" aide="Ce que la liste envoie et à quel rythme" valeur={saisie.description} erreur={erreurs.description} maxLength={500} />
        <ListeDeroulante
          nom="portee"
          libelle="Portée"
          options={PORTEES.map((p) => ({ valeur: p, libelle: p === 'NATIONALE' ? 'Nationale (infos syndicales nationales)' : 'Académique (infos syndicales académiques)' }))}
          valeur={saisie.portee}
          erreur={erreurs.portee}
        />
        <ChampTexte nom="ordre" libelle="Ordre d’affichage" aide="Nombre entier ; les plus petits d’abord" valeur={saisie.ordre} erreur={erreurs.ordre} inputMode="numeric" maxLength={4} />
        <GroupeCases nom="active" legende="Abonnements" options={[{ valeur: 'on', libelle: 'Liste ouverte aux abonnements' }]} coches={saisie.active ? ['on'] : []} erreur={erreurs.active} />
        <button type="submit" class="fr-btn">
          {listeId ? 'Enregistrer' : 'Ajouter la liste'}
        </button>
      </form>
    </PageAdmin>
  );
}
