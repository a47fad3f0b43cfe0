import { register } from 'node:module';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config.ts';
import type { DatabaseHandle } from './db/connection.ts';
import type { Progression, RapportImport } from './features/import/import.service.ts';
import { RegleMetierError } from './shared/errors.ts';
import { exporterVers, ouvrirSortie, SortieError, UsageError } from './cli/sortie.ts';
import { exigerFichierPourClasseur, lireCorpsAnnee, lireFormat } from './cli/options.ts';

/*
 * Each command imports what it uses when it runs (`await import`), not at the start: tsx and Node's loader handle every
 * module of the graph, and `vivier eligibilite` has no use for the importer, the campaigns, argon2, the table or the
 * workbooks. The error classes a command can throw are registered when its modules are loaded (`erreursConnues`), for
 * the message printed at exit.
 *
 * Kysely is loaded from its CommonJS build (same package and version, one instance: nothing imports it before this
 * line): its ES module build is 280 files, each resolved and loaded through the module hooks of tsx, which run on a
 * thread of their own — two handoffs per file, each waiting for that thread to get a core, which takes seconds on a
 * loaded machine —, while `require` reads the CommonJS files on the main thread. Modules loaded through the hooks by
 * `vivier eligibilite`: 443 before, 145 now (bench/README.md).
 */
register(
  `data:text/javascript,${encodeURIComponent(
    "export async function resolve(s, c, suite) { return suite(s, s === 'kysely' || s.startsWith('kysely/') ? { ...c, conditions: [...c.conditions.filter((x) => x !== 'import'), 'require'] } : c); }",
  )}`,
);
const erreursConnues: Array<abstract new (...args: never[]) => Error> = [UsageError, SortieError, ConfigError, RegleMetierError];
let ErreurImport: (abstract new (...args: never[]) => Error) | undefined;

async function base() {
  const [connexion, migrations] = await Promise.all([import('./db/connection.ts'), import('./db/migrate.ts')]);
  erreursConnues.push(connexion.DataDirError);
  return { openDatabase: connexion.openDatabase, migrateToLatest: migrations.migrateToLatest };
}

const AIDE = `Usage : vivier <commande> [options]

Commandes :
  migrate                                   applique les migrations de la base
  import <dossier>                          importe les fichiers CSV RH du dossier (tout ou rien)
  campagne creer --corps C --annee N --ouverture ISO --fermeture ISO --promotions P [--ratio R]
                                            crée une campagne (dates ISO 8601 avec fuseau)
  eligibilite --corps C --annee N [--format csv|xlsx|ods] [--out F]
                                            écrit eligibilite.csv du corps C pour la campagne N
                                            (colonne candidature : état dans la campagne C N)
  tableau --corps C --annee N --promotions P [--simulation] [--format csv|xlsx|ods] [--out F]
                                            écrit le tableau d’avancement (tableau.csv) du corps C
                                            pour la campagne N à P promotions, depuis les données
                                            importées (appreciations.csv, avis.csv) ; --simulation
                                            (régime A, 2017–2020) : chaque agent du vivier 1 est
                                            pris comme candidat recevable
  compte creer-admin --identifiant ID --nom "Nom"   crée un compte administrateur
                                            (mot de passe lu dans VIVIER_MOT_DE_PASSE)

Exports (eligibilite, tableau) : sortie standard si --out est absent ; format déduit de
l’extension de --out, csv par défaut ; un fichier n’apparaît qu’une fois l’export complet.

La base est celle de la configuration du serveur : DATABASE_URL (PostgreSQL) ou, à défaut,
la base embarquée du dossier VIVIER_DATA_DIR (./data), qui ne doit pas être ouverte par un serveur.
Sur une erreur technique inattendue, VIVIER_TRACE=1 affiche en plus la pile d’appels.`;

