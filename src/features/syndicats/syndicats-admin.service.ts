import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import { estViolationUnicite } from '../admin/admin.schemas.ts';
import type { ListeSaisie, SyndicatSaisi } from './syndicats.schemas.ts';
import * as repo from './syndicats.repository.ts';

const syndicatIntrouvable = () => new IntrouvableError('SYNDICAT_INTROUVABLE', 'Ce syndicat n’existe pas.');
const listeIntrouvable = () => new IntrouvableError('LISTE_INTROUVABLE', 'Cette liste d’information n’existe pas pour ce syndicat.');

/** A field's error shown on the form that caused it (the route re-renders the form with it). */
export class ErreurChamp extends RegleMetierError {
  constructor(
    readonly champ: string,
    message: string,
  ) {
    super('CHAMP_REFUSE', message);
  }
}

/**
 * The administrator's use cases: unions, their lists and their correspondents; each change audited in its transaction.
 * Lists are closed, never deleted: the subscriptions and their history keep pointing at them.
 */
export function createSyndicatsAdminService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function syndicat(id: string) {
    const s = await repo.syndicatParId(db, id);
    if (!s) throw syndicatIntrouvable();
    return s;
  }

  async function liste(syndicatId: string, listeId: string) {
    const l = await repo.listeParId(db, syndicatId, listeId);
    if (!l) throw listeIntrouvable();
    return l;
  }

  /** Two unions cannot share an acronym (case aside): said on the field. */
  async function unique<T>(f: () => Promise<T>, champ: string, message: string): Promise<T> {
    try {
      return await f();
    } catch (err) {
      if (estViolationUnicite(err)) throw new ErreurChamp(champ, message);
      throw err;
    }
  }

  return {
    syndicat,
    liste,
    lister: () => repo.tousSyndicats(db),

    async fiche(id: string) {
      const s = await syndicat(id);
      const [listes, correspondants] = await Promise.all([repo.listesDuSyndicat(db, id), repo.correspondants(db, id)]);
      return { syndicat: s, listes, correspondants };
    },

    creer(acteurId: string, v: SyndicatSaisi): Promise<string> {
      const le = clock.now();
      return unique(
        () =>
          db.transaction().execute(async (trx) => {
            const id = await repo.insererSyndicat(trx, v, le);
            await journaliser(trx, { le, acteurCompteId: acteurId, action: 'SYNDICAT_CREE', cible: `syndicat:${id}`, details: { ...v } });
            return id;
          }),
        'sigle',
        `Le sigle « ${v.sigle} » est déjà celui d’un autre syndicat.`,
      );
    },

    async modifier(acteurId: string, id: string, v: SyndicatSaisi): Promise<void> {
      const avant = await syndicat(id);
      await unique(
        () =>
          db.transaction().execute(async (trx) => {
            if (!(await repo.modifierSyndicat(trx, id, v))) throw syndicatIntrouvable();
            const { id: _, ...a } = avant;
            await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'SYNDICAT_MODIFIE', cible: `syndicat:${id}`, details: { avant: a, apres: { ...v } } });
          }),
        'sigle',
        `Le sigle « ${v.sigle} » est déjà celui d’un autre syndicat.`,
      );
    },

    async creerListe(acteurId: string, syndicatId: string, v: ListeSaisie): Promise<string> {
      const s = await syndicat(syndicatId);
      const le = clock.now();
      return unique(
        () =>
          db.transaction().execute(async (trx) => {
            const id = await repo.insererListe(trx, syndicatId, v, le);
            await journaliser(trx, { le, acteurCompteId: acteurId, action: 'LISTE_SYNDICALE_CREEE', cible: `liste_syndicale:${id}`, details: { syndicat: s.sigle, ...v } });
            return id;
          }),
        'libelle',
        `Ce syndicat a déjà une liste « ${v.libelle} » de cette portée.`,
      );
    },

    async modifierListe(acteurId: string, syndicatId: string, listeId: string, v: ListeSaisie): Promise<void> {
      const s = await syndicat(syndicatId);
      const avant = await liste(syndicatId, listeId);
      await unique(
        () =>
          db.transaction().execute(async (trx) => {
            if (!(await repo.modifierListe(trx, syndicatId, listeId, v))) throw listeIntrouvable();
            const { id: _, ...a } = avant;
            await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'LISTE_SYNDICALE_MODIFIEE', cible: `liste_syndicale:${listeId}`, details: { syndicat: s.sigle, avant: a, apres: { ...v } } });
          }),
        'libelle',
        `Ce syndicat a déjà une liste « ${v.libelle} » de cette portée.`,
      );
    },

    /** Only an account with the correspondent role can be made one (the role opens the export page). */
    async ajouterCorrespondant(acteurId: string, syndicatId: string, identifiant: string): Promise<void> {
      const s = await syndicat(syndicatId);
      const c = await repo.compteParIdentifiant(db, identifiant);
      if (!c) throw new ErreurChamp('identifiant', `Aucun compte n’a l’identifiant « ${identifiant} ».`);
      if (!c.roles.includes('CORRESPONDANT_SYNDICAL'))
        throw new ErreurChamp('identifiant', `Le compte « ${identifiant} » n’a pas le rôle Correspondant syndical : donnez-le-lui d’abord (page du compte).`);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.ajouterCorrespondant(trx, syndicatId, c.id, clock.now()))) return;
        await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'CORRESPONDANT_SYNDICAL_AJOUTE', cible: `compte:${c.id}`, details: { syndicat: s.sigle, identifiant: c.identifiant } });
      });
    },

    async retirerCorrespondant(acteurId: string, syndicatId: string, compteId: string): Promise<void> {
      const s = await syndicat(syndicatId);
      await db.transaction().execute(async (trx) => {
        const r = await repo.retirerCorrespondant(trx, syndicatId, compteId);
        if (!r) throw new IntrouvableError('CORRESPONDANT_INTROUVABLE', 'Ce compte n’est pas correspondant de ce syndicat.');
        await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'CORRESPONDANT_SYNDICAL_RETIRE', cible: `compte:${compteId}`, details: { syndicat: s.sigle } });
      });
    },
  };
}

export type SyndicatsAdminService = ReturnType<typeof createSyndicatsAdminService>;
