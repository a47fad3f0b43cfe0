import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour, type ReglesCampagne } from '../eligibilite/regles.ts';
import type { Corps } from '../../carriere/vocabulaire.ts';
import { chargerLabels, parcourirDossiers } from '../dossier/eligibilite.repository.ts';
import { echeanceDue, transitionCampagne, type EvenementCampagne } from './campagne.machine.ts';
import type { NouvelleCampagne } from './campagne.schemas.ts';
import * as repo from './campagne.repository.ts';
import { LIBELLE_CORPS } from './libelles.ts';
import { estId } from '../../shared/http/parametres.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { corpsDansPerimetre, estGeographique } from '../dossier/perimetre.rules.ts';
import { aujourdhui } from '../dossier/jour.ts';

export type Campagne = NonNullable<Awaited<ReturnType<typeof repo.trouverCampagne>>>;

export function prefixeReference(c: { annee: number; corps: string }): string {
  return `CE-${c.annee}-${c.corps}-`;
}

export function intituleCampagne(c: { annee: number; corps: string }): string {
  return `Accès à la classe exceptionnelle — ${LIBELLE_CORPS[c.corps as Corps] ?? c.corps} — campagne ${c.annee}`;
}

/**
 * Campaigns: creation by HR, and the scheduler's steps (opening, closing) that happen at their instants and
 * are caught up after a downtime. Each step runs once: the campaign row is locked and its state re-read.
 */
