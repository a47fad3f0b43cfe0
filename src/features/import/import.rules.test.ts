import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeErreurImport } from './erreurs.ts';
import { formaterErreurImport } from './erreurs.ts';
import { SERVICES } from './fichiers.ts';
import { validerImport } from './import.rules.ts';
import { lireFichierEnFlux, creerValidateurFichier } from './validateur.ts';

/** A small valid folder; each case replaces one file. */
const DOSSIER: Record<string, string> = {
  'etablissements.csv': 'uai;nom;commune;type\n0000001A;École A;Amiens;ECOLE\n0000002B;Collège B;Laon;COLLEGE\n',
  'labels_etablissements.csv': 'uai;annee_scolaire;label\n0000001A;2015-2016;REP\n',
  'agents.csv':
    'agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\n' +
    'A1;jdupont;M.;DUPONT;Jean;1970-01-01;jean.dupont@ac-amiens.fr;PE;PREMIER DEGRE;1995-09-01\n' +
    'A2;mmartin;Mme;MARTIN;Marie;1972-05-12;;CERTIFIE;LETTRES;1996-09-01\n',
  'carriere.csv': 'agent_id;date_effet;grade;echelon\nA1;1995-09-01;CN;1\nA1;2015-09-01;HC;3\n',
  'positions.csv': 'agent_id;date_debut;date_fin;position\nA1;1995-09-01;;ACTIVITE\n',
  'services.csv': 'agent_id;date_debut;date_fin;uai;fonction;part_service;statut;faisant_fonction\nA1;2015-09-01;2016-08-31;0000001A;ENSEIGNEMENT;100;TITULAIRE;0\n',
  'appreciations.csv': 'agent_id;vivier;appreciation\nA1;1;EXCELLENT\n',
  'avis.csv': 'agent_id;avis_1;avis_2\nA1;TRES_FAVORABLE;\nA2;FAVORABLE;TRES_FAVORABLE\n',
};

const avec = (fichier: string, contenu: string | Uint8Array | undefined) => {
  const d = new Map<string, string | Uint8Array>(Object.entries(DOSSIER));
  if (contenu === undefined) d.delete(fichier);
  else d.set(fichier, contenu);
  return d;
};

/** The text with one byte 0xC9 (É in Latin-1) inserted after `apres`: not UTF-8. */
const latin1 = (texte: string, apres: string) => {
  const i = texte.indexOf(apres) + apres.length;
  return new Uint8Array(Buffer.concat([Buffer.from(texte.slice(0, i)), Buffer.from([0xc9]), Buffer.from(texte.slice(i))]));
};

const resume = (fichiers: Map<string, string | Uint8Array>) => {
  const r = validerImport(fichiers);
  return r.ok ? [] : r.erreurs.map((e) => [e.fichier, e.ligne, e.colonne, e.code]);
};

