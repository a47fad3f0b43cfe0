import crypto from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import { estVerrouille, verrouApresEchec, POLITIQUE_VERROUILLAGE } from './auth.rules.ts';
import * as authRepo from './auth.repository.ts';
import * as repo from './cles-acces.repository.ts';
import { DUREE_DEFI_MS } from './securite.rules.ts';

/** The relying party as the browser sees it: the host name (rpID) and the exact origin of the pages. */
export type PartieConfiante = { rpId: string; origine: string };

/** Why a passkey sign-in failed: recorded in the sign-in log; the person is told only that it did not work. */
export type MotifRefusCle = 'DEFI_EXPIRE' | 'REPONSE_ILLISIBLE' | 'CLE_ACCES_INCONNUE' | 'CLE_ACCES_REFUSEE' | 'COMPTEUR_INVALIDE' | 'COMPTE_INACTIF' | 'COMPTE_VERROUILLE' | 'AUTRE_COMPTE';

export type ResultatConnexionCle = { ok: true; compteId: string; retour: string | null } | { ok: false; motif: MotifRefusCle };

const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;

// The browser's answer, checked in shape before the library reads it (a malformed one is refused, never a 500).
const b64u = z.string().max(4096).regex(/^[A-Za-z0-9_-]*$/);
const reponseEnregistrement = z.object({
  id: b64u.min(1),
  rawId: b64u.min(1),
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: b64u, attestationObject: b64u, transports: z.array(z.string().max(20)).max(10).optional() }).passthrough(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().max(20).optional(),
});
const reponseAuthentification = z.object({
  id: b64u.min(1),
  rawId: b64u.min(1),
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: b64u, authenticatorData: b64u, signature: b64u, userHandle: b64u.optional() }).passthrough(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().max(20).optional(),
});

