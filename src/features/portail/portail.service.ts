import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import * as repo from './catalogue.repository.ts';
import { bandeauxEnCours, deplacer, lignesVisibles, organiserCatalogue } from './catalogue.rules.ts';
import type { CatalogueCache } from './catalogue.cache.ts';
import type { Catalogue } from './catalogue.rules.ts';

function organiser(catalogue: Catalogue, u: Utilisateur, bandeaux: Catalogue['bandeaux']) {
  return { catalogue: organiserCatalogue(lignesVisibles(catalogue, u.roles, u.favoris), catalogue.rubriques), bandeaux };
}

export function createPortailService(deps: { db: Database; clock: Clock; catalogue: CatalogueCache }) {
  const { db, clock } = deps;

  async function applicationVisible(u: Utilisateur, applicationId: string) {
    const lignes = lignesVisibles(await deps.catalogue.lire(), u.roles, u.favoris);
    const app = lignes.find((l) => l.id === applicationId);
    // An application the user cannot see does not exist for them.
    if (!app) throw new IntrouvableError('APPLICATION_INTROUVABLE', 'Cette application n’existe pas ou ne vous est pas ouverte.');
    return app;
  }

  return {
    /** The home page needs no query of its own: the catalogue is cached, favourites come with the session. */
    async accueil(u: Utilisateur) {
      const catalogue = await deps.catalogue.lire();
      return {
        catalogue: organiserCatalogue(lignesVisibles(catalogue, u.roles, u.favoris), catalogue.rubriques),
        bandeaux: bandeauxEnCours(catalogue.bandeaux, clock.now()),
      };
    },

    /**
     * What the home page of `u` depends on besides their own strings: the catalogue as loaded (its identity
     * changes at each reload), and a key of everything else that shapes the page — roles, favourites in
     * order, banners in force now. Pages of the same shape differ only by name, date and CSRF token.
     */
    async formeAccueil(u: Utilisateur): Promise<{ generation: object; cle: string; vue: () => ReturnType<typeof organiser> }> {
      const catalogue = await deps.catalogue.lire();
      const bandeaux = bandeauxEnCours(catalogue.bandeaux, clock.now());
      return {
        generation: catalogue,
        cle: `${u.roles.join(',')}|${u.favoris.join(',')}|${bandeaux.map((b) => b.id).join(',')}`,
        vue: () => organiser(catalogue, u, bandeaux),
      };
    },

    async ajouterFavori(u: Utilisateur, applicationId: string): Promise<string> {
      const app = await applicationVisible(u, applicationId);
      await db.transaction().execute((trx) => repo.ajouterFavori(trx, u.compteId, applicationId));
      return app.libelle;
    },

    async retirerFavori(u: Utilisateur, applicationId: string): Promise<string> {
      const app = await applicationVisible(u, applicationId);
      await repo.retirerFavori(db, u.compteId, applicationId);
      return app.libelle;
    },

    async deplacerFavori(u: Utilisateur, applicationId: string, sens: 'haut' | 'bas'): Promise<string> {
      const app = await applicationVisible(u, applicationId);
      await db.transaction().execute(async (trx) => {
        const actuels = (await repo.favorisOrdonnes(trx, u.compteId)).map((f) => f.application_id);
        await repo.renumeroterFavoris(trx, u.compteId, deplacer(actuels, applicationId, sens));
      });
      return app.libelle;
    },
  };
}

export type PortailService = ReturnType<typeof createPortailService>;
