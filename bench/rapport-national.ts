import type { StatRequete } from './chrono-pg.ts';
import type { ResumeCpu } from './cpu.ts';
import type { Latences, ResultatsNationaux } from './national.ts';
import { OBJECTIFS_NATIONAUX as O } from './objectifs.ts';
import { nombre, tableau } from './tableau.ts';
import { PROMOTIONS_TABLEAU } from './tableau-national.ts';
import type { ResultatPageTableau } from './tableau-publication.ts';
import { ETAPES } from './boucle-ouverte.ts';
import { P99_CIBLE_MS, P99_PALIER_MS, type RunCharge } from './charge-ouverte.ts';

const ok = (vrai: boolean) => (vrai ? '✓' : '✗');
const s = (ms: number) => `${nombre(ms / 1000, 1)} s`;
const mio = (kio: number) => `${nombre(kio / 1024)} Mio`;
const lat = (l: Latences) => `${nombre(l.p50)} / ${nombre(l.p99)} / ${nombre(l.max)}`;

function requetes(titre: string, stats: StatRequete[], n = 8): string {
  const total = stats.reduce((a, x) => a + x.totalMs, 0);
  return [
    titre,
    tableau(
      ['Requête (verbe, table)', 'Appels', 'Temps cumulé', 'Part', 'Lignes'],
      stats.slice(0, n).map((x) => [x.requete, nombre(x.appels), s(x.totalMs), `${nombre((100 * x.totalMs) / Math.max(1, total), 1)} %`, nombre(x.lignes)]),
    ),
  ].join('\n');
}

function cpu(titre: string, c: Omit<ResumeCpu, 'fichier'> | null, n = 8): string {
  if (!c) return '';
  return [
    `${titre} (${nombre(c.dureeMs / 1000, 1)} s échantillonnées)`,
    `  par origine : ${c.parOrigine.slice(0, 10).map((o) => `${o.origine} ${nombre(o.pourcent, 1)} %`).join(', ')}`,
    // The bench's own wrappers (chrono-pg.ts around every query) would show up inclusively: left out.
    ...(c.inclusif ? [`  inclusif (appelés compris) : ${c.inclusif.filter((o) => !o.origine.includes('/bench/')).slice(0, 10).map((o) => `${o.origine} ${nombre(o.pourcent, 1)} %`).join(', ')}`] : []),
    `  fonctions :   ${c.fonctions.slice(0, n).map((f) => `${f.fonction} ${nombre(f.pourcent, 1)} %`).join('\n               ')}`,
  ].join('\n');
}

