import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import type { ErreurImport } from './erreurs.ts';
import { AGENTS, ETABLISSEMENTS, FICHIERS, type DefinitionFichier } from './fichiers.ts';
import type { JeuDonnees } from '../../carriere/enregistrements.ts';
import { creerValidateurFichier, lireFichierParLots } from './validateur.ts';
import { analyserTablesRh, estEtape, fusionnerEtapes, identifiantsEnConflit, insererEtape, REMPLACEMENTS, texteCopie, viderEtapes, type Copie, type FichierRemplacement } from './import.repository.ts';
import { copierFichier } from '../../db/copie.ts';

/** A file of the folder, readable as a stream of bytes (from disk, or an upload saved to disk). */
export type FichierSource = { nom: string; taille: number; lire(): AsyncIterable<Uint8Array> };

export type Progression = { fichier: string; octetsLus: number; octetsTotal: number; lignes: number; termine: boolean };

export type RapportImport =
  | { ok: true; importId: string; compteurs: Record<string, number> }
  | { ok: false; importId: string; erreurs: ErreurImport[]; nbErreurs: number };

/** At most this many errors are kept in the report (all are counted). */
const ERREURS_CONSERVEES = 1000;
const TAILLE_LOT = 5000;
/** Which files refer to agents and to establishments, by column. */
const REFERENCE_AGENT = new Set(['carriere.csv', 'positions.csv', 'services.csv', 'appreciations.csv', 'avis.csv']);
const REFERENCE_UAI = new Set(['labels_etablissements.csv', 'services.csv']);

type Lot = { def: DefinitionFichier<unknown>; lignes: unknown[] };

/**
 * An import stopped by an unexpected failure (not an error of the files, which are reported line by line): it is
 * recorded as such (ERREUR_TECHNIQUE), nothing of it reached the real tables, and `cause` holds the failure.
 */
