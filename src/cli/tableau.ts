import { parseArgs } from 'node:util';
import type { Database } from '../db/connection.ts';
import { PREMIERE_CAMPAGNE } from '../features/eligibilite/regles.ts';
import { exporterTableauCorps } from '../features/evaluation/tableau.service.ts';
import { CORPS, estCorps, type Corps } from '../carriere/vocabulaire.ts';
import { estFormatTableur, FORMATS_TABLEUR, type FormatTableur } from '../shared/tableurs/tableur.ts';
import { exporterVers, ouvrirSortie, UsageError } from './sortie.ts';

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

/**
 * `vivier tableau --corps C --annee N --promotions P [--simulation] [--format csv|xlsx|ods] [--out F]`: the promotion
 * table from the database (tableau.service.ts, the pages' use case). `base` runs a function on the opened database.
 */
export async function commandeTableau(args: string[], base: <T>(f: (db: Database) => Promise<T>) => Promise<T>): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { corps: { type: 'string' }, annee: { type: 'string' }, promotions: { type: 'string' }, simulation: { type: 'boolean', default: false }, format: { type: 'string' }, out: { type: 'string' } },
  });
  const { corps, annee } = lireCorpsAnnee(values);
  const promotions = Number(values.promotions);
  if (!/^\d{1,6}$/.test(values.promotions ?? '')) throw new UsageError('--promotions est obligatoire : le nombre P de promotions (entier positif ou nul), par exemple 20.');
  const format = lireFormat(values.format, values.out);
  exigerFichierPourClasseur(format, values.out);
  const sortie = await ouvrirSortie(values.out, format);
  const calcul = await exporterVers(sortie, (flux) => base((db) => exporterTableauCorps(db, { corps, annee, promotions, simulation: values.simulation }, format, flux)));
  const t = calcul.tableau;
  return `${values.out ?? 'Tableau'} : ${corps} ${annee}, ${promotions} promotion(s), ${t.lignes.length} ligne(s) dont ${t.lignes.filter((l) => l.promu).length} promu(s) — ${calcul.mode}, ${calcul.donnees}.`;
}
