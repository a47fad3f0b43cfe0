import { Alerte, ChampCsrf, ChampTexte, Page, ResumeErreurs, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { ChampPasscode, MESSAGE_ANNUAIRE_INDISPONIBLE, MESSAGE_ECHEC_CONNEXION } from './auth.views.tsx';

/** What the sign-in page says after a ProConnect sign-in that did not open a session (`?proconnect=…`). */
export const ISSUES_PROCONNECT = ['indisponible', 'refuse', 'compte', 'expire'] as const;
export type IssueProConnect = (typeof ISSUES_PROCONNECT)[number];

export const MESSAGES_PROCONNECT: Record<IssueProConnect, { titre: string; texte: string }> = {
  indisponible: {
    titre: 'ProConnect indisponible',
    texte:
      'ProConnect est momentanément indisponible : votre identité n’a pas pu être vérifiée. Réessayez dans quelques minutes, ou connectez-vous avec l’identifiant et le mot de passe de votre messagerie académique.',
  },
  refuse: {
    titre: 'Connexion avec ProConnect interrompue',
    texte:
      'La réponse de ProConnect n’a pas pu être vérifiée (lien déjà utilisé, expiré ou ouvert dans un autre navigateur). Recommencez en cliquant sur « S’identifier avec ProConnect ».',
  },
  compte: {
    titre: 'Accès au compte suspendu',
    texte:
      'ProConnect a bien reconnu votre identité, mais l’accès à votre compte Vivier est suspendu (trop d’échecs de connexion récents) ou désactivé. Réessayez plus tard ou adressez-vous à l’assistance de votre académie.',
  },
  expire: {
    titre: 'Délai dépassé',
    texte: 'La confirmation de votre compte a expiré (10 minutes). Recommencez en cliquant sur « S’identifier avec ProConnect ».',
  },
};

export function lireIssueProConnect(v: unknown): IssueProConnect | null {
  return typeof v === 'string' && (ISSUES_PROCONNECT as readonly string[]).includes(v) ? (v as IssueProConnect) : null;
}

/**
 * ProConnect's button as its documentation describes it for a DSFR site: the FranceConnect button with « ProConnect »,
 * the link « Qu’est-ce que ProConnect ? » to proconnect.gouv.fr. A form (POST, CSRF): a sign-in is never started by a
 * mere link another site could embed.
 */
export function BoutonProConnect(props: { csrf: string; retour: string | null }) {
  return (
    <div class="fr-connect-group">
      <form method="post" action={urls.connexionProConnect()}>
        <ChampCsrf jeton={props.csrf} />
        {props.retour ? <input type="hidden" name="retour" value={props.retour} /> : null}
        <button type="submit" class="fr-connect vivier-proconnect">
          <span class="fr-connect__login">S’identifier avec</span>
          <span class="fr-connect__brand">ProConnect</span>
        </button>
      </form>
      <p>
        <a href="https://www.proconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que ProConnect ? - nouvelle fenêtre">
          Qu’est-ce que ProConnect ?
        </a>
      </p>
    </div>
  );
}

export type VueConfirmation = {
  ctx: ContextePage;
  courriel: string;
  nom: string | null;
  identifiant: string;
  erreurs: Record<string, string>;
  echec: boolean;
  indisponible?: boolean;
};

/**
 * An identity ProConnect vouches for, whose e-mail Vivier does not know: the person names their Vivier account with its
 * credentials, once; afterwards ProConnect alone signs them in.
 */
export function PageConfirmationProConnect(v: VueConfirmation) {
  return (
    <Page titre="Lier votre identité ProConnect" ctx={v.ctx}>
      <div class="fr-grid-row fr-grid-row--center fr-mt-2w">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Lier votre identité ProConnect</h1>
          <p>
            ProConnect vous a identifié{v.nom ? <> comme {v.nom}</> : null} avec l’adresse <strong>{v.courriel}</strong>. Cette adresse n’est
            associée à aucun compte Vivier que nous puissions relier sans vous le demander.
          </p>
          <p>
            Si vous avez un compte Vivier, confirmez que c’est le vôtre en vous connectant une fois avec son identifiant et son mot de passe (ou
            votre passcode OTP) : votre identité ProConnect y sera liée, et ProConnect suffira ensuite. Sinon, adressez-vous à l’assistance de votre
            académie.
          </p>
          {v.indisponible ? (
            <Alerte type="error" titre="Service indisponible">
              {MESSAGE_ANNUAIRE_INDISPONIBLE}
            </Alerte>
          ) : null}
          {v.echec ? (
            <Alerte type="error" titre="Confirmation refusée">
              {MESSAGE_ECHEC_CONNEXION}
            </Alerte>
          ) : null}
          <ResumeErreurs erreurs={v.erreurs} />
          <form method="post" action={urls.connexionProConnectConfirmation()} novalidate>
            <ChampCsrf jeton={v.ctx.csrf} />
            <fieldset class="fr-fieldset" aria-labelledby="legende-liaison">
              <legend class="fr-fieldset__legend" id="legende-liaison">
                Votre compte Vivier
              </legend>
              <div class="fr-fieldset__element">
                <ChampTexte nom="identifiant" libelle="Identifiant de la messagerie académique" valeur={v.identifiant} erreur={v.erreurs.identifiant} autocomplete="username" maxLength={100} />
              </div>
              <div class="fr-fieldset__element">
                <ChampTexte nom="mot_de_passe" libelle="Mot de Passe de messagerie" type="password" erreur={v.erreurs.mot_de_passe} autocomplete="current-password" maxLength={200} />
              </div>
              <div class="fr-fieldset__element">
                <ChampPasscode libelle="ou passcode OTP (Code PIN + clé de sécurité)" aide="10 chiffres, à saisir à la place du mot de passe." erreur={v.erreurs.passcode} />
              </div>
              <div class="fr-fieldset__element">
                <ul class="fr-btns-group fr-btns-group--inline-md">
                  <li>
                    <button type="submit" class="fr-btn">
                      Lier et me connecter
                    </button>
                  </li>
                  <li>
                    <a class="fr-btn fr-btn--secondary" href={urls.connexion()}>
                      Annuler
                    </a>
                  </li>
                </ul>
              </div>
            </fieldset>
          </form>
        </div>
      </div>
    </Page>
  );
}
