import { parseArgs } from 'node:util';
import type { Database } from '../db/connection.ts';
import { exporterTableauCorps } from '../features/evaluation/tableau.service.ts';
import { exigerFichierPourClasseur, lireCorpsAnnee, lireFormat } from './options.ts';
import { exporterVers, ouvrirSortie, UsageError } from './sortie.ts';

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
