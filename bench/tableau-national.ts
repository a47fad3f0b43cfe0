/**
 * Section `tableau` of the national bench: the promotion table of PE 2022 (regime B, ≈ 90,000 PE in the generated
 * académie of 200,000 agents) computed from the database and exported by the CLI, as CSV then as XLSX (child
 * processes: wall time, CPU, peak RSS), against `COPY (SELECT …) TO STDOUT` of the rows it reads (the dossiers of the PE
 * in the hors-classe at D from échelon 3, their agent rows and appreciations, the labels), before and after.
 * The generated académie has no appreciations: one per PE agent and vivier is inserted first (drawn from a hash of the
 * agent id, the same every run).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONS_NODE } from '../src/options-node.ts';
import { commande } from './enfant.ts';

const ICI = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(ICI, '..', 'src/cli.ts');
export const PROMOTIONS_TABLEAU = 3000;

export type MesureExport = { ms: number; maxRssKio: number; cpuMs: number; octets: number };
export type ResultatTableau = {
  appreciations: number;
  lignes: number;
  promus: number;
  lignesLues: number;
  csv: MesureExport;
  xlsx: MesureExport;
  brut: { avantMs: number; apresMs: number; ms: number };
  ratioCsv: number;
  ratioXlsx: number;
};

/** The agents whose dossiers the table reads: PE in the hors-classe at D (31/08/2022) at échelon 3 or above. */
const LUS = `a.agent_id IN (SELECT x.agent_id FROM agent x WHERE x.corps = 'PE' AND EXISTS (SELECT 1 FROM (SELECT c.grade, c.echelon FROM agent_carriere c
  WHERE c.agent_id = x.agent_id AND c.date_effet <= '2022-08-31' ORDER BY c.date_effet DESC LIMIT 1) d WHERE d.grade = 'HC' AND d.echelon >= 3))`;
const PE = `a.corps = 'PE'`;
/** One psql session: the agents are chosen once (as the CLI does, page by page), then their rows are copied out. */
const RETENUS = `a.agent_id IN (SELECT agent_id FROM banc_tableau_lus)`;
const SQL_BRUT = [
  `CREATE TEMP TABLE banc_tableau_lus AS SELECT a.agent_id FROM agent a WHERE ${LUS}`,
  `COPY (SELECT agent_id FROM banc_tableau_lus ORDER BY agent_id COLLATE "C") TO STDOUT`,
  `COPY (SELECT c.agent_id, c.date_effet, c.grade, c.echelon FROM agent_carriere c JOIN agent a USING (agent_id) WHERE ${RETENUS}) TO STDOUT`,
  `COPY (SELECT p.agent_id, p.date_debut, p.date_fin, p.position FROM agent_position p JOIN agent a USING (agent_id) WHERE ${RETENUS}) TO STDOUT`,
  `COPY (SELECT s.agent_id, s.date_debut, s.date_fin, s.uai, s.fonction, s.part_service, s.statut, s.faisant_fonction FROM agent_service s JOIN agent a USING (agent_id) WHERE ${RETENUS}) TO STDOUT`,
  `COPY (SELECT uai, annee_scolaire, label FROM etablissement_label) TO STDOUT`,
  `COPY (SELECT a.agent_id, a.identifiant, a.civilite, a.nom, a.prenom, a.date_naissance, a.email, a.corps, a.discipline, a.date_entree_corps FROM agent a WHERE ${RETENUS}) TO STDOUT`,
  `COPY (SELECT x.agent_id, x.vivier, x.appreciation FROM agent_appreciation x JOIN agent a USING (agent_id) WHERE ${RETENUS}) TO STDOUT`,
];

type Psql = (url: string, args: string[]) => Promise<{ dureeMs: number; stdout: string }>;

async function exporter(url: string, format: 'csv' | 'xlsx', sortie: string): Promise<MesureExport> {
  const usage = path.join(os.tmpdir(), `vivier-banc-usage-${crypto.randomBytes(4).toString('hex')}.json`);
  const args = [...OPTIONS_NODE, '--import', 'tsx', '--import', path.join(ICI, 'usage-sortie.ts'), CLI, 'tableau', '--corps', 'PE', '--annee', '2022', '--promotions', String(PROMOTIONS_TABLEAU), '--format', format, '--out', sortie];
  const r = await commande(process.execPath, args, { env: { DATABASE_URL: url, BENCH_USAGE_FICHIER: usage, LOG_LEVEL: 'warn' }, delaiMs: 600_000 });
  if (r.code !== 0) throw new Error(`tableau ${format} en échec (${r.code}) : ${r.stderr.slice(0, 800)}`);
  const u = JSON.parse(fs.readFileSync(usage, 'utf8')) as { maxRssKio: number; userMs: number; systemMs: number };
  fs.rmSync(usage, { force: true });
  return { ms: r.dureeMs, maxRssKio: u.maxRssKio, cpuMs: u.userMs + u.systemMs, octets: fs.statSync(sortie).size };
}

export async function sectionTableau(url: string, tmp: string, psql: Psql, journal: (t: string) => void): Promise<ResultatTableau> {
  const ins = await psql(url, [
    '-At',
    '-c',
    `INSERT INTO agent_appreciation (agent_id, vivier, appreciation)
       SELECT a.agent_id, v.vivier, (ARRAY['EXCELLENT', 'TRES_SATISFAISANT', 'SATISFAISANT', 'INSATISFAISANT'])[1 + abs(hashtext(a.agent_id || v.vivier::text)) % 4]
       FROM agent a CROSS JOIN (VALUES (1), (2)) v(vivier) WHERE ${PE}
       ON CONFLICT DO NOTHING`,
    '-c',
    'ANALYZE agent_appreciation',
    '-c',
    `SELECT count(*) FROM agent_appreciation x JOIN agent a USING (agent_id) WHERE ${PE}`,
  ]);
  const brut = () => psql(url, ['-o', '/dev/null', ...SQL_BRUT.flatMap((q) => ['-c', q])]).then((r) => r.dureeMs);
  await brut(); // warm the cache the same way for both
  journal('tableau : COPY brut, tableau PE 2022 par la CLI en CSV puis en XLSX, COPY brut');
  const avantMs = await brut();
  const fichierCsv = path.join(tmp, 'tableau-PE-2022.csv');
  const csv = await exporter(url, 'csv', fichierCsv);
  const xlsx = await exporter(url, 'xlsx', path.join(tmp, 'tableau-PE-2022.xlsx'));
  const apresMs = await brut();
  const lignes = fs.readFileSync(fichierCsv, 'utf8').trimEnd().split('\n').slice(1);
  const lus = await psql(url, [
    '-At',
    '-c',
    `SELECT (SELECT count(*) FROM agent_carriere c JOIN agent a USING (agent_id) WHERE ${LUS}) + (SELECT count(*) FROM agent_position p JOIN agent a USING (agent_id) WHERE ${LUS})
       + (SELECT count(*) FROM agent_service s JOIN agent a USING (agent_id) WHERE ${LUS}) + (SELECT count(*) FROM etablissement_label) + (SELECT count(*) FROM agent a WHERE ${LUS})`,
  ]);
  const brutMs = (avantMs + apresMs) / 2;
  return {
    appreciations: Number(ins.stdout.trim().split('\n').pop()),
    lignes: lignes.length,
    promus: lignes.filter((l) => l.endsWith(';1')).length,
    lignesLues: Number(lus.stdout.trim()),
    csv,
    xlsx,
    brut: { avantMs, apresMs, ms: brutMs },
    ratioCsv: brutMs / csv.ms,
    ratioXlsx: brutMs / xlsx.ms,
  };
}