export function createCampagneService(deps: { db: Database; clock: Clock; apresCloture?: (campagneId: string) => Promise<unknown> }) {
  const { db, clock } = deps;

  /** Agents of the corps concerned by the opening notice, computed before the transaction (read only). */
  async function destinatairesOuverture(c: Campagne, regles: ReglesCampagne): Promise<{ seuil: string[]; promouvables: Map<string, boolean> }> {
    const seuil: string[] = [];
    const promouvables = new Map<string, boolean>();
    const labels = await chargerLabels(db);
    const echelonV1 = regles.vivier1?.echelonMinimum[c.corps as Corps];
    for await (const page of parcourirDossiers(db, c.corps as Corps, labels)) {
      for (const d of page) {
        const v = evaluerEligibilite(d, regles, { detail: false });
        if (regles.regime === 'A' && echelonV1 !== undefined && v.grade?.grade === 'HC' && v.grade.echelon >= echelonV1) seuil.push(d.agent.agent_id);
        if (regles.regime === 'B' && v.promouvable) promouvables.set(d.agent.agent_id, v.vivier1);
      }
    }
    return { seuil, promouvables };
  }

  async function ouvrir(id: string): Promise<boolean> {
    const c = await repo.trouverCampagne(db, id);
    if (!c || c.statut !== 'PREPARATION') return false;
    const regles = reglesPour(c.annee);
    const dest = await destinatairesOuverture(c, regles);
    const le = clock.now();
    return db.transaction().execute(async (trx) => {
      const verrou = await repo.verrouillerCampagne(trx, id);
      if (!verrou || echeanceDue(verrou, le) !== 'OUVRIR') return false;
      await repo.changerStatut(trx, id, 'PREPARATION', transitionCampagne('PREPARATION', 'OUVRIR'), 'OUVRIR', le, null);
      const intitule = intituleCampagne(c);
      if (regles.regime === 'A') {
        await repo.notifierAgents(trx, dest.seuil, {
          categorie: 'CAMPAGNE',
          sujet: `Ouverture de la campagne : ${intitule}`,
          corps: `La campagne de candidature est ouverte jusqu’au ${fermetureParis(c.fermeture)}. Si vous relevez du premier vivier, vous devez faire acte de candidature dans I-Prof, rubrique « Candidater », avant cette date. Vérifiez votre éligibilité dans « Mon éligibilité ».`,
          le,
          cle: `ouverture:${id}`,
        });
      } else if (regles.regime === 'B') {
        const v1 = [...dest.promouvables].filter(([, v]) => v).map(([a]) => a);
        const autres = [...dest.promouvables].filter(([, v]) => !v).map(([a]) => a);
        const delai = regles.delaiContestationJours;
        const contester = `Vous pouvez contester ce constat dans un délai de ${delai} jours, pièces justificatives à l’appui, depuis I-Prof.`;
        await repo.notifierAgents(trx, v1, { categorie: 'CAMPAGNE', sujet: `Vous êtes promouvable : ${intitule}`, corps: `L’administration a constaté que vous relevez du premier vivier (fonctions ou missions particulières). Le détail, année par année, figure dans « Mon éligibilité ». ${contester}`, le, cle: `ouverture-v1:${id}` });
        await repo.notifierAgents(trx, autres, { categorie: 'CAMPAGNE', sujet: `Vous êtes promouvable : ${intitule}`, corps: `L’administration a constaté que vous êtes promouvable, sans relever du premier vivier : le détail figure dans « Mon éligibilité ». ${contester}`, le, cle: `ouverture-v2:${id}` });
      }
      return true;
    });
  }

  async function clore(id: string): Promise<boolean> {
    const le = clock.now();
    const fait = await db.transaction().execute(async (trx) => {
      const c = await repo.verrouillerCampagne(trx, id);
      if (!c || echeanceDue(c, le) !== 'CLORE') return false;
      await repo.changerStatut(trx, id, 'OUVERTE', transitionCampagne('OUVERTE', 'CLORE'), 'CLORE', le, null);
      await repo.deposerCandidatures(trx, id, prefixeReference(c), c.fermeture);
      return true;
    });
    return fait;
  }

  return {
    async creer(entree: NouvelleCampagne, acteurId: string | null): Promise<string> {
      const regles = reglesPour(entree.annee); // throws a French domain error for a year without rules
      const existe = await db.selectFrom('campagne').select('id').where('corps', '=', entree.corps).where('annee', '=', entree.annee).executeTakeFirst();
      if (existe) throw new RegleMetierError('CAMPAGNE_EXISTANTE', `Une campagne ${entree.corps} ${entree.annee} existe déjà.`);
      if (regles.regime === 'C' && entree.ratio === undefined) throw new RegleMetierError('RATIO_REQUIS', 'Une campagne sans viviers (2024 et après) demande le taux de promotion (ratio promus / promouvables).');
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('campagne')
          .values({
            corps: entree.corps,
            annee: entree.annee,
            regime: regles.regime,
            ouverture: entree.ouverture,
            fermeture: entree.fermeture,
            promotions: entree.promotions,
            parametres: JSON.stringify(entree.ratio === undefined ? {} : { ratio: entree.ratio }),
            statut: 'PREPARATION',
            cree_par_compte_id: acteurId,
            cree_le: le,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('campagne_historique').values({ campagne_id: id, de: null, vers: 'PREPARATION', evenement: 'CREER', le, par_compte_id: acteurId }).execute();
        await journaliser(trx, { le, acteurCompteId: acteurId, action: 'CAMPAGNE_CREEE', cible: `campagne:${id}`, details: { corps: entree.corps, annee: entree.annee } });
        return id;
      });
    },

    lister: () => repo.listerCampagnes(db),

    /** The campaigns a gestionnaire sees: those of a corps within their perimetre. */
    async listerPour(u: Utilisateur): Promise<Campagne[]> {
      return (await repo.listerCampagnes(db)).filter((c) => corpsDansPerimetre(u.perimetre, c.corps));
    },

    /** A campaign of a corps within the gestionnaire's perimetre; another one does not exist for them (404, as a dossier). */
    async trouverPour(u: Utilisateur, id: string): Promise<Campagne> {
      const c = estId(id) ? await repo.trouverCampagne(db, id) : undefined;
      if (!c || !corpsDansPerimetre(u.perimetre, c.corps)) throw new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas ou n’est pas dans votre périmètre.');
      return c;
    },

    /**
     * The dashboard's figures, counted within the gestionnaire's perimetre: a gestionnaire of some départements sees
     * their agents' promouvables and candidatures, not the whole corps' (figures on a few agents outside their scope
     * would tell about those agents; and their work is on their own).
     */
    async tableauDeBord(u: Utilisateur, c: Campagne) {
      const perimetre = { perimetre: u.perimetre, jour: aujourdhui(clock) };
      const regles = reglesPour(c.annee);
      let promouvables = 0;
      let vivier1 = 0;
      for await (const page of parcourirDossiers(db, c.corps as Corps, await chargerLabels(db), { perimetre })) {
        for (const d of page) {
          const v = evaluerEligibilite(d, regles, { detail: false });
          if (v.promouvable) promouvables++;
          if (v.vivier1) vivier1++;
        }
      }
      const parStatut = await repo.candidaturesParStatut(db, c.id, u.perimetre, perimetre.jour);
      const jours = await repo.activiteParJour(db, c.id, u.perimetre, perimetre.jour);
      return {
        partiel: estGeographique(u.perimetre),
        promouvables,
        vivier1,
        parStatut: new Map(parStatut.map((x) => [x.statut, Number(x.n)])),
        series: jours.map((j) => ({ jour: j.jour, brouillons: Number(j.brouillons), validations: Number(j.validations), annulations: Number(j.annulations) })),
      };
    },

    /**
     * Applies every opening or closing that is due now, in order (a campaign whose both instants passed
     * during a downtime is opened, then closed). Returns what was done; safe to call from several places.
     */
    async appliquerEcheances(): Promise<Array<{ campagneId: string; evenement: EvenementCampagne }>> {
      const faits: Array<{ campagneId: string; evenement: EvenementCampagne }> = [];
      for (let tour = 0; tour < 3; tour++) {
        const dues = await repo.campagnesAEcheance(db, clock.now());
        if (dues.length === 0) break;
        for (const { id } of dues) {
          const c = await repo.trouverCampagne(db, id);
          const ev = c ? echeanceDue(c, clock.now()) : null;
          if (ev === 'OUVRIR' && (await ouvrir(id))) faits.push({ campagneId: id, evenement: ev });
          if (ev === 'CLORE' && (await clore(id))) {
            faits.push({ campagneId: id, evenement: ev });
            await deps.apresCloture?.(id);
          }
        }
      }
      return faits;
    },

    prochaineEcheance: () => repo.prochaineEcheance(db),
  };
}

export type CampagneService = ReturnType<typeof createCampagneService>;

const fmt = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
export function fermetureParis(d: Date): string {
  return fmt.format(d);
}