describe('un dossier RH valide', () => {
  test('donne le jeu de données typé', () => {
    const r = validerImport(DOSSIER);
    assert.ok(r.ok);
    assert.deepEqual(r.jeu.services, [{ agent_id: 'A1', date_debut: '2015-09-01', date_fin: '2016-08-31', uai: '0000001A', fonction: 'ENSEIGNEMENT', part_service: 100, statut: 'TITULAIRE', faisant_fonction: false }]);
    assert.deepEqual(r.jeu.avis, [
      { agent_id: 'A1', avis_1: 'TRES_FAVORABLE', avis_2: null },
      { agent_id: 'A2', avis_1: 'FAVORABLE', avis_2: 'TRES_FAVORABLE' },
    ]);
    assert.deepEqual(r.jeu.appreciations, [{ agent_id: 'A1', vivier: 1, appreciation: 'EXCELLENT' }]);
  });

  test('les fichiers facultatifs absents donnent des listes vides', () => {
    const r = validerImport({ 'etablissements.csv': DOSSIER['etablissements.csv']!, 'agents.csv': DOSSIER['agents.csv']! });
    assert.ok(r.ok);
    assert.deepEqual([r.jeu.carriere, r.jeu.services, r.jeu.avis], [[], [], []]);
  });

  test('colonnes dans un autre ordre, colonne en trop, virgule, guillemets et dates JJ/MM/AAAA donnent le même jeu', () => {
    const services = 'statut,commentaire,agent_id,date_fin,date_debut,uai,fonction,part_service,faisant_fonction\r\nTITULAIRE,"remarque, avec ""guillemets""\net saut de ligne",A1,31/08/2016,01/09/2015,0000001A,ENSEIGNEMENT,100,0\r\n';
    const a = validerImport(DOSSIER);
    const b = validerImport(avec('services.csv', services));
    assert.ok(a.ok && b.ok);
    assert.deepEqual(b.jeu, a.jeu);
  });

  test('la longueur maximale se compte en caractères, comme PostgreSQL : 100 caractères hors du plan de base passent', () => {
    const nom = '𝒜'.repeat(100);
    const r = validerImport(avec('agents.csv', DOSSIER['agents.csv']!.replace('DUPONT', nom)));
    assert.ok(r.ok);
    assert.equal(r.jeu.agents[0]?.nom, nom);
    assert.deepEqual(resume(avec('agents.csv', DOSSIER['agents.csv']!.replace('DUPONT', `${nom}𝒜`))), [['agents.csv', 2, 'nom', 'VALEUR_TROP_LONGUE']]);
  });

  test('le fichier peut commencer par un BOM et être donné en octets', () => {
    const r = validerImport(avec('agents.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(DOSSIER['agents.csv']!)])));
    assert.ok(r.ok);
    assert.equal(r.jeu.agents[0]?.agent_id, 'A1');
  });
});

describe('chaque erreur est rapportée avec son fichier, sa ligne et sa colonne', () => {
  const cas: Array<[titre: string, fichier: string, contenu: string | Uint8Array | undefined, attendu: Array<[string, number | null, string | null, CodeErreurImport]>]> = [
    ['un corps inconnu', 'agents.csv', DOSSIER['agents.csv']!.replace(';PE;', ';INSTIT;'), [['agents.csv', 2, 'corps', 'CODE_INCONNU']]],
    ['une valeur obligatoire vide', 'agents.csv', DOSSIER['agents.csv']!.replace('A2;mmartin', 'A2;'), [['agents.csv', 3, 'identifiant', 'VALEUR_OBLIGATOIRE']]],
    ['un identifiant d’agent en double', 'agents.csv', DOSSIER['agents.csv']! + 'A1;jdupont2;M.;DUPONT;Jean;1970-01-01;;PE;;1995-09-01\n', [['agents.csv', 4, 'agent_id', 'DOUBLON']]],
    ['un UAI en double', 'etablissements.csv', DOSSIER['etablissements.csv']! + '0000001A;École A bis;Amiens;ECOLE\n', [['etablissements.csv', 4, 'uai', 'DOUBLON']]],
    ['une date impossible', 'carriere.csv', DOSSIER['carriere.csv']!.replace('2015-09-01', '31/02/2015'), [['carriere.csv', 3, 'date_effet', 'DATE_INVALIDE']]],
    ['deux lignes de carrière à la même date', 'carriere.csv', DOSSIER['carriere.csv']! + 'A1;01/09/2015;HC;4\n', [['carriere.csv', 4, 'date_effet', 'CARRIERE_MEME_DATE']]],
    ['un grade inconnu', 'carriere.csv', DOSSIER['carriere.csv']!.replace(';HC;', ';HORS_CLASSE;'), [['carriere.csv', 3, 'grade', 'CODE_INCONNU']]],
    ['un échelon hors de la grille', 'carriere.csv', DOSSIER['carriere.csv']!.replace(';HC;3', ';HC;0'), [['carriere.csv', 3, 'echelon', 'NOMBRE_INVALIDE']]],
    ['une date de fin avant la date de début', 'positions.csv', 'agent_id;date_debut;date_fin;position\nA1;1995-09-01;1995-08-31;ACTIVITE\n', [['positions.csv', 2, 'date_fin', 'DATE_FIN_AVANT_DEBUT']]],
    ['une position inconnue', 'positions.csv', 'agent_id;date_debut;date_fin;position\nA1;1995-09-01;;RETRAITE\n', [['positions.csv', 2, 'position', 'CODE_INCONNU']]],
    ['une position d’un agent inconnu', 'positions.csv', 'agent_id;date_debut;date_fin;position\nA9;1995-09-01;;ACTIVITE\n', [['positions.csv', 2, 'agent_id', 'AGENT_INCONNU']]],
    ['une quotité de 0', 'services.csv', DOSSIER['services.csv']!.replace(';100;', ';0;'), [['services.csv', 2, 'part_service', 'NOMBRE_INVALIDE']]],
    ['une quotité de 101', 'services.csv', DOSSIER['services.csv']!.replace(';100;', ';101;'), [['services.csv', 2, 'part_service', 'NOMBRE_INVALIDE']]],
    ['une quotité décimale', 'services.csv', DOSSIER['services.csv']!.replace(';100;', ';50.5;'), [['services.csv', 2, 'part_service', 'NOMBRE_INVALIDE']]],
    ['un statut inconnu', 'services.csv', DOSSIER['services.csv']!.replace('TITULAIRE', 'CONTRACTUEL'), [['services.csv', 2, 'statut', 'CODE_INCONNU']]],
    ['un faisant fonction ni 0 ni 1', 'services.csv', DOSSIER['services.csv']!.replace('TITULAIRE;0', 'TITULAIRE;oui'), [['services.csv', 2, 'faisant_fonction', 'CODE_INCONNU']]],
    ['une fonction inconnue', 'services.csv', DOSSIER['services.csv']!.replace('ENSEIGNEMENT', 'PROVISEUR'), [['services.csv', 2, 'fonction', 'CODE_INCONNU']]],
    ['un service dans un établissement inconnu', 'services.csv', DOSSIER['services.csv']!.replace(';0000001A;', ';0999999Z;'), [['services.csv', 2, 'uai', 'UAI_INCONNU']]],
    ['un service d’un agent inconnu', 'services.csv', DOSSIER['services.csv']!.replace('\nA1;', '\nA9;'), [['services.csv', 2, 'agent_id', 'AGENT_INCONNU']]],
    ['un label inconnu', 'labels_etablissements.csv', 'uai;annee_scolaire;label\n0000001A;2015-2016;ZEP\n', [['labels_etablissements.csv', 2, 'label', 'CODE_INCONNU']]],
    ['une année scolaire qui n’est pas Y-(Y+1)', 'labels_etablissements.csv', 'uai;annee_scolaire;label\n0000001A;2015-2017;REP\n', [['labels_etablissements.csv', 2, 'annee_scolaire', 'ANNEE_SCOLAIRE_INVALIDE']]],
    ['un label d’un établissement inconnu', 'labels_etablissements.csv', 'uai;annee_scolaire;label\n0999999Z;2015-2016;REP\n', [['labels_etablissements.csv', 2, 'uai', 'UAI_INCONNU']]],
    ['une appréciation en double pour le même vivier', 'appreciations.csv', 'agent_id;vivier;appreciation\nA1;1;EXCELLENT\nA1;2;SATISFAISANT\nA1;1;SATISFAISANT\n', [['appreciations.csv', 4, 'agent_id', 'DOUBLON']]],
    ['un vivier 3', 'appreciations.csv', 'agent_id;vivier;appreciation\nA1;3;EXCELLENT\n', [['appreciations.csv', 2, 'vivier', 'CODE_INCONNU']]],
    ['une appréciation inconnue', 'appreciations.csv', 'agent_id;vivier;appreciation\nA1;1;PASSABLE\n', [['appreciations.csv', 2, 'appreciation', 'CODE_INCONNU']]],
    ['une appréciation d’un agent inconnu', 'appreciations.csv', 'agent_id;vivier;appreciation\nA9;1;EXCELLENT\n', [['appreciations.csv', 2, 'agent_id', 'AGENT_INCONNU']]],
    ['une ligne d’avis en double', 'avis.csv', DOSSIER['avis.csv']! + 'A1;FAVORABLE;\n', [['avis.csv', 4, 'agent_id', 'DOUBLON']]],
    ['un avis inconnu', 'avis.csv', 'agent_id;avis_1;avis_2\nA2;FAVORABLE;RESERVE\n', [['avis.csv', 2, 'avis_2', 'CODE_INCONNU']]],
    ['un avis d’un agent inconnu', 'avis.csv', 'agent_id;avis_1;avis_2\nA9;FAVORABLE;\n', [['avis.csv', 2, 'agent_id', 'AGENT_INCONNU']]],
    ['un nombre de champs différent de l’en-tête', 'carriere.csv', 'agent_id;date_effet;grade;echelon\nA1;1995-09-01;CN\nA1;1996-09-01;CN;2;x\n', [['carriere.csv', 2, null, 'NOMBRE_DE_CHAMPS'], ['carriere.csv', 3, null, 'NOMBRE_DE_CHAMPS']]],
    ['une colonne obligatoire absente', 'carriere.csv', 'agent_id;date;grade;echelon\nA1;1995-09-01;CN;1\n', [['carriere.csv', 1, 'date_effet', 'COLONNE_ABSENTE']]],
    ['une ligne d’en-tête absente (les données commencent en ligne 1)', 'positions.csv', 'A1;1995-09-01;;ACTIVITE\n', ['agent_id', 'date_debut', 'date_fin', 'position'].map((c) => ['positions.csv', 1, c, 'COLONNE_ABSENTE'] as [string, number, string, CodeErreurImport])],
    ['une colonne lue figurant deux fois', 'avis.csv', 'agent_id;avis_1;avis_1;avis_2\nA1;FAVORABLE;FAVORABLE;\n', [['avis.csv', 1, 'avis_1', 'COLONNE_EN_DOUBLE']]],
    ['un fichier vide', 'positions.csv', '', [['positions.csv', 1, null, 'ENTETE_ABSENTE']]],
    ['un guillemet mal placé', 'carriere.csv', 'agent_id;date_effet;grade;echelon\nA1;1995-09-01;"CN"x;1\n', [['carriere.csv', 2, null, 'SYNTAXE_CSV']]],
    ['un octet qui n’est pas de l’UTF-8', 'agents.csv', latin1(DOSSIER['agents.csv']!, 'DUPONT'), [['agents.csv', 2, 'nom', 'UTF8_INVALIDE']]],
    ['un fichier obligatoire absent', 'etablissements.csv', undefined, [['etablissements.csv', null, null, 'FICHIER_OBLIGATOIRE_ABSENT']]],
    ['un fichier CSV inconnu', 'service.csv', 'x\n', [['service.csv', null, null, 'FICHIER_INCONNU']]],
    ['un nom de 10 240 caractères (limites.ts)', 'agents.csv', DOSSIER['agents.csv']!.replace('DUPONT', 'N'.repeat(10_240)), [['agents.csv', 2, 'nom', 'VALEUR_TROP_LONGUE']]],
    ['une adresse électronique de 255 caractères', 'agents.csv', DOSSIER['agents.csv']!.replace('jean.dupont@', `${'j'.repeat(242)}@`), [['agents.csv', 2, 'email', 'VALEUR_TROP_LONGUE']]],
    ['un UAI de 9 caractères', 'etablissements.csv', DOSSIER['etablissements.csv']!.replace('0000002B', '0000002BX'), [['etablissements.csv', 3, 'uai', 'VALEUR_TROP_LONGUE']]],
    ['un code démesuré', 'carriere.csv', DOSSIER['carriere.csv']!.replace(';HC;', `;${'H'.repeat(31)};`), [['carriere.csv', 3, 'grade', 'VALEUR_TROP_LONGUE']]],
    ['une date facultative démesurée', 'positions.csv', `agent_id;date_debut;date_fin;position\nA1;1995-09-01;${'9'.repeat(31)};ACTIVITE\n`, [['positions.csv', 2, 'date_fin', 'VALEUR_TROP_LONGUE']]],
    ['un identifiant d’agent trop long dans un fichier qui s’y réfère', 'avis.csv', `agent_id;avis_1;avis_2\n${'A'.repeat(21)};FAVORABLE;\n`, [['avis.csv', 2, 'agent_id', 'VALEUR_TROP_LONGUE']]],
    // The agent's id is still known: no « agent inconnu » in the five files that refer to A1.
    ['un caractère nul', 'agents.csv', DOSSIER['agents.csv']!.replace('DUPONT', 'DUP\0ONT'), [['agents.csv', 2, 'nom', 'CARACTERE_INTERDIT']]],
    ['un caractère nul dans l’en-tête', 'avis.csv', 'agent_id;avis_1;avis\0_2\nA1;FAVORABLE;\n', [['avis.csv', 1, null, 'CARACTERE_INTERDIT']]],
    ['une ligne de plus de 65 536 caractères', 'carriere.csv', `agent_id;date_effet;grade;echelon\nA1;1995-09-01;CN;1${' '.repeat(70_000)}\nA1;2015-09-01;HC;3\n`, [['carriere.csv', 2, null, 'LIGNE_TROP_LONGUE']]],
    ['une ligne de plus de 256 champs', 'avis.csv', `agent_id;avis_1;avis_2\nA1;FAVORABLE;${';'.repeat(300)}\n`, [['avis.csv', 2, null, 'TROP_DE_CHAMPS']]],
  ];
  for (const [titre, fichier, contenu, attendu] of cas) test(titre, () => assert.deepEqual(resume(avec(fichier, contenu)), attendu));

  test('les messages sont en français et situent l’erreur', () => {
    const r = validerImport(avec('services.csv', DOSSIER['services.csv']!.replace(';100;', ';150;')));
    assert.ok(!r.ok);
    assert.equal(formaterErreurImport(r.erreurs[0]!), 'services.csv, ligne 2, colonne part_service : Nombre entier de 1 à 100 attendu pour part_service, reçu « 150 ».');
  });

  test('une valeur trop longue n’est pas recopiée dans le message', () => {
    const r = validerImport(avec('agents.csv', DOSSIER['agents.csv']!.replace('DUPONT', 'N'.repeat(10_240))));
    assert.ok(!r.ok);
    assert.equal(formaterErreurImport(r.erreurs[0]!), 'agents.csv, ligne 2, colonne nom : La valeur de la colonne nom compte 10\u202f240 caractères : 100 au plus.');
  });

  test('toutes les erreurs sont rapportées, triées par fichier puis par ligne', () => {
    const fichiers = avec('services.csv', DOSSIER['services.csv']! + 'A1;2016-09-01;2016-08-31;0000001A;ENSEIGNEMENT;100;TITULAIRE;0\nA1;2017-02-30;;0000001A;TUTEUR;0;TITULAIRE;0\n');
    fichiers.set('agents.csv', DOSSIER['agents.csv']!.replace(';CERTIFIE;', ';PROF;'));
    assert.deepEqual(resume(fichiers), [
      ['agents.csv', 3, 'corps', 'CODE_INCONNU'],
      ['services.csv', 3, 'date_fin', 'DATE_FIN_AVANT_DEBUT'],
      ['services.csv', 4, 'date_debut', 'DATE_INVALIDE'],
      ['services.csv', 4, 'part_service', 'NOMBRE_INVALIDE'],
    ]);
  });

  test('un agent dont la ligne est en erreur n’entraîne pas d’erreurs de référence en cascade', () => {
    assert.deepEqual(resume(avec('agents.csv', DOSSIER['agents.csv']!.replace('1970-01-01', '1970-13-01'))), [['agents.csv', 2, 'date_naissance', 'DATE_INVALIDE']]);
  });
});

describe('lecture d’un fichier en flux', () => {
  test('les enregistrements valides sortent au fil des morceaux, les erreurs restent dans le validateur', async () => {
    const texte = 'agent_id;date_debut;date_fin;uai;fonction;part_service;statut;faisant_fonction\nA1;2015-09-01;;U1;DIRECTEUR_ECOLE;100;TITULAIRE;0\nA2;2015-09-01;;U1;DIRECTEUR_ECOLE;120;TITULAIRE;0\nA3;01/09/2016;;U2;ENSEIGNEMENT;50;STAGIAIRE;1\n';
    const octets = Buffer.from(texte);
    async function* morceaux() {
      for (let i = 0; i < octets.length; i += 7) yield octets.subarray(i, i + 7);
    }
    const validateur = creerValidateurFichier(SERVICES);
    const lus = [];
    for await (const l of lireFichierEnFlux(SERVICES, morceaux(), validateur)) lus.push([l.ligne, l.valeur.agent_id, l.valeur.date_debut]);
    assert.deepEqual(lus, [
      [2, 'A1', '2015-09-01'],
      [4, 'A3', '2016-09-01'],
    ]);
    assert.deepEqual(validateur.erreurs.map((e) => [e.ligne, e.colonne, e.code]), [[3, 'part_service', 'NOMBRE_INVALIDE']]);
  });

  test('un octet invalide arrête la lecture avec sa ligne', async () => {
    async function* morceaux() {
      yield Buffer.from('agent_id;vivier;appreciation\nA1;1;EXCELLENT\n');
      yield new Uint8Array([0x41, 0x32, 0x3b, 0xff, 0x0a]);
    }
    const { APPRECIATIONS_FICHIER } = await import('./fichiers.ts');
    const validateur = creerValidateurFichier(APPRECIATIONS_FICHIER);
    const lus = [];
    for await (const l of lireFichierEnFlux(APPRECIATIONS_FICHIER, morceaux(), validateur)) lus.push(l.valeur.agent_id);
    assert.deepEqual(lus, ['A1']);
    assert.deepEqual(validateur.erreurs.map((e) => [e.ligne, e.code]), [[3, 'UTF8_INVALIDE']]);
  });
});
