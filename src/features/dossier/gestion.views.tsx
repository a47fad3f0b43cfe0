import { NOM_IPROF } from '../../shared/views/miettes.ts';
import { Alerte, ChampCsrf, ChampTexte, ListeDeroulante, Page, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import { CORPS, FONCTIONS, GRADES, POSITIONS, STATUTS } from '../../carriere/vocabulaire.ts';
import { urlsDossier } from './dossier.urls.ts';
import { libelle } from './libelles.ts';
import { CHAMPS_IDENTITE, LIBELLE_STATUT, STATUTS_SIGNALEMENT, type ChampIdentite, type StatutSignalement, type TypeCible } from './signalements.rules.ts';
import { ListePieces, Statut, TexteLibre, Valeurs } from './signalements.views.tsx';

const MIETTES = [
  { libelle: 'Accueil', href: urls.portail() },
  { libelle: NOM_IPROF, href: urls.iprof() },
];

type LigneFile = { id: string; agent_id: string; nom: string; prenom: string; cible_libelle: string; cree_le: Date; statut: StatutSignalement; nb_pieces: number | null };

export function PageFileSignalements(props: { ctx: ContextePage; statut: StatutSignalement; lignes: LigneFile[]; message: string | null }) {
  return (
    <Page titre={`Signalements d’erreur — ${LIBELLE_STATUT[props.statut]}`} ctx={props.ctx} miettes={MIETTES}>
      <h1>Signalements d’erreur des agents</h1>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      <nav aria-label="Filtrer les signalements par état">
        <ul class="fr-btns-group fr-btns-group--inline-sm">
          {STATUTS_SIGNALEMENT.map((s) => (
            <li>
              <a class={`fr-btn fr-btn--sm${s === props.statut ? '' : ' fr-btn--secondary'}`} href={urlsDossier.gestionSignalements(s)} aria-current={s === props.statut ? 'page' : undefined}>
                {LIBELLE_STATUT[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Tableau
        legende={`Signalements « ${LIBELLE_STATUT[props.statut]} » des agents de votre périmètre`}
        entetes={['Déposé', 'Agent', 'Élément signalé', 'Pièces', 'État']}
        vide="Aucun signalement dans cet état pour les agents de votre périmètre."
        lignes={props.lignes.map((l) => [
          <a href={urlsDossier.gestionSignalement(l.id)}>{dateHeureParis(l.cree_le)}</a>,
          `${l.prenom} ${l.nom} (${l.agent_id})`,
          <span class="fr-cell--multiline">{l.cible_libelle}</span>,
          String(l.nb_pieces ?? 0),
          <Statut statut={l.statut} />,
        ])}
      />
    </Page>
  );
}

const opts = (valeurs: readonly string[], lib: (v: string) => string = (v) => v) => valeurs.map((v) => ({ valeur: v, libelle: lib(v) }));

/** The correction fields of a target, prefilled with its current values (or with what was typed after a refusal). */
function ChampsCorrection({ type, champ, v, e }: { type: TypeCible; champ: string; v: Record<string, string>; e: Record<string, string> }) {
  switch (type) {
    case 'IDENTITE': {
      const lib = `${CHAMPS_IDENTITE[champ as ChampIdentite] ?? champ} (valeur corrigée)`;
      if (champ === 'corps') return <ListeDeroulante nom="valeur" libelle={lib} options={opts(CORPS, libelle.corps)} valeur={v.valeur} erreur={e.valeur} />;
      if (champ === 'civilite') return <ListeDeroulante nom="valeur" libelle={lib} options={opts(['M.', 'Mme'])} valeur={v.valeur} erreur={e.valeur} />;
      const date = champ === 'date_naissance' || champ === 'date_entree_corps';
      return <ChampTexte nom="valeur" libelle={lib} type={date ? 'date' : 'text'} valeur={v.valeur} erreur={e.valeur} />;
    }
    case 'CARRIERE':
      return (
        <>
          <ChampTexte nom="date_effet" type="date" libelle="Date d’effet" valeur={v.date_effet} erreur={e.date_effet} />
          <ListeDeroulante nom="grade" libelle="Grade" options={opts(GRADES, libelle.grade)} valeur={v.grade} erreur={e.grade} />
          <ChampTexte nom="echelon" libelle="Échelon" inputMode="numeric" valeur={v.echelon} erreur={e.echelon} />
        </>
      );
    case 'POSITION':
      return (
        <>
          <ChampTexte nom="date_debut" type="date" libelle="Date de début" valeur={v.date_debut} erreur={e.date_debut} />
          <ChampTexte nom="date_fin" type="date" libelle="Date de fin (vide si en cours)" valeur={v.date_fin} erreur={e.date_fin} />
          <ListeDeroulante nom="position" libelle="Position" options={opts(POSITIONS, libelle.position)} valeur={v.position} erreur={e.position} />
        </>
      );
    case 'SERVICE':
      return (
        <>
          <ChampTexte nom="date_debut" type="date" libelle="Date de début" valeur={v.date_debut} erreur={e.date_debut} />
          <ChampTexte nom="date_fin" type="date" libelle="Date de fin (vide si en cours)" valeur={v.date_fin} erreur={e.date_fin} />
          <ChampTexte nom="uai" libelle="UAI de l’établissement" valeur={v.uai} erreur={e.uai} maxLength={8} />
          <ListeDeroulante nom="fonction" libelle="Fonction" options={opts(FONCTIONS, libelle.fonction)} valeur={v.fonction} erreur={e.fonction} />
          <ChampTexte nom="part_service" libelle="Quotité de service (%)" inputMode="numeric" valeur={v.part_service} erreur={e.part_service} />
          <ListeDeroulante nom="statut" libelle="Statut" options={opts(STATUTS, libelle.statut)} valeur={v.statut} erreur={e.statut} />
          <div class="fr-checkbox-group fr-mb-3w">
            <input type="checkbox" id="champ-faisant_fonction" name="faisant_fonction" value="1" checked={v.faisant_fonction === '1'} />
            <label class="fr-label" for="champ-faisant_fonction">
              Faisant fonction
            </label>
          </div>
        </>
      );
  }
}

export type VueSignalementGestion = {
  s: {
    id: string;
    agent_id: string;
    nom: string;
    prenom: string;
    cible_type: TypeCible;
    cible_id: string;
    cible_libelle: string;
    valeur_signalee: Record<string, unknown>;
    message: string;
    statut: StatutSignalement;
    cree_le: Date;
    traite_le: Date | null;
    motif_rejet: string | null;
    traite_par: string | null;
  };
  pieces: Array<{ id: string; nom_fichier: string; type_contenu: string; taille: number; sha256: string }>;
  actuelle: { valeur: Record<string, unknown> } | null;
};

export function PageSignalementGestion(props: { ctx: ContextePage; vue: VueSignalementGestion; correction: Record<string, string>; erreursCorrection: Record<string, string>; motif: string; erreursRejet: Record<string, string> }) {
  const { s, pieces, actuelle } = props.vue;
  const enAttente = s.statut === 'EN_ATTENTE';
  return (
    <Page titre={`Signalement de ${s.prenom} ${s.nom}`} ctx={props.ctx} miettes={[...MIETTES, { libelle: 'Signalements d’erreur', href: urlsDossier.gestionSignalements() }]}>
      <h1>
        Signalement de {s.prenom} {s.nom}
      </h1>
      <ResumeErreurs erreurs={{ ...props.erreursCorrection, ...props.erreursRejet }} />
      <Statut statut={s.statut} />
      <ul>
        <li>
          Agent : <a href={urlsDossier.agent(s.agent_id)}>{s.agent_id}</a>
        </li>
        <li>Déposé {dateHeureParis(s.cree_le)}</li>
        <li>Élément signalé : {s.cible_libelle}</li>
        <li>
          Valeur au moment du signalement : <Valeurs v={s.valeur_signalee} />
        </li>
        <li>Valeur actuelle : {actuelle ? <Valeurs v={actuelle.valeur} /> : 'l’élément n’existe plus (données réimportées ?)'}</li>
        {s.traite_le ? <li>Traité {dateHeureParis(s.traite_le)} par {s.traite_par ?? '—'}</li> : null}
        {s.motif_rejet ? <li>Motif du rejet : {s.motif_rejet}</li> : null}
      </ul>
      <h2 class="fr-h5">Message de l’agent</h2>
      <TexteLibre texte={s.message} />
      <h2 class="fr-h5">Pièces justificatives</h2>
      <ListePieces pieces={pieces} />
      {enAttente && actuelle ? (
        <form method="post" action={urlsDossier.accepter(s.id)} novalidate class="fr-mt-4w">
          <ChampCsrf jeton={props.ctx.csrf} />
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Accepter et corriger le dossier</legend>
            <div class="fr-fieldset__element">
              <p class="fr-text--sm">Le formulaire est prérempli avec les valeurs actuelles. La valeur précédente est conservée dans l’historique des corrections.</p>
              <ChampsCorrection type={s.cible_type} champ={s.cible_id} v={props.correction} e={props.erreursCorrection} />
              <button type="submit" class="fr-btn fr-icon-check-line fr-btn--icon-left">
                Accepter et corriger
              </button>
            </div>
          </fieldset>
        </form>
      ) : null}
      {enAttente ? (
        <form method="post" action={urlsDossier.rejeter(s.id)} novalidate class="fr-mt-4w">
          <ChampCsrf jeton={props.ctx.csrf} />
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Rejeter le signalement</legend>
            <div class="fr-fieldset__element">
              <ZoneTexte nom="motif" libelle="Motif du rejet (obligatoire, communiqué à l’agent)" valeur={props.motif} erreur={props.erreursRejet.motif} maxLength={2000} />
              <button type="submit" class="fr-btn fr-btn--secondary fr-icon-close-line fr-btn--icon-left">
                Rejeter
              </button>
            </div>
          </fieldset>
        </form>
      ) : null}
    </Page>
  );
}
