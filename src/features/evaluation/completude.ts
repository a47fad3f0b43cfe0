import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import type { Corps } from '../../carriere/vocabulaire.ts';
import { reglesPour, type ReglesCampagne } from '../eligibilite/regles.ts';
import { avisRequis, type Effectifs } from './appreciation.rules.ts';
import { cleListe, estBloquant, libelleManquant, manquantsDe, messageBlocage, type Examine, type Manquant } from './completude.rules.ts';
import { candidatsRecevables } from './tableau.repository.ts';
import { parcourirExamines } from './tableau.service.ts';

/** A campaign as the examination reads it. `db` may be a transaction (the arrêté calls `manquants` inside its own). */
export type CampagneExaminee = { id: string; corps: Corps; annee: number; regime: 'A' | 'B' | 'C'; statut: string };

export type Population = { regles: ReglesCampagne; examines: Map<string, Examine & { corps: Corps }>; effectifs: Effectifs };

export async function campagneExaminee(db: Database, campagneId: string): Promise<CampagneExaminee> {
  const c = await db.selectFrom('campagne').select(['id', 'corps', 'annee', 'regime', 'statut']).where('id', '=', campagneId).executeTakeFirst();
  if (!c) throw new IntrouvableError('CAMPAGNE_INTROUVABLE', 'Cette campagne n’existe pas ou n’est pas dans votre périmètre.');
  return { ...c, corps: c.corps as Corps };
}

/**
 * The agents a campaign examines, selected as the table selects them (one source: `parcourirExamines` of
 * tableau.service.ts): regimes A/B, the vivier-1 list (regime A: admissible candidatures only) and the vivier-2 list;
 * regime C, the promouvables and how many avis each needs. The lists' sizes are the base of the EXCELLENT quotas.
 */
export async function agentsExamines(db: Database, c: CampagneExaminee): Promise<Population> {
  const regles = reglesPour(c.annee);
  const recevables = regles.candidatureRequise ? await candidatsRecevables(db, c.id) : new Set<string>();
  const examines: Population['examines'] = new Map();
  const effectifs: Effectifs = { 1: 0, 2: 0 };
  const nAvis = regles.regimeC ? avisRequis(regles, c.corps) : 0;
  for await (const page of parcourirExamines(db, c.corps, regles, (id) => recevables.has(id))) {
    for (const { verdict, listes } of page) {
      const id = verdict.agent_id;
      for (const l of listes) effectifs[l] += 1;
      examines.set(id, { agent_id: id, corps: c.corps, listes, avisRequis: nAvis });
    }
  }
  return { regles, examines, effectifs };
}

/** The inputs stored for a campaign, as the pure rule reads them. */
export async function saisiesDe(db: Database, campagneId: string) {
  const [appreciations, avis, textes] = await Promise.all([
    db.selectFrom('appreciation_autorite').select(['agent_id', 'vivier']).where('campagne_id', '=', campagneId).execute(),
    db.selectFrom('avis_campagne').select(['agent_id', 'numero']).where('campagne_id', '=', campagneId).execute(),
    db.selectFrom('appreciation_evaluateur').select('agent_id').where('campagne_id', '=', campagneId).execute(),
  ]);
  return {
    appreciations: new Set(appreciations.map((a) => cleListe(a.agent_id, a.vivier))),
    avis: new Set(avis.map((a) => cleListe(a.agent_id, a.numero))),
    textes: new Set(textes.map((t) => t.agent_id)),
  };
}

export type LigneManquante = Manquant & { nom: string; prenom: string; libelle: string; bloquant: boolean };

export type Completude = {
  /** Missing inputs that block « arrêter le tableau » (final appreciations A/B, avis C), with the agent's name. */
  bloquants: LigneManquante[];
  /** Évaluateurs' texts not written yet (A/B): shown, never blocking. */
  textes: LigneManquante[];
  /** The refusal to show when something blocks, else null. */
  message: string | null;
};

