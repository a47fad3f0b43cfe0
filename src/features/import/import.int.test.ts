import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { databaseDeTest } from '../../test/database.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { fixedClock } from '../../shared/clock.ts';
import { createImportService, ErreurTechniqueImport, type FichierSource } from './import.service.ts';
import { sourceDossier } from './import.source.ts';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ECHANTILLON = path.join(racine, 'test', 'academie-exemple');
const DEMO = path.join(racine, 'src', 'demo', 'academie');

let h: DatabaseHandle;
// This file's own temporary folder (os.tmpdir() reads TMPDIR at each call): the other test files running at the same
// time import too, with the same import numbers in their own databases.
const tmpdirAvant = process.env.TMPDIR;
let temporaire: string;
before(async () => {
  h = await databaseDeTest();
  temporaire = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-test-import-'));
  process.env.TMPDIR = temporaire;
});
after(async () => {
  await h.close();
  if (tmpdirAvant === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdirAvant;
  fs.rmSync(temporaire, { recursive: true, force: true });
});

/** What the imports left in the temporary folder. */
function laisseDansTemporaire(): string[] {
  return fs.readdirSync(temporaire);
}

function service() {
  return createImportService({ db: h.db, clock: fixedClock('2026-11-30T09:00:00Z') });
}

function enMemoire(fichiers: Record<string, string>): { libelle: string; fichiers: FichierSource[] } {
  return {
    libelle: 'test',
    fichiers: Object.entries(fichiers).map(([nom, texte]) => {
      const octets = Buffer.from(texte, 'utf8');
      return {
        nom,
        taille: octets.length,
        async *lire() {
          // Tiny chunks: records and UTF-8 sequences cut across chunk boundaries.
          for (let i = 0; i < octets.length; i += 7) yield octets.subarray(i, i + 7);
        },
      };
    }),
  };
}

async function compter(table: string): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(h.db);
  return Number(r.rows[0]!.n);
}

function lignesCsv(fichier: string): number {
  return fs.readFileSync(path.join(ECHANTILLON, fichier), 'utf8').trim().split(/\r?\n/).length - 1;
}

