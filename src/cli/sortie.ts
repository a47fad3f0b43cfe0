import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { FormatTableur } from '../shared/tableurs/tableur.ts';

/** A command used wrongly: its message is printed, status 1. */
export class UsageError extends Error {}
/** The export could not be written whole (unwritable file, reader gone). */
export class SortieError extends Error {}

/** Where an export goes: a file (--out) or the standard output. */
export type Sortie = {
  flux: Writable;
  chemin: string | undefined;
  format: FormatTableur;
  /** The export is whole: the file takes its name (or the standard output is checked). */
  valider(): Promise<void>;
  /** The export failed: nothing is left under the file's name. */
  abandonner(): Promise<void>;
};

function cause(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'dossier introuvable' : code === 'EACCES' ? 'permission refusée' : code === 'ENOSPC' ? 'disque plein' : code === 'EISDIR' ? 'c’est un dossier' : (err as Error).message;
}

export function messageSortie(chemin: string | undefined, err: unknown, format: FormatTableur = 'csv'): string {
  if (!chemin && (err as NodeJS.ErrnoException).code === 'EPIPE')
    return `La sortie a été fermée avant la fin de l’export (EPIPE) : le ${format === 'csv' ? 'CSV' : `fichier ${format.toUpperCase()}`} reçu est incomplet.`;
  return `Écriture impossible ${chemin ? `dans ${chemin}` : 'sur la sortie standard'} (${cause(err)}) : l’export est incomplet.`;
}

/**
 * Opens the output before the database is touched: an unwritable path is a message, not an unheard 'error' event.
 * A file is written under a temporary name beside it and renamed once whole: an export refused (an agent without an
 * appreciation) or cut short leaves no file, and never half of one, under the name asked for.
 */
export async function ouvrirSortie(chemin: string | undefined, format: FormatTableur = 'csv'): Promise<Sortie> {
  if (!chemin) {
    const flux = process.stdout;
    // An output error must end the export with a message, not as an 'error' event nobody hears (which ends the
    // process with a stack trace): it is kept in flux.errored and reported by valider() or the export's write.
    flux.on('error', () => {});
    return {
      flux,
      chemin,
      format,
      async valider() {
        if (flux.errored) throw new SortieError(messageSortie(undefined, flux.errored, format));
      },
      async abandonner() {},
    };
  }
  if (fs.statSync(chemin, { throwIfNoEntry: false })?.isDirectory()) throw new SortieError(`Impossible de créer ${chemin} (c’est un dossier) : rien n’a été exporté.`);
  const provisoire = path.join(path.dirname(chemin), `.${path.basename(chemin)}.${process.pid}.partiel`);
  const flux = fs.createWriteStream(provisoire);
  flux.on('error', () => {});
  try {
    await once(flux, 'open');
  } catch (err) {
    throw new SortieError(`Impossible de créer ${chemin} (${cause(err)}) : rien n’a été exporté.`);
  }
  return {
    flux,
    chemin,
    format,
    async valider() {
      flux.end();
      await finished(flux).catch(() => {});
      if (flux.errored) {
        fs.rmSync(provisoire, { force: true });
        throw new SortieError(messageSortie(chemin, flux.errored));
      }
      fs.renameSync(provisoire, chemin);
    },
    async abandonner() {
      flux.destroy();
      await finished(flux).catch(() => {});
      fs.rmSync(provisoire, { force: true });
    },
  };
}

/** Runs an export to a Sortie: kept if it succeeds, dropped otherwise; a failed output is reported as such. */
export async function exporterVers<T>(sortie: Sortie, exporter: (flux: Writable) => Promise<T>): Promise<T> {
  let r: T;
  try {
    r = await exporter(sortie.flux);
  } catch (err) {
    await sortie.abandonner();
    if (sortie.flux.errored) throw new SortieError(messageSortie(sortie.chemin, sortie.flux.errored, sortie.format));
    throw err;
  }
  await sortie.valider();
  return r;
}
