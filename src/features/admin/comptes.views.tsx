import { CasesACocher, ChampCsrf, ChampTexte, ListeDeroulante, ResumeErreurs, Tableau, ZoneTexte, type ContextePage } from '../../shared/views/kit.tsx';
import { dateParis, heureParis } from '../../shared/dates.ts';
import { LIBELLE_ROLE, ROLES, parseRoles } from '../../shared/roles.ts';
import { urls } from '../../shared/urls.ts';
import type { Perimetre, QualiteEvaluateur } from '../../shared/perimetre.ts';
import type { Pagination as EtatPagination } from './admin.rules.ts';
import { saisieCase, saisieListe, saisieTexte } from './admin.schemas.ts';
import { CORPS, LIBELLE_CORPS, LIBELLE_QUALITE_EVALUATEUR, QUALITES_EVALUATEUR, type EtatVerrou } from './comptes.rules.ts';
import { MIETTES_ADMIN, PageAdmin, Pagination } from './admin.views.tsx';

/** What the profile fields show: the stored account, or what the administrator typed. */
export type SaisieProfil = {
  nom_affiche: string;
  email: string;
  roles: string[];
  corps: string[];
  departements: string;
  etablissements: string;
  disciplines: string;
  qualite_evaluateur: string;
  actif: boolean;
};

export function saisieProfilDeCompte(c: { nom_affiche: string; email: string | null; roles: string[]; perimetre: Perimetre; qualite_evaluateur: QualiteEvaluateur | null; actif: boolean }): SaisieProfil {
  return {
    nom_affiche: c.nom_affiche,
    email: c.email ?? '',
    roles: c.roles,
    corps: c.perimetre.corps ?? [],
    departements: (c.perimetre.departements ?? []).join(', '),
    etablissements: (c.perimetre.etablissements ?? []).join(', '),
    disciplines: (c.perimetre.disciplines ?? []).join('\n'),
    qualite_evaluateur: c.qualite_evaluateur ?? '',
    actif: c.actif,
  };
}

export function saisieProfilDuCorps(corps: unknown): SaisieProfil {
  return {
    nom_affiche: saisieTexte(corps, 'nom_affiche'),
    email: saisieTexte(corps, 'email'),
    roles: saisieListe(corps, 'roles'),
    corps: saisieListe(corps, 'corps'),
    departements: saisieTexte(corps, 'departements'),
    etablissements: saisieTexte(corps, 'etablissements'),
    disciplines: saisieTexte(corps, 'disciplines'),
    qualite_evaluateur: saisieTexte(corps, 'qualite_evaluateur'),
    actif: saisieCase(corps, 'actif'),
  };
}

export const MIETTES_COMPTES = [...MIETTES_ADMIN, { libelle: 'Comptes', href: urls.adminComptes() }];

/** A checkbox group wrapped in the anchor the error summary links to. */
export function GroupeCases(props: { nom: string; legende: string; options: Array<{ valeur: string; libelle: string }>; coches: readonly string[]; erreur?: string | undefined }) {
  return (
    <div id={`champ-${props.nom}`}>
      <CasesACocher {...props} />
    </div>
  );
}

/**
 * `agent`: the account belongs to an agent of the HR data. Its e-mail is then the dossier's, which is authoritative (the
 * import copies it into the account): shown, not editable here.
 */
export function ChampsProfil(props: { saisie: SaisieProfil; erreurs: Record<string, string>; agent?: { agentId: string; email: string | null } | null }) {
  const { saisie, erreurs, agent } = props;
  return (
    <>
      <ChampTexte nom="nom_affiche" libelle="Nom affiché" aide="Prénom et nom, tels qu’affichés dans l’en-tête du portail" valeur={saisie.nom_affiche} erreur={erreurs.nom_affiche} maxLength={100} requis />
      {agent ? (
        <div class="fr-mb-3w" id="champ-email">
          <p class="fr-mb-1v">
            <strong>Adresse électronique</strong> : {agent.email ?? 'aucune'}
          </p>
          <p class="fr-hint-text">
            Celle du dossier RH de l’agent {agent.agentId}, qui fait foi : l’import des données RH la recopie dans le compte. Pour la changer, corrigez les
            données RH (ou l’agent signale l’erreur depuis son dossier).
          </p>
        </div>
      ) : (
        <ChampTexte nom="email" libelle="Adresse électronique (facultative)" type="email" valeur={saisie.email} erreur={erreurs.email} maxLength={254} autocomplete="off" />
      )}
      <GroupeCases nom="roles" legende="Rôles" options={ROLES.map((r) => ({ valeur: r, libelle: LIBELLE_ROLE[r] }))} coches={saisie.roles} erreur={erreurs.roles} />
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend">Périmètre (gestionnaires, évaluateurs, autorités)</legend>
        <div class="fr-fieldset__element">
          <GroupeCases nom="corps" legende="Corps" options={CORPS.map((c) => ({ valeur: c, libelle: LIBELLE_CORPS[c] }))} coches={saisie.corps} erreur={erreurs.corps} />
        </div>
        <div class="fr-fieldset__element">
          <ChampTexte nom="departements" libelle="Départements" aide="Codes à 3 caractères séparés par des virgules, par exemple : 080, 002, 060" valeur={saisie.departements} erreur={erreurs.departements} />
        </div>
        <div class="fr-fieldset__element">
          <ChampTexte nom="etablissements" libelle="Établissements" aide="Codes UAI séparés par des virgules, par exemple : 0801234A, 0601234B" valeur={saisie.etablissements} erreur={erreurs.etablissements} />
        </div>
        <div class="fr-fieldset__element">
          <ZoneTexte
            nom="disciplines"
            libelle="Disciplines"
            aide="Pour un inspecteur de discipline (IA-IPR) : une discipline par ligne, écrite comme dans les données RH, par exemple LETTRES MODERNES. Laissez vide pour toutes les disciplines."
            valeur={saisie.disciplines}
            erreur={erreurs.disciplines}
            maxLength={8000}
          />
        </div>
      </fieldset>
      <ListeDeroulante
        nom="qualite_evaluateur"
        libelle="Qualité d’évaluateur (rôle Évaluateur) : décide de l’avis donné"
        options={[{ valeur: '', libelle: 'Aucune' }, ...QUALITES_EVALUATEUR.map((q) => ({ valeur: q, libelle: LIBELLE_QUALITE_EVALUATEUR[q] }))]}
        valeur={saisie.qualite_evaluateur}
        erreur={erreurs.qualite_evaluateur}
      />
    </>
  );
}

