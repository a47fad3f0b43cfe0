import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import type { LigneAppreciation, LigneAvis } from '../../carriere/enregistrements.ts';
import type { Vivier } from '../../carriere/vocabulaire.ts';
import { verifierEnExamen, type StatutCampagne } from '../campagnes/campagne.machine.ts';
import { gestionDe } from '../dossier/perimetre.repository.ts';
import { aujourdhui } from '../dossier/jour.ts';
import { APPRECIATIONS_FICHIER, AVIS_FICHIER } from '../import/fichiers.ts';
import { validerFichier, type Lu } from '../import/validateur.ts';
import * as repo from './appreciation.repository.ts';
import { quotaExcellent } from './appreciation.rules.ts';
import { ecrireAppreciation, ouvrirCampagne, partExcellent, verrouQuota } from './appreciation.service.ts';
import { ecrireAvis, verrouAvis } from './avis.service.ts';
import { sansCache, type CachePopulations, type Population } from './completude.ts';

/**
 * `appreciations.csv` (regimes A/B, the autorité's final appreciations) and `avis.csv` (regime C) loaded into a
 * campaign (DOMAIN.md §8), all or nothing, as the HR import: the file is read by the import's own validator (UTF-8,
 * separator from the header, codes, duplicates: errors by file, line and column), then each line is held to the
 * campaign — agent within the loader's perimetre, examined in the campaign (in that vivier), one avis for PE — and the
 * EXCELLENT quotas are checked on the result. One error anywhere and nothing is written. Each change is historised
 * (`source = 'CSV'`).
 */

export type ErreurChargement = { fichier: string; ligne: number | null; colonne: string | null; message: string };
export type ResultatChargement = { ok: true; lignes: number; changees: number } | { ok: false; erreurs: ErreurChargement[] };

/** At most this many errors are listed (the file has them all fixed at once, most of the time, with the first ones). */
export const ERREURS_MAX = 200;

export function formaterErreur(e: ErreurChargement): string {
  const ou = [e.fichier, e.ligne === null ? null : `ligne ${e.ligne}`, e.colonne === null ? null : `colonne ${e.colonne}`].filter((x) => x !== null);
  return `${ou.join(', ')} : ${e.message}`;
}

export const fichierAttendu = (regime: string) => (regime === 'C' ? 'avis.csv' : 'appreciations.csv');

/** The campaign's checks of the lines (pure over the population and the scope): errors, by line. */
function verifierLignes<T extends { agent_id: string }>(fichier: string, lus: Lu<T>[], pop: Population, geres: ReadonlySet<string>, propre: (l: Lu<T>, listes: readonly Vivier[]) => string | null): ErreurChargement[] {
  const erreurs: ErreurChargement[] = [];
  for (const l of lus) {
    const id = l.valeur.agent_id;
    const e = pop.examines.get(id);
    const message = !geres.has(id)
      ? `L’agent ${id} n’existe pas ou n’est pas dans votre périmètre.`
      : !e
        ? `L’agent ${id} n’est pas à examiner dans cette campagne.`
        : propre(l, e.listes);
    if (message) erreurs.push({ fichier, ligne: l.ligne, colonne: 'agent_id', message });
  }
  return erreurs;
}

