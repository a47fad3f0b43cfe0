import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import { etatBandeau } from './bandeaux.rules.ts';
import type { BandeauSaisi } from './bandeaux.schemas.ts';
import * as repo from './bandeaux.repository.ts';

/** Use cases of the information banners of the portal home; each change is audited in its transaction. */
/** Also thrown inside a transaction when the row vanished meanwhile: the audit row is then rolled back. */
const bandeauIntrouvable = () => new IntrouvableError('BANDEAU_INTROUVABLE', 'Ce bandeau n’existe pas.');

export function createBandeauxService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function bandeau(id: string) {
    const b = await repo.bandeauParId(db, id);
    if (!b) throw bandeauIntrouvable();
    return b;
  }

  /** Dates go to the audit log as ISO instants (JSON has no date type). */
  const pourJournal = (b: repo.ValeursBandeau) => ({ ...b, debut: b.debut?.toISOString() ?? null, fin: b.fin?.toISOString() ?? null });

  return {
    bandeau,

    async lister() {
      const maintenant = clock.now();
      return (await repo.tousBandeaux(db)).map((b) => ({ ...b, etat: etatBandeau(b, maintenant) }));
    },

    async creer(acteurId: string, v: BandeauSaisi): Promise<string> {
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        const id = await repo.insererBandeau(trx, v, le);
        await journaliser(trx, { le, acteurCompteId: acteurId, action: 'BANDEAU_CREE', cible: `bandeau:${id}`, details: pourJournal(v) });
        return id;
      });
    },

    async modifier(acteurId: string, id: string, v: BandeauSaisi): Promise<void> {
      const avant = await bandeau(id);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.modifierBandeau(trx, id, v))) throw bandeauIntrouvable();
        await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'BANDEAU_MODIFIE', cible: `bandeau:${id}`, details: { avant: pourJournal(avant), apres: pourJournal(v) } });
      });
    },

    async supprimer(acteurId: string, id: string): Promise<void> {
      const b = await bandeau(id);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.supprimerBandeau(trx, id))) throw bandeauIntrouvable();
        await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'BANDEAU_SUPPRIME', cible: `bandeau:${id}`, details: { titre: b.titre } });
      });
    },
  };
}

export type BandeauxService = ReturnType<typeof createBandeauxService>;