export class ErreurTechniqueImport extends Error {
  constructor(
    readonly importId: string,
    cause: unknown,
  ) {
    super(`Import n° ${importId} arrêté par une erreur technique inattendue : ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A file of the folder that could not be read to its end (a folder in its place, no read permission…). */
class LectureImpossible extends Error {}

/**
 * The HR import, streamed: each file is read once, checked line by line (with references to the files
 * read before it) and staged in batches; only a folder without any error reaches the real tables, in one
 * transaction. A crash leaves staged rows only, which the next run clears: running again is safe.
 */
export function createImportService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function ouvrir(libelle: string, lanceParCompteId: string | null): Promise<string> {
    const { id } = await db
      .insertInto('import_rh')
      .values({ lance_par_compte_id: lanceParCompteId, source: libelle.slice(0, 500), debut: clock.now(), statut: 'EN_COURS', compteurs: '{}', erreurs: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  return {
    /** Records an import about to run (the web page shows its progress under this id). */
    ouvrir,

    /** Imports left running by a stopped server will never finish: they are marked interrupted at start. */
    async marquerInterrompus(): Promise<void> {
      const interrompus = await db
        .updateTable('import_rh')
        .set({ statut: 'INTERROMPU', fin: clock.now(), progression: null })
        .where('statut', '=', 'EN_COURS')
        .returning(['id', 'dossier_temporaire'])
        .execute();
      await viderEtapes(db, null);
      // Their files, if the stopped server ran on this machine: the folders recorded, nothing found by its name alone.
      for (const { id, dossier_temporaire: dossier } of interrompus) {
        if (!dossier) continue;
        if (path.isAbsolute(dossier) && path.basename(dossier).startsWith('vivier-import-')) await fs.promises.rm(dossier, { recursive: true, force: true });
        await db.updateTable('import_rh').set({ dossier_temporaire: null }).where('id', '=', id).execute();
      }
    },

    async importer(
      source: { libelle: string; fichiers: FichierSource[] },
      opts: { lanceParCompteId: string | null; importId?: string; progression?: (p: Progression) => void },
    ): Promise<RapportImport> {
      const importId = opts.importId ?? (await ouvrir(source.libelle, opts.lanceParCompteId));
      let dernierePersistance = 0;
      const progresser = (p: Progression) => {
        opts.progression?.(p);
        // The web page polls this row: written at most once a second.
        const t = Date.now();
        if (t - dernierePersistance < 1000 && !p.termine) return;
        dernierePersistance = t;
        const pourcent = p.octetsTotal > 0 ? Math.min(100, Math.floor((p.octetsLus / p.octetsTotal) * 100)) : 100;
        return db.updateTable('import_rh').set({ progression: JSON.stringify({ fichier: p.fichier, pourcent, lignes: p.lignes }) }).where('id', '=', importId).execute();
      };

      // The rows of the agents' tables wait in files of the import's own, removed whatever happens (see REMPLACEMENTS).
      const envoi = creerEnvoi(db, importId);
      const erreurs: ErreurImport[] = [];
      let nbErreurs = 0;
      const noter = (e: ErreurImport) => {
        nbErreurs++;
        if (erreurs.length < ERREURS_CONSERVEES) erreurs.push(e);
      };
      const compteurs: Record<string, number> = {};
      /** Once the merge has committed, the import has succeeded whatever happens to the clean-up after it. */
      let fusionne = false;
      try {
        await viderEtapes(db, null);
        const parNom = new Map(source.fichiers.map((f) => [f.nom, f]));
        const connus = new Set<string>(FICHIERS.map((f) => f.fichier));
        for (const f of source.fichiers) {
          if (!connus.has(f.nom)) noter({ fichier: f.nom, ligne: null, colonne: null, code: 'FICHIER_INCONNU', message: `Fichier inconnu : ${f.nom} (fichiers attendus : ${[...connus].join(', ')}).` });
        }
        let agents: ReadonlySet<string> | null = null;
        let uais: ReadonlySet<string> | null = null;
        for (const def of FICHIERS as readonly DefinitionFichier<unknown>[]) {
          const fichier = parNom.get(def.fichier);
          if (!fichier) {
            if (def.obligatoire) noter({ fichier: def.fichier, ligne: null, colonne: null, code: 'FICHIER_OBLIGATOIRE_ABSENT', message: `Le fichier obligatoire ${def.fichier} est absent.` });
            continue;
          }
          const suivre = def === AGENTS ? ['agent_id'] : def === ETABLISSEMENTS ? ['uai'] : [];
          const validateur = creerValidateurFichier(def, suivre);
          const lot: Lot = { def, lignes: [] };
          const refAgent = REFERENCE_AGENT.has(def.fichier);
          const refUai = REFERENCE_UAI.has(def.fichier);
          let lignes = 0;
          let octetsLus = 0;
          let luEnEntier = true;
          const compte = async function* () {
            try {
              for await (const morceau of fichier.lire()) {
                octetsLus += morceau.byteLength;
                yield morceau;
              }
            } catch (err) {
              throw new LectureImpossible(String((err as { code?: unknown }).code ?? (err as Error).message), { cause: err });
            }
          };
          try {
            for await (const lus of lireFichierParLots(def, compte(), validateur)) {
              // The file's own errors, batch by batch: a file wrong on every line does not pile up millions of them.
              for (const e of validateur.retirerErreurs()) noter(e);
              for (const { ligne, valeur } of lus) {
                lignes++;
                const v = valeur as Record<string, unknown>;
                if (agents && refAgent && !agents.has(v.agent_id as string)) {
                  noter({ fichier: def.fichier, ligne, colonne: 'agent_id', code: 'AGENT_INCONNU', message: `Agent inconnu : ${String(v.agent_id)} ne figure pas dans agents.csv.` });
                  continue;
                }
                if (uais && refUai && !uais.has(v.uai as string)) {
                  noter({ fichier: def.fichier, ligne, colonne: 'uai', code: 'UAI_INCONNU', message: `Établissement inconnu : l'UAI ${String(v.uai)} ne figure pas dans etablissements.csv.` });
                  continue;
                }
                // Once the folder is known to be wrong, nothing more is staged: reading goes on to report every error.
                if (nbErreurs > 0) continue;
                lot.lignes.push(valeur);
              }
              if (lot.lignes.length >= TAILLE_LOT) {
                await envoi.envoyer(lot);
                await progresser({ fichier: def.fichier, octetsLus, octetsTotal: fichier.taille, lignes, termine: false });
              }
            }
          } catch (err) {
            if (!(err instanceof LectureImpossible)) throw err;
            luEnEntier = false;
            noter({ fichier: def.fichier, ligne: null, colonne: null, code: 'FICHIER_ILLISIBLE', message: `Le fichier n’a pas pu être lu jusqu’au bout (${err.message}) : vérifiez que c’est un fichier et qu’il est lisible, puis relancez l’import.` });
          }
          for (const e of validateur.retirerErreurs()) noter(e);
          if (nbErreurs === 0) await envoi.envoyer(lot);
          await envoi.attendre();
          compteurs[def.cle] = lignes;
          await progresser({ fichier: def.fichier, octetsLus, octetsTotal: fichier.taille, lignes, termine: true });
          // A file read in part cannot tell which references are unknown.
          if (luEnEntier && validateur.enteteValide() && def === AGENTS) agents = validateur.valeursVues('agent_id');
          if (luEnEntier && validateur.enteteValide() && def === ETABLISSEMENTS) uais = validateur.valeursVues('uai');
        }
        if (nbErreurs === 0) {
          for (const c of await identifiantsEnConflit(db, importId)) {
            noter({ fichier: 'agents.csv', ligne: null, colonne: 'identifiant', code: 'DOUBLON', message: `L'identifiant ${c.identifiant} de l'agent ${c.agent_id} est déjà celui d'un autre compte.` });
          }
        }
        if (nbErreurs > 0) {
          await viderEtapes(db, importId);
          await db.updateTable('import_rh').set({ statut: 'ECHEC', fin: clock.now(), erreurs: JSON.stringify(erreurs), nb_erreurs: nbErreurs, compteurs: JSON.stringify(compteurs), progression: null }).where('id', '=', importId).execute();
          return { ok: false, importId, erreurs, nbErreurs };
        }
        let tablesRenouvelees: string[] = [];
        const fichiers = await envoi.fermer();
        await db.transaction().execute(async (trx) => {
          const copier = (table: string, colonnes: readonly string[], chemin: string) => copierFichier(db, trx, table, colonnes, chemin);
          const { comptesCrees, courrielsRecopies, tablesEnMasse, ...fusion } = await fusionnerEtapes(trx, importId, compteurs, { fichiers, copier });
          tablesRenouvelees = fusion.tablesRenouvelees;
          compteurs.comptesCrees = comptesCrees;
          compteurs.courrielsRecopies = courrielsRecopies;
          compteurs.tablesEnMasse = tablesEnMasse;
          await trx.updateTable('import_rh').set({ statut: 'REUSSI', fin: clock.now(), compteurs: JSON.stringify(compteurs), progression: null }).where('id', '=', importId).execute();
          await journaliser(trx, { le: clock.now(), acteurCompteId: opts.lanceParCompteId, action: 'IMPORT_RH', cible: `import:${importId}`, details: { source: source.libelle, ...compteurs } });
        });
        fusionne = true;
        await viderEtapes(db, importId);
        await analyserTablesRh(db, tablesRenouvelees);
        return { ok: true, importId, compteurs };
      } catch (err) {
        if (fusionne) throw err;
        await envoi.attendre().catch(() => {});
        await db.updateTable('import_rh').set({ statut: 'ERREUR_TECHNIQUE', fin: clock.now(), nb_erreurs: nbErreurs, progression: null }).where('id', '=', importId).execute();
        await viderEtapes(db, importId);
        throw new ErreurTechniqueImport(importId, err);
      } finally {
        await envoi.effacer();
      }
    },
  };

}

