import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { dateHeureParis } from '../../shared/dates.ts';
import { AccesRefuseError, ErreurMetier, IntrouvableError, RegleMetierError } from '../../shared/errors.ts';
import { estId } from '../../shared/http/parametres.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { Corps } from '../../carriere/vocabulaire.ts';
import { changerStatut, verrouillerCampagne } from '../campagnes/campagne.repository.ts';
import { transitionCampagne, type StatutCampagne } from '../campagnes/campagne.machine.ts';
import type { Campagne } from '../campagnes/campagne.service.ts';
import { corpsDansPerimetre, couvreLeCorps, estPartiel } from '../dossier/perimetre.rules.ts';
import { aujourdhui } from '../dossier/jour.ts';
import type { Tableau } from './classement.rules.ts';
import { calculerTableau, type DemandeTableau, type TableauCalcule } from './tableau.service.ts';
import { avisIncomplets, empreinteEntrees, versionRegles } from './tableau.empreinte.ts';
import { coupures, ordreDes, resume, type TriTableau } from './tableau-vue.rules.ts';
import { createCacheTableaux, type CacheTableaux } from './tableau-cache.ts';
import * as repo from './tableau-arrete.repository.ts';
import type { QuotaSimule } from './simulation.rules.ts';

/**
 * Missing avis or appreciations of a campaign (the avis feature's `completude.ts`): the refusal message while any
 * blocks the arrêté, else null. Called in the arrêté's transaction, the campaign locked.
 */
export type Manquants = (db: Database, campagneId: string) => Promise<string | null>;

/** What a page shows of a table: the lines, their sort orders (computed once per table), and where they come from. */
export type TableauAffiche = {
  tableau: Tableau;
  /** Computed once per table, then kept with it. */
  ordre(tri: TriTableau): number[];
  coupures(): ReadonlyMap<0 | 1 | 2, number>;
  resume(): ReturnType<typeof resume>;
  /**
   * What a page derives from this table alone (a page of lines, their HTML), kept with it by a key naming the view:
   * the same view of the same table is not redone (at most `MEMO_MAX` views per table, the oldest goes).
   */
  memo<T>(cle: string, calculer: () => T): T;
  source: 'CALCULE' | 'ARRETE' | 'PUBLIE';
  mode: string;
  donnees: string;
  /** Why no table could be ranked (appreciations missing…), in French; the table is then empty. */
  erreur: string | null;
  /** Regime C: promouvables whose avis are incomplete (left off the table until given). */
  avisIncomplets: number;
  versionRegles: string | null;
  empreinte: string | null;
  /** A simulated EXCELLENT quota's effect per list (« Excellent » counted « Très satisfaisant »); empty otherwise. */
  quotasSimules: QuotaSimule[];
};

/** The changes a simulation makes (GET form, nothing saved). */
export type Simulation = {
  promotions: number | null;
  ratio: number | null;
  partV2: number | null;
  tousCandidats: boolean;
  /** Regimes A/B: another EXCELLENT quota (% of the list) for vivier 1, vivier 2 (null: the rule set's). */
  partExcellentV1?: number | null;
  partExcellentV2?: number | null;
};

/** States in which « take every vivier-1 agent as a candidate » makes sense: before the closing. */
export const AVANT_CLOTURE: readonly StatutCampagne[] = ['PREPARATION', 'OUVERTE'];

const MESSAGE_MAX = 400;

/** A domain message cut for a page (an error listing thousands of agent ids keeps its first ones). */
function messageCourt(m: string): string {
  return m.length <= MESSAGE_MAX ? m : `${m.slice(0, MESSAGE_MAX)}…`;
}

function ratioDe(c: Pick<Campagne, 'parametres'>): number | undefined {
  const r = (c.parametres as { ratio?: unknown } | null)?.ratio;
  return typeof r === 'number' ? r : undefined;
}

/** The table request of a campaign, with a simulation's changes if any. */
export function demandeDe(c: Pick<Campagne, 'corps' | 'annee' | 'regime' | 'promotions' | 'parametres'>, sim?: Simulation): DemandeTableau {
  const ratio = sim?.ratio ?? ratioDe(c);
  return {
    corps: c.corps as Corps,
    annee: c.annee,
    promotions: sim?.promotions ?? c.promotions,
    simulation: sim?.tousCandidats ?? false,
    ...(sim?.partV2 != null ? { partSiegesVivier2: sim.partV2 } : {}),
    ...(sim?.partExcellentV1 != null || sim?.partExcellentV2 != null
      ? { partExcellent: { ...(sim.partExcellentV1 != null ? { 1: sim.partExcellentV1 } : {}), ...(sim.partExcellentV2 != null ? { 2: sim.partExcellentV2 } : {}) } }
      : {}),
    // Regime C: P = floor(ratio × promouvables), unless the simulation sets P itself.
    ...(c.regime === 'C' && ratio !== undefined && sim?.promotions == null ? { ratio } : {}),
  };
}

