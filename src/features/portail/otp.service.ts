import QRCode from 'qrcode';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import { hacher } from '../../shared/securite/motdepasse.ts';
import { nouveauSecret, uriOtpauth, verifierCode } from './totp.ts';

export type StatutCle = { statut: 'AUCUNE' } | { statut: 'EMISE'; emiseLe: Date } | { statut: 'ACTIVE'; activeeLe: Date | null };

/** Lifecycle of a security key: issued by an administrator, activated by its holder, revoked or reset by an administrator. */
export function createOtpService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async statut(compteId: string): Promise<StatutCle> {
      const cle = await db.selectFrom('cle_otp').select(['statut', 'emise_le', 'activee_le']).where('compte_id', '=', compteId).executeTakeFirst();
      if (!cle) return { statut: 'AUCUNE' };
      return cle.statut === 'EMISE' ? { statut: 'EMISE', emiseLe: cle.emise_le } : { statut: 'ACTIVE', activeeLe: cle.activee_le };
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

    /** The holder proves they have the key (a current code) and chooses their PIN. */
    async activer(compteId: string, code: string, pin: string): Promise<'ACTIVEE' | 'CODE_FAUX' | 'PAS_DE_CLE_A_ACTIVER'> {
      const cle = await db.selectFrom('cle_otp').select(['secret_base32', 'statut']).where('compte_id', '=', compteId).executeTakeFirst();
      if (!cle || cle.statut !== 'EMISE') return 'PAS_DE_CLE_A_ACTIVER';
      const le = clock.now();
      const pas = verifierCode(cle.secret_base32, code, le);
      if (pas === null) return 'CODE_FAUX';
      const pinHash = await hacher(pin);
      const r = await db
        .updateTable('cle_otp')
        .set({ statut: 'ACTIVE', pin_hash: pinHash, dernier_pas: pas, activee_le: le })
        .where('compte_id', '=', compteId)
        .where('statut', '=', 'EMISE')
        .executeTakeFirst();
      if (r.numUpdatedRows === 0n) return 'PAS_DE_CLE_A_ACTIVER';
      await journaliser(db, { le, acteurCompteId: compteId, action: 'CLE_OTP_ACTIVEE', cible: `compte:${compteId}` });
      return 'ACTIVEE';
    },
  };
}

export type OtpService = ReturnType<typeof createOtpService>;
