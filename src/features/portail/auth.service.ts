import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { verificationLeurre, verifier } from '../../shared/securite/motdepasse.ts';
import { decouperPasscode, estVerrouille, verrouApresEchec, POLITIQUE_VERROUILLAGE, type PolitiqueVerrouillage } from './auth.rules.ts';
import { verifierCode } from './totp.ts';
import * as repo from './auth.repository.ts';

export type Identification =
  | { methode: 'MOT_DE_PASSE'; identifiant: string; motDePasse: string }
  | { methode: 'OTP'; identifiant: string; passcode: string };

/** Why a login failed: recorded in the attempts log, never shown (the user always gets one same message). */
export type MotifEchec = 'COMPTE_INCONNU' | 'COMPTE_INACTIF' | 'COMPTE_VERROUILLE' | 'SANS_MOT_DE_PASSE' | 'MOT_DE_PASSE_FAUX' | 'SANS_CLE_OTP' | 'PASSCODE_FAUX' | 'CODE_DEJA_UTILISE';

export function normaliserIdentifiant(identifiant: string): string {
  return identifiant.trim().toLowerCase();
}

export function createAuthService(deps: { db: Database; clock: Clock; politique?: PolitiqueVerrouillage }) {
  const { db, clock } = deps;
  const politique = deps.politique ?? POLITIQUE_VERROUILLAGE;

  async function verifierSecret(compte: NonNullable<Awaited<ReturnType<typeof repo.trouverCompteParIdentifiant>>>, id: Identification, le: Date): Promise<MotifEchec | null> {
    if (id.methode === 'MOT_DE_PASSE') {
      if (!compte.mot_de_passe_hash) {
        await verificationLeurre(id.motDePasse);
        return 'SANS_MOT_DE_PASSE';
      }
      return (await verifier(compte.mot_de_passe_hash, id.motDePasse)) ? null : 'MOT_DE_PASSE_FAUX';
    }
    const parts = decouperPasscode(id.passcode);
    if (!compte.otp_secret || !compte.otp_pin_hash) {
      await verificationLeurre(id.passcode);
      return 'SANS_CLE_OTP';
    }
    if (!parts) {
      await verificationLeurre(id.passcode);
      return 'PASSCODE_FAUX';
    }
    const pinOk = await verifier(compte.otp_pin_hash, parts.pin);
    const pas = verifierCode(compte.otp_secret, parts.code, le);
    if (!pinOk || pas === null) return 'PASSCODE_FAUX';
    return (await repo.consommerPasOtp(db, compte.id, pas)) ? null : 'CODE_DEJA_UTILISE';
  }

  return {
    /**
     * Checks the credentials and records the outcome. On success the account update, the attempt record and the
     * opening of `session` (if given) are one statement.
     */
    async authentifier(
      id: Identification,
      meta: { adresse: string },
      session: repo.OuvertureSession | null = null,
    ): Promise<{ ok: true; compteId: string } | { ok: false; motif: MotifEchec }> {
      const le = clock.now();
      const identifiant = normaliserIdentifiant(id.identifiant);
      const compte = await repo.trouverCompteParIdentifiant(db, identifiant);
      const secret = id.methode === 'MOT_DE_PASSE' ? id.motDePasse : id.passcode;

      let motif: MotifEchec | null;
      if (!compte) {
        await verificationLeurre(secret);
        motif = 'COMPTE_INCONNU';
      } else if (!compte.actif) {
        await verificationLeurre(secret);
        motif = 'COMPTE_INACTIF';
      } else if (estVerrouille(compte.verrouille_jusqu_au, le)) {
        // Attempts during a lock are refused without being checked nor counted.
        await verificationLeurre(secret);
        motif = 'COMPTE_VERROUILLE';
      } else {
        motif = await verifierSecret(compte, id, le);
      }

      const compteId = compte?.id ?? null;
      const tentative = { le, identifiantSaisi: identifiant, compteId, methode: id.methode, resultat: motif ?? 'SUCCES', adresse: meta.adresse };
      if (compteId && motif === null) {
        await repo.reussirConnexion(db, compteId, le, tentative, session);
        return { ok: true, compteId };
      }
      await db.transaction().execute(async (trx) => {
        if (compteId && motif !== 'COMPTE_VERROUILLE' && motif !== 'COMPTE_INACTIF') {
          const echecs = await repo.compterEchec(trx, compteId, le);
          const verrou = verrouApresEchec(echecs, le, politique);
          if (verrou) await repo.poserVerrou(trx, compteId, verrou);
        }
        await repo.enregistrerTentative(trx, tentative);
      });
      return { ok: false, motif: motif! };
    },

    /** Closes a session and records the logout in the sign-in log (nothing is recorded if it was already closed). */
    async deconnecter(sessionId: string, meta: { adresse: string }): Promise<void> {
      await repo.fermerSession(db, sessionId, clock.now(), meta.adresse);
    },

    /**
     * Records a login post refused by the per-address limit, as it was typed: the identifiant (normalised like a
     * login's) and the method its fields announce. Nothing is checked, no account's count of failures moves.
     */
    async enregistrerRefusLimite(corps: unknown, meta: { adresse: string }): Promise<void> {
      const champs = (typeof corps === 'object' && corps !== null ? corps : {}) as Record<string, unknown>;
      const rempli = (v: unknown) => typeof v === 'string' && v !== '';
      const methode = rempli(champs.passcode) ? 'OTP' : rempli(champs.mot_de_passe) ? 'MOT_DE_PASSE' : null;
      const identifiant = typeof champs.identifiant === 'string' ? normaliserIdentifiant(champs.identifiant) : '';
      await repo.enregistrerRefusLimite(db, { le: clock.now(), identifiantSaisi: identifiant, methode, adresse: meta.adresse });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