const MEMO_MAX = 64;

function affiche(tableau: Tableau, x: Omit<TableauAffiche, 'tableau' | 'ordre' | 'coupures' | 'resume' | 'memo'>): TableauAffiche {
  const ordres = new Map<TriTableau, number[]>();
  const vues = new Map<string, unknown>();
  let cut: ReadonlyMap<0 | 1 | 2, number> | null = null;
  let chiffres: ReturnType<typeof resume> | null = null;
  return {
    tableau,
    ...x,
    coupures: () => (cut ??= coupures(tableau)),
    resume: () => (chiffres ??= resume(tableau)),
    memo<T>(cle: string, calculer: () => T): T {
      if (vues.has(cle)) return vues.get(cle) as T;
      const v = calculer();
      vues.set(cle, v);
      if (vues.size > MEMO_MAX) vues.delete(vues.keys().next().value!);
      return v;
    },
    ordre(tri) {
      let o = ordres.get(tri);
      if (!o) ordres.set(tri, (o = ordreDes(tableau.lignes, tri)));
      return o;
    },
  };
}

/**
 * The promotion table of a campaign as the pages use it: computed from the stored data (kept in memory by the
 * signature of its inputs), or read from its arrêté snapshot; the arrêté (a frozen snapshot with the rule-set version
 * and the hash of its inputs), the reopening, and the publication date.
 */
