import { AIDE_DATE_HEURE, BoutonAction, ChampCsrf, ChampTexte, ListeDeroulante, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { dateParis, heureParis } from '../../shared/dates.ts';
import { urls } from '../../shared/urls.ts';
import { MIETTES_ADMIN, PageAdmin } from './admin.views.tsx';
import { saisieCase, saisieTexte } from './admin.schemas.ts';
import { instantVersSaisieParis, LIBELLE_ETAT_BANDEAU, LIBELLE_NIVEAU, NIVEAUX_BANDEAU, type EtatBandeau, type NiveauBandeau } from './bandeaux.rules.ts';
import type { BandeauAdmin } from './bandeaux.repository.ts';
import { GroupeCases } from './comptes.views.tsx';

/** The banners' administration pages. */

const MIETTES_BANDEAUX = [...MIETTES_ADMIN, { libelle: 'Bandeaux d’information', href: urls.adminBandeaux() }];

type LigneBandeau = { id: string; titre: string; niveau: NiveauBandeau; debut: Date | null; fin: Date | null; etat: EtatBandeau };

const jour = (d: Date) => `${dateParis(d)} à ${heureParis(d)}`;

function periode(b: { debut: Date | null; fin: Date | null }): string {
  if (b.debut && b.fin) return `Du ${jour(b.debut)} au ${jour(b.fin)}`;
  if (b.debut) return `À partir du ${jour(b.debut)}`;
  if (b.fin) return `Jusqu’au ${jour(b.fin)}`;
  return 'Sans limite de dates';
}

export function PageBandeaux(props: { ctx: ContextePage; bandeaux: LigneBandeau[]; message: string | null }) {
  return (
    <PageAdmin titre="Bandeaux d’information" ctx={props.ctx} message={props.message}>
      <p>Les bandeaux actifs s’affichent sur l’accueil du portail, sous « Informations importantes », pendant leur période (heure de Paris).</p>
      <a class="fr-btn fr-icon-add-line fr-btn--icon-left fr-mb-3w" href={urls.adminBandeauNouveau()}>
        Créer un bandeau
      </a>
      <Tableau
        legende="Bandeaux d’information"
        entetes={['Titre', 'Niveau', 'Période', 'État']}
        vide="Aucun bandeau."
        lignes={props.bandeaux.map((b) => [<a href={urls.adminBandeau(b.id)}>{b.titre}</a>, LIBELLE_NIVEAU[b.niveau], periode(b), LIBELLE_ETAT_BANDEAU[b.etat]])}
      />
    </PageAdmin>
  );
}

export type SaisieBandeau = { titre: string; message: string; niveau: string; debut: string; fin: string; actif: boolean };

export function saisieBandeauDuCorps(corps: unknown): SaisieBandeau {
  const t = (c: string) => saisieTexte(corps, c);
  return { titre: t('titre'), message: t('message'), niveau: t('niveau'), debut: t('debut'), fin: t('fin'), actif: saisieCase(corps, 'actif') };
}

export function saisieBandeauDe(b: BandeauAdmin): SaisieBandeau {
  return {
    titre: b.titre,
    message: b.message,
    niveau: b.niveau,
    debut: b.debut ? instantVersSaisieParis(b.debut) : '',
    fin: b.fin ? instantVersSaisieParis(b.fin) : '',
    actif: b.actif,
  };
}

export function PageBandeau(props: { ctx: ContextePage; id: string | null; saisie: SaisieBandeau; erreurs: Record<string, string> }) {
  const { ctx, id, saisie, erreurs } = props;
  return (
    <PageAdmin titre={id ? 'Modifier un bandeau' : 'Créer un bandeau'} ctx={ctx} miettes={MIETTES_BANDEAUX}>
      <ResumeErreurs erreurs={erreurs} />
      <form method="post" action={id ? urls.adminBandeau(id) : urls.adminBandeauNouveau()} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ChampTexte nom="titre" libelle="Titre" valeur={saisie.titre} erreur={erreurs.titre} maxLength={150} requis />
        <ZoneTexte nom="message" libelle="Message" valeur={saisie.message} erreur={erreurs.message} maxLength={2000} />
        <ListeDeroulante nom="niveau" libelle="Niveau" options={NIVEAUX_BANDEAU.map((n) => ({ valeur: n, libelle: LIBELLE_NIVEAU[n] }))} valeur={saisie.niveau} erreur={erreurs.niveau} />
        <ChampTexte nom="debut" libelle="Début (facultatif)" aide={`Heure de Paris ; vide : dès maintenant. ${AIDE_DATE_HEURE}`} type="datetime-local" valeur={saisie.debut} erreur={erreurs.debut} />
        <ChampTexte nom="fin" libelle="Fin (facultative)" aide={`Heure de Paris ; vide : sans fin. ${AIDE_DATE_HEURE}`} type="datetime-local" valeur={saisie.fin} erreur={erreurs.fin} />
        <GroupeCases nom="actif" legende="Affichage" options={[{ valeur: 'on', libelle: 'Bandeau actif' }]} coches={saisie.actif ? ['on'] : []} erreur={erreurs.actif} />
        <button type="submit" class="fr-btn">
          {id ? 'Enregistrer' : 'Créer le bandeau'}
        </button>
      </form>
      {id ? (
        <>
          <h2 class="fr-mt-6w">Supprimer le bandeau</h2>
          <BoutonAction action={urls.adminBandeauSupprimer(id)} csrf={ctx.csrf} libelle="Supprimer le bandeau" secondaire icone="fr-icon-delete-line" />
        </>
      ) : null}
    </PageAdmin>
  );
}
