import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { AccesRefuseError, IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour, type ReglesCampagne } from '../eligibilite/regles.ts';
import type { Corps } from '../../carriere/vocabulaire.ts';
import { chargerLabels, parcourirDossiers } from '../dossier/eligibilite.repository.ts';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { echeanceDue, transitionCampagne, type EvenementCampagne } from './campagne.machine.ts';
import type { NouvelleCampagne } from './campagne.schemas.ts';
import * as repo from './campagne.repository.ts';
import { LIBELLE_CORPS } from './libelles.ts';
import { estId } from '../../shared/http/parametres.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { corpsDansPerimetre, couvreLeCorps, estPartiel } from '../dossier/perimetre.rules.ts';
import { aujourdhui } from '../dossier/jour.ts';

export type Campagne = NonNullable<Awaited<ReturnType<typeof repo.trouverCampagne>>>;

export function prefixeReference(c: { annee: number; corps: string }): string {
  return `CE-${c.annee}-${c.corps}-`;
}

export function intituleCampagne(c: { annee: number; corps: string }): string {
  return `Accès à la classe exceptionnelle — ${LIBELLE_CORPS[c.corps as Corps] ?? c.corps} — campagne ${c.annee}`;
}

/**
 * What the publication does besides moving the campaign (the table's snapshot published, candidatures PROMU /
 * NON_PROMU, agents told): given by the table feature, run in the publication's transaction.
 */
export type SurPublication = (trx: Transaction<DB>, campagne: Campagne, le: Date) => Promise<void>;

/**
 * Campaigns: creation by HR, and the scheduler's steps (opening, closing, start of the examination, publication) that
 * happen at their instants and are caught up after a downtime. Each step runs once: the campaign row is locked and its
 * state re-read and re-judged (echeanceDue) in the step's transaction.
 */
