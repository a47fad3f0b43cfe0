import type { Database } from '../../db/connection.ts';
import type { ApplicationCatalogue, Catalogue } from './catalogue.rules.ts';

/**
 * The catalogue (rubrics, active applications, active banners) changes rarely and is read on every home
 * page: it is kept in memory, reloaded after `ttlMs`, and dropped at once by the administration pages of
 * this process when they change it (another process sees the change within `ttlMs`).
 */
export function createCatalogueCache(deps: { db: Database; ttlMs: number; maintenant?: () => number }) {
  const maintenant = deps.maintenant ?? (() => performance.now());
  let courant: { chargeA: number; donnees: Promise<Catalogue> } | null = null;

  async function charger(): Promise<Catalogue> {
    const [rubriques, applications, bandeaux] = await Promise.all([
      deps.db.selectFrom('rubrique').select(['id', 'libelle', 'ordre']).orderBy('ordre').orderBy('id').execute(),
      deps.db
        .selectFrom('application')
        .select(['id', 'rubrique_id', 'groupe', 'libelle', 'description', 'url', 'interne', 'ordre', 'roles'])
        .where('actif', '=', true)
        .orderBy('ordre')
        .orderBy('id')
        .execute(),
      deps.db.selectFrom('bandeau').select(['id', 'titre', 'message', 'niveau', 'debut', 'fin']).where('actif', '=', true).orderBy('cree_le', 'desc').execute(),
    ]);
    return { rubriques, applications, bandeaux };
  }

  return {
    lire(): Promise<Catalogue> {
      const t = maintenant();
      if (!courant || t - courant.chargeA >= deps.ttlMs) {
        const donnees = charger();
        courant = { chargeA: t, donnees };
        // A failed load is not kept: the next request tries again.
        donnees.catch(() => {
          if (courant?.donnees === donnees) courant = null;
        });
      }
      return courant.donnees;
    },
    invalider(): void {
      courant = null;
    },
  };
}

export type CatalogueCache = ReturnType<typeof createCatalogueCache>;