/**
 * Staging overlaps reading: a batch is sent and the next one read while the database stores it (PostgreSQL works in
 * its own process) or the file system writes it. One batch at most is in flight, so batches land in file order and
 * memory stays bounded. Establishments, labels and agents go to their staging tables; the rows of the agents' tables,
 * to one file each in `dossier` (REMPLACEMENTS), closed by `fermer`, which gives their paths.
 */
function creerEnvoi(db: Database, importId: string) {
  let enVol: Promise<void> | null = null;
  /** Created with the first file written (in the system's temporary folder), inside the import's error handling. */
  let dossier: string | null = null;
  const ouverts = new Map<FichierRemplacement, { chemin: string; fichier: fs.promises.FileHandle }>();
  async function attendre(): Promise<void> {
    const p = enVol;
    enVol = null;
    await p;
  }
  async function ecrire<K extends FichierRemplacement>(cle: K, lignes: ReadonlyArray<JeuDonnees[K][number]>): Promise<void> {
    let f = ouverts.get(cle);
    if (!f) {
      if (!dossier) {
        dossier = await fs.promises.mkdtemp(path.join(os.tmpdir(), `vivier-import-${importId}-`));
        await db.updateTable('import_rh').set({ dossier_temporaire: dossier }).where('id', '=', importId).execute();
      }
      const chemin = path.join(dossier, `${cle}.copy`);
      ouverts.set(cle, (f = { chemin, fichier: await fs.promises.open(chemin, 'w') }));
    }
    await f.fichier.write(texteCopie(REMPLACEMENTS[cle] as Copie<JeuDonnees[K][number]>, lignes));
  }
  /** Closes the files written (after the last batch): their paths, by file of the folder. */
  async function fermer(): Promise<Partial<Record<FichierRemplacement, string>>> {
    const chemins: Partial<Record<FichierRemplacement, string>> = {};
    try {
      await attendre();
    } finally {
      for (const [cle, { chemin, fichier }] of ouverts) {
        await fichier.close();
        chemins[cle] = chemin;
      }
      ouverts.clear();
    }
    return chemins;
  }
  return {
    attendre,
    async envoyer(lot: Lot): Promise<void> {
      await attendre();
      if (lot.lignes.length === 0) return;
      const lignes = lot.lignes as JeuDonnees[keyof JeuDonnees];
      lot.lignes = [];
      const cle = lot.def.cle;
      const p = estEtape(cle) ? insererEtape(db, importId, cle, lignes as JeuDonnees[typeof cle]) : ecrire(cle, lignes as JeuDonnees[typeof cle]);
      // Awaited by the next batch or at the end of the file; its failure is not reported as unhandled meanwhile.
      p.catch(() => {});
      enVol = p;
    },
    fermer,
    /** Closes and removes the files, whatever happened before. */
    async effacer(): Promise<void> {
      await fermer().catch(() => {});
      if (!dossier) return;
      await fs.promises.rm(dossier, { recursive: true, force: true });
      // Best effort: after a failure of the database, the next start finds nothing left to remove (force).
      await db.updateTable('import_rh').set({ dossier_temporaire: null }).where('id', '=', importId).execute().catch(() => {});
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
