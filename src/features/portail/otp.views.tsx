import { Alerte, ChampCsrf, ChampTexte, Page, ResumeErreurs, type ContextePage } from '../../shared/views/kit.tsx';
import { urls } from '../../shared/urls.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import type { StatutCle } from './otp.service.ts';

/** The next attempt's instant, rounded up to the minute shown (retrying at the minute displayed must be accepted). */
export function messageSuspension(jusquAu: Date): string {
  const minute = new Date(Math.ceil(jusquAu.getTime() / 60_000) * 60_000);
  return `Trop de codes erronés : l’activation de votre clé est suspendue, vous pourrez réessayer ${dateHeureParis(minute)}. Vérifiez que vous lisez le code de la clé qui vous a été remise ; en cas de doute, adressez-vous à l’assistance de votre académie.`;
}

export function PageCleOtp(props: { ctx: ContextePage; statut: StatutCle; erreurs: Record<string, string>; message: string | null }) {
  const { ctx, statut } = props;
  return (
    <Page titre="Ma clé de sécurité (OTP)" ctx={ctx} miettes={[{ libelle: 'Accueil', href: urls.portail() }]}>
      <h1>Ma clé de sécurité (OTP)</h1>
      {props.message ? (
        <Alerte type="success" petite>
          {props.message}
        </Alerte>
      ) : null}
      {statut.statut === 'AUCUNE' ? (
        <p>Aucune clé de sécurité ne vous est attribuée. Pour en obtenir une, adressez-vous à l’assistance de votre académie.</p>
      ) : statut.statut === 'ACTIVE' ? (
        <p>
          Votre clé de sécurité est active{statut.activeeLe ? ` depuis ${dateHeureParis(statut.activeeLe)}` : ''}. Pour vous connecter, saisissez votre
          code PIN suivi du code affiché par la clé dans le champ « Passcode OTP ». En cas de perte, signalez-la à l’assistance pour qu’elle soit révoquée.
        </p>
      ) : (
        <>
          <p>
            Une clé de sécurité vous a été attribuée {dateHeureParis(statut.emiseLe)}. Pour l’activer, saisissez le code à 6 chiffres qu’elle affiche
            et choisissez votre code PIN à 4 chiffres.
          </p>
          {statut.activationSuspendueJusquAu && !props.erreurs.code ? (
            <Alerte type="warning" petite>
              {messageSuspension(statut.activationSuspendueJusquAu)}
            </Alerte>
          ) : null}
          <ResumeErreurs erreurs={props.erreurs} />
          <form method="post" action={urls.otpActivation()} novalidate>
            <ChampCsrf jeton={ctx.csrf} />
            <ChampTexte nom="code" libelle="Code affiché par la clé" aide="6 chiffres" erreur={props.erreurs.code} inputMode="numeric" autocomplete="one-time-code" maxLength={6} />
            <ChampTexte nom="pin" libelle="Code PIN choisi" aide="4 chiffres, à garder secret" type="password" erreur={props.erreurs.pin} inputMode="numeric" autocomplete="new-password" maxLength={4} />
            <ChampTexte nom="pin_confirmation" libelle="Confirmation du code PIN" type="password" erreur={props.erreurs.pin_confirmation} inputMode="numeric" autocomplete="new-password" maxLength={4} />
            <button type="submit" class="fr-btn">
              Activer ma clé
            </button>
          </form>
        </>
      )}
    </Page>
  );
}