describe('import du dossier RH en base', () => {
  test('le dossier d’exemple s’importe en entier ; chaque agent reçoit un compte sans mot de passe', async () => {
    const etapes: string[] = [];
    const r = await service().importer(sourceDossier(ECHANTILLON), { lanceParCompteId: null, progression: (p) => etapes.push(p.fichier) });
    assert.equal(r.ok, true, JSON.stringify(!r.ok && r.erreurs.slice(0, 3)));
    assert.equal(await compter('agent'), lignesCsv('agents.csv'));
    assert.equal(await compter('agent_carriere'), lignesCsv('carriere.csv'));
    assert.equal(await compter('agent_service'), lignesCsv('services.csv'));
    assert.equal(await compter('agent_position'), lignesCsv('positions.csv'));
    assert.equal(await compter('etablissement_label'), lignesCsv('labels_etablissements.csv'));
    assert.equal(await compter('agent_appreciation'), lignesCsv('appreciations.csv'));
    const comptes = await h.db.selectFrom('compte').select(['identifiant', 'mot_de_passe_hash', 'roles']).where('agent_id', '=', 'A0102997').execute();
    assert.deepEqual(comptes, [{ identifiant: 'lguillaume', mot_de_passe_hash: null, roles: ['AGENT'] }]);
    assert.ok(etapes.includes('services.csv'));
    for (const t of ['etape_agent', 'etape_label']) assert.equal(await compter(t), 0, `${t} vidée`);
    assert.deepEqual(laisseDansTemporaire(), [], 'fichiers de l’import effacés');
    const rapport = await h.db.selectFrom('import_rh').select(['statut', 'compteurs']).where('id', '=', r.importId).executeTakeFirstOrThrow();
    assert.equal(rapport.statut, 'REUSSI');
    assert.equal(rapport.compteurs.agents, lignesCsv('agents.csv'));
    // The planner has statistics of the rewritten tables at once (only ANALYZE writes pg_statistic).
    const stats = await sql<{ tablename: string }>`SELECT DISTINCT tablename::text FROM pg_stats WHERE schemaname = 'public' AND tablename IN ('agent', 'agent_carriere', 'agent_service', 'etablissement_label')`.execute(h.db);
    assert.deepEqual(stats.rows.map((x) => x.tablename).sort(), ['agent', 'agent_carriere', 'agent_service', 'etablissement_label']);
  });

  test('réimporter le même dossier ne crée aucun doublon', async () => {
    const avant = { agents: await compter('agent'), services: await compter('agent_service'), comptes: await compter('compte') };
    const r = await service().importer(sourceDossier(ECHANTILLON), { lanceParCompteId: null });
    assert.equal(r.ok, true);
    assert.deepEqual({ agents: await compter('agent'), services: await compter('agent_service'), comptes: await compter('compte') }, avant);
  });

  test('un dossier avec des erreurs ne change rien et les signale toutes, par fichier, ligne et colonne', async () => {
    const avant = await compter('agent');
    const r = await service().importer(
      enMemoire({
        'etablissements.csv': 'uai;nom;commune;type\n0800001A;École A;Amiens;ECOLE\n',
        'agents.csv':
          '\ufeffagent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\n' +
          'Z1;zun;M.;UN;Zéphyr;1970-02-30;z@x;PE;PREMIER DEGRE;1995-09-01\n' +
          'Z2;zdeux;Mme;DEUX;Zoé;1971-01-01;z2@x;PROF;;1995-09-01\n',
        'services.csv': 'agent_id;date_debut;date_fin;uai;fonction;part_service;statut;faisant_fonction\nZ9;2000-09-01;;0800001A;ENSEIGNEMENT;100;TITULAIRE;0\n',
      }),
      { lanceParCompteId: null },
    );
    assert.equal(r.ok, false);
    if (r.ok) return;
    const resume = r.erreurs.map((e) => `${e.fichier}:${e.ligne}:${e.colonne}:${e.code}`);
    assert.deepEqual(resume, ['agents.csv:2:date_naissance:DATE_INVALIDE', 'agents.csv:3:corps:CODE_INCONNU', 'services.csv:2:agent_id:AGENT_INCONNU']);
    assert.equal(await compter('agent'), avant);
    assert.equal(await compter('etape_agent'), 0);
  });

  test('un identifiant déjà porté par un autre compte est une erreur d’import', async () => {
    await h.db.insertInto('compte').values({ identifiant: 'prise', nom_affiche: 'X', email: null, mot_de_passe_hash: null, roles: ['GESTIONNAIRE'], perimetre: '{}', agent_id: null, dernier_echec_le: null, verrouille_jusqu_au: null, derniere_connexion_le: null, precedente_connexion_le: null }).execute();
    const r = await service().importer(
      enMemoire({
        'etablissements.csv': 'uai;nom;commune;type\n0800001A;École A;Amiens;ECOLE\n',
        'agents.csv': 'agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\nZ3;prise;M.;TROIS;Zac;1970-01-01;z@x;PE;;1995-09-01\n',
      }),
      { lanceParCompteId: null },
    );
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.erreurs[0]!.message : '', /déjà celui d'un autre compte/);
  });

  test('deux agents du dossier au même identifiant : le premier reçoit le compte, l’autre aucun', async () => {
    const r = await service().importer(
      enMemoire({
        'etablissements.csv': 'uai;nom;commune;type\n0800001A;École A;Amiens;ECOLE\n',
        'agents.csv':
          'agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\n' +
          'Z9;zzz-suivant;M.;NEUF;Zoé;1970-01-01;;PE;;1995-09-01\nZ7;Double;M.;SEPT;Zac;1970-01-01;;PE;;1995-09-01\nZ8;double;M.;HUIT;Zia;1970-01-01;;PE;;1995-09-01\n',
      }),
      { lanceParCompteId: null },
    );
    assert.equal(r.ok, true, JSON.stringify(!r.ok && r.erreurs));
    const comptes = await h.db.selectFrom('compte').select(['identifiant', 'agent_id', 'nom_affiche']).where('agent_id', 'in', ['Z7', 'Z8', 'Z9']).orderBy('agent_id').execute();
    assert.deepEqual(comptes, [
      { identifiant: 'double', agent_id: 'Z7', nom_affiche: 'Zac SEPT' },
      { identifiant: 'zzz-suivant', agent_id: 'Z9', nom_affiche: 'Zoé NEUF' },
    ]);
    assert.equal(r.ok && r.compteurs.comptesCrees, 2);
  });

  test('le dossier de démonstration s’importe', async () => {
    const propre = await databaseDeTest();
    try {
      const r = await createImportService({ db: propre.db, clock: fixedClock('2026-11-30T09:00:00Z') }).importer(sourceDossier(DEMO), { lanceParCompteId: null });
      assert.equal(r.ok, true, JSON.stringify(!r.ok && r.erreurs.slice(0, 3)));
      const jdupont = await propre.db.selectFrom('agent').select(['nom', 'corps']).where('agent_id', '=', 'DEMO0001').executeTakeFirstOrThrow();
      assert.deepEqual(jdupont, { nom: 'DUPONT', corps: 'PE' });
    } finally {
      await propre.close();
    }
  });

  test('une fusion en masse rend les index et clés étrangères des tables remplacées à l’identique', async () => {
    const propre = await databaseDeTest();
    const schema = async () =>
      (
        await sql<{ d: string }>`
          SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint
          WHERE conrelid::regclass::text IN ('agent', 'agent_carriere', 'agent_position', 'agent_service', 'agent_appreciation', 'agent_avis', 'compte')
          UNION ALL SELECT pg_get_indexdef(indexrelid) FROM pg_index
          WHERE indrelid::regclass::text IN ('agent', 'agent_carriere', 'agent_position', 'agent_service', 'agent_appreciation', 'agent_avis', 'compte')
          ORDER BY 1`.execute(propre.db)
      ).rows.map((r) => r.d);
    try {
      const avant = await schema();
      assert.ok(avant.some((d) => d.includes('agent_service_uai_fkey FOREIGN KEY (uai) REFERENCES etablissement(uai)')));
      assert.ok(avant.some((d) => d.includes('INDEX compte_agent_idx ON public.compte')));
      const r = await createImportService({ db: propre.db, clock: fixedClock('2026-11-30T09:00:00Z') }).importer(sourceDossier(ECHANTILLON), { lanceParCompteId: null });
      assert.equal(r.ok, true);
      assert.ok(r.ok && r.compteurs.tablesEnMasse! >= 7, 'premier import : fusion en masse (agents, leurs cinq tables, comptes)');
      assert.deepEqual(await schema(), avant);
      // The rebuilt foreign keys still hold: an unknown agent is refused by the database.
      await assert.rejects(sql`INSERT INTO agent_carriere (agent_id, date_effet, grade, echelon) VALUES ('INCONNU', '2020-01-01', 'CN', 1)`.execute(propre.db), /foreign key/);
    } finally {
      await propre.close();
    }
  });

  test('pendant une campagne ouverte, pas de fusion en masse (ses verrous bloqueraient les validations)', async () => {
    const propre = await databaseDeTest();
    try {
      await sql`INSERT INTO campagne (corps, annee, regime, ouverture, fermeture, promotions, parametres, statut, cree_le)
        VALUES ('PE', 2019, 'A', '2026-11-01T08:00:00Z', '2026-12-15T16:00:00Z', 10, '{}', 'OUVERTE', now())`.execute(propre.db);
      const r = await createImportService({ db: propre.db, clock: fixedClock('2026-11-30T09:00:00Z') }).importer(sourceDossier(ECHANTILLON), { lanceParCompteId: null });
      assert.equal(r.ok, true);
      assert.equal(r.ok && r.compteurs.tablesEnMasse, 0);
      const n = await sql<{ n: string }>`SELECT count(*)::text AS n FROM agent_service`.execute(propre.db);
      assert.equal(Number(n.rows[0]!.n), lignesCsv('services.csv'));
    } finally {
      await propre.close();
    }
  });

  test('les textes passent tels quels par les tables d’étape (guillemets, barres obliques, accolades, NULL)', async () => {
    const nom = 'École "Les Pins" \\ {A}, B';
    const r = await service().importer(
      enMemoire({
        'etablissements.csv': `uai;nom;commune;type\n0800009Z;"${nom.replace(/"/g, '""')}";NULL;\n`,
        'agents.csv': 'agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\nZ8;zhuit;M.;HUIT;Zénon;1970-01-01;;PE; ;1995-09-01\n',
      }),
      { lanceParCompteId: null },
    );
    assert.equal(r.ok, true, JSON.stringify(!r.ok && r.erreurs));
    const e = await h.db.selectFrom('etablissement').select(['nom', 'commune', 'type']).where('uai', '=', '0800009Z').executeTakeFirstOrThrow();
    assert.deepEqual(e, { nom, commune: 'NULL', type: '' });
    const a = await h.db.selectFrom('agent').select(['email', 'discipline']).where('agent_id', '=', 'Z8').executeTakeFirstOrThrow();
    assert.deepEqual(a, { email: '', discipline: '' });
  });

  const ETABS = 'uai;nom;commune;type\n0800001A;École A;Amiens;ECOLE\n';

  test('l’adresse électronique du dossier fait foi : l’import la recopie dans le compte de l’agent, qui ne dérive plus', async () => {
    const agents = (email: string) => enMemoire({ 'etablissements.csv': ETABS, 'agents.csv': `${ENTETE_AGENTS}M1;mcourriel;Mme;COURRIEL;Maud;1970-01-01;${email};PE;;1995-09-01\n` });
    let r = await service().importer(agents('maud.courriel@ac-demo.invalid'), { lanceParCompteId: null });
    assert.ok(r.ok);
    const compte = () => h.db.selectFrom('compte').select('email').where('agent_id', '=', 'M1').executeTakeFirstOrThrow();
    assert.equal((await compte()).email, 'maud.courriel@ac-demo.invalid');
    // The account's address drifted (typed elsewhere, refreshed from a directory): the next import puts the dossier's back.
    await h.db.updateTable('compte').set({ email: 'autre@exemple.invalid' }).where('agent_id', '=', 'M1').execute();
    r = await service().importer(agents('maud.courriel@ac-demo.invalid'), { lanceParCompteId: null });
    assert.ok(r.ok);
    assert.equal(r.compteurs.courrielsRecopies, 1);
    assert.equal((await compte()).email, 'maud.courriel@ac-demo.invalid');
    // A new address in the HR data reaches the account at once.
    r = await service().importer(agents('m.courriel@ac-demo.invalid'), { lanceParCompteId: null });
    assert.ok(r.ok && r.compteurs.courrielsRecopies === 1);
    assert.equal((await compte()).email, 'm.courriel@ac-demo.invalid');
    // Nothing to copy: counted 0; a dossier without an address leaves the account's alone.
    r = await service().importer(agents('m.courriel@ac-demo.invalid'), { lanceParCompteId: null });
    assert.ok(r.ok && r.compteurs.courrielsRecopies === 0);
    r = await service().importer(agents(''), { lanceParCompteId: null });
    assert.ok(r.ok && r.compteurs.courrielsRecopies === 0);
    assert.equal((await compte()).email, 'm.courriel@ac-demo.invalid');
  });
  const ENTETE_AGENTS = 'agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\n';
  const statut = async (importId: string) => (await h.db.selectFrom('import_rh').select('statut').where('id', '=', importId).executeTakeFirstOrThrow()).statut;

  test('un caractère nul est une erreur de fichier, ligne et colonne : rien n’atteint la base', async () => {
    const avant = await compter('agent');
    const r = await service().importer(enMemoire({ 'etablissements.csv': ETABS, 'agents.csv': `${ENTETE_AGENTS}N1;nun;M.;N\0UL;Noé;1970-01-01;;PE;;1995-09-01\n` }), { lanceParCompteId: null });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.erreurs.map((e) => `${e.fichier}:${e.ligne}:${e.colonne}:${e.code}`), ['agents.csv:2:nom:CARACTERE_INTERDIT']);
    assert.equal(await statut(r.importId), 'ECHEC');
    assert.equal(await compter('agent'), avant);
  });

  test('un agent au nom de 10 240 caractères n’est pas importé', async () => {
    const r = await service().importer(enMemoire({ 'etablissements.csv': ETABS, 'agents.csv': `${ENTETE_AGENTS}N2;ndeux;M.;${'N'.repeat(10_240)};Noé;1970-01-01;;PE;;1995-09-01\n` }), { lanceParCompteId: null });
    assert.deepEqual(!r.ok && r.erreurs.map((e) => `${e.fichier}:${e.ligne}:${e.colonne}:${e.code}`), ['agents.csv:2:nom:VALEUR_TROP_LONGUE']);
    assert.equal(await h.db.selectFrom('compte').select('id').where('identifiant', '=', 'ndeux').executeTakeFirst(), undefined);
  });

  test('un fichier qui ne peut être lu jusqu’au bout est une erreur de ce fichier', async () => {
    const source = enMemoire({ 'etablissements.csv': ETABS, 'agents.csv': `${ENTETE_AGENTS}N3;ntrois;M.;TROIS;Noé;1970-01-01;;PE;;1995-09-01\n` });
    source.fichiers.push({
      nom: 'carriere.csv',
      taille: 100,
      async *lire() {
        yield Buffer.from('agent_id;date_effet;grade;echelon\nN3;1995-09-01;CN;1\n');
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    });
    const r = await service().importer(source, { lanceParCompteId: null });
    assert.deepEqual(!r.ok && r.erreurs.map((e) => `${e.fichier}:${e.ligne}:${e.colonne}:${e.code}`), ['carriere.csv:null:null:FICHIER_ILLISIBLE']);
    assert.match(!r.ok ? r.erreurs[0]!.message : '', /\(EACCES\)/);
    assert.equal(await h.db.selectFrom('agent').select('agent_id').where('agent_id', '=', 'N3').executeTakeFirst(), undefined);
  });

  test('une panne inattendue est enregistrée comme erreur technique, distincte d’un refus et d’un arrêt du serveur', async () => {
    // A failure the checks cannot foresee: the staging table refuses a row.
    await sql`ALTER TABLE etape_agent ADD CONSTRAINT panne_de_test CHECK (nom <> 'PANNE')`.execute(h.db);
    try {
      const avant = await compter('agent');
      const err = await service()
        .importer(enMemoire({ 'etablissements.csv': ETABS, 'agents.csv': `${ENTETE_AGENTS}N4;nquatre;M.;PANNE;Noé;1970-01-01;;PE;;1995-09-01\n` }), { lanceParCompteId: null })
        .then(
          () => assert.fail('l’import devait échouer'),
          (e: unknown) => e,
        );
      assert.ok(err instanceof ErreurTechniqueImport, String(err));
      assert.match(err.message, /^Import n° \d+ arrêté par une erreur technique inattendue : .*panne_de_test/);
      assert.equal(await statut(err.importId), 'ERREUR_TECHNIQUE');
      assert.equal(await compter('agent'), avant);
      assert.equal(await compter('etape_agent'), 0);
    } finally {
      await sql`ALTER TABLE etape_agent DROP CONSTRAINT panne_de_test`.execute(h.db);
    }
  });

  test('une panne pendant la copie d’un fichier vers sa table réelle annule toute la fusion et efface les fichiers de l’import', async () => {
    // The merge's COPY into agent_carriere refuses a row: agents, accounts and careers stay as they were.
    await sql`ALTER TABLE agent_carriere ADD CONSTRAINT panne_de_test CHECK (date_effet <> '1901-01-01')`.execute(h.db);
    try {
      const avant = { agents: await compter('agent'), carrieres: await compter('agent_carriere'), comptes: await compter('compte') };
      const carriere = `agent_id;date_effet;grade;echelon\nN5;1995-09-01;CN;1\nN5;1901-01-01;CN;2\n`;
      const err = await service()
        .importer(enMemoire({ 'etablissements.csv': ETABS, 'agents.csv': `${ENTETE_AGENTS}N5;ncinq;M.;Cinq;Noé;1970-01-01;;PE;;1995-09-01\n`, 'carriere.csv': carriere }), { lanceParCompteId: null })
        .then(
          () => assert.fail('l’import devait échouer'),
          (e: unknown) => e,
        );
      assert.ok(err instanceof ErreurTechniqueImport, String(err));
      assert.match(err.message, /panne_de_test/);
      assert.equal(await statut(err.importId), 'ERREUR_TECHNIQUE');
      assert.deepEqual({ agents: await compter('agent'), carrieres: await compter('agent_carriere'), comptes: await compter('compte') }, avant);
      assert.equal(await compter('etape_agent'), 0);
      assert.deepEqual(laisseDansTemporaire(), []);
    } finally {
      await sql`ALTER TABLE agent_carriere DROP CONSTRAINT panne_de_test`.execute(h.db);
    }
  });

  test('un fichier faux à chaque ligne : toutes les erreurs comptées, mille gardées, sans les accumuler en mémoire', async () => {
    // The heap is measured after a full collection: what is still held, not what awaits the collector.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const tasRetenu = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const n = 600_000;
    const morceau = Buffer.from('N5;2000-01-01;XX;1\n'.repeat(10_000));
    let croissance = 0;
    const source = enMemoire({ 'etablissements.csv': ETABS, 'agents.csv': `${ENTETE_AGENTS}N5;ncinq;M.;CINQ;Noé;1970-01-01;;PE;;1995-09-01\n` });
    const debut = tasRetenu();
    source.fichiers.push({
      nom: 'carriere.csv',
      taille: 0,
      async *lire() {
        yield Buffer.from('agent_id;date_effet;grade;echelon\n');
        for (let i = 1; i <= n / 10_000; i++) {
          yield morceau;
          if (i % 20 === 0) croissance = Math.max(croissance, tasRetenu() - debut);
        }
      },
    });
    const r = await service().importer(source, { lanceParCompteId: null });
    assert.ok(!r.ok);
    assert.equal(r.nbErreurs, n);
    assert.equal(r.erreurs.length, 1000);
    // Kept until the end of the file, 600,000 errors hold ~200 Mio (3 million: 1.7 Gio of RSS, 340 Mio now).
    assert.ok(croissance < 40 * 1024 ** 2, `tas retenu : +${Math.round(croissance / 1024 ** 2)} Mio`);
  });

  test('un import laissé en cours par un serveur arrêté est marqué interrompu au démarrage', async () => {
    const id = await service().ouvrir('test', null);
    // The folder it had recorded is removed; another with the same number (another database's import number ${id},
    // on the same machine) is not.
    const laisse = fs.mkdtempSync(path.join(os.tmpdir(), `vivier-import-${id}-`));
    fs.writeFileSync(path.join(laisse, 'carriere.copy'), 'N1\t2000-01-01\tCN\t1\n');
    await h.db.updateTable('import_rh').set({ dossier_temporaire: laisse }).where('id', '=', id).execute();
    const autre = fs.mkdtempSync(path.join(os.tmpdir(), `vivier-import-${id}-`));
    try {
      await service().marquerInterrompus();
      assert.equal(await statut(id), 'INTERROMPU');
      assert.equal(fs.existsSync(laisse), false);
      assert.equal(fs.existsSync(autre), true);
      const r = await h.db.selectFrom('import_rh').select('dossier_temporaire').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(r.dossier_temporaire, null);
    } finally {
      fs.rmSync(laisse, { recursive: true, force: true });
      fs.rmSync(autre, { recursive: true, force: true });
    }
  });

  test('un dossier illisible est signalé clairement', () => {
    assert.throws(() => sourceDossier(path.join(os.tmpdir(), 'nexiste-pas-vivier')), /Dossier illisible/);
  });
});