export function createCampagneService(deps: { db: Database; clock: Clock; apresCloture?: (campagneId: string) => Promise<unknown>; surPublication?: SurPublication }) {
  const { db, clock } = deps;

  /** Agents of the corps concerned by the opening notice, computed before the transaction (read only). */
  async function destinatairesOuverture(c: Campagne, regles: ReglesCampagne): Promise<{ seuil: string[]; promouvables: Map<string, boolean> }> {
    const seuil: string[] = [];
    const promouvables = new Map<string, boolean>();
    const labels = await chargerLabels(db);
    const echelonV1 = regles.vivier1?.echelonMinimum[c.corps as Corps];
    for await (const page of parcourirDossiers(db, c.corps as Corps, labels, { jusqua: regles.dateObservation })) {
      for (const d of page) {
        const v = evaluerEligibilite(d, regles, { detail: false });
        if (regles.regime === 'A' && echelonV1 !== undefined && v.grade?.grade === 'HC' && v.grade.echelon >= echelonV1) seuil.push(d.agent.agent_id);
        if ((regles.regime === 'B' || regles.regime === 'C') && v.promouvable) promouvables.set(d.agent.agent_id, v.vivier1);
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
      const verrou = await repo.verrouillerEtatEcheances(trx, id);
      if (!verrou || echeanceDue(verrou, le) !== 'OUVRIR') return false;
      await repo.changerStatut(trx, id, 'PREPARATION', transitionCampagne('PREPARATION', 'OUVRIR', verrou.regime), 'OUVRIR', le, null);
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
      } else {
        // Regime C (DOMAIN.md §7 calendar): the notification of eligibility opens the campaign, before the avis.
        await repo.notifierAgents(trx, [...dest.promouvables.keys()], { categorie: 'CAMPAGNE', sujet: `Vous êtes promouvable : ${intitule}`, corps: avisPromouvableRegimeC(c, regles), le, cle: `ouverture:${id}` });
      }
      return true;
    });
  }

  /** Regime A and B: once closed (and in A every accusé issued), the campaign is examined. */
  async function examiner(id: string): Promise<boolean> {
    const le = clock.now();
    return db.transaction().execute(async (trx) => {
      const c = await repo.verrouillerEtatEcheances(trx, id);
      if (!c || echeanceDue(c, le) !== 'EXAMINER') return false;
      await repo.changerStatut(trx, id, 'CLOSE', transitionCampagne('CLOSE', 'EXAMINER', c.regime), 'EXAMINER', le, null);
      return true;
    });
  }

  /** At `publication_le`, the arrêté table is published, once, whatever the number of processes. */
  async function publier(id: string): Promise<boolean> {
    const le = clock.now();
    return db.transaction().execute(async (trx) => {
      const c = await repo.verrouillerEtatEcheances(trx, id);
      if (!c || echeanceDue(c, le) !== 'PUBLIER') return false;
      await repo.changerStatut(trx, id, 'ARRETEE', transitionCampagne('ARRETEE', 'PUBLIER', c.regime), 'PUBLIER', le, null);
      await trx.updateTable('campagne').set({ publiee_le: le }).where('id', '=', id).execute();
      await deps.surPublication?.(trx, c, le);
      return true;
    });
  }

  async function clore(id: string): Promise<boolean> {
    const le = clock.now();
    const fait = await db.transaction().execute(async (trx) => {
      const c = await repo.verrouillerEtatEcheances(trx, id);
      if (!c || echeanceDue(c, le) !== 'CLORE') return false;
      await repo.changerStatut(trx, id, 'OUVERTE', transitionCampagne('OUVERTE', 'CLORE', c.regime), 'CLORE', le, null);
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
      for await (const page of parcourirDossiers(db, c.corps as Corps, await chargerLabels(db), { perimetre, jusqua: regles.dateObservation })) {
        for (const d of page) {
          const v = evaluerEligibilite(d, regles, { detail: false });
          if (v.promouvable) promouvables++;
          if (v.vivier1) vivier1++;
        }
      }
      const parStatut = await repo.candidaturesParStatut(db, c.id, u.perimetre, perimetre.jour);
      const jours = await repo.activiteParJour(db, c.id, u.perimetre, perimetre.jour);
      return {
        partiel: estPartiel(u.perimetre),
        promouvables,
        vivier1,
        parStatut: new Map(parStatut.map((x) => [x.statut, Number(x.n)])),
        series: jours.map((j) => ({ jour: j.jour, brouillons: Number(j.brouillons), validations: Number(j.validations), annulations: Number(j.annulations) })),
      };
    },

    /**
     * Applies every step that is due now, in order (a campaign whose both instants passed during a downtime is
     * opened, closed, then examined once its accusés are issued). Returns what was done; safe to call from several
     * places.
     */
    async appliquerEcheances(): Promise<Array<{ campagneId: string; evenement: EvenementCampagne }>> {
      const faits: Array<{ campagneId: string; evenement: EvenementCampagne }> = [];
      for (let tour = 0; tour < 4; tour++) {
        const dues = await repo.campagnesAEcheance(db, clock.now());
        if (dues.length === 0) break;
        for (const { id } of dues) {
          const c = await repo.etatEcheances(db, id);
          const ev = c ? echeanceDue(c, clock.now()) : null;
          if (ev === 'OUVRIR' && (await ouvrir(id))) faits.push({ campagneId: id, evenement: ev });
          if (ev === 'CLORE' && (await clore(id))) {
            faits.push({ campagneId: id, evenement: ev });
            await deps.apresCloture?.(id);
          }
          if (ev === 'EXAMINER' && (await examiner(id))) faits.push({ campagneId: id, evenement: ev });
          if (ev === 'PUBLIER' && (await publier(id))) faits.push({ campagneId: id, evenement: ev });
        }
      }
      return faits;
    },

    /**
     * The instant from which agents read the avis and appreciations on their dossier (DOMAIN.md §7), or null (with the
     * published table). Set by a gestionnaire of the whole corps, until the table is published; audited.
     */
    async fixerAvisVisibles(u: Utilisateur, c: Campagne, le: Date | null): Promise<void> {
      if (!couvreLeCorps(u.perimetre, c.corps))
        throw new AccesRefuseError('PERIMETRE_PARTIEL', 'Cette date vaut pour tous les agents du corps : seul un gestionnaire dont le périmètre couvre tout le corps peut la fixer. Rien n’a été enregistré.');
      const maintenant = clock.now();
      await db.transaction().execute(async (trx) => {
        const v = await repo.verrouillerCampagne(trx, c.id);
        if (!v) throw new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe plus.');
        if (v.statut === 'PUBLIEE') throw new RegleMetierError('CAMPAGNE_PUBLIEE', 'Le tableau est publié : les avis sont déjà communiqués aux agents. Rien n’a été enregistré.');
        await trx.updateTable('campagne').set({ avis_visibles_le: le }).where('id', '=', c.id).execute();
        await journaliser(trx, { le: maintenant, acteurCompteId: u.compteId, action: 'AVIS_VISIBLES_FIXES', cible: `campagne:${c.id}`, details: { avant: v.avis_visibles_le?.toISOString() ?? null, apres: le?.toISOString() ?? null } });
      });
    },

    /**
     * The publication of one campaign if it is due now (the autorité's page, after an arrêté or a publication date
     * already reached): only that campaign's PUBLIER step, judged under its lock as the scheduler's; the other
     * campaigns' steps (openings, closings of other corps) stay the scheduler's business. Returns whether it published.
     */
    async publierSiEchue(id: string): Promise<boolean> {
      return publier(id);
    },

    prochaineEcheance: () => repo.prochaineEcheance(db),
  };
}

export type CampagneService = ReturnType<typeof createCampagneService>;

/** The opening notice of regime C: promouvable, and who gives the avis by when (one avis for the corps of the rule set). */
export function avisPromouvableRegimeC(c: { corps: string; fermeture: Date }, regles: ReglesCampagne): string {
  const unAvis = regles.regimeC?.paliers.corpsUnAvis.includes(c.corps as Corps) ?? false;
  const qui = unAvis
    ? 'Votre inspecteur ou inspectrice de l’éducation nationale (IEN) émettra un avis'
    : 'Votre chef d’établissement et l’inspecteur ou l’inspectrice de votre discipline émettront chacun un avis';
  return (
    'L’administration a constaté que vous êtes promouvable à la classe exceptionnelle : le détail figure dans « Mon éligibilité ». ' +
    `Aucune candidature n’est à déposer. ${qui} sur votre parcours professionnel, au plus tard le ${fermetureParis(c.fermeture)}. ` +
    'Ces avis vous seront communiqués dans I-Prof avant l’établissement du tableau d’avancement.'
  );
}

const fmt = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
export function fermetureParis(d: Date): string {
  return fmt.format(d);
}
