/**
 * Accusés de réception in bulk: the product's renderer, in thread and through the pool, against bare pdfkit writing
 * comparable text with the same embedded Marianne font, all measured in the same run, in alternating rounds.
 *
 *   node --import tsx bench/accuses.ts            N=2000 per method by default (N=10000: closing-day volume), TOURS=5,
 *                                                 THREADS=number of cores
 *
 * Baselines: "pdfkit nu" parses the two woff2 faces once and writes the accusé's strings with plain `text()` calls;
 * "pdfkit naïf" registers the fonts by path in each document, as most examples do (woff2 decompressed every time).
 * "2 cœurs" for bare pdfkit is the ideal: two threads rendering their half in a loop, no messaging.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import PDFDocument from 'pdfkit';
import { accuseExemple } from '../src/features/documents/accuse/accuse.fixtures.ts';
import { ficheExemple } from '../src/features/documents/fiche/fiche.fixtures.ts';
import type { DonneesDepot } from '../src/features/documents/depot.ts';
import { rendreAccuse } from '../src/features/documents/accuse/accuse.pdf.ts';
import type { DonneesAccuse } from '../src/features/documents/contrats.ts';
import { creerPoolAccuses } from '../src/features/documents/lot.ts';
import { dateHeureParis, dateParis } from '../src/shared/dates.ts';
import { mediane } from './statistiques.ts';

const POLICES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/@gouvfr/dsfr/dist/fonts');
const FICHIERS = { normale: path.join(POLICES, 'Marianne-Regular.woff2'), grasse: path.join(POLICES, 'Marianne-Bold.woff2') };

type Source = string | object;
let parsees: { normale: object; grasse: object } | undefined;
function polices(naif: boolean): { normale: Source; grasse: Source } {
  if (naif) return FICHIERS;
  if (!parsees) {
    const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as { create(b: Uint8Array): object };
    parsees = { normale: fontkit.create(fs.readFileSync(FICHIERS.normale)), grasse: fontkit.create(fs.readFileSync(FICHIERS.grasse)) };
  }
  return parsees;
}

/** Bare pdfkit: the same strings as the accusé, one after the other, no layout of our own. */
export function accuseNu(d: DonneesAccuse, naif: boolean): Promise<number> {
  const p = polices(naif);
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Accusé de réception ${d.reference}`, CreationDate: d.emisLe } });
  doc.registerFont('M', p.normale as Buffer);
  doc.registerFont('MG', p.grasse as Buffer);
  let taille = 0;
  const fin = new Promise<number>((ok, ko) => {
    doc.on('data', (c: Buffer) => (taille += c.length));
    doc.on('end', () => ok(taille));
    doc.on('error', ko);
  });
  const i = d.identite;
  doc.font('MG').fontSize(10).text('RÉPUBLIQUE FRANÇAISE — Académie — I-Prof');
  doc.fontSize(17).text('Accusé de réception').font('M').fontSize(11).text('Candidature à l’accès à la classe exceptionnelle');
  doc.font('MG').fontSize(18).text(d.reference);
  doc.font('M').fontSize(10).text(`Le présent document accuse réception de votre candidature, déposée à la date de fermeture du dépôt des candidatures, ${dateHeureParis(d.deposeeLe)}.`);
  for (const [l, v] of [
    ['Campagne', d.campagne.intitule],
    ['Corps', d.campagne.corps],
    ['Validation', `Candidature validée ${dateHeureParis(d.valideeLe)}`],
    ['Dépôt', `Déposée à la clôture ${dateHeureParis(d.deposeeLe)}`],
    ['Nom et prénom', `${i.civilite} ${i.nom} ${i.prenom}`],
    ['Numéro d’agent', i.agentId],
    ['Date de naissance', i.dateNaissance],
    ['Discipline', i.discipline],
    ['Situation', i.situation ?? ''],
  ])
    doc.text(`${l} : ${v}`);
  for (const pe of d.periodes) {
    doc.font('MG').text(`Du ${pe.du} au ${pe.au} — ${pe.nature}`).font('M');
    doc.text(`Établissement : ${pe.etablissement}`).text(`Origine : ${pe.source}`);
    if (pe.commentaire) doc.text(`Commentaire : ${pe.commentaire}`);
    for (const pi of pe.pieces) doc.text(`• ${pi.nom} — SHA-256 ${pi.sha256.slice(0, 12)}…`);
  }
  doc.font('Courier').text(d.sha256Fiche);
  doc.font('M').text(`Accusé de réception émis le ${dateParis(d.emisLe)}.`).fontSize(8).text('Page 1 / 1');
  doc.end();
  return fin;
}

const donnees = (k: number) => accuseExemple(k);
/** What the closing renders per candidature: its fiche as deposited, then the accusé quoting the fiche's fingerprint. */
const depot = (k: number): DonneesDepot => {
  const a = accuseExemple(k);
  return { fiche: { ...ficheExemple(), etablieLe: a.emisLe, statut: 'Déposée' }, reference: a.reference, valideeLe: a.valideeLe, emisLe: a.emisLe };
};

/** The thread side of "pdfkit nu, N threads": renders the ranges it is sent, answers when done. */
async function threadNu(): Promise<void> {
  const port = parentPort!;
  await accuseNu(donnees(0), false); // parse the fonts outside the measure, like the main-thread run
  port.on('message', async ({ debut, n }: { debut: number; n: number }) => {
    for (let k = debut; k < debut + n; k++) await accuseNu(donnees(k), false);
    port.postMessage('fini');
  });
  port.postMessage('pret');
}

type Methode = { nom: string; lot: (debut: number, n: number) => Promise<void>; ms: number; cpuMs: number; docs: number };

export async function threadsNus(threads: number): Promise<{ lot: Methode['lot']; arreter: () => Promise<void> }> {
  const amorce = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const ws = Array.from({ length: threads }, () => new Worker(amorce, { eval: true, execArgv: [] }));
  const message = (w: Worker) =>
    new Promise<void>((ok, ko) => {
      const fin = () => {
        w.off('error', ko);
        ok();
      };
      w.once('error', ko);
      w.once('message', fin);
    });
  await Promise.all(ws.map(message));
  return {
    async lot(debut, n) {
      const part = Math.ceil(n / threads);
      const finis = ws.map((w) => message(w));
      ws.forEach((w, i) => w.postMessage({ debut: debut + i * part, n: Math.max(0, Math.min(part, n - i * part)) }));
      await Promise.all(finis);
    },
    arreter: async () => void (await Promise.all(ws.map((w) => w.terminate()))),
  };
}

const debit = (m: Methode) => m.docs / (m.ms / 1000);

/** `cpuMs`: CPU time of the whole process (all its threads); over the wall time, the cores it actually obtained. */
function afficher(nom: string, n: number, ms: number, cpuMs?: number): void {
  const cpu = cpuMs === undefined ? '' : ` ${(cpuMs / ms).toFixed(2).padStart(5)} cœur(s) obtenu(s) ${(n / (cpuMs / 1000)).toFixed(1).padStart(6)} PDF par s de CPU`;
  console.log(`${nom.padEnd(48)} ${String(n).padStart(6)} PDF ${(ms / 1000).toFixed(2).padStart(7)} s ${(n / (ms / 1000)).toFixed(1).padStart(7)} PDF/s${cpu}`);
}

async function principal(): Promise<void> {
  const n = Number(process.env.N ?? 2000);
  const tours = Number(process.env.TOURS ?? 5);
  const coeurs = Number(process.env.THREADS ?? os.availableParallelism());
  console.log(`Accusés de réception — N=${n} par méthode en ${tours} tours alternés, ${coeurs} cœurs, Node ${process.version}, Marianne (woff2) embarquée`);
  console.log(`charge moyenne de la machine au départ : ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
  console.log(`taille d’un accusé : ${(await rendreAccuse(donnees(0))).length} octets ; d’un PDF nu : ${await accuseNu(donnees(0), false)} octets\n`);

  const echantillon = Math.min(n, 50);
  let t = performance.now();
  for (let k = 0; k < echantillon; k++) await accuseNu(donnees(k), true);
  afficher('pdfkit naïf (woff2 relu à chaque PDF), 1 thread', echantillon, performance.now() - t);

  const nus = await threadsNus(coeurs);
  t = performance.now();
  const pool = creerPoolAccuses({ taille: coeurs });
  await Promise.all(Array.from({ length: 2 * coeurs }, (_, k) => pool.rendre(donnees(k))));
  const demarrage = performance.now() - t;

  const enSerie = (rendu: (k: number) => Promise<unknown>) => async (debut: number, nb: number) => {
    for (let k = debut; k < debut + nb; k++) await rendu(k);
  };
  const methodes: Methode[] = [
    { nom: 'pdfkit nu, 1 thread', lot: enSerie((k) => accuseNu(donnees(k), false)), ms: 0, cpuMs: 0, docs: 0 },
    { nom: 'rendreAccuse, 1 thread', lot: enSerie((k) => rendreAccuse(donnees(k))), ms: 0, cpuMs: 0, docs: 0 },
    { nom: `pdfkit nu, ${coeurs} threads (idéal, sans messages)`, lot: nus.lot, ms: 0, cpuMs: 0, docs: 0 },
    {
      nom: `creerPoolAccuses({ taille: ${coeurs} })`,
      lot: async (debut, nb) => void (await Promise.all(Array.from({ length: nb }, (_, k) => pool.rendre(donnees(debut + k))))),
      ms: 0,
      cpuMs: 0,
      docs: 0,
    },
    {
      nom: `pool.deposer (fiche + accusé), ${coeurs} threads`,
      lot: async (debut, nb) => void (await Promise.all(Array.from({ length: nb }, (_, k) => pool.deposer(depot(debut + k))))),
      ms: 0,
      cpuMs: 0,
      docs: 0,
    },
  ];
  const [nu1, viv1, nuN, poolN, depotN] = methodes as [Methode, Methode, Methode, Methode, Methode];
  // Alternating rounds: on a shared machine, load drifts; each ratio is taken within a round, then the median.
  const rapports: { viv1: number[]; pool: number[]; depot: number[] } = { viv1: [], pool: [], depot: [] };
  const parTour = Math.ceil(n / tours);
  for (let tour = 0; tour < tours; tour++) {
    const nb = Math.min(parTour, n - tour * parTour);
    if (nb <= 0) break;
    const ici = new Map<Methode, number>();
    for (const m of methodes) {
      const debut = performance.now();
      const cpu = process.cpuUsage();
      await m.lot(tour * parTour, nb);
      const ms = performance.now() - debut;
      const { user, system } = process.cpuUsage(cpu);
      m.cpuMs += (user + system) / 1000;
      m.ms += ms;
      m.docs += nb;
      ici.set(m, nb / ms);
    }
    rapports.viv1.push(ici.get(viv1)! / ici.get(nu1)!);
    rapports.pool.push(ici.get(poolN)! / ici.get(nuN)!);
    rapports.depot.push(ici.get(depotN)! / ici.get(nuN)!);
  }
  await pool.fermer();
  await nus.arreter();
  for (const m of methodes) afficher(m.nom, m.docs, m.ms, m.cpuMs);
  console.log(`  démarrage du pool (threads, tsx, polices, ${2 * coeurs} premiers PDF) : ${(demarrage / 1000).toFixed(2)} s`);

  console.log('\nRapports (médiane des tours ; sur le total entre parenthèses)');
  console.log(`  rendreAccuse / pdfkit nu, 1 thread                       ${mediane(rapports.viv1).toFixed(2)} (${(debit(viv1) / debit(nu1)).toFixed(2)})`);
  console.log(`  pool ${coeurs} threads / pdfkit nu ${coeurs} threads (objectif ≥ 0,8)      ${mediane(rapports.pool).toFixed(2)} (${(debit(poolN) / debit(nuN)).toFixed(2)})`);
  console.log(`  dépôts (fiche + accusé) par le pool / pdfkit nu ${coeurs} threads      ${mediane(rapports.depot).toFixed(2)} (${(debit(depotN) / debit(nuN)).toFixed(2)})`);
  console.log(`  pool ${coeurs} threads / rendreAccuse 1 thread (gain des cœurs)   ${(debit(poolN) / debit(viv1)).toFixed(2)}`);
  console.log(`  pdfkit nu ${coeurs} threads / 1 thread                           ${(debit(nuN) / debit(nu1)).toFixed(2)}`);
  const dixMille = 10000 / debit(poolN) + demarrage / 1000;
  console.log(`  10 000 accusés par le pool : ${dixMille.toFixed(0)} s estimées (objectif < 180 s)`);
  console.log(`charge moyenne de la machine à la fin : ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
}

// Also imported by bench/accuses-enfant.ts (the national bench reuses the baseline): run only as the entry script.
if (!isMainThread) await threadNu();
else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await principal();
