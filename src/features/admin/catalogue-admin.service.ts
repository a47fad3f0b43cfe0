import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import { estViolationReference, estViolationUnicite } from './admin.schemas.ts';
import type { ApplicationSaisie, RubriqueSaisie } from './catalogue-admin.schemas.ts';
import * as repo from './catalogue-admin.repository.ts';

/** Use cases of the catalogue administration: rubrics and application entries, each change audited in its transaction. */

export type Resultat<T = void> = { ok: true; valeur: T } | { ok: false; erreurs: Record<string, string> };

const LIBELLE_PRIS = { libelle: 'Une rubrique porte déjà ce libellé : choisissez-en un autre.' };
const RUBRIQUE_INCONNUE = { rubrique_id: 'La rubrique : choisissez une valeur de la liste.' };

function valeursApplication(v: ApplicationSaisie): repo.ValeursApplication {
  return { ...v, description: v.description || null };
}

/** Also thrown inside a transaction when the row vanished meanwhile: the audit row is then rolled back. */
const rubriqueIntrouvable = () => new IntrouvableError('RUBRIQUE_INTROUVABLE', 'Cette rubrique n’existe pas.');
const applicationIntrouvable = () => new IntrouvableError('APPLICATION_INTROUVABLE', 'Cette application n’existe pas.');

export function createCatalogueAdminService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function rubrique(id: string) {
    const r = await repo.rubriqueParId(db, id);
    if (!r) throw rubriqueIntrouvable();
    return r;
  }

  async function application(id: string) {
    const a = await repo.applicationParId(db, id);
    if (!a) throw applicationIntrouvable();
    return a;
  }

  /**
   * Runs a change and its audit row in one transaction. The checks made before it can be overtaken by another
   * administrator: the constraint that then refuses the change becomes the same field errors.
   */
  async function enregistrer<T>(change: (trx: Database, le: Date) => Promise<T>, siRefus: Record<string, string>): Promise<Resultat<T>> {
    try {
      return { ok: true, valeur: await db.transaction().execute((trx) => change(trx, clock.now())) };
    } catch (err) {
      if (estViolationUnicite(err) || estViolationReference(err)) return { ok: false, erreurs: siRefus };
      throw err;
    }
  }

  return {
    application,

    /** A rubric with its number of applications (which decides whether it may be deleted). */
    async rubrique(id: string) {
      const r = await rubrique(id);
      return { ...r, applications: await repo.compterApplicationsDeRubrique(db, id) };
    },

    async vue() {
      const [rubriques, applications] = await Promise.all([repo.rubriquesAvecNombre(db), repo.toutesApplications(db)]);
      return { rubriques: rubriques.map((r) => ({ ...r, applications: Number(r.applications) })), applications };
    },

    async creerRubrique(acteurId: string, v: RubriqueSaisie): Promise<Resultat<string>> {
      if (await repo.libelleRubriquePris(db, v.libelle, null)) return { ok: false, erreurs: LIBELLE_PRIS };
      return enregistrer(async (trx, le) => {
        const id = await repo.insererRubrique(trx, v);
        await journaliser(trx, { le, acteurCompteId: acteurId, action: 'RUBRIQUE_CREEE', cible: `rubrique:${id}`, details: { ...v } });
        return id;
      }, LIBELLE_PRIS);
    },

    async modifierRubrique(acteurId: string, id: string, v: RubriqueSaisie): Promise<Resultat> {
      const avant = await rubrique(id);
      if (await repo.libelleRubriquePris(db, v.libelle, id)) return { ok: false, erreurs: LIBELLE_PRIS };
      return enregistrer(async (trx, le) => {
        if (!(await repo.modifierRubrique(trx, id, v))) throw rubriqueIntrouvable();
        await journaliser(trx, { le, acteurCompteId: acteurId, action: 'RUBRIQUE_MODIFIEE', cible: `rubrique:${id}`, details: { avant: { libelle: avant.libelle, ordre: avant.ordre }, apres: v } });
      }, LIBELLE_PRIS);
    },

    /** Only an empty rubric may go: its applications would otherwise vanish from the portal. */
    async supprimerRubrique(acteurId: string, id: string): Promise<void> {
      const r = await rubrique(id);
      const nonVide = (n: number) =>
        new RegleMetierError(
          'RUBRIQUE_NON_VIDE',
          `La rubrique « ${r.libelle} » contient encore ${n > 0 ? n : 'des'} application${n === 1 ? '' : 's'} : déplacez-les dans une autre rubrique ou supprimez-les d’abord. Rien n’a été supprimé.`,
        );
      try {
        await db.transaction().execute(async (trx) => {
          const n = await repo.compterApplicationsDeRubrique(trx, id);
          if (n > 0) throw nonVide(n);
          if (!(await repo.supprimerRubrique(trx, id))) throw rubriqueIntrouvable();
          await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'RUBRIQUE_SUPPRIMEE', cible: `rubrique:${id}`, details: { libelle: r.libelle } });
        });
      } catch (err) {
        // An application added meanwhile: the foreign key (ON DELETE RESTRICT) refused the deletion.
        if (estViolationReference(err)) throw nonVide(0);
        throw err;
      }
    },

    async creerApplication(acteurId: string, v: ApplicationSaisie): Promise<Resultat<string>> {
      if (!(await repo.rubriqueParId(db, v.rubrique_id))) return { ok: false, erreurs: RUBRIQUE_INCONNUE };
      return enregistrer(async (trx, le) => {
        const id = await repo.insererApplication(trx, valeursApplication(v));
        await journaliser(trx, { le, acteurCompteId: acteurId, action: 'APPLICATION_CREEE', cible: `application:${id}`, details: { ...valeursApplication(v) } });
        return id;
      }, RUBRIQUE_INCONNUE);
    },

    async modifierApplication(acteurId: string, id: string, v: ApplicationSaisie): Promise<Resultat> {
      const avant = await application(id);
      if (!(await repo.rubriqueParId(db, v.rubrique_id))) return { ok: false, erreurs: RUBRIQUE_INCONNUE };
      return enregistrer(async (trx, le) => {
        if (!(await repo.modifierApplication(trx, id, valeursApplication(v)))) throw applicationIntrouvable();
        await journaliser(trx, { le, acteurCompteId: acteurId, action: 'APPLICATION_MODIFIEE', cible: `application:${id}`, details: { avant, apres: valeursApplication(v) } });
      }, RUBRIQUE_INCONNUE);
    },

    /** Users' favourites of this application go with it (ON DELETE CASCADE). */
    async supprimerApplication(acteurId: string, id: string): Promise<void> {
      const a = await application(id);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.supprimerApplication(trx, id))) throw applicationIntrouvable();
        await journaliser(trx, { le: clock.now(), acteurCompteId: acteurId, action: 'APPLICATION_SUPPRIMEE', cible: `application:${id}`, details: { libelle: a.libelle, url: a.url } });
      });
    },
  };
}

export type CatalogueAdminService = ReturnType<typeof createCatalogueAdminService>;
