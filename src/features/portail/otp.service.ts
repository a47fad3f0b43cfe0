import QRCode from 'qrcode';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import { hacher } from '../../shared/securite/motdepasse.ts';
import { estVerrouille, verrouApresEchec, POLITIQUE_VERROUILLAGE, type PolitiqueVerrouillage } from './auth.rules.ts';
import { nouveauSecret, uriOtpauth, verifierCode } from './totp.ts';

export type StatutCle =
  | { statut: 'AUCUNE' }
  | { statut: 'EMISE'; emiseLe: Date; echecsActivation: number; activationSuspendueJusquAu: Date | null }
  | { statut: 'ACTIVE'; activeeLe: Date | null };

export type ResultatActivation =
  | { resultat: 'ACTIVEE' }
  | { resultat: 'PAS_DE_CLE_A_ACTIVER' }
  /** `attendreJusquAu`: this failure imposed a wait before the next attempt. */
  | { resultat: 'CODE_FAUX'; attendreJusquAu: Date | null }
  | { resultat: 'SUSPENDUE'; jusquAu: Date };

/** Lifecycle of a security key: issued by an administrator, activated by its holder, revoked or reset by an administrator. */
export function createOtpService(deps: { db: Database; clock: Clock; politique?: PolitiqueVerrouillage }) {
  const { db, clock } = deps;
  const politique = deps.politique ?? POLITIQUE_VERROUILLAGE;
  return {
    async statut(compteId: string): Promise<StatutCle> {
      const cle = await db
        .selectFrom('cle_otp')
        .select(['statut', 'emise_le', 'activee_le', 'echecs_activation', 'activation_suspendue_jusqu_au'])
        .where('compte_id', '=', compteId)
        .executeTakeFirst();
      if (!cle) return { statut: 'AUCUNE' };
      if (cle.statut === 'ACTIVE') return { statut: 'ACTIVE', activeeLe: cle.activee_le };
      const suspendue = estVerrouille(cle.activation_suspendue_jusqu_au, clock.now()) ? cle.activation_suspendue_jusqu_au : null;
      return { statut: 'EMISE', emiseLe: cle.emise_le, echecsActivation: cle.echecs_activation, activationSuspendueJusquAu: suspendue };
    },

    /** Issues (or re-issues) a key: the secret is returned once, to be shown to the administrator, never again. */
    async emettre(acteurId: string, compteId: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
      const compte = await db.selectFrom('compte').select(['identifiant']).where('id', '=', compteId).executeTakeFirst();
      if (!compte) throw new RegleMetierError('COMPTE_INTROUVABLE', 'Ce compte n’existe pas.');
      const secret = nouveauSecret();
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('cle_otp').where('compte_id', '=', compteId).execute();
        await trx.insertInto('cle_otp').values({ compte_id: compteId, secret_base32: secret, statut: 'EMISE', pin_hash: null, dernier_pas: 0, emise_le: le, activee_le: null }).execute();
        await journaliser(trx, { le, acteurCompteId: acteurId, action: 'CLE_OTP_EMISE', cible: `compte:${compteId}` });
      });
      const uri = uriOtpauth(secret, compte.identifiant);
      const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, uri, qrSvg };
    },

    async revoquer(acteurId: string, compteId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const r = await trx.deleteFrom('cle_otp').where('compte_id', '=', compteId).executeTakeFirst();
        if (r.numDeletedRows === 0n) throw new RegleMetierError('AUCUNE_CLE', 'Ce compte n’a pas de clé de sécurité.');
        await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'CLE_OTP_REVOQUEE', cible: `compte:${compteId}` });
      });
    },

    /**
     * The holder proves they have the key (a current code) and chooses their PIN. Wrong codes are counted on the key
     * under the login's lockout rules: from the 5th, each imposes a wait (1 min, doubled each time), the 10th
     * suspends activation for an hour; attempts during a wait are refused without being checked nor counted.
     */
    async activer(compteId: string, code: string, pin: string): Promise<ResultatActivation> {
      const le = clock.now();
      const cle = await db.selectFrom('cle_otp').select(['secret_base32', 'statut', 'activation_suspendue_jusqu_au']).where('compte_id', '=', compteId).executeTakeFirst();
      if (!cle || cle.statut !== 'EMISE') return { resultat: 'PAS_DE_CLE_A_ACTIVER' };
      if (estVerrouille(cle.activation_suspendue_jusqu_au, le)) return { resultat: 'SUSPENDUE', jusquAu: cle.activation_suspendue_jusqu_au! };
      // The PIN is hashed (argon2) before the transaction and only for a code that is right: no hashing under the lock.
      const pinHash = verifierCode(cle.secret_base32, code, le) === null ? null : await hacher(pin);
      return db.transaction().execute(async (trx): Promise<ResultatActivation> => {
        // The key's row is locked: concurrent attempts are judged one after the other, each seeing the failures
        // counted before it (40 wrong codes sent at once are not 40 checks).
        const k = await trx
          .selectFrom('cle_otp')
          .select(['statut', 'echecs_activation', 'activation_suspendue_jusqu_au'])
          .where('compte_id', '=', compteId)
          .where('secret_base32', '=', cle.secret_base32) // re-issued meanwhile: this code was for the old secret
          .forUpdate()
          .executeTakeFirst();
        if (!k || k.statut !== 'EMISE') return { resultat: 'PAS_DE_CLE_A_ACTIVER' };
        if (estVerrouille(k.activation_suspendue_jusqu_au, le)) return { resultat: 'SUSPENDUE', jusquAu: k.activation_suspendue_jusqu_au! };
        const pas = verifierCode(cle.secret_base32, code, le);
        if (pas === null || pinHash === null) {
          const echecs = k.echecs_activation + 1;
          const attente = verrouApresEchec(echecs, le, politique);
          await trx.updateTable('cle_otp').set({ echecs_activation: echecs, activation_suspendue_jusqu_au: attente }).where('compte_id', '=', compteId).execute();
          if (attente) {
            await journaliser(trx, { le, acteurCompteId: compteId, action: 'CLE_OTP_ACTIVATION_SUSPENDUE', cible: `compte:${compteId}`, details: { echecs, jusqu_au: attente.toISOString() } });
          }
          return { resultat: 'CODE_FAUX', attendreJusquAu: attente };
        }
        await trx
          .updateTable('cle_otp')
          .set({ statut: 'ACTIVE', pin_hash: pinHash, dernier_pas: pas, activee_le: le, echecs_activation: 0, activation_suspendue_jusqu_au: null })
          .where('compte_id', '=', compteId)
          .execute();
        await journaliser(trx, { le, acteurCompteId: compteId, action: 'CLE_OTP_ACTIVEE', cible: `compte:${compteId}` });
        return { resultat: 'ACTIVEE' };
      });
    },
  };
}

export type OtpService = ReturnType<typeof createOtpService>;
