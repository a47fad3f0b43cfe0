import { Alerte, ChampCsrf, ChampTexte, Page, ResumeErreurs, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { ConnexionParCle, MESSAGE_DEFI_EXPIRE, MESSAGE_REFUS_CLE, SCRIPTS_WEBAUTHN } from './securite.views.tsx';
import { BoutonProConnect, MESSAGES_PROCONNECT, type IssueProConnect } from './proconnect.views.tsx';

export type VueConnexion = {
  ctx: ContextePage;
  identifiant: string;
  retour: string | null;
  erreurs: Record<string, string>;
  echec: boolean;
  /** Why the page is shown: session expired, logged out (`deconnexion-locale`: of Vivier, but ProConnect could not be
   * reached to end its own session), or a passkey sign-in refused or expired. */
  raison: RaisonConnexion | null;
  /** The passkey sign-in is offered (the server knows its public address). */
  cleAcces?: boolean;
  /** The ProConnect button is shown (VIVIER_OIDC_* configured). */
  proconnect?: boolean;
  /** A ProConnect sign-in that did not open a session. */
  issueProConnect?: IssueProConnect | null;
  /** The académie's directory did not answer: nothing was checked, the user is told so (never the generic refusal). */
  indisponible?: boolean;
  /** « Identifiant oublié ? » and « Mot de passe oublié ? »: the académie's services, or Vivier's help page. */
  liens?: LiensOublies;
};

export const RAISONS_CONNEXION = ['session', 'deconnexion', 'deconnexion-locale', 'deconnexion-non-verifiee', 'cle-acces', 'cle-expiree'] as const;
export type RaisonConnexion = (typeof RAISONS_CONNEXION)[number];

export type LiensOublies = { identifiant: string; motDePasse: string };
export const LIENS_AIDE: LiensOublies = { identifiant: '/connexion/aide#identifiant', motDePasse: '/connexion/aide#mot-de-passe' };

export const MESSAGE_ANNUAIRE_INDISPONIBLE =
  'Le service d’authentification est momentanément indisponible. Réessayez dans quelques minutes ; si le problème persiste, prévenez l’assistance de votre académie.';

export const MESSAGE_ECHEC_CONNEXION =
  'Identifiant, mot de passe ou passcode OTP incorrect. Vérifiez votre saisie. Après plusieurs échecs, l’accès au compte est suspendu pendant quelques minutes.';

/** The OTP passcode field (PIN + the key's 6 digits), typed instead of the password: the login page and ProConnect's confirmation. */
export function ChampPasscode(props: { libelle: string; aide: string; erreur: string | undefined }) {
  return <ChampTexte nom="passcode" libelle={props.libelle} aide={props.aide} erreur={props.erreur} autocomplete="one-time-code" inputMode="numeric" maxLength={20} />;
}

export function PageConnexion(v: VueConnexion) {
  const liens = v.liens ?? LIENS_AIDE;
  return (
    <Page titre="Authentification" ctx={v.ctx} {...(v.cleAcces ? { scripts: SCRIPTS_WEBAUTHN } : {})}>
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center fr-mt-2w">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Authentification</h1>
          <p>
            Connectez-vous{v.proconnect ? ' avec ProConnect, ou' : null} avec l’identifiant et le mot de passe de votre messagerie académique, ou
            avec votre passcode OTP.
          </p>
          {v.raison === 'session' ? (
            <Alerte type="info" petite>
              Votre session a expiré ou vous n’êtes pas connecté. Reconnectez-vous : vous reviendrez sur la page où vous étiez.
            </Alerte>
          ) : null}
          {v.raison === 'deconnexion' ? (
            <Alerte type="success" petite>
              Vous êtes déconnecté.
            </Alerte>
          ) : null}
          {v.raison === 'deconnexion-locale' ? (
            <Alerte type="warning" titre="Déconnexion de ProConnect non confirmée">
              Vous êtes déconnecté de Vivier, mais ProConnect n’a pas pu être joint pour fermer aussi votre session ProConnect. Fermez votre
              navigateur si vous utilisez un poste partagé.
            </Alerte>
          ) : null}
          {v.raison === 'deconnexion-non-verifiee' ? (
            <Alerte type="warning" titre="Retour de ProConnect non reconnu">
              Vous êtes déconnecté de Vivier. Le retour de ProConnect n’a pas pu être vérifié (lien déjà utilisé ou ouvert dans un autre
              navigateur) : fermez votre navigateur si vous utilisez un poste partagé.
            </Alerte>
          ) : null}
          {v.issueProConnect ? (
            <Alerte type="error" titre={MESSAGES_PROCONNECT[v.issueProConnect].titre}>
              {MESSAGES_PROCONNECT[v.issueProConnect].texte}
            </Alerte>
          ) : null}
          {v.indisponible ? (
            <Alerte type="error" titre="Service indisponible">
              {MESSAGE_ANNUAIRE_INDISPONIBLE}
            </Alerte>
          ) : null}
          {v.echec ? (
            <Alerte type="error" titre="Connexion refusée">
              {MESSAGE_ECHEC_CONNEXION}
            </Alerte>
          ) : null}
          <ResumeErreurs erreurs={v.erreurs} />
          {v.proconnect ? (
            <>
              <h2 class="fr-h5">Avec ProConnect</h2>
              <BoutonProConnect csrf={v.ctx.csrf} retour={v.retour} />
              <p class="fr-hr-or">ou</p>
              <h2 class="fr-h5">Avec votre messagerie académique</h2>
            </>
          ) : null}
          <form method="post" action={urls.connexion()} novalidate>
            <ChampCsrf jeton={v.ctx.csrf} />
            {v.retour ? <input type="hidden" name="retour" value={v.retour} /> : null}
            <fieldset class="fr-fieldset" aria-labelledby="legende-connexion">
              <legend class="fr-fieldset__legend fr-sr-only" id="legende-connexion">
                Vos identifiants
              </legend>
              <div class="fr-fieldset__element">
                <ChampTexte
                  nom="identifiant"
                  libelle="Identifiant de la messagerie académique"
                  aide="Par exemple : jdupont3"
                  valeur={v.identifiant}
                  erreur={v.erreurs.identifiant}
                  autocomplete="username"
                  maxLength={100}
                />
                <p class="fr-mt-1w fr-mb-2w">
                  <a href={liens.identifiant} class="fr-link fr-link--sm vivier-lien-souligne">
                    Identifiant oublié ?
                  </a>
                </p>
              </div>
              <div class="fr-fieldset__element">
                <ChampTexte nom="mot_de_passe" libelle="Mot de Passe de messagerie" type="password" erreur={v.erreurs.mot_de_passe} autocomplete="current-password" maxLength={200} />
                <p class="fr-mt-1w fr-mb-2w">
                  <a href={liens.motDePasse} class="fr-link fr-link--sm vivier-lien-souligne">
                    Mot de passe oublié ?
                  </a>
                </p>
              </div>
              <div class="fr-fieldset__element">
                <p class="fr-text--bold fr-mb-0" aria-hidden="true">
                  ou
                </p>
              </div>
              <div class="fr-fieldset__element">
                <ChampPasscode
                  libelle="Passcode OTP (Code PIN + clé de sécurité)"
                  aide="Vos 4 chiffres de code PIN suivis immédiatement des 6 chiffres affichés par votre clé de sécurité, soit 10 chiffres (à saisir à la place du mot de passe)."
                  erreur={v.erreurs.passcode}
                />
              </div>
              <div class="fr-fieldset__element">
                <button type="submit" class="fr-btn">
                  Valider
                </button>
              </div>
            </fieldset>
          </form>
          {v.cleAcces ? (
            <ConnexionParCle
              csrf={v.ctx.csrf}
              retour={v.retour}
              message={v.raison === 'cle-acces' ? MESSAGE_REFUS_CLE : v.raison === 'cle-expiree' ? MESSAGE_DEFI_EXPIRE : null}
            />
          ) : null}
          <div class="fr-callout fr-mt-4w">
            <h2 class="fr-callout__title">Informations importantes</h2>
            <ul class="fr-callout__text fr-text--md">
              <li>Vous disposez d’une clé de sécurité (OTP) : nous vous conseillons fortement de l’utiliser pour vous authentifier.</li>
              <li>
                Vous ne disposez pas d’une clé de sécurité (OTP) : authentifiez-vous avec l’identifiant et le mot de passe de votre messagerie
                académique. Mot de passe oublié : adressez-vous à l’assistance de votre académie.
              </li>
            </ul>
          </div>
        </div>
      </div>
    </Page>
  );
}

/** Where to turn when the identifiant or the password is forgotten, for an académie without its own online service. */
export function PageAideConnexion(v: { ctx: ContextePage }) {
  return (
    <Page titre="Identifiant ou mot de passe oublié" ctx={v.ctx}>
      <div class="fr-grid-row fr-grid-row--center fr-mt-2w">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Identifiant ou mot de passe oublié</h1>
          <p>
            Votre identifiant et votre mot de passe sont ceux de votre messagerie académique, gérés par l’académie : Vivier ne peut ni vous
            les rappeler ni les changer.
          </p>
          <h2 id="identifiant">Identifiant oublié</h2>
          <p>
            Votre identifiant est celui de votre messagerie académique (en général l’initiale du prénom suivie du nom, parfois d’un chiffre,
            par exemple jdupont3). Il figure sur le courrier qui vous a remis vos accès. Sinon, l’assistance informatique de votre académie
            (ou le secrétariat de votre établissement) peut vous le retrouver.
          </p>
          <h2 id="mot-de-passe">Mot de passe oublié</h2>
          <p>
            Adressez-vous à l’assistance informatique de votre académie : elle réinitialise le mot de passe de votre messagerie académique,
            qui est aussi celui de Vivier. Si vous disposez d’une clé de sécurité (OTP), vous pouvez vous connecter avec votre passcode
            sans mot de passe.
          </p>
          <p>
            <a href={urls.connexion()} class="fr-link fr-icon-arrow-left-line fr-link--icon-left">
              Retour à l’authentification
            </a>
          </p>
        </div>
      </div>
    </Page>
  );
}