export function createChargementService(deps: { db: Database; clock: Clock; populations?: CachePopulations }) {
  const { db, clock } = deps;
  const populations = deps.populations ?? sansCache;

  return {
    async charger(u: Utilisateur, campagneId: string, nom: string, contenu: Uint8Array): Promise<ResultatChargement> {
      const le = clock.now();
      const jour = aujourdhui(clock);
      const c0 = await db.selectFrom('campagne').select('regime').where('id', '=', campagneId).executeTakeFirst();
      const attendu = fichierAttendu(c0?.regime ?? 'A');
      if (nom.toLowerCase() !== attendu) return { ok: false, erreurs: [{ fichier: nom, ligne: null, colonne: null, message: `Fichier inattendu : cette campagne attend ${attendu} (DOMAIN.md §8).` }] };
      const regimeC = attendu === 'avis.csv';
      const lecture = regimeC ? validerFichier(AVIS_FICHIER, contenu) : validerFichier(APPRECIATIONS_FICHIER, contenu);
      if (lecture.validateur.erreurs.length > 0) return { ok: false, erreurs: lecture.validateur.erreurs.slice(0, ERREURS_MAX) };

      return db.transaction().execute(async (trx) => {
        const c = await ouvrirCampagne(trx, u, campagneId, regimeC ? 'C' : 'AB');
        verifierEnExamen(c.statut as StatutCampagne);
        const pop = await populations.lire(trx, c);
        const ids = [...new Set(lecture.lus.map((l) => l.valeur.agent_id))];
        const geres = new Set((await repo.agentsGeres(trx, ids, gestionDe(u, jour))).map((a) => a.agent_id));
        let changees = 0;
        if (regimeC) {
          const lus = lecture.lus as Lu<LigneAvis>[];
          const erreurs = verifierLignes(attendu, lus, pop, geres, (l) => {
            const e = pop.examines.get(l.valeur.agent_id)!;
            return e.avisRequis === 1 && l.valeur.avis_2 !== null ? `L’agent ${l.valeur.agent_id} (${c.corps}) n’a qu’un avis : avis_2 doit être vide.` : null;
          });
          if (erreurs.length > 0) return { ok: false as const, erreurs: erreurs.slice(0, ERREURS_MAX) };
          await repo.verrouiller(trx, verrouAvis(c.id));
          for (const { valeur: v } of lus) {
            const base = { campagneId: c.id, agentId: v.agent_id, texte: null, compteId: u.compteId, le, source: 'CSV' as const };
            if (await ecrireAvis(trx, { ...base, numero: 1, avis: v.avis_1 })) changees++;
            // An empty avis_2 in the second degree is one not given yet: what is stored stays.
            if (v.avis_2 !== null && (await ecrireAvis(trx, { ...base, numero: 2, avis: v.avis_2 }))) changees++;
          }
          return { ok: true as const, lignes: lus.length, changees };
        }
        const lus = lecture.lus as Lu<LigneAppreciation>[];
        const erreurs = verifierLignes(attendu, lus, pop, geres, (l, listes) =>
          listes.includes(l.valeur.vivier) ? null : `L’agent ${l.valeur.agent_id} n’est pas examiné au vivier ${l.valeur.vivier} (${listes.map((v) => `vivier ${v}`).join(', ')}).`,
        );
        if (erreurs.length > 0) return { ok: false as const, erreurs: erreurs.slice(0, ERREURS_MAX) };
        // The quotas on the result: what the file sets, over what is stored for the agents it does not name.
        const max = quotaExcellent(pop.regles, pop.effectifs);
        for (const vivier of [1, 2] as const) {
          await repo.verrouiller(trx, verrouQuota(c.id, vivier));
          const duFichier = lus.filter((l) => l.valeur.vivier === vivier);
          const nommes = new Set(duFichier.map((l) => l.valeur.agent_id));
          const stockes = (await trx.selectFrom('appreciation_autorite').select('agent_id').where('campagne_id', '=', c.id).where('vivier', '=', vivier).where('appreciation', '=', 'EXCELLENT').execute()).filter((a) => !nommes.has(a.agent_id)).length;
          const total = stockes + duFichier.filter((l) => l.valeur.appreciation === 'EXCELLENT').length;
          if (total > max[vivier]) {
            return {
              ok: false as const,
              erreurs: [{ fichier: attendu, ligne: null, colonne: 'appreciation', message: `Quota dépassé au vivier ${vivier} : ${total} « Excellent » après chargement, ${max[vivier]} au plus (${partExcellent(pop, vivier)} % de ${pop.effectifs[vivier]} agents). Rien n’a été enregistré.` }],
            };
          }
        }
        for (const { valeur: v } of lus) {
          if (await ecrireAppreciation(trx, { campagneId: c.id, agentId: v.agent_id, vivier: v.vivier, appreciation: v.appreciation, compteId: u.compteId, le, source: 'CSV' })) changees++;
        }
        return { ok: true as const, lignes: lus.length, changees };
      });
    },
  };
}

export type ChargementService = ReturnType<typeof createChargementService>;
