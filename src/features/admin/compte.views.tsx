import { Alerte, BoutonAction, ChampCsrf, ChampTexte, ResumeErreurs, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { dateHeureCourte, dateHeureParis } from '../../shared/dates.ts';
import { urls } from '../../shared/urls.ts';
import type { StatutCle } from '../portail/otp.service.ts';
import { PageAdmin } from './admin.views.tsx';
import { LIBELLE_RESULTAT_TENTATIVE, type EtatVerrou } from './comptes.rules.ts';
import { ChampsProfil, GroupeCases, libelleVerrou, MIETTES_COMPTES, type SaisieProfil } from './comptes.views.tsx';
import type { CompteAdmin } from './comptes.repository.ts';

/** The account detail page (profile, password, lock, OTP key, login attempts) and the one-time page of a new key. */

type Tentative = { le: Date; methode: 'MOT_DE_PASSE' | 'OTP' | 'PROCONNECT' | 'CLE_ACCES' | null; resultat: string; adresse: string | null };

export type VueCompte = {
  compte: CompteAdmin;
  tentatives: Tentative[];
  cle: StatutCle;
  etatCle: string;
  verrou: EtatVerrou;
  /** Sessions of the account still valid. */
  sessionsActives: number;
};

function libelleCle(cle: StatutCle): string {
  if (cle.statut === 'AUCUNE') return 'Aucune clé de sécurité.';
  if (cle.statut === 'EMISE') {
    const emise = `Clé émise ${dateHeureParis(cle.emiseLe)}, pas encore activée par son titulaire.`;
    if (cle.activationSuspendueJusquAu) return `${emise} Activation suspendue jusqu’au ${dateHeureCourte(cle.activationSuspendueJusquAu)} après ${cle.echecsActivation} codes erronés (réinitialiser la clé lève la suspension).`;
    return cle.echecsActivation > 0 ? `${emise} ${cle.echecsActivation} code${cle.echecsActivation > 1 ? 's' : ''} d’activation erroné${cle.echecsActivation > 1 ? 's' : ''}.` : emise;
  }
  return `Clé active${cle.activeeLe ? ` depuis ${dateHeureParis(cle.activeeLe)}` : ''}.`;
}

export function PageCompte(props: {
  ctx: ContextePage;
  vue: VueCompte;
  saisie: SaisieProfil;
  erreursProfil: Record<string, string>;
  erreursMotDePasse: Record<string, string>;
  message: string | null;
  avertissement?: string | null;
}) {
  const { ctx, vue, saisie } = props;
  const { compte, verrou, cle } = vue;
  const action = (a: string) => urls.adminCompteAction(compte.id, a);
  return (
    <PageAdmin titre={`Compte ${compte.identifiant}`} ctx={ctx} miettes={MIETTES_COMPTES} message={props.message}>
      {props.avertissement ? (
        <Alerte type="warning" petite>
          {props.avertissement}
        </Alerte>
      ) : null}
      <ul>
        <li>État : {compte.actif ? 'actif' : 'désactivé'}</li>
        <li>Créé {dateHeureParis(compte.cree_le)}</li>
        <li>Dernière connexion : {compte.derniere_connexion_le ? dateHeureParis(compte.derniere_connexion_le) : 'jamais'}</li>
        <li>Mot de passe : {compte.a_mot_de_passe ? 'défini' : 'aucun'}</li>
        {compte.dn_annuaire ? <li>Entrée de l’annuaire de l’académie : {compte.dn_annuaire}</li> : null}
      </ul>

      <h2 class="fr-mt-4w">Profil, rôles et périmètre</h2>
      <ResumeErreurs erreurs={props.erreursProfil} />
      <form method="post" action={action('modifier')} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ChampsProfil saisie={saisie} erreurs={props.erreursProfil} agent={compte.agent_id ? { agentId: compte.agent_id, email: compte.email } : null} />
        <GroupeCases nom="actif" legende="Activation" options={[{ valeur: 'on', libelle: 'Compte actif (un compte désactivé ne peut plus se connecter)' }]} coches={saisie.actif ? ['on'] : []} erreur={props.erreursProfil.actif} />
        <p class="fr-text--sm">Changer les rôles ou désactiver le compte ferme ses sessions ouvertes.</p>
        <button type="submit" class="fr-btn">
          Enregistrer les modifications
        </button>
      </form>

      <h2 class="fr-mt-6w">Mot de passe</h2>
      <ResumeErreurs erreurs={props.erreursMotDePasse} />
      <form method="post" action={action('mot-de-passe')} novalidate>
        <ChampCsrf jeton={ctx.csrf} />
        <ChampTexte nom="mot_de_passe" libelle="Nouveau mot de passe" aide="Au moins 12 caractères mêlant trois types : minuscules, majuscules, chiffres, symboles. Les sessions du compte seront fermées." type="password" erreur={props.erreursMotDePasse.mot_de_passe} autocomplete="new-password" maxLength={128} />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Définir le mot de passe
        </button>
      </form>

      <h2 class="fr-mt-6w">Verrouillage</h2>
      <p>{libelleVerrou(verrou)}</p>
      {verrou.statut !== 'LIBRE' ? <BoutonAction action={action('deverrouiller')} csrf={ctx.csrf} libelle="Déverrouiller le compte" secondaire icone="fr-icon-lock-unlock-line" /> : null}

      <h2 class="fr-mt-6w">Clé de sécurité (OTP)</h2>
      <p>{libelleCle(cle)}</p>
      <div class="vivier-actions">
        <BoutonAction action={action('cle-emettre')} csrf={ctx.csrf} libelle={cle.statut === 'AUCUNE' ? 'Émettre une clé' : 'Réinitialiser la clé'} secondaire champs={{ etat: vue.etatCle }} />
        {cle.statut !== 'AUCUNE' ? <BoutonAction action={action('cle-revoquer')} csrf={ctx.csrf} libelle="Révoquer la clé" secondaire /> : null}
      </div>

      <h2 class="fr-mt-6w">Sessions</h2>
      <p>{vue.sessionsActives === 0 ? 'Aucune session ouverte.' : vue.sessionsActives === 1 ? '1 session ouverte.' : `${vue.sessionsActives} sessions ouvertes.`}</p>
      {vue.sessionsActives > 0 ? (
        <BoutonAction action={action('terminer-sessions')} csrf={ctx.csrf} libelle="Terminer toutes les sessions du compte" secondaire icone="fr-icon-logout-box-r-line" />
      ) : null}

      <h2 class="fr-mt-6w">Journal de connexion</h2>
      <Tableau
        legende="20 dernières lignes du journal de connexion : tentatives, refus et déconnexions"
        entetes={['Date', 'Méthode', 'Résultat', 'Adresse']}
        vide="Aucune tentative de connexion enregistrée."
        lignes={vue.tentatives.map((t) => [
          dateHeureParis(t.le),
          t.methode === 'OTP' ? 'Passcode OTP' : t.methode === 'MOT_DE_PASSE' ? 'Mot de passe' : t.methode === 'PROCONNECT' ? 'ProConnect' : t.methode === 'CLE_ACCES' ? 'Clé d’accès' : '—',
          LIBELLE_RESULTAT_TENTATIVE[t.resultat] ?? t.resultat,
          t.adresse ?? '—',
        ])}
      />
    </PageAdmin>
  );
}

/** Shown once, as the response of the issuing POST: nothing lets it be displayed again. */
export function PageCleEmise(props: { ctx: ContextePage; compteId: string; identifiant: string; secret: string; uri: string; qrSvg: string }) {
  return (
    <PageAdmin titre={`Clé de sécurité de ${props.identifiant}`} ctx={props.ctx} miettes={MIETTES_COMPTES}>
      <Alerte type="warning" titre="Ce secret ne sera plus affiché">
        <p>
          Transmettez-le maintenant au titulaire du compte par un canal sûr (ou configurez sa clé). Quitter ou recharger cette page ne le montrera plus : il
          faudrait réinitialiser la clé. Le titulaire active ensuite sa clé depuis le portail, page{' '}
          <a href={urls.otpActivation()}>« Ma clé de sécurité (OTP) »</a> (adresse <code>{urls.otpActivation()}</code>, aussi par « Ma sécurité »
          dans le menu de l’utilisateur, en haut de chaque page).
        </p>
      </Alerte>
      {/* The SVG comes from the qrcode library, built from our own otpauth URI: trusted markup. */}
      <div class="vivier-qr fr-mb-3w" dangerouslySetInnerHTML={{ __html: props.qrSvg }} />
      <p>
        Secret (base32) : <span class="vivier-secret">{props.secret}</span>
      </p>
      <p>
        Adresse de configuration : <code class="vivier-secret">{props.uri}</code>
      </p>
      <a class="fr-btn fr-btn--secondary" href={urls.adminCompte(props.compteId)}>
        Retour au compte
      </a>
    </PageAdmin>
  );
}