function lireJson<T>(schema: z.ZodType<T>, texte: string): T | null {
  try {
    const r = schema.safeParse(JSON.parse(texte));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function transportsConnus(t: readonly string[] | undefined): AuthenticatorTransportFuture[] {
  return (t ?? []).filter((x): x is AuthenticatorTransportFuture => (TRANSPORTS as readonly string[]).includes(x));
}

/**
 * Passkeys (WebAuthn) of the portal: registered from "Ma sécurité", used to sign in alone (discoverable credential,
 * user verification required) or after a password or passcode (second factor). Challenges are kept server-side, bound to
 * the session or the browser's challenge cookie (`lien`), used once and expired after DUREE_DEFI_MS.
 */
export function createClesAccesService(deps: { db: Database; clock: Clock; rpNom?: string }) {
  const { db, clock } = deps;
  const rpNom = deps.rpNom ?? 'Vivier';

  async function defiNouveau(lien: string, usage: repo.Usage, compteId: string | null, extra: { premierFacteur?: 'MOT_DE_PASSE' | 'OTP'; retour?: string | null } = {}) {
    const le = clock.now();
    const defi = crypto.randomBytes(32).toString('base64url');
    await repo.poserDefi(db, { lien, usage, defi, compteId, le, expireLe: new Date(le.getTime() + DUREE_DEFI_MS), ...extra });
    return defi;
  }

  /** The challenge as the library takes it: its bytes (a string would be taken as UTF-8 text and encoded again). */
  const octets = (defi: string) => new Uint8Array(Buffer.from(defi, 'base64url'));

  /** A failed passkey sign-in in the log; a signature refused for a known account also counts towards its lockout. */
  async function refuser(motif: MotifRefusCle, compte: { id: string; identifiant: string } | null, adresse: string, compter: boolean): Promise<ResultatConnexionCle> {
    const le = clock.now();
    await db.transaction().execute(async (trx) => {
      if (compte && compter) {
        const echecs = await authRepo.compterEchec(trx, compte.id, le);
        const verrou = verrouApresEchec(echecs, le, POLITIQUE_VERROUILLAGE);
        if (verrou) await authRepo.poserVerrou(trx, compte.id, verrou);
      }
      await authRepo.enregistrerTentative(trx, { le, identifiantSaisi: compte?.identifiant ?? '', compteId: compte?.id ?? null, methode: 'CLE_ACCES', resultat: motif, adresse });
      if (motif === 'COMPTEUR_INVALIDE') {
        await journaliser(trx, { le, acteurCompteId: null, action: 'CLE_ACCES_COMPTEUR_INVALIDE', cible: `compte:${compte!.id}`, details: { adresse } });
      }
    });
    return { ok: false, motif };
  }

  return {
    async lister(compteId: string) {
      return repo.listerCles(db, compteId);
    },

    async exigee(compteId: string) {
      return repo.cleAccesExigee(db, compteId);
    },

    /** The creation options for the browser; the challenge is bound to the session. */
    async optionsEnregistrement(u: { compteId: string; identifiant: string; nomAffiche: string }, lien: string, rp: PartieConfiante): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const poignee = await repo.poigneeDuCompte(db, u.compteId, crypto.randomBytes(32).toString('base64url'));
      const existantes = await repo.listerCles(db, u.compteId);
      const challenge = await defiNouveau(lien, 'ENREGISTREMENT', u.compteId);
      return generateRegistrationOptions({
        rpName: rpNom,
        rpID: rp.rpId,
        userName: u.identifiant,
        userDisplayName: u.nomAffiche,
        userID: Buffer.from(poignee, 'base64url'),
        challenge: octets(challenge),
        timeout: DUREE_DEFI_MS,
        attestationType: 'none',
        excludeCredentials: existantes.map((c) => ({ id: c.identifiant_webauthn, transports: transportsConnus(c.transports) })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      });
    },

    /** Checks the browser's answer against the session's challenge (used once) and stores the passkey under `nom`. */
    async enregistrer(compteId: string, lien: string, rp: PartieConfiante, reponse: string, nom: string): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
      const le = clock.now();
      const defi = await repo.consommerDefi(db, lien, 'ENREGISTREMENT', le);
      if (!defi || defi.compte_id !== compteId) return { ok: false, message: 'La demande d’enregistrement a expiré : recommencez.' };
      const r = lireJson(reponseEnregistrement, reponse);
      if (!r) return { ok: false, message: 'La réponse de votre appareil est illisible : recommencez.' };
      let v;
      try {
        v = await verifyRegistrationResponse({ response: r as RegistrationResponseJSON, expectedChallenge: defi.defi, expectedOrigin: rp.origine, expectedRPID: rp.rpId, requireUserVerification: false });
      } catch {
        return { ok: false, message: 'Votre appareil n’a pas pu être vérifié : recommencez.' };
      }
      if (!v.verified) return { ok: false, message: 'Votre appareil n’a pas pu être vérifié : recommencez.' };
      const { credential, credentialBackedUp } = v.registrationInfo;
      return db.transaction().execute(async (trx) => {
        const id = await repo.enregistrerCle(trx, {
          compteId,
          identifiantWebauthn: credential.id,
          clePublique: credential.publicKey,
          compteur: credential.counter,
          transports: transportsConnus(credential.transports ?? r.response.transports),
          nom,
          sauvegardee: credentialBackedUp,
          le,
        });
        if (!id) return { ok: false as const, message: 'Cette clé d’accès est déjà enregistrée.' };
        await journaliser(trx, { le, acteurCompteId: compteId, action: 'CLE_ACCES_ENREGISTREE', cible: `compte:${compteId}`, details: { nom } });
        return { ok: true as const, id };
      });
    },

    async renommer(compteId: string, id: string, nom: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const r = await repo.renommerCle(trx, compteId, id, nom);
        if (!r) throw new IntrouvableError('CLE_ACCES_INTROUVABLE', 'Cette clé d’accès n’existe pas ou plus.');
        await journaliser(trx, { le: clock.now(), acteurCompteId: compteId, action: 'CLE_ACCES_RENOMMEE', cible: `compte:${compteId}`, details: { avant: r.ancien, apres: nom } });
      });
    },

    async supprimer(compteId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const r = await repo.supprimerCle(trx, compteId, id);
        if (!r) throw new IntrouvableError('CLE_ACCES_INTROUVABLE', 'Cette clé d’accès n’existe pas ou plus.');
        await journaliser(trx, { le: clock.now(), acteurCompteId: compteId, action: 'CLE_ACCES_SUPPRIMEE', cible: `compte:${compteId}`, details: { nom: r.nom } });
      });
    },

    async definirExigee(compteId: string, exigee: boolean): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await repo.definirExigee(trx, compteId, exigee))) {
          throw new RegleMetierError('SANS_CLE_ACCES', 'Enregistrez d’abord une clé d’accès : sans elle, vous ne pourriez plus vous connecter.');
        }
        await journaliser(trx, { le: clock.now(), acteurCompteId: compteId, action: exigee ? 'CLE_ACCES_EXIGEE' : 'CLE_ACCES_NON_EXIGEE', cible: `compte:${compteId}` });
      });
    },

    /** Sign-in with a passkey alone: any passkey of this site (discoverable), user verification required. */
    async optionsConnexion(lien: string, rp: PartieConfiante): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const challenge = await defiNouveau(lien, 'CONNEXION', null);
      return generateAuthenticationOptions({ rpID: rp.rpId, challenge: octets(challenge), timeout: DUREE_DEFI_MS, userVerification: 'required', allowCredentials: [] });
    },

    /** After a right password or passcode: the sign-in waits for a passkey of this account (DUREE_DEFI_MS at most). */
    async attendreSecondFacteur(lien: string, compteId: string, premierFacteur: 'MOT_DE_PASSE' | 'OTP', retour: string | null): Promise<void> {
      await defiNouveau(lien, 'SECOND_FACTEUR', compteId, { premierFacteur, retour });
    },

    /** The pending second factor's options (a fresh challenge, same expiry); null when nothing is pending any more. */
    async optionsSecondFacteur(lien: string, rp: PartieConfiante): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
      const challenge = crypto.randomBytes(32).toString('base64url');
      const attente = await repo.renouvelerDefiEnAttente(db, lien, challenge, clock.now());
      if (!attente) return null;
      const cles = await repo.listerCles(db, attente.compte_id);
      return generateAuthenticationOptions({
        rpID: rp.rpId,
        challenge: octets(challenge),
        timeout: DUREE_DEFI_MS,
        userVerification: 'preferred',
        allowCredentials: cles.map((c) => ({ id: c.identifiant_webauthn, transports: transportsConnus(c.transports) })),
      });
    },

    /** True while a second factor is pending for this browser (the page is shown only then). */
    async secondFacteurEnAttente(lien: string): Promise<boolean> {
      const r = await db.selectFrom('defi_webauthn').select('lien').where('lien', '=', lien).where('usage', '=', 'SECOND_FACTEUR').where('expire_le', '>', clock.now()).executeTakeFirst();
      return r !== undefined;
    },

    /**
     * Checks a passkey's assertion against the browser's challenge (used once, whatever the outcome) and, if right,
     * opens the session in the sign-in's own statement. `usage`: CONNEXION (any account, the passkey names it) or
     * SECOND_FACTEUR (the passkey must be one of the pending account's).
     */
    async connecter(usage: 'CONNEXION' | 'SECOND_FACTEUR', lien: string, rp: PartieConfiante, reponse: string, meta: { adresse: string }, ouverture: authRepo.OuvertureSession): Promise<ResultatConnexionCle> {
      const le = clock.now();
      const defi = await repo.consommerDefi(db, lien, usage, le);
      if (!defi) return { ok: false, motif: 'DEFI_EXPIRE' };
      const r = lireJson(reponseAuthentification, reponse);
      if (!r) return refuser('REPONSE_ILLISIBLE', null, meta.adresse, false);
      const cle = await repo.cleParIdentifiant(db, r.id);
      if (!cle) return refuser('CLE_ACCES_INCONNUE', null, meta.adresse, false);
      const compte = { id: cle.compte_id, identifiant: cle.identifiant };
      if (usage === 'SECOND_FACTEUR' && defi.compte_id !== cle.compte_id) return refuser('AUTRE_COMPTE', compte, meta.adresse, true);
      if (!cle.actif) return refuser('COMPTE_INACTIF', compte, meta.adresse, false);
      if (estVerrouille(cle.verrouille_jusqu_au, le)) return refuser('COMPTE_VERROUILLE', compte, meta.adresse, false);
      // A discoverable sign-in names its account by the user handle too: it must be this account's.
      if (usage === 'CONNEXION' && r.response.userHandle !== undefined && r.response.userHandle !== cle.poignee_webauthn) return refuser('CLE_ACCES_REFUSEE', compte, meta.adresse, true);
      let v;
      try {
        v = await verifyAuthenticationResponse({
          response: r as AuthenticationResponseJSON,
          expectedChallenge: defi.defi,
          expectedOrigin: rp.origine,
          expectedRPID: rp.rpId,
          credential: { id: r.id, publicKey: new Uint8Array(cle.cle_publique), counter: Number(cle.compteur), transports: transportsConnus(cle.transports) },
          requireUserVerification: usage === 'CONNEXION',
        });
      } catch (e) {
        const compteur = e instanceof Error && /counter value/i.test(e.message);
        return refuser(compteur ? 'COMPTEUR_INVALIDE' : 'CLE_ACCES_REFUSEE', compte, meta.adresse, true);
      }
      if (!v.verified) return refuser('CLE_ACCES_REFUSEE', compte, meta.adresse, true);
      // Two answers signed with the same counter value: only the first one moves it.
      if (!(await repo.avancerCompteur(db, cle.id, cle.compteur, v.authenticationInfo.newCounter, le))) return refuser('COMPTEUR_INVALIDE', compte, meta.adresse, true);
      await authRepo.reussirConnexion(db, cle.compte_id, le, { identifiantSaisi: cle.identifiant, methode: 'CLE_ACCES', adresse: meta.adresse }, ouverture);
      return { ok: true, compteId: cle.compte_id, retour: defi.retour };
    },
  };
}

export type ClesAccesService = ReturnType<typeof createClesAccesService>;
