import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RequeteInvalideError } from '../../shared/errors.ts';
import { dateIsoParis } from '../../shared/dates.ts';
import { champCsv, texteCsv } from '../../shared/tableurs/csv.ts';
import { changementsAbonnements, nomFichierExport, type Portee } from './syndicats.rules.ts';
import * as repo from './syndicats.repository.ts';

/** How many of the agent's past changes the page shows. */
const HISTORIQUE_MAX = 50;

/**
 * The agent's subscriptions to the unions' information lists (opt-in, changed at any time, every change kept), and the
 * correspondents' export of the current subscribers of their own union's lists (every export in the audit log).
 */
export function createAbonnementsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  return {
    /** The page of one scope: the open lists union by union, which ones the account receives, its past changes. */
    async page(compteId: string, portee: Portee) {
      const [listes, abonnees, historique, compte] = await Promise.all([
        repo.listesOuvertes(db, portee),
        repo.listesAbonnees(db, compteId),
        repo.historique(db, compteId, portee, HISTORIQUE_MAX),
        db.selectFrom('compte').select('email').where('id', '=', compteId).executeTakeFirstOrThrow(),
      ]);
      const syndicats: Array<{ id: string; sigle: string; nom: string; listes: Array<{ id: string; libelle: string; description: string | null; abonne: boolean }> }> = [];
      const deja = new Set(abonnees);
      for (const l of listes) {
        let s = syndicats.at(-1);
        if (s?.id !== l.syndicat_id) syndicats.push((s = { id: l.syndicat_id, sigle: l.sigle, nom: l.nom, listes: [] }));
        s.listes.push({ id: l.id, libelle: l.libelle, description: l.description, abonne: deja.has(l.id) });
      }
      return { syndicats, historique, email: compte.email };
    },

    /**
     * Saves the ticked lists of one scope. Only real changes are written and kept in the history: the same form sent
     * twice (double click, a second tab, Back then submit) changes nothing the second time.
     */
    async enregistrer(compteId: string, portee: Portee, cochees: readonly string[]): Promise<{ ajouts: number; retraits: number }> {
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        await repo.verrouillerCompte(trx, compteId);
        const proposees = (await repo.listesOuvertes(trx, portee)).map((l) => l.id);
        const c = changementsAbonnements(proposees, await repo.listesAbonnees(trx, compteId), cochees);
        if (!c) throw new RequeteInvalideError('LISTE_INCONNUE', 'Une des listes cochées n’est plus proposée : rechargez la page et recommencez.');
        const ajoutees = await repo.abonner(trx, compteId, c.ajouts, le);
        const retirees = await repo.desabonner(trx, compteId, c.retraits);
        await repo.noterHistorique(
          trx,
          compteId,
          [...ajoutees.map((listeId) => ({ listeId, action: 'ABONNEMENT' as const })), ...retirees.map((listeId) => ({ listeId, action: 'DESABONNEMENT' as const }))],
          le,
        );
        return { ajouts: ajoutees.length, retraits: retirees.length };
      });
    },

    /** The correspondent's page: the lists of their unions with their current subscribers. */
    listesDuCorrespondant(compteId: string) {
      return repo.listesDuCorrespondant(db, compteId);
    },

    /**
     * The current subscribers of a list, as CSV, for a correspondent of the list's union only (checked here, whatever
     * the page showed); the list must belong to the union of the address. The export is written to the audit log with
     * the number of subscribers, in the same transaction as their reading.
     */
    async exporter(compteId: string, syndicatId: string, listeId: string): Promise<{ nomFichier: string; csv: string; abonnes: number }> {
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        // Unknown, under another union, or of a union the account is no correspondent of: one same 404 (docs/SECURITE.md,
        // « Statut hors périmètre »), nothing learnt of what is not theirs, nothing written.
        const liste = await repo.listeDuSyndicat(trx, syndicatId, listeId, compteId);
        if (!liste?.correspondant) throw new IntrouvableError('LISTE_HORS_SYNDICAT', 'Cette liste d’information n’existe pas ou n’est pas celle d’un syndicat dont vous êtes correspondant.');
        const lignes = await repo.abonnes(trx, listeId);
        await journaliser(trx, {
          le,
          acteurCompteId: compteId,
          action: 'EXPORT_ABONNES_SYNDICAUX',
          cible: `liste_syndicale:${listeId}`,
          details: { syndicat: liste.sigle, liste: liste.libelle, abonnes: lignes.length },
        });
        const csv =
          ['nom', 'adresse_electronique', 'abonne_depuis'].map(champCsv).join(';') +
          '\n' +
          lignes.map((l) => [texteCsv(l.nom_affiche), texteCsv(l.email ?? ''), dateIsoParis(l.depuis_le)].join(';') + '\n').join('');
        return { nomFichier: nomFichierExport(liste.sigle, liste.libelle, dateIsoParis(le)), csv, abonnes: lignes.length };
      });
    },
  };
}

export type AbonnementsService = ReturnType<typeof createAbonnementsService>;