async function avecBase<T>(f: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openDatabase, migrateToLatest } = await base();
  const h = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(h.db);
    return await f(h);
  } finally {
    await h.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [commande, sousCommande] = argv;
  if (!commande || commande === 'aide' || commande === '--help') {
    console.log(AIDE);
    return;
  }
  if (commande === 'migrate') {
    const config = loadConfig();
    const { openDatabase, migrateToLatest } = await base();
    const h = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const faites = await migrateToLatest(h.db);
      console.log(faites.length ? `Migrations appliquées : ${faites.join(', ')}` : 'La base est à jour.');
    } finally {
      await h.close();
    }
    return;
  }
  if (commande === 'import') {
    if (!sousCommande) throw new UsageError('Indiquez le dossier à importer : vivier import <dossier>');
    const [{ createImportService, ErreurTechniqueImport }, { sourceDossier, SourceIllisibleError }, { formaterErreurImport }, { systemClock }] = await Promise.all([
      import('./features/import/import.service.ts'),
      import('./features/import/import.source.ts'),
      import('./features/import/erreurs.ts'),
      import('./shared/clock.ts'),
    ]);
    erreursConnues.push(SourceIllisibleError);
    ErreurImport = ErreurTechniqueImport;
    const source = sourceDossier(sousCommande);
    const progression = afficherProgression();
    let rapport: RapportImport;
    try {
      rapport = await avecBase(({ db }) => createImportService({ db, clock: systemClock }).importer(source, { lanceParCompteId: null, progression }));
    } finally {
      progression.terminer();
    }
    if (!rapport.ok) {
      console.error(`Import refusé : ${rapport.nbErreurs} erreur(s), aucune donnée modifiée.`);
      for (const e of rapport.erreurs) console.error(`  ${formaterErreurImport(e)}`);
      if (rapport.nbErreurs > rapport.erreurs.length) console.error(`  … et ${rapport.nbErreurs - rapport.erreurs.length} autre(s).`);
      process.exitCode = 1;
      return;
    }
    const c = rapport.compteurs;
    console.log(`Import n° ${rapport.importId} réussi : ${c.agents ?? 0} agents, ${c.etablissements ?? 0} établissements, ${c.carriere ?? 0} lignes de carrière, ${c.positions ?? 0} positions, ${c.services ?? 0} services, ${c.comptesCrees ?? 0} comptes créés, ${c.courrielsRecopies ?? 0} adresses électroniques du dossier recopiées dans les comptes.`);
    return;
  }
  if (commande === 'eligibilite') {
    const { values } = parseArgs({ args: argv.slice(1), options: { corps: { type: 'string' }, annee: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } });
    const { corps, annee } = lireCorpsAnnee(values);
    const format = lireFormat(values.format, values.out);
    exigerFichierPourClasseur(format, values.out);
    const sortie = await ouvrirSortie(values.out, format);
    const { exporterEligibiliteCorps } = await import('./features/dossier/eligibilite.service.ts');
    const { agents } = await exporterVers(sortie, (flux) => avecBase(({ db }) => exporterEligibiliteCorps(db, corps, annee, flux, format)));
    if (values.out) console.error(`${values.out} : ${agents} agent(s) du corps ${corps}, campagne ${annee}.`);
    return;
  }
  if (commande === 'tableau') {
    const { commandeTableau } = await import('./cli/tableau.ts');
    const resume = await commandeTableau(argv.slice(1), (f) => avecBase(({ db }) => f(db)));
    console.error(resume);
    return;
  }
  if (commande === 'campagne' && sousCommande === 'creer') {
    const { values } = parseArgs({
      args: argv.slice(2),
      options: { corps: { type: 'string' }, annee: { type: 'string' }, ouverture: { type: 'string' }, fermeture: { type: 'string' }, promotions: { type: 'string' }, ratio: { type: 'string' } },
    });
    const [{ nouvelleCampagne }, { createCampagneService }, { systemClock }] = await Promise.all([
      import('./features/campagnes/campagne.schemas.ts'),
      import('./features/campagnes/campagne.service.ts'),
      import('./shared/clock.ts'),
    ]);
    const r = nouvelleCampagne.safeParse({ ...values, corps: values.corps?.toUpperCase() });
    if (!r.success) throw new UsageError(r.error.issues.map((i) => `--${String(i.path[0] ?? '')} : ${i.message}`).join('\n'));
    const id = await avecBase(({ db }) => createCampagneService({ db, clock: systemClock }).creer(r.data, null));
    console.log(`Campagne n° ${id} créée : ${r.data.corps} ${r.data.annee}, ouverture ${r.data.ouverture.toISOString()}, fermeture ${r.data.fermeture.toISOString()}.`);
    return;
  }
  if (commande === 'compte' && sousCommande === 'creer-admin') {
    const { values } = parseArgs({ args: argv.slice(2), options: { identifiant: { type: 'string' }, nom: { type: 'string' } } });
    const identifiant = values.identifiant?.trim().toLowerCase();
    if (!identifiant || !/^[a-z0-9][a-z0-9.-]{1,49}$/.test(identifiant)) throw new UsageError('--identifiant est obligatoire (lettres minuscules, chiffres, point, tiret).');
    if (!values.nom?.trim()) throw new UsageError('--nom est obligatoire.');
    const [{ hacher, problemeMotDePasse }, { journaliser }, { identifiantPris, insererCompte }, { systemClock }] = await Promise.all([
      import('./shared/securite/motdepasse.ts'),
      import('./shared/audit.ts'),
      import('./features/admin/comptes.repository.ts'),
      import('./shared/clock.ts'),
    ]);
    const mdp = process.env.VIVIER_MOT_DE_PASSE ?? '';
    const probleme = problemeMotDePasse(mdp);
    if (probleme) throw new UsageError(`VIVIER_MOT_DE_PASSE : ${probleme}`);
    const hash = await hacher(mdp);
    await avecBase(async ({ db }) => {
      if (await identifiantPris(db, identifiant)) throw new UsageError(`Le compte « ${identifiant} » existe déjà.`);
      const id = await insererCompte(db, { identifiant, nomAffiche: values.nom!.trim(), email: null, motDePasseHash: hash, roles: ['ADMINISTRATEUR'], perimetre: {}, le: systemClock.now() });
      await journaliser(db, { le: systemClock.now(), acteurCompteId: null, action: 'COMPTE_CREE', cible: `compte:${id}`, details: { par: 'cli', roles: ['ADMINISTRATEUR'] } });
    });
    console.log(`Compte administrateur « ${identifiant} » créé.`);
    return;
  }
  throw new UsageError(`Commande inconnue : ${argv.join(' ')}\n\n${AIDE}`);
}