export function libelleRoles(roles: string[]): string {
  return parseRoles(roles).map((r) => LIBELLE_ROLE[r]).join(', ') || '—';
}

export function libelleVerrou(v: EtatVerrou): string {
  if (v.statut === 'VERROUILLE') return `Verrouillé jusqu’au ${dateParis(v.jusquAu)} à ${heureParis(v.jusquAu)} (${v.echecs} échecs consécutifs)`;
  if (v.statut === 'ECHECS') return `${v.echecs} échec${v.echecs > 1 ? 's' : ''} consécutif${v.echecs > 1 ? 's' : ''}`;
  return 'Aucun échec récent';
}

type LigneCompte = { id: string; identifiant: string; nom_affiche: string; roles: string[]; actif: boolean; verrou: EtatVerrou };

export function PageComptes(props: { ctx: ContextePage; recherche: string; erreurs: Record<string, string>; comptes: LigneCompte[]; pagination: EtatPagination; message: string | null }) {
  const { recherche, pagination } = props;
  return (
    <PageAdmin titre="Comptes" ctx={props.ctx} message={props.message}>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href={urls.adminCompteNouveau()}>
            Créer un compte
          </a>
        </li>
      </ul>
      <ResumeErreurs erreurs={props.erreurs} />
      {/* A search changes nothing: a GET form without CSRF token, so that no token ends up in an address. */}
      <form method="get" action={urls.adminComptes()} role="search" class="fr-mb-3w">
        <ChampTexte nom="q" libelle="Rechercher un compte" aide="Identifiant ou nom, majuscules et minuscules confondues" valeur={recherche} erreur={props.erreurs.q} maxLength={100} />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Rechercher
        </button>
      </form>
      <p>
        {pagination.total} compte{pagination.total > 1 ? 's' : ''}
        {recherche ? ` correspondant à « ${recherche} »` : ''}.
      </p>
      <Tableau
        legende="Comptes"
        entetes={['Identifiant', 'Nom', 'Rôles', 'État', 'Verrouillage']}
        vide="Aucun compte ne correspond à cette recherche."
        lignes={props.comptes.map((c) => [
          <a href={urls.adminCompte(c.id)}>{c.identifiant}</a>,
          c.nom_affiche,
          libelleRoles(c.roles),
          c.actif ? 'Actif' : 'Désactivé',
          libelleVerrou(c.verrou),
        ])}
      />
      <Pagination etat={pagination} lien={(p) => urls.adminComptes(recherche, p)} />
    </PageAdmin>
  );
}

export type SaisieNouveauCompte = SaisieProfil & { identifiant: string };

export function PageNouveauCompte(props: { ctx: ContextePage; saisie: SaisieNouveauCompte; erreurs: Record<string, string> }) {
  const { ctx, saisie, erreurs } = props;
  return (
    <PageAdmin titre="Créer un compte" ctx={ctx} miettes={MIETTES_COMPTES}>
      <ResumeErreurs erreurs={erreurs} />
      <form method="post" action={urls.adminCompteNouveau()} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ChampTexte nom="identifiant" libelle="Identifiant académique" aide="Lettres minuscules sans accent, chiffres, points et tirets ; par exemple jdupont3" valeur={saisie.identifiant} erreur={erreurs.identifiant} maxLength={50} autocomplete="off" requis />
        <ChampsProfil saisie={saisie} erreurs={erreurs} />
        <ChampTexte nom="mot_de_passe" libelle="Mot de passe initial (facultatif)" aide="Au moins 12 caractères mêlant trois types : minuscules, majuscules, chiffres, symboles. Sans mot de passe, le compte ne se connecte qu’avec une clé OTP." type="password" erreur={erreurs.mot_de_passe} autocomplete="new-password" maxLength={128} />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" class="fr-btn">
              Créer le compte
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={urls.adminComptes()}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </PageAdmin>
  );
}