export function createTableauService(deps: { db: Database; clock: Clock; cache: CacheTableaux; manquants?: Manquants; fraicheurMs?: number }) {
  const { db, clock, cache } = deps;
  // The signature of a campaign's inputs is read again in the background every `fraicheurMs` (5 s), the pages keeping
  // the one they have meanwhile, and before the next page after `entreesModifiees` (a write of this process): a page
  // under load never waits for that statement, a write through this server is seen at once, one by another process
  // within that delay (and the statement's time). The arrêté never reads it (it ranks the data
  // as they are, in its transaction).
  const signatures = createCacheTableaux({ ttlMs: deps.fraicheurMs ?? 5_000, max: 256 });
  const signature = (campagneId: string | null) => signatures.obtenir(`signature:${campagneId}`, () => repo.signatureEntrees(db, campagneId));

  async function calculer(c: Campagne, sim?: Simulation): Promise<TableauAffiche> {
    const demande = demandeDe(c, sim);
    return cache.obtenir(`calcul:${c.id}:${JSON.stringify(demande)}:${await signature(c.id)}`, async () => {
      let calcul: TableauCalcule;
      try {
        calcul = await calculerTableau(db, demande);
      } catch (err) {
        if (!(err instanceof ErreurMetier)) throw err;
        return affiche({ lignes: [], promotions: demande.promotions, sieges: null }, { source: 'CALCULE', mode: '', donnees: '', erreur: messageCourt(err.message), avisIncomplets: 0, versionRegles: null, empreinte: null, quotasSimules: [] });
      }
      return affiche(calcul.tableau, {
        source: 'CALCULE',
        mode: calcul.mode,
        donnees: calcul.donnees,
        erreur: null,
        avisIncomplets: avisIncomplets(calcul).length,
        versionRegles: versionRegles(calcul.regles),
        empreinte: null,
        quotasSimules: calcul.quotasSimules,
      });
    });
  }

  /** Whether the reader must be told they are authorised to do the arrêté (the whole corps in their perimetre). */
  function exigerAutorite(u: Utilisateur, c: Pick<Campagne, 'corps'>) {
    if (!u.roles.includes('AUTORITE')) throw new AccesRefuseError('AUTORITE_REQUISE', 'Seule l’autorité (recteur, DASEN) arrête ou rouvre le tableau.');
    if (!couvreLeCorps(u.perimetre, c.corps)) throw new AccesRefuseError('PERIMETRE_PARTIEL', 'Votre périmètre ne couvre pas tout le corps : vous ne pouvez pas arrêter ce tableau.');
  }

  function verifierDatePublication(publicationLe: Date, recueLe: Date) {
    // A datetime-local field gives minutes: the current minute is accepted (publication at once).
    if (publicationLe.getTime() < Math.floor(recueLe.getTime() / 60_000) * 60_000)
      throw new RegleMetierError('PUBLICATION_PASSEE', `La date de publication (${dateHeureParis(publicationLe)}) est passée : choisissez maintenant ou plus tard.`);
  }

  return {
    /**
     * What the table page reads, in one statement: the campaign (404 outside the reader's perimetre, as
     * `CampagneService.trouverPour`) and its tables, newest first (history; the current one among them).
     */
    async campagneEtTableaux(u: Utilisateur, id: string): Promise<{ campagne: Campagne; tableaux: repo.TableauDeCampagne[] }> {
      const r = estId(id) ? await repo.campagneEtTableaux(db, id) : undefined;
      if (!r || !corpsDansPerimetre(u.perimetre, r.campagne.corps)) throw new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas ou n’est pas dans votre périmètre.');
      return r;
    },

    /**
     * The current table: the arrêté or published snapshot once there is one, otherwise computed. `tableaux`, the
     * campaign's tables when the caller has read them already (`campagneEtTableaux`), saves a query.
     */
    async actuel(c: Campagne, tableaux?: readonly repo.TableauDeCampagne[]): Promise<TableauAffiche> {
      if (c.statut !== 'ARRETEE' && c.statut !== 'PUBLIEE') return calculer(c);
      const t = tableaux ? tableaux.find((x) => x.statut !== 'ROUVERT') : await repo.tableauCourant(db, c.id);
      if (!t) return calculer(c);
      // A snapshot never changes: its id is its key.
      return cache.obtenir(`instantane:${t.id}`, async () => {
        const p = t.parametres as { promotions: number; sieges: { vivier1: number; vivier2: number } | null; mode?: string; donnees?: string };
        const tableau = await repo.lireInstantane(db, t.id, { promotions: p.promotions, sieges: p.sieges });
        return affiche(tableau, { source: t.statut === 'PUBLIE' ? 'PUBLIE' : 'ARRETE', mode: p.mode ?? '', donnees: p.donnees ?? '', erreur: null, avisIncomplets: 0, versionRegles: t.version_regles, empreinte: t.empreinte_entrees, quotasSimules: [] });
      });
    },

    /**
     * Some input of the tables may have changed (a write request succeeded): the signatures are read again at the next
     * page; a table is ranked again only if its signature changed.
     */
    entreesModifiees(): void {
      signatures.vider();
    },

    /** A simulated table: the stored data with the simulation's parameters; nothing is saved. */
    simule(c: Campagne, sim: Simulation): Promise<TableauAffiche> {
      return calculer(c, sim);
    },

    /** The lines a reader with a partial perimetre may see (their agents), or undefined for the whole corps. */
    async visiblePour(u: Utilisateur, c: Campagne): Promise<((agentId: string) => boolean) | undefined> {
      if (!estPartiel(u.perimetre)) return undefined;
      const jour = aujourdhui(clock);
      const ids = await cache.obtenir(`perimetre:${c.corps}:${jour}:${JSON.stringify(u.perimetre)}:${await signature(null)}`, () => repo.agentsDuPerimetre(db, c.corps, u.perimetre, jour));
      return (id) => ids.has(id);
    },

    /**
     * Arrêté by the autorité: in one transaction, the campaign locked (the examination's writes hold it shared, so
     * they finish first and none comes after), the table is ranked from the data as they are, refused if an avis or
     * appreciation is missing, then frozen with its parameters, the rule-set version and the hash of its inputs.
     */
    async arreter(u: Utilisateur, c: Campagne, publicationLe: Date, recueLe: Date): Promise<{ tableauId: string; lignes: number; empreinte: string }> {
      exigerAutorite(u, c);
      verifierDatePublication(publicationLe, recueLe);
      const le = clock.now();
      return db.transaction().execute(async (trx) => {
        const v = await verrouillerCampagne(trx, c.id);
        if (!v) throw new RegleMetierError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe plus.');
        const vers = transitionCampagne(v.statut, 'ARRETER', v.regime);
        // Regime A: a deposited candidature not yet declared RECEVABLE or IRRECEVABLE would be left out of vivier 1 unheard.
        const nonDeclarees = v.regime === 'A' ? await repo.deposeesNonDeclarees(trx, c.id) : 0;
        if (nonDeclarees > 0)
          throw new RegleMetierError(
            'RECEVABILITE_INACHEVEE',
            `Le tableau ne peut pas être arrêté : ${nonDeclarees} candidature${nonDeclarees > 1 ? 's déposées attendent' : ' déposée attend'} encore la décision de recevabilité. Rien n’a été enregistré.`,
          );
        const refus = deps.manquants ? await deps.manquants(trx, c.id) : null;
        if (refus) throw new RegleMetierError('AVIS_MANQUANTS', `${refus} Rien n’a été enregistré.`);
        const demande = demandeDe(v);
        // Regimes A/B: a missing appreciation makes the ranking refuse (APPRECIATION_MANQUANTE).
        const calcul = await calculerTableau(trx, demande);
        const incomplets = avisIncomplets(calcul);
        if (incomplets.length > 0)
          throw new RegleMetierError(
            'AVIS_MANQUANTS',
            messageCourt(`Le tableau ne peut pas être arrêté : ${incomplets.length} agent(s) promouvable(s) sans avis complet (${incomplets.join(', ')}). Rien n’a été enregistré.`),
          );
        const t = calcul.tableau;
        const empreinte = empreinteEntrees({ ...calcul, promotions: t.promotions });
        const version = versionRegles(calcul.regles);
        const parametres = { promotions: t.promotions, sieges: t.sieges, partSiegesVivier2: calcul.regles.classement?.partSiegesVivier2 ?? null, ratio: demande.ratio ?? null, mode: calcul.mode, donnees: calcul.donnees };
        const { id: tableauId } = await trx
          .insertInto('tableau')
          .values({ campagne_id: c.id, statut: 'ARRETE', version_regles: version, parametres: JSON.stringify(parametres), empreinte_entrees: empreinte, nb_lignes: t.lignes.length, arrete_par_compte_id: u.compteId, arrete_le: le, rouvert_par_compte_id: null, rouvert_le: null, motif_reouverture: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await repo.insererLignes(trx, tableauId, t.lignes);
        await changerStatut(trx, c.id, v.statut, vers, 'ARRETER', le, u.compteId);
        await trx.updateTable('campagne').set({ publication_le: publicationLe }).where('id', '=', c.id).execute();
        await journaliser(trx, {
          le,
          acteurCompteId: u.compteId,
          action: 'TABLEAU_ARRETE',
          cible: `campagne:${c.id}`,
          details: { tableau: tableauId, version_regles: version, empreinte, lignes: t.lignes.length, promus: t.lignes.filter((l) => l.promu).length, publication_le: publicationLe.toISOString() },
        });
        return { tableauId, lignes: t.lignes.length, empreinte };
      });
    },

    /** Reopening, explicit and motivated: the snapshot is kept as history (ROUVERT), the examination resumes. */
    async rouvrir(u: Utilisateur, c: Campagne, motif: string): Promise<void> {
      exigerAutorite(u, c);
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        const v = await verrouillerCampagne(trx, c.id);
        if (!v) throw new RegleMetierError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe plus.');
        const vers = transitionCampagne(v.statut, 'ROUVRIR', v.regime);
        const r = await trx
          .updateTable('tableau')
          .set({ statut: 'ROUVERT', rouvert_le: le, rouvert_par_compte_id: u.compteId, motif_reouverture: motif })
          .where('campagne_id', '=', c.id)
          .where('statut', '=', 'ARRETE')
          .returning('id')
          .executeTakeFirst();
        await changerStatut(trx, c.id, v.statut, vers, 'ROUVRIR', le, u.compteId);
        await trx.updateTable('campagne').set({ publication_le: null }).where('id', '=', c.id).execute();
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: 'TABLEAU_ROUVERT', cible: `campagne:${c.id}`, details: { tableau: r?.id ?? null, motif } });
      });
    },

    /** The publication date and time of an arrêté table, changed by the autorité until it is published. */
    async fixerPublication(u: Utilisateur, c: Campagne, publicationLe: Date, recueLe: Date): Promise<void> {
      exigerAutorite(u, c);
      verifierDatePublication(publicationLe, recueLe);
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        const v = await verrouillerCampagne(trx, c.id);
        if (v?.statut !== 'ARRETEE') throw new RegleMetierError('TABLEAU_NON_ARRETE', 'La date de publication se fixe une fois le tableau arrêté, et jusqu’à sa publication.');
        await trx.updateTable('campagne').set({ publication_le: publicationLe }).where('id', '=', c.id).execute();
        await journaliser(trx, { le, acteurCompteId: u.compteId, action: 'PUBLICATION_PROGRAMMEE', cible: `campagne:${c.id}`, details: { avant: v.publication_le?.toISOString() ?? null, apres: publicationLe.toISOString() } });
      });
    },
  };
}

export type TableauService = ReturnType<typeof createTableauService>;
