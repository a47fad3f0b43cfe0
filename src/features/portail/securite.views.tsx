import { Alerte, BoutonAction, ChampCsrf, ChampTexte, Page, ResumeErreurs, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import type { LigneCle } from './cles-acces.repository.ts';
import type { VueSession } from './sessions.service.ts';
import { NOM_CLE_MAX } from './securite.rules.ts';

const MIETTES = [{ libelle: 'Accueil', href: urls.portail() }];

/** The scripts of a page that uses passkeys: @simplewebauthn/browser (served from node_modules), then ours. */
export const SCRIPTS_WEBAUTHN = [urls.scriptWebauthn(), urls.statique('cles-acces.js')];

/**
 * The part of a form that a passkey ceremony fills: the browser's answer (hidden), the message region the script
 * writes to, and a note for browsers without JavaScript or WebAuthn (the script hides it and shows the form).
 */
function Ceremonie() {
  return (
    <>
      <input type="hidden" name="reponse" value="" />
      <div data-webauthn-statut role="alert"></div>
    </>
  );
}

function SansWebauthn() {
  return (
    <p class="fr-text--sm" data-webauthn-absent>
      Les clés d’accès demandent JavaScript et un navigateur récent : ils ne sont pas disponibles ici.
    </p>
  );
}

export function PageSecurite(props: {
  ctx: ContextePage;
  cles: LigneCle[];
  exigee: boolean;
  disponible: boolean;
  otpActive: boolean;
  message: string | null;
  erreurs: Record<string, string>;
  /** The passkey whose rename form came back with an error, and what was typed. */
  renommage?: { id: string; nom: string } | null;
  nomSaisi?: string;
}) {
  const { ctx, cles } = props;
  return (
    <Page titre="Ma sécurité" ctx={ctx} miettes={MIETTES} scripts={SCRIPTS_WEBAUTHN}>
      <h1>Ma sécurité</h1>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      <ResumeErreurs erreurs={props.erreurs} />
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <a class="fr-btn fr-btn--secondary fr-icon-computer-line" href={urls.sessions()}>
            Mes sessions
          </a>
        </li>
        <li>
          <a class="fr-btn fr-btn--secondary fr-icon-lock-line" href={urls.otpActivation()}>
            Ma clé de sécurité (OTP)
          </a>
        </li>
      </ul>

      <h2 class="fr-mt-4w">Mes clés d’accès</h2>
      <p>
        Une clé d’accès (passkey) vous connecte sans mot de passe, par l’empreinte, le visage ou le code de votre appareil, ou par une clé USB
        de sécurité. Elle peut aussi vous être demandée après votre mot de passe.
      </p>
      <Tableau
        legende="Mes clés d’accès enregistrées"
        entetes={['Nom', 'Enregistrée', 'Dernière utilisation', 'Actions']}
        vide="Vous n’avez encore enregistré aucune clé d’accès."
        lignes={cles.map((c) => {
          const enErreur = props.renommage?.id === c.id;
          return [
            c.nom,
            dateHeureParis(c.creee_le),
            c.utilisee_le ? dateHeureParis(c.utilisee_le) : 'jamais',
            <div class="vivier-actions">
              <form method="post" action={urls.cleAccesRenommer(c.id)} class="vivier-form-inline" novalidate>
                <ChampCsrf jeton={ctx.csrf} />
                <ChampTexte
                  nom={`nom-${c.id}`}
                  libelle={`Nouveau nom de « ${c.nom} »`}
                  valeur={enErreur ? props.renommage!.nom : c.nom}
                  erreur={enErreur ? props.erreurs[`nom-${c.id}`] : undefined}
                  maxLength={NOM_CLE_MAX}
                />
                <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                  Renommer<span class="fr-sr-only">{` « ${c.nom} »`}</span>
                </button>
              </form>
              <BoutonAction action={urls.cleAccesSupprimer(c.id)} csrf={ctx.csrf} libelle="Supprimer" precision={`la clé « ${c.nom} »`} secondaire petit icone="fr-icon-delete-line" />
            </div>,
          ];
        })}
      />

      <h3 class="fr-mt-4w">Ajouter une clé d’accès</h3>
      {props.disponible ? (
        <div data-webauthn-bloc>
          <SansWebauthn />
          <form method="post" action={urls.clesAcces()} data-webauthn="enregistrer" data-options={urls.cleAccesOptions()} novalidate hidden>
            <ChampCsrf jeton={ctx.csrf} />
            <ChampTexte
              nom="nom"
              libelle="Nom de la clé d’accès"
              aide="Pour la reconnaître dans cette liste, par exemple « Téléphone » ou « Ordinateur du bureau »."
              valeur={props.nomSaisi ?? ''}
              erreur={props.erreurs.nom}
              maxLength={NOM_CLE_MAX}
            />
            <Ceremonie />
            <button type="submit" class="fr-btn fr-icon-add-line fr-btn--icon-left">
              Enregistrer une clé d’accès
            </button>
          </form>
        </div>
      ) : (
        <p>Les clés d’accès ne sont pas configurées sur ce serveur (adresse publique du site non renseignée) : adressez-vous à l’assistance.</p>
      )}

      <h3 class="fr-mt-4w">Clé d’accès après le mot de passe</h3>
      {cles.length === 0 ? (
        <p>Après avoir enregistré une clé d’accès, vous pourrez l’exiger après votre mot de passe ou votre passcode OTP.</p>
      ) : (
        <>
          <p>
            {props.exigee
              ? 'Votre clé d’accès vous est demandée après votre mot de passe ou votre passcode OTP.'
              : 'Votre mot de passe ou votre passcode OTP suffit pour vous connecter. Vous pouvez exiger en plus l’une de vos clés d’accès.'}
          </p>
          <BoutonAction
            action={urls.cleAccesExigee()}
            csrf={ctx.csrf}
            libelle={props.exigee ? 'Ne plus exiger de clé d’accès' : 'Exiger une clé d’accès après le mot de passe'}
            secondaire
            champs={{ exigee: props.exigee ? 'non' : 'oui' }}
          />
        </>
      )}

      <h2 class="fr-mt-6w">Ma clé de sécurité (OTP)</h2>
      <p>
        {props.otpActive ? 'Votre clé de sécurité (OTP) est active : ' : 'Votre clé de sécurité (OTP) reste gérée sur sa page : '}
        <a href={urls.otpActivation()}>Ma clé de sécurité (OTP)</a>.
      </p>
    </Page>
  );
}

export function PageSessions(props: { ctx: ContextePage; sessions: VueSession[]; message: string | null }) {
  const { ctx, sessions } = props;
  const autres = sessions.filter((s) => !s.courante).length;
  return (
    <Page titre="Mes sessions" ctx={ctx} miettes={[...MIETTES, { libelle: 'Ma sécurité', href: urls.securite() }]}>
      <h1>Mes sessions</h1>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      <p>Les navigateurs où vous êtes connecté en ce moment. Si vous n’en reconnaissez pas un, terminez sa session et changez votre mot de passe.</p>
      <Tableau
        legende="Mes sessions actives"
        entetes={['Navigateur', 'Adresse', 'Début', 'Dernière activité', 'Action']}
        lignes={sessions.map((s) => [
          s.courante ? (
            <>
              {s.navigateur} <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">Ce navigateur</span>
            </>
          ) : (
            s.navigateur
          ),
          s.adresse ?? '—',
          dateHeureParis(s.creeLe),
          dateHeureParis(s.vueLe),
          s.courante ? (
            'Utilisez « Déconnexion »'
          ) : (
            <BoutonAction action={urls.sessionTerminer(s.numero)} csrf={ctx.csrf} libelle="Terminer" precision={`la session ${s.navigateur} commencée ${dateHeureParis(s.creeLe)}`} secondaire petit />
          ),
        ])}
      />
      {autres > 0 ? (
        <BoutonAction action={urls.sessionsTerminerAutres()} csrf={ctx.csrf} libelle="Se déconnecter de toutes les autres sessions" icone="fr-icon-logout-box-r-line" />
      ) : (
        <p>Vous n’avez pas d’autre session ouverte.</p>
      )}
    </Page>
  );
}

export const MESSAGE_REFUS_CLE = 'Cette clé d’accès n’a pas permis de vous connecter. Recommencez, ou connectez-vous avec votre mot de passe ou votre passcode.';
export const MESSAGE_DEFI_EXPIRE = 'La demande a expiré ou a déjà servi : recommencez.';

/** Sign-in with a passkey alone, under the password form of the sign-in page. */
export function ConnexionParCle(props: { csrf: string; retour: string | null; message: string | null }) {
  return (
    <section class="fr-mt-4w" aria-labelledby="titre-cle-acces" data-webauthn-bloc>
      <h2 id="titre-cle-acces" class="fr-h5">
        Avec une clé d’accès
      </h2>
      {props.message ? (
        <Alerte type="error" petite>
          {props.message}
        </Alerte>
      ) : null}
      <SansWebauthn />
      <form method="post" action={urls.connexionCleAcces()} data-webauthn="connecter" data-options={urls.connexionCleAccesOptions()} hidden>
        <ChampCsrf jeton={props.csrf} />
        {props.retour ? <input type="hidden" name="retour" value={props.retour} /> : null}
        <Ceremonie />
        <button type="submit" class="fr-btn fr-btn--secondary fr-icon-fingerprint-line fr-btn--icon-left">
          Se connecter avec une clé d’accès
        </button>
      </form>
    </section>
  );
}

/** The second step of a sign-in whose account requires a passkey. */
export function PageSecondFacteur(props: { ctx: ContextePage; message: string | null }) {
  return (
    <Page titre="Confirmez avec votre clé d’accès" ctx={props.ctx} scripts={SCRIPTS_WEBAUTHN}>
      <div class="fr-grid-row fr-grid-row--center fr-mt-2w">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6" data-webauthn-bloc>
          <h1>Confirmez avec votre clé d’accès</h1>
          <p>Votre compte demande une clé d’accès après le mot de passe ou le passcode. Utilisez l’une de vos clés d’accès enregistrées.</p>
          {props.message ? (
            <Alerte type="error" petite>
              {props.message}
            </Alerte>
          ) : null}
          <SansWebauthn />
          <form method="post" action={urls.secondFacteur()} data-webauthn="second-facteur" data-options={urls.secondFacteurOptions()} hidden>
            <ChampCsrf jeton={props.ctx.csrf} />
            <Ceremonie />
            <button type="submit" class="fr-btn fr-icon-fingerprint-line fr-btn--icon-left">
              Utiliser ma clé d’accès
            </button>
          </form>
          <p class="fr-mt-4w">
            <a href={urls.connexion()} class="fr-link fr-icon-arrow-left-line fr-link--icon-left">
              Recommencer la connexion
            </a>
          </p>
        </div>
      </div>
    </Page>
  );
}