/** The national sections' printed report: absolute figures, ratios against the same-run baselines, goals, where time goes. */
export function afficherNational(r: ResultatsNationaux): string {
  const sortie: string[] = [];
  const charge = (k: keyof ResultatsNationaux['charges']) => {
    const c = r.charges[k];
    return c ? ` — ${nombre(c.dureeS)} s, charge moyenne ${c.debut.map((x) => nombre(x, 1)).join(' ')} → ${c.fin.map((x) => nombre(x, 1)).join(' ')}` : '';
  };
  sortie.push(`\nVivier — banc national (${nombre(r.agents)} agents, PostgreSQL)`);
  if (r.generation) sortie.push(`Académie générée : ${nombre(r.generation.total)} lignes en ${nombre(r.generation.dureeS, 1)} s (${Object.entries(r.generation.parCorps).map(([c, n]) => `${c} ${nombre(n)}`).join(', ')})`);
  sortie.push(`Préparation : import ${s(r.preparation.importMs)}, ANALYZE ${s(r.preparation.analyseMs)}, comptes du banc ${s(r.preparation.comptesMs)}`);

  const i = r.import;
  if (i) {
    const m = i.import;
    const requ = m.requetes;
    const somme = (f: (x: StatRequete) => boolean) => requ.filter(f).reduce((a, x) => a + x.totalMs, 0);
    const etape = somme((x) => x.requete.startsWith('COPY etape_'));
    const progression = somme((x) => x.requete === 'UPDATE import_rh');
    const derniere = m.fichiers[m.fichiers.length - 1];
    const lecture = derniere?.finMs ?? 0;
    const vidage = somme((x) => x.requete.startsWith('DELETE etape_') || x.requete.startsWith('TRUNCATE') || x.requete.startsWith('LOCK'));
    // Everything else but opening the report and the migrations check: the merge transaction (its DDL and catalog
    // reads included) and the check of identifiants just before it.
    const fusion = somme((x) => !x.requete.startsWith('COPY etape_') && x.requete !== 'UPDATE import_rh' && x.requete !== 'INSERT import_rh' && !x.requete.includes('vivier_migration')) - vidage;
    sortie.push(`\n(a) Import${charge('import')}`);
    sortie.push(
      tableau(
        ['Mesure', 'Valeur', 'Objectif'],
        [
          ['lignes du dossier (6 fichiers)', nombre(i.lignes), ''],
          ['COPY brut (psql \\copy, tables sans index) avant | après', `${s(i.copie.avantMs)} | ${s(i.copie.apresMs)}`, ''],
          ['COPY brut, lignes/s', nombre(i.copie.lignesParSeconde), ''],
          ['importeur réel, durée', s(m.dureeMs), ''],
          ['importeur réel, lignes/s', nombre(i.lignesParSeconde), ''],
          ['ratio importeur / COPY brut (ancienne référence, fait moins que l’import)', nombre(i.ratioCopie, 2), ''],
          [
            `plancher du même résultat : pg_restore de ${i.restauration.tables.length} tables (${nombre(i.restauration.lignes)} lignes, ${mio(i.restauration.octetsDump / 1024)}) : COPY | index et clés`,
            i.restauration.runs.map((x) => `${s(x.donneesMs)} | ${s(x.indexEtClesMs)}`).join(' ; '),
            '',
          ],
          ['ratio importeur / plancher (pg_restore du même résultat)', `${nombre(i.ratio, 2)} ${ok(i.ratio >= O.ratioImportCopie)}`, `≥ ${nombre(O.ratioImportCopie, 2)}`],
          ['RSS max de l’importeur', mio(m.maxRssKio), ''],
          ['  pics : tas JS utilisé | tas JS réservé | hors tas (Buffers)', `${nombre(m.picMemoire.heapUsedMio)} | ${nombre(m.picMemoire.heapTotalMio)} | ${nombre(m.picMemoire.externeMio)} Mio`, ''],
          ['CPU du processus importeur (user + sys)', s(m.cpuMs.user + m.cpuMs.system), ''],
        ],
      ),
    );
    sortie.push('Où va le temps de l’importeur (horloge murale ; un lot est mis en étape pendant la lecture du suivant) :');
    sortie.push(
      tableau(
        ['Phase', 'Durée', 'Part'],
        [
          ['lecture, décodage, analyse CSV, validation et mise en attente (tables etape_*, fichiers temporaires ; recouvertes)', s(lecture), `${nombre((100 * lecture) / m.dureeMs, 1)} %`],
          ['  dont COPY dans etape_* (établissements, labels, agents ; un lot par Mio lu, recouvert par la lecture)', s(etape), `${nombre((100 * etape) / m.dureeMs, 1)} %`],
          ['mise à jour de la progression (import_rh)', s(progression), `${nombre((100 * progression) / m.dureeMs, 1)} %`],
          ['fusion : contrôle des identifiants, transaction vers les tables réelles (COPY des fichiers compris), ANALYZE', s(fusion), `${nombre((100 * fusion) / m.dureeMs, 1)} %`],
          ['vidage des tables etape_* (début et fin, TRUNCATE si seul)', s(vidage), `${nombre((100 * vidage) / m.dureeMs, 1)} %`],
          ['reste (migrations vérifiées, ouverture et fin du rapport)', s(m.dureeMs - lecture - fusion - vidage), ''],
        ],
      ),
    );
    sortie.push(
      tableau(
        ['Fichier', 'Lignes', 'Lecture + étape', 'Lignes/s'],
        m.fichiers.map((f) => [f.fichier, nombre(f.lignes), s(f.finMs - f.debutMs), nombre(f.lignes / Math.max(0.001, (f.finMs - f.debutMs) / 1000))]),
      ),
    );
    sortie.push(requetes('Requêtes SQL de l’import (temps cumulé, du pilote au résultat) :', requ, 14));
    sortie.push(cpu('CPU du processus importeur', m.cpu, 12));
  }

  const e = r.eligibilite;
  if (e) {
    sortie.push(`\n(b) Export d’éligibilité PE 2019 par la CLI${charge('eligibilite')}`);
    sortie.push(
      tableau(
        ['Mesure', 'Valeur', 'Objectif'],
        [
          ['agents exportés | lignes lues (carrière, positions, services, labels)', `${nombre(e.agents)} | ${nombre(e.lignesLues)}`, ''],
          ['COPY (SELECT …) TO STDOUT des mêmes lignes, avant | après', `${s(e.brut.avantMs)} | ${s(e.brut.apresMs)}`, ''],
          ['CLI eligibilite --corps PE --annee 2019, durée murale', `${s(e.export.ms)} ${ok(e.export.ms < O.exportEligibiliteMs)}`, '< 10 s'],
          ['  dont démarrage de la CLI (node + tsx + connexion + migrations : « cli migrate »)', s(e.demarrageCliMs), ''],
          ['  CPU du processus CLI', s(e.export.cpuMs), ''],
          ['RSS max de la CLI', `${mio(e.export.maxRssKio)} ${ok(e.export.maxRssKio < O.rssExportKio)}`, '< 1 Gio'],
          ['ratio COPY brut / export (temps)', nombre(e.ratio, 2), ''],
        ],
      ),
    );
    if (e.profil) {
      sortie.push(requetes('Export profilé : requêtes SQL (temps cumulé)', e.profil.requetes));
      sortie.push(cpu('Export profilé : CPU de la CLI', e.profil.cpu, 12));
    }
  }

  const t = r.tableau;
  if (t) {
    const ligne = (nom: string, m: { ms: number; cpuMs: number; maxRssKio: number; octets: number }, ratio: number) => [
      [`CLI tableau --corps PE --annee 2022 --promotions ${nombre(PROMOTIONS_TABLEAU)} --format ${nom}, durée murale`, `${s(m.ms)} ${ok(m.ms < O.tableauNationalMs)}`, '< 5 s'],
      ['  CPU | RSS max | taille du fichier', `${s(m.cpuMs)} | ${mio(m.maxRssKio)} ${ok(m.maxRssKio < O.rssExportKio)} | ${nombre(m.octets / 1048576, 1)} Mio`, 'RSS < 1 Gio'],
      ['  ratio COPY brut / tableau (temps)', nombre(ratio, 2), ''],
    ];
    sortie.push(`\n(b′) Tableau d’avancement PE 2022 par la CLI, calculé depuis la base et exporté${charge('tableau')}`);
    sortie.push(
      tableau(
        ['Mesure', 'Valeur', 'Objectif'],
        [
          ['appréciations insérées (PE, viviers 1 et 2) | lignes lues | lignes du tableau (promus)', `${nombre(t.appreciations)} | ${nombre(t.lignesLues)} | ${nombre(t.lignes)} (${nombre(t.promus)})`, ''],
          ['COPY (SELECT …) TO STDOUT des mêmes lignes, avant | après', `${s(t.brut.avantMs)} | ${s(t.brut.apresMs)}`, ''],
          ...ligne('csv', t.csv, t.ratioCsv),
          ...ligne('xlsx', t.xlsx, t.ratioXlsx),
        ],
      ),
    );
  }

  const tp = r.tableauPublication;
  if (tp) {
    const k = tp.calcul;
    const pub = tp.publication;
    const page = (nom: string, x: ResultatPageTableau) => [
      [`${nom} : référence, SELECT par clé (avant | après), req/s`, `${nombre(x.reference.avant.parSeconde)} | ${nombre(x.reference.apres.parSeconde)}`, '', ''],
      [`${nom} : première page, req/s ; p50 / p99 / max (ms)`, `${nombre(x.page.parSeconde)} ; ${nombre(x.page.latenceMs.p50)} / ${nombre(x.page.latenceMs.p99)} / ${nombre(x.page.latenceMs.max)} ${ok(x.page.latenceMs.p99 < O.p99PageTableauMs)}`, `p99 < ${O.p99PageTableauMs}`, ''],
      [`${nombre(x.page.erreurs)} erreur(s) ; ratio page / référence (req/s) | en CPU du serveur par requête`, `${nombre(x.ratio, 3)} | ${nombre(x.ratioCpu, 3)}`, '', ''],
      ['  CPU du serveur par requête : page | référence ; requêtes SQL par page ; HTML', `${nombre(x.page.cpuServeurMsParRequete, 2)} | ${nombre(x.reference.cpuServeurMsParRequete, 2)} ms ; ${x.requetesParPage} ; ${nombre(x.octets / 1024, 1)} Kio`, '', ''],
    ];
    sortie.push(`\n(b″) Tableau d’une campagne PE 2026 (régime C, un avis par agent PE) par le serveur, puis publication${charge('tableau-publication')}`);
    sortie.push(
      tableau(
        ['Mesure', 'Valeur', 'Objectif', ''],
        [
          ['agents PE | lignes du tableau | lignes lues par le classement', `${nombre(tp.agentsPE)} | ${nombre(tp.lignes)} | ${nombre(k.lignesLues)}`, '', ''],
          ['COPY (SELECT …) TO STDOUT des lignes lues, avant | après', `${s(k.brut.avantMs)} | ${s(k.brut.apresMs)}`, '', ''],
          ['première requête de la page (classement) | export CSV | export XLSX', `${s(k.premiereRequeteMs)} | ${s(k.csv.ms)} | ${s(k.xlsx.ms)}`, '', ''],
          ['tableau calculé et exporté (classement + CSV)', `${s(k.totalMs)} ${ok(k.totalMs < O.tableauNationalMs)}`, '< 5 s', ''],
          ['  ratio COPY brut / calculé et exporté (temps)', nombre(k.ratio, 2), '', ''],
          ...page('calculé', tp.pageCalculee),
          ['arrêté (classement dans la transaction, instantané écrit)', `${s(tp.arrete.ms)}, ${nombre(tp.arrete.lignes)} lignes`, '', ''],
          ...page('arrêté', tp.pageArretee),
          [`publication de ${nombre(pub.lignes)} résultats (étape PUBLIER de l’échéancier)`, `${s(pub.ms)} ${ok(pub.ms < O.publicationMs)}`, '< 60 s', ''],
          ['  messages | courriels en file | étapes', `${nombre(pub.messages)} | ${nombre(pub.courriels)} | ${pub.evenements.join(', ')}`, '', ''],
          ['  INSERT … SELECT nus des mêmes lignes, avant | après ; ratio', `${s(pub.reference.avantMs)} | ${s(pub.reference.apresMs)} ; ${nombre(pub.ratio, 2)}`, '', ''],
        ],
      ),
    );
    sortie.push(cpu('CPU du serveur sous la première page du tableau calculé', tp.pageCalculee.cpu));
  }

  const d = r.dossier;
  if (d) {
    sortie.push(`\n(c) Page dossier, ${d.connexions} connexions, ${d.connexions} agents${charge('dossier')}`);
    sortie.push(
      tableau(
        ['Mesure', 'req/s', 'p50 / p99 / max (ms)', 'CPU serveur/req (ms)', 'Objectif'],
        [
          ['référence : SELECT par clé (avant)', nombre(d.reference.avant.parSeconde), `${nombre(d.reference.avant.latenceMs.p50)} / ${nombre(d.reference.avant.latenceMs.p99)} / ${nombre(d.reference.avant.latenceMs.max)}`, nombre(d.reference.avant.cpuServeurMsParRequete, 2), ''],
          ['GET /iprof/dossier', nombre(d.dossier.parSeconde), `${nombre(d.dossier.latenceMs.p50)} / ${nombre(d.dossier.latenceMs.p99)} / ${nombre(d.dossier.latenceMs.max)} ${ok(d.dossier.latenceMs.p99 < O.p99DossierMs)}`, nombre(d.dossier.cpuServeurMsParRequete, 2), 'p99 < 50'],
          ['GET /iprof/dossier/affectations', nombre(d.affectations.parSeconde), `${nombre(d.affectations.latenceMs.p50)} / ${nombre(d.affectations.latenceMs.p99)} / ${nombre(d.affectations.latenceMs.max)} ${ok(d.affectations.latenceMs.p99 < O.p99DossierMs)}`, nombre(d.affectations.cpuServeurMsParRequete, 2), 'p99 < 50'],
          ['référence (après)', nombre(d.reference.apres.parSeconde), `${nombre(d.reference.apres.latenceMs.p50)} / ${nombre(d.reference.apres.latenceMs.p99)} / ${nombre(d.reference.apres.latenceMs.max)}`, nombre(d.reference.apres.cpuServeurMsParRequete, 2), ''],
          ['ratio /iprof/dossier | affectations / référence', `${nombre(d.ratioDossier, 2)} | ${nombre(d.ratioAffectations, 2)}`, '', '', ''],
          ['requêtes SQL, lignes lues, octets HTML : dossier', `${d.requetes.dossier.n} req.`, `${nombre(d.requetes.dossier.lignes)} lignes`, `${nombre(d.requetes.dossier.octets / 1024, 1)} Kio`, ''],
          ['requêtes SQL, lignes lues, octets HTML : affectations', `${d.requetes.affectations.n} req.`, `${nombre(d.requetes.affectations.lignes)} lignes`, `${nombre(d.requetes.affectations.octets / 1024, 1)} Kio`, ''],
          ['RSS max du serveur', nombre(d.maxRssServeurMio), 'Mio', '', ''],
        ],
      ),
    );
    sortie.push(cpu('CPU du serveur sous GET /iprof/dossier', d.cpuDossier));
  }

  const c = r.cloture;
  if (c) {
    sortie.push(`\n(d) Ruée de clôture, ${c.agents} agents en même temps, après une ruée d’échauffement de ${c.echauffement.agents} autres${charge('cloture')}`);
    sortie.push(
      tableau(
        ['Mesure', 'Valeur', 'Objectif'],
        [
          ['ouverture de la campagne PE 2019 (évaluation du corps, avis)', `${s(c.ouverture.ms)}, ${nombre(c.ouverture.messages)} messages`, ''],
          [`ruée d’échauffement : ${c.echauffement.agents} autres agents, profilée (hors mesure) : durée, erreurs`, `${s(c.echauffement.dureeMs)}, ${c.echauffement.erreurs} ${ok(c.echauffement.erreurs === 0)}`, '0'],
          [`connexion des ${c.agents} agents (hors mesure)`, s(c.connexionMs), ''],
          ['POST commencer (préalable, mesuré à part) : /s, p50 / p99 / max ms', `${nombre(c.commencer.parSeconde, 1)}/s, ${lat(c.commencer.latence)}${c.commencer.erreurs ? `, ${c.commencer.erreurs} erreurs` : ''}`, ''],
          [`pgbench -c ${c.pgbench.clients} -M prepared, ${nombre(c.pgbench.transactions)} validations (les ${c.pgbench.instructions.length} instructions SQL d’une validation), TPS avant | après`, `${nombre(c.pgbench.avant)} | ${nombre(c.pgbench.apres)}`, ''],
          ['pgbench : candidatures ENREGISTREE | lignes VALIDER', `${c.pgbench.verification.enregistrees} | ${c.pgbench.verification.valider} ${ok(c.pgbench.verification.ok)}`, `${c.pgbench.verification.transactions} chacune`],
          ['validations réussies par seconde', nombre(c.rush.validationsParSeconde, 1), ''],
          ['ratio validations/s / pgbench (mêmes instructions) TPS', `${nombre(c.ratio, 3)} ${ok(c.ratio >= O.ratioRushPgbench)}`, `≥ ${nombre(O.ratioRushPgbench, 2)}`],
          ['POST valider : p50 / p99 / max (ms)', `${lat(c.rush.valider)} ${ok(c.rush.valider.p99 < O.p99RushMs)}`, 'p99 < 250'],
          ['GET page de candidature : p50 / p99 / max (ms)', `${lat(c.rush.page)} ${ok(c.rush.page.p99 < O.p99RushMs)}`, 'p99 < 250'],
          ['parcours valider + page : p50 / p99 / max (ms)', lat(c.rush.parcours), ''],
          ['durée de la ruée', s(c.rush.dureeMs), ''],
          ['erreurs', `${Object.values(c.rush.erreurs).reduce((a, b) => a + b, 0)} ${ok(Object.keys(c.rush.erreurs).length === 0)} ${Object.keys(c.rush.erreurs).length ? JSON.stringify(c.rush.erreurs) : ''}`, '0'],
          ['CPU serveur par agent (valider + page)', `${nombre(c.cpuServeurMsParValidation, 1)} ms`, ''],
          ['base : candidatures | ENREGISTREE | agents distincts', `${c.verification.candidatures} | ${c.verification.enregistrees} | ${c.verification.agentsDistincts} ${ok(c.verification.ok)}`, c.verification.attendu],
          ['base : historique', `${JSON.stringify(c.verification.historique)}`, ''],
          ['ruée : instructions SQL de chaque validation = celles que pgbench rejoue', `${c.rejeu.validations} × ${c.rejeu.instructionsParValidation} ${ok(c.rejeu.ok)}${c.rejeu.ok ? '' : ` ${c.rejeu.ecarts.length} écarts`}`, 'identiques'],
          ['clôture (appliquerEcheances) : durée, DEPOSEE, lignes CLORE', `${s(c.cloture.ms)}, ${c.cloture.deposees}, ${c.cloture.historiqueClore} ${ok(c.cloture.ok)}`, ''],
        ],
      ),
    );
    const a = c.avant;
    if (a) {
      sortie.push(`Avant (même exécution, même base, même campagne, ${a.agents} autres agents) : ${a.source}`);
      sortie.push(
        tableau(
          ['Mesure', 'Avant', 'Après'],
          [
            ['instructions SQL d’une validation (rejouées par pgbench)', String(a.pgbench.instructions.length), String(c.pgbench.instructions.length)],
            ['pgbench, TPS avant | après la ruée', `${nombre(a.pgbench.avant)} | ${nombre(a.pgbench.apres)}`, `${nombre(c.pgbench.avant)} | ${nombre(c.pgbench.apres)}`],
            ['validations réussies par seconde', nombre(a.rush.validationsParSeconde, 1), nombre(c.rush.validationsParSeconde, 1)],
            ['ratio validations/s / pgbench TPS', nombre(a.ratio, 3), nombre(c.ratio, 3)],
            ['POST valider : p50 / p99 / max (ms)', lat(a.rush.valider), lat(c.rush.valider)],
            ['GET page : p50 / p99 / max (ms)', lat(a.rush.page), lat(c.rush.page)],
            ['CPU serveur par agent (valider + page)', `${nombre(a.cpuServeurMsParValidation, 1)} ms`, `${nombre(c.cpuServeurMsParValidation, 1)} ms`],
            ['erreurs (ruée, échauffement)', `${Object.values(a.rush.erreurs).reduce((x, y) => x + y, 0)}, ${a.echauffement.erreurs}`, `${Object.values(c.rush.erreurs).reduce((x, y) => x + y, 0)}, ${c.echauffement.erreurs}`],
            ['instructions de la ruée = celles rejouées', ok(a.rejeu.ok), ok(c.rejeu.ok)],
          ],
        ),
      );
      sortie.push(requetes('Requêtes SQL du serveur « avant » pendant sa ruée', a.requetesRush, 12));
    }
    sortie.push(`Instructions d’une validation rejouées par pgbench (journal SQL du serveur ; :variables lues par transaction) :\n${c.pgbench.instructions.map((x) => `  ${x.slice(0, 220)}`).join('\n')}`);
    sortie.push(requetes('Requêtes SQL du serveur pendant la ruée (temps cumulé, requêtes concurrentes)', c.requetesRush, 12));
    sortie.push(`  ${nombre(c.requetesRush.reduce((a, x) => a + x.appels, 0) / c.agents, 1)} requêtes SQL par agent (valider + page)`);
    sortie.push(cpu('CPU du serveur pendant la ruée d’échauffement (profilée ; la ruée mesurée ne l’est pas)', c.cpuRush));
  }

  const ch = r.charge;
  if (ch) {
    const p99s = (x: RunCharge) => ETAPES.map((e) => nombre(x.parEtape[e].p99)).join(' / ');
    const err = (x: RunCharge) => {
      const n = Object.values(x.erreurs).reduce((a, b) => a + b, 0);
      return n === 0 ? '0' : `${nombre(n)} ${JSON.stringify(x.erreurs).slice(0, 160)}`;
    };
    sortie.push(`\n(f) Charge en boucle ouverte (campagne PE 2020) : connexion, page, commencer, valider, confirmation${charge('charge')}`);
    sortie.push(
      `argon2id brut, ${ch.threadpool} en parallèle : ${nombre(ch.argon2.avant.parSeconde, 1)} | ${nombre(ch.argon2.apres.parSeconde, 1)} vérifications/s avant | après (${nombre(ch.argon2.cpuMsParVerification, 1)} ms CPU chacune) : chaque arrivée en fait une`,
    );
    for (const c of ch.configs) {
      sortie.push(
        tableau(
          [`${c.processus} processus : taux × durée`, 'Parcours réussis / arrivées', `p99 ms (${ETAPES.join(' / ')})`, 'Erreurs', 'Retard du générateur p99', 'En vol max', 'CPU serveur / parcours', 'Tient'],
          [...c.paliers, c.cible].map((x, i) => [
            `${i === c.paliers.length ? 'objectif ' : ''}${nombre(x.taux)}/s × ${nombre(x.dureeS)} s`,
            `${nombre(x.reussis)} / ${nombre(x.arrivees)}`,
            p99s(x),
            err(x),
            `${nombre(x.retardMs.p99)} ms`,
            nombre(x.maxEnVol),
            `${nombre(x.cpuServeurMsParParcours, 1)} ms`,
            `${ok(x.tient)} ${i === c.paliers.length ? `p99 < ${P99_CIBLE_MS}` : `p99 < ${P99_PALIER_MS}`}`,
          ]),
        ),
      );
      sortie.push(
        `  ${c.processus} processus (démarrage réel, pids ${c.pids.join(', ')}) : plus haut taux tenu (p99 < ${P99_PALIER_MS} ms, 0 erreur) ${nombre(c.tauxMaxTenu)} agents/s, ratio ${nombre(c.ratioArgon2, 2)} des vérifications argon2 brutes/s ; objectif ${nombre(c.cible.taux)}/s : ${ok(c.cibleTenue)}`,
      );
    }
    if (ch.profil) {
      const pr = ch.profil;
      const ms = (pourcent: number) => nombre((pourcent / 100) * pr.dureeMs / Math.max(1, pr.parcours), 1);
      sortie.push(cpu(`CPU du fil principal du serveur (un processus, démarrage à part profilé, la charge seule : ${pr.parcours} parcours ; argon2 tourne hors du fil principal)`, pr));
      sortie.push(`  ms du fil principal par parcours, appelés compris : ${(pr.inclusif ?? []).map((x) => `${x.origine} ${ms(x.pourcent)}`).join(', ')} ; hors (idle) : ${ms(100 - (pr.parOrigine.find((x) => x.origine === '(idle)')?.pourcent ?? 0))}`);
    }
    const l = ch.limite;
    sortie.push(
      `Limite par adresse (production : 30 connexions par minute, TRUST_PROXY=1, X-Forwarded-For propre à chaque agent) : ${nombre(l.cles)} adresses comptées pour ${nombre(l.connexionsRepondues)} connexions répondues et ${nombre(l.connexions)} envoyées, au plus ${l.max} par adresse, ${l.reponses429} réponse(s) 429 ; une même adresse refusée à sa 31e connexion : ${ok(l.refusAu31e)} ${ok(l.ok)}`,
    );
    const v = ch.verification;
    sortie.push(`Base : ${nombre(v.candidatures)} candidatures ${JSON.stringify(v.parStatut)}, ${nombre(v.valideesParLeBanc)} validées par le banc et ENREGISTREE, ${v.incoherentes} incohérentes ${ok(v.ok)} (${v.attendu})`);
  }

  const a = r.accuses;
  if (a) {
    const p = a.pipeline;
    sortie.push(`\n(e) Accusés de réception${charge('accuses')}`);
    sortie.push(
      tableau(
        ['Mesure', 'Valeur', 'Objectif'],
        [
          ['candidatures DEPOSEE (création en masse)', `${nombre(a.candidatures)} (${s(a.creationMs)})`, ''],
          [`pdfkit nu, Marianne, 2 threads, ${a.nu.avant.docs} PDF : PDF/s avant | après`, `${nombre(a.nu.avant.docs / (a.nu.avant.ms / 1000), 1)} | ${nombre(a.nu.apres.docs / (a.nu.apres.ms / 1000), 1)}`, ''],
          ['pipeline réel (pool de 2 threads) : accusés émis, durée', `${nombre(p.emis)} / ${nombre(p.aEmettre)} en ${s(p.ms)}${p.termine ? '' : ' (arrêté à la limite)'}`, ''],
          ['pipeline réel : accusés/s', nombre(a.parSeconde, 1), ''],
          ['ratio pipeline / pdfkit nu 2 threads', `${nombre(a.ratio, 2)} ${ok(a.ratio >= O.ratioAccusesNu)}`, `≥ ${nombre(O.ratioAccusesNu, 2)}`],
          ['10 000 accusés : durée (mesurée ou estimée)', `${s(a.estimation10000S * 1000)} ${ok(a.estimation10000S < O.dixMilleAccusesS)}`, '< 180 s'],
          ['CPU par document : pipeline (processus entier) | pdfkit nu', `${nombre(a.cpuMsParAccuse, 1)} | ${nombre(a.nu.cpuMsParDoc, 1)} ms`, ''],
          ['RSS max du processus', mio(p.maxRssKio), ''],
          ['base : accusés | fiches | messages | courriels', `${a.verification.accuses} | ${a.verification.fiches} | ${a.verification.messages} | ${a.verification.courriels}`, ''],
        ],
      ),
    );
    sortie.push(requetes('Requêtes SQL du pipeline (temps cumulé ; lots de 50 candidatures, 3 à la fois)', p.requetes, 12));
    sortie.push(cpu('CPU du fil principal du pipeline', p.cpu, 12));
  }
  return sortie.join('\n');
}
