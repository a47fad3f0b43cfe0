import os from 'node:os';
import type { Backend } from './protocole.ts';
import type { Contexte, ResultatBackend } from './run.ts';
import { OBJECTIFS } from './objectifs.ts';
import { nombre, tableau } from './tableau.ts';

const ok = (vrai: boolean) => (vrai ? '✓' : '✗');
const ms = (n: number) => nombre(n, 2);

/** The bench's printed report: one column per backend, ratios against the baselines of the same run. */
export function afficher(c: Contexte, resultats: Partial<Record<Backend, ResultatBackend>>, maxRssBancMio: number): string {
  const cols = c.backends.filter((b) => resultats[b]);
  const ligne = (libelle: string, f: (r: ResultatBackend) => string, objectif = '') => [libelle, ...cols.map((b) => f(resultats[b]!)), objectif];
  const sortie: string[] = [];
  sortie.push(`\nVivier — banc du portail (${os.cpus().length} cœurs, Node ${process.version}, threadpool libuv ${c.threadpool}, ${c.dureeS} s par mesure, charge moyenne ${os.loadavg().map((l) => nombre(l, 1)).join(' ')})\n`);
  sortie.push(
    tableau(
      ['Mesure', ...cols.map((b) => (b === 'pglite' ? 'PGlite' : 'PostgreSQL')), 'Objectif'],
      [
        ligne(`(a) argon2id brut, ${c.threadpool} en parallèle (vérif./s, premier | dernier)`, (r) => `${nombre(r.argon2.avant.parSeconde, 1)} | ${nombre(r.argon2.apres.parSeconde, 1)}`),
        ligne(`(b) connexions réussies/s (POST /connexion, ${2 * c.threadpool} conn., tour médian)`, (r) => nombre(r.connexion.parSeconde, 1)),
        ligne('    ratio connexions / argon2 brut, par tour', (r) => r.toursConnexion.map((t) => nombre(t.ratio, 2)).join(' | ')),
        ligne('    ratio connexions / argon2 brut (médiane des tours)', (r) => `${nombre(r.ratioConnexionArgon2, 2)} ${ok(r.ratioConnexionArgon2 >= OBJECTIFS.ratioConnexionArgon2)}`, '≥ 0,80'),
        ligne('    CPU par opération : argon2 brut | connexion, serveur (ms)', (r) => `${ms(r.argon2.cpuMsParVerification)} | ${ms(r.connexion.cpuServeurMsParRequete)}`),
        ligne('    ratio en temps CPU (argon2 brut / connexion, médiane des tours)', (r) => `${nombre(r.ratioCpuConnexionArgon2, 2)} ${ok(r.ratioCpuConnexionArgon2 >= OBJECTIFS.ratioConnexionArgon2)}`, '≥ 0,80'),
        ligne('    latence p50 / p99 d’une connexion (ms)', (r) => `${nombre(r.connexion.latenceMs.p50)} / ${nombre(r.connexion.latenceMs.p99)}`),
        ligne(`(c) référence : SELECT par clé (req/s, avant | après)`, (r) => `${nombre(r.reference.avant.parSeconde)} | ${nombre(r.reference.apres.parSeconde)}`),
        ligne('    référence latence p50 / p99 (ms)', (r) => `${nombre(r.reference.avant.latenceMs.p50)} / ${nombre(r.reference.avant.latenceMs.p99)}`),
        ligne(`    GET /portail req/s (${c.connexionsAccueil} conn.)`, (r) => nombre(r.accueil.parSeconde)),
        ligne('    GET /portail latence p50 / p99 (ms)', (r) => `${nombre(r.accueil.latenceMs.p50)} / ${nombre(r.accueil.latenceMs.p99)} ${ok(r.accueil.latenceMs.p99 < OBJECTIFS.p99AccueilMs)}`, 'p99 < 50'),
        ligne('    ratio /portail / référence', (r) => `${nombre(r.ratioAccueilReference, 2)} ${ok(r.ratioAccueilReference >= OBJECTIFS.ratioAccueilReference)}`, '≥ 0,50'),
        ligne('    CPU serveur par requête : référence | /portail (ms)', (r) => `${ms(r.reference.cpuServeurMsParRequete)} | ${ms(r.accueil.cpuServeurMsParRequete)}`),
        ligne('    ratio en temps CPU (référence / /portail)', (r) => `${nombre(r.ratioCpuAccueilReference, 2)} ${ok(r.ratioCpuAccueilReference >= OBJECTIFS.ratioAccueilReference)}`, '≥ 0,50'),
        ligne('    requêtes SQL par GET /portail', (r) => String(r.profil.requetesParPage)),
        ligne('    HTML de /portail (Kio)', (r) => nombre(r.profil.tailleHtmlOctets / 1024, 1)),
        ligne('    sans charge : requête complète (ms)', (r) => ms(r.profil.tempsMoyenMs.requeteHttpComplete)),
        ligne('      dont session / forme de l’accueil (service) (ms)', (r) => `${ms(r.profil.tempsMoyenMs.chargementSession)} / ${ms(r.profil.tempsMoyenMs.serviceAccueil)}`),
        ligne('      lecture du catalogue en base, une fois par période du cache (ms)', (r) => ms(r.profil.tempsMoyenMs.chargementCatalogue)),
        ligne('      rendu HTML complet, une fois par forme de page (ms)', (r) => ms(r.profil.tempsMoyenMs.rendu)),
        ligne('(d) RSS max du processus serveur (Mio)', (r) => nombre(r.maxRssServeurMio)),
      ],
    ),
  );
  sortie.push(`\n(d) RSS max du processus de banc (générateur de charge) : ${nombre(maxRssBancMio)} Mio`);
  sortie.push(
    'Le temps CPU « serveur » est celui du processus Node de l’application (avec PGlite, la base y tourne aussi ; avec PostgreSQL, ' +
      'le travail des processus postgres n’y est pas compté). Sur une machine partagée, les ratios en temps CPU varient bien moins que les débits.',
  );
  for (const b of cols) {
    const cpu = resultats[b]!.cpuAccueil;
    sortie.push(`\nCPU du serveur sous charge de GET /portail, ${b} (${nombre(cpu.dureeMs / 1000, 1)} s échantillonnées, ${cpu.fichier}) :`);
    sortie.push(`  par origine : ${cpu.parOrigine.slice(0, 10).map((o) => `${o.origine} ${nombre(o.pourcent, 1)} %`).join(', ')}`);
    sortie.push(`  fonctions :   ${cpu.fonctions.slice(0, 8).map((f) => `${f.fonction} ${nombre(f.pourcent, 1)} %`).join('\n               ')}`);
  }
  return sortie.join('\n');
}