/** A progress bar on a terminal, one line per file otherwise (logs, CI); `terminer` ends the bar's line. */
function afficherProgression(): ((p: Progression) => void) & { terminer(): void } {
  const tty = process.stderr.isTTY;
  const afficher = (p: Progression) => {
    const pct = p.octetsTotal > 0 ? Math.min(100, Math.floor((p.octetsLus / p.octetsTotal) * 100)) : 100;
    if (tty) {
      const plein = Math.round(pct / 5);
      process.stderr.write(`\r[${'#'.repeat(plein)}${' '.repeat(20 - plein)}] ${p.fichier.padEnd(26)} ${String(pct).padStart(3)} % — ${p.lignes.toLocaleString('fr-FR')} lignes   `);
    } else if (p.termine) {
      process.stderr.write(`${p.fichier} : ${p.lignes} lignes lues\n`);
    }
  };
  return Object.assign(afficher, { terminer: () => void (tty && process.stderr.write('\n')) });
}

/** The call stack is for whoever fixes the program, on request (VIVIER_TRACE=1), not for every user of the command. */
function tracer(err: unknown): void {
  if (process.env.VIVIER_TRACE === '1') console.error(err);
  else console.error('(Relancez avec VIVIER_TRACE=1 pour afficher la pile d’appels.)');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (String((err as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')) {
    console.error(`Option invalide : ${(err as Error).message.split('\n')[0]}\n\n${AIDE}`);
  } else if (erreursConnues.some((classe) => err instanceof classe)) {
    console.error((err as Error).message);
  } else if (ErreurImport && err instanceof ErreurImport) {
    // Not an error of the files (those are listed line by line): what failed, and that nothing was changed.
    console.error(`${err.message}\nAucune donnée n’a été modifiée ; l’import peut être relancé sans créer de doublon.`);
    tracer(err);
  } else {
    console.error(`Erreur technique inattendue : ${err instanceof Error ? err.message : String(err)}`);
    tracer(err);
  }
  process.exit(1);
});