/**
 * What is missing in a campaign before its table can be arrêté (the table feature calls this, inside its arrêté
 * transaction, and refuses with `message` when it is not null). Agents sorted by name.
 */
export async function manquants(db: Database, campagneId: string): Promise<Completude> {
  const c = await campagneExaminee(db, campagneId);
  const pop = await agentsExamines(db, c);
  const liste = manquantsDe([...pop.examines.values()], await saisiesDe(db, campagneId));
  const ids = [...new Set(liste.map((m) => m.agent_id))];
  const noms = new Map(
    ids.length === 0
      ? []
      : (await db.selectFrom('agent').select(['agent_id', 'nom', 'prenom']).where('agent_id', '=', sql<string>`ANY(${ids}::text[])`).execute()).map((a) => [a.agent_id, a] as const),
  );
  const lignes = liste.map((m) => ({ ...m, nom: noms.get(m.agent_id)?.nom ?? '', prenom: noms.get(m.agent_id)?.prenom ?? '', libelle: libelleManquant(m), bloquant: estBloquant(m) }));
  lignes.sort((a, b) => a.nom.localeCompare(b.nom, 'fr') || a.prenom.localeCompare(b.prenom, 'fr') || (a.agent_id < b.agent_id ? -1 : a.agent_id > b.agent_id ? 1 : 0));
  const bloquants = lignes.filter((l) => l.bloquant);
  return { bloquants, textes: lignes.filter((l) => !l.bloquant), message: messageBlocage(bloquants.length, pop.regles.regimeC !== null) };
}

/**
 * What the population of a campaign depends on, read in one statement: the last HR import that succeeded, the last
 * error report accepted (it corrects a dossier), and in regime A the campaign's candidatures (their states change with
 * the recevabilité). A different fingerprint means the population must be computed again.
 */
async function empreintePopulation(db: Database, c: CampagneExaminee): Promise<string> {
  const r = await sql<{ i: string | null; s: Date | null; n: string; m: Date | null }>`SELECT
      (SELECT max(id) FROM import_rh WHERE statut = 'REUSSI') AS i,
      (SELECT max(traite_le) FROM signalement WHERE statut = 'ACCEPTE') AS s,
      (SELECT count(*) FROM candidature WHERE campagne_id = ${c.id}) AS n,
      (SELECT max(modifie_le) FROM candidature WHERE campagne_id = ${c.id}) AS m`.execute(db);
  const l = r.rows[0]!;
  return `${l.i ?? ''}|${l.s?.getTime() ?? ''}|${l.n}|${l.m?.getTime() ?? ''}`;
}

/**
 * The populations of the campaigns, kept by one app between requests (made in the composition root, never at module
 * level): judging a national corps costs seconds (the table's figure), and every page and every save of an appreciation
 * needs it. An entry is used only while the campaign's fingerprint is unchanged and for `dureeMs` at most (a change made
 * outside the paths the fingerprint knows is then seen within that delay). `manquants`, which the arrêté calls, never
 * uses it.
 */
export function createCachePopulations(opts: { dureeMs: number; now: () => number }) {
  const entrees = new Map<string, { empreinte: string; le: number; pop: Population }>();
  return {
    async lire(db: Database, c: CampagneExaminee): Promise<Population> {
      const empreinte = await empreintePopulation(db, c);
      const e = entrees.get(c.id);
      if (e && e.empreinte === empreinte && opts.now() - e.le < opts.dureeMs) return e.pop;
      const pop = await agentsExamines(db, c);
      entrees.set(c.id, { empreinte, le: opts.now(), pop });
      return pop;
    },
  };
}
export type CachePopulations = ReturnType<typeof createCachePopulations>;

/** No cache: every read judges the corps again (services built without the app's cache, as in the service tests). */
export const sansCache: CachePopulations = { lire: (db, c) => agentsExamines(db, c) };
