import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { verificationLeurre, verifier } from '../../shared/securite/motdepasse.ts';
import { decouperPasscode, estVerrouille, verrouApresEchec, POLITIQUE_VERROUILLAGE, type PolitiqueVerrouillage } from './auth.rules.ts';
import { verifierCode } from './totp.ts';
import * as repo from './auth.repository.ts';
import { cleAccesExigee } from './cles-acces.repository.ts';
import { journaliser } from '../../shared/audit.ts';
import { AnnuaireIndisponibleError, type Annuaire } from './annuaire.ts';

export type Identification =
  | { methode: 'MOT_DE_PASSE'; identifiant: string; motDePasse: string }
  | { methode: 'OTP'; identifiant: string; passcode: string };

/** Why a login failed: recorded in the attempts log, never shown (the user always gets one same message). */
export type MotifEchec =
  | 'COMPTE_INCONNU'
  | 'COMPTE_INACTIF'
  | 'COMPTE_VERROUILLE'
  | 'SANS_MOT_DE_PASSE'
  | 'MOT_DE_PASSE_FAUX'
  | 'SANS_CLE_OTP'
  | 'PASSCODE_FAUX'
  | 'CODE_DEJA_UTILISE'
  // The académie's directory (LDAP), when configured:
  | 'INCONNU_ANNUAIRE'
  | 'MOT_DE_PASSE_FAUX_ANNUAIRE'
  | 'MOT_DE_PASSE_VIDE'
  | 'SANS_COMPTE_VIVIER'
  /** The only failure the user is told apart: nothing was checked, the directory did not answer. */
  | 'ANNUAIRE_INDISPONIBLE';

export function normaliserIdentifiant(identifiant: string): string {
  return identifiant.trim().toLowerCase();
}

/**
 * `annuaire`: the académie's LDAP directory (null: local accounts only). With a directory, a password sign-in is
 * checked by it, except for accounts that have a local password (the embedded demo, break-glass administrators):
 * those keep working when the directory is down.
 */
export function createAuthService(deps: { db: Database; clock: Clock; politique?: PolitiqueVerrouillage; annuaire?: Annuaire | null }) {
  const { db, clock } = deps;
  const annuaire = deps.annuaire ?? null;
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

  /** The password checked by the directory, then the person linked to their account (created for a known agent). */
  async function verifierParAnnuaire(a: Annuaire, identifiant: string, motDePasse: string, le: Date): Promise<{ motif: MotifEchec | null; compteId: string | null; panne?: string }> {
    // Before any bind: an LDAP bind with a DN and no password is an anonymous bind, which "succeeds".
    if (motDePasse === '') return { motif: 'MOT_DE_PASSE_VIDE', compteId: null };
    let r;
    try {
      r = await a.verifier(identifiant, motDePasse);
    } catch (e) {
      if (e instanceof AnnuaireIndisponibleError) return { motif: 'ANNUAIRE_INDISPONIBLE', compteId: null, panne: e.message };
      throw e;
    }
    if (r.statut === 'INCONNU') return { motif: 'INCONNU_ANNUAIRE', compteId: null };
    if (r.statut === 'REFUSE') return { motif: 'MOT_DE_PASSE_FAUX_ANNUAIRE', compteId: null };
    const entree = { ...r.entree, identifiant: normaliserIdentifiant(r.entree.identifiant) };
    // The link and its audit row are one transaction: a link made by e-mail (the identifiants differed) is always traced.
    const lien = await db.transaction().execute(async (trx) => {
      const r = await repo.rattacherEntreeAnnuaire(trx, entree, le);
      if (r?.lienPar === 'courriel' && r.nouveauDn) {
        await journaliser(trx, {
          le,
          acteurCompteId: null,
          action: 'COMPTE_RELIE_ANNUAIRE',
          cible: `compte:${r.compteId}`,
          details: { lienPar: 'courriel', dn: entree.dn, identifiant: entree.identifiant, ...(r.identifiantAvant ? { identifiantAvant: r.identifiantAvant } : {}) },
        });
      }
      return r;
    });
    if (!lien) return { motif: 'SANS_COMPTE_VIVIER', compteId: null };
    const compteId = lien.compteId;
    // The account linked may not be the one typed (an e-mail match): its own state is checked too.
    const lie = await repo.trouverCompteParIdentifiant(db, entree.identifiant);
    if (!lie?.actif) return { motif: 'COMPTE_INACTIF', compteId };
    if (estVerrouille(lie.verrouille_jusqu_au, le)) return { motif: 'COMPTE_VERROUILLE', compteId };
    return { motif: null, compteId };
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
    ): Promise<{ ok: true; compteId: string; secondFacteur?: boolean } | { ok: false; motif: MotifEchec; panne?: string }> {
      const le = clock.now();
      const identifiant = normaliserIdentifiant(id.identifiant);
      const compte = await repo.trouverCompteParIdentifiant(db, identifiant);
      const secret = id.methode === 'MOT_DE_PASSE' ? id.motDePasse : id.passcode;

      const parAnnuaire = annuaire !== null && id.methode === 'MOT_DE_PASSE' && !compte?.mot_de_passe_hash;
      let motif: MotifEchec | null;
      let compteId = compte?.id ?? null;
      let panne: string | undefined;
      if (!compte && !parAnnuaire) {
        await verificationLeurre(secret);
        motif = 'COMPTE_INCONNU';
      } else if (compte && !compte.actif) {
        await verificationLeurre(secret);
        motif = 'COMPTE_INACTIF';
      } else if (compte && estVerrouille(compte.verrouille_jusqu_au, le)) {
        // Attempts during a lock are refused without being checked nor counted.
        await verificationLeurre(secret);
        motif = 'COMPTE_VERROUILLE';
      } else if (parAnnuaire) {
        const r = await verifierParAnnuaire(annuaire, identifiant, secret, le);
        motif = r.motif;
        compteId = r.compteId ?? compteId;
        panne = r.panne;
      } else {
        motif = await verifierSecret(compte!, id, le);
      }

      const tentative = { le, identifiantSaisi: identifiant, compteId, methode: id.methode, resultat: motif ?? 'SUCCES', adresse: meta.adresse };
      if (compteId && motif === null) {
        // The account asked for a passkey after the password: no session yet, the sign-in waits for it (the failure
        // count and the login dates move when it is given, see cles-acces.service's connecter).
        if (await cleAccesExigee(db, compteId)) {
          await repo.enregistrerTentative(db, { ...tentative, resultat: 'PREMIER_FACTEUR' });
          return { ok: true, compteId, secondFacteur: true };
        }
        await repo.reussirConnexion(db, compteId, le, tentative, session);
        return { ok: true, compteId };
      }
      await db.transaction().execute(async (trx) => {
        // A lock or a directory that did not answer checked nothing: no failure is counted.
        if (compteId && motif !== 'COMPTE_VERROUILLE' && motif !== 'COMPTE_INACTIF' && motif !== 'ANNUAIRE_INDISPONIBLE') {
          const echecs = await repo.compterEchec(trx, compteId, le);
          const verrou = verrouApresEchec(echecs, le, politique);
          if (verrou) await repo.poserVerrou(trx, compteId, verrou);
        }
        await repo.enregistrerTentative(trx, tentative);
      });
      return panne === undefined ? { ok: false, motif: motif! } : { ok: false, motif: motif!, panne };
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
