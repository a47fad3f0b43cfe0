import { PREMIERE_CAMPAGNE } from '../features/eligibilite/regles.ts';
import { CORPS, estCorps, type Corps } from '../carriere/vocabulaire.ts';
import { estFormatTableur, FORMATS_TABLEUR, type FormatTableur } from '../shared/tableurs/tableur.ts';
import { UsageError } from './sortie.ts';

/** Options shared by the exports of a corps and year: corps, year, format (from --format, or the --out extension). */
export function lireCorpsAnnee(values: { corps?: string; annee?: string }): { corps: Corps; annee: number } {
  const corps = values.corps?.toUpperCase() ?? '';
  if (!estCorps(corps)) throw new UsageError(`--corps est obligatoire, parmi : ${CORPS.join(', ')}.`);
  const annee = Number(values.annee);
  if (!/^\d{4}$/.test(values.annee ?? '') || annee < PREMIERE_CAMPAGNE || annee > 2100) throw new UsageError(`--annee est obligatoire : l’année N de la campagne (${PREMIERE_CAMPAGNE} ou après), par exemple 2019.`);
  return { corps, annee };
}

export function lireFormat(format: string | undefined, out: string | undefined): FormatTableur {
  const extension = out && /\.([a-z]+)$/i.exec(out)?.[1]?.toLowerCase();
  const deduit = extension && estFormatTableur(extension) ? extension : undefined;
  if (format === undefined) return deduit ?? 'csv';
  const f = format.toLowerCase();
  if (!estFormatTableur(f)) throw new UsageError(`--format : ${FORMATS_TABLEUR.join(', ')} (reçu « ${format} »).`);
  if (deduit && deduit !== f) throw new UsageError(`--format ${f} et --out ${out} se contredisent : choisissez l’extension .${f}.`);
  return f;
}

/** The standard output of a terminal cannot show a workbook: refused before anything is read. */
export function exigerFichierPourClasseur(format: FormatTableur, out: string | undefined): void {
  if (format !== 'csv' && !out && process.stdout.isTTY) throw new UsageError(`Un classeur ${format.toUpperCase()} ne s’affiche pas dans un terminal : indiquez --out fichier.${format}.`);
}
