/**
 * A national-size académie in the import format of DOMAIN.md §8, generated deterministically (seeded PRNG: the same
 * arguments give the same bytes) and streamed to a folder, for the import, eligibility, dossier and campaign benches.
 *
 *   node --import tsx bench/generer-academie.ts --dossier /tmp/academie [--agents 200000] [--graine 2019]
 *
 * Per agent: a career from CN to HC (and CE for a few; one row per échelon, ~10 rows), an assignment history of
 * ~7 rows (a first year as STAGIAIRE, then stays of 2–6 school years, some part-time, some split between two
 * establishments, some with an eligible function or a mission beside teaching, some faisant fonction), and a few
 * positions (ACTIVITE from entry, sometimes a disponibilité, a parental leave, a détachement). Establishments
 * (one for 20 agents: ~10,000 for 200,000) carry éducation-prioritaire labels per school year from 1995-1996 (REP
 * and REP+ from 2015, EP historique before, politique de la ville, CLA, a few CEF). 200,000 agents make ~4 million
 * rows (~190 MB) in a few tens of seconds, with memory independent of the size. About 45 % of agents are PE.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** sfc32: small, fast, good enough statistically, and fully determined by the seed. */
function prng(graine: number): () => number {
  let a = 0x9e3779b9 ^ graine;
  let b = 0x243f6a88 ^ Math.imul(graine, 0x85ebca6b);
  let c = 0xb7e15162;
  let d = 1;
  const suivant = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) suivant();
  return suivant;
}

// ——— Calendar on day numbers (days since 1970-01-01, UTC), with ISO strings cached ———

const JOUR_MIN = Date.UTC(1930, 0, 1) / 86_400_000;
const JOUR_MAX = Date.UTC(2040, 0, 1) / 86_400_000;
const ISO: string[] = [];
for (let j = JOUR_MIN; j < JOUR_MAX; j++) ISO.push(new Date(j * 86_400_000).toISOString().slice(0, 10));
const iso = (j: number) => ISO[j - JOUR_MIN]!;
const jour = (a: number, m: number, d: number) => Date.UTC(a, m - 1, d) / 86_400_000;
const rentree = (a: number) => jour(a, 9, 1);
/** Adds a number of months (fractional allowed, rounded to days) to a day. */
const plusMois = (j: number, mois: number) => j + Math.round(mois * 30.4375);

/** Data as of the end of the 2024-2025 school year: rows after it are not written, the last ones are ongoing. */
const FIN_DONNEES = jour(2025, 8, 31);
const PREMIERE_ANNEE_LABELS = 1995;
const DERNIERE_ANNEE_LABELS = 2025;

// ——— Vocabularies ———

type Corps = 'PE' | 'CERTIFIE' | 'AGREGE' | 'PLP' | 'PEPS' | 'CPE' | 'PSYEN';
type TypeEtab = 'ECOLE' | 'COLLEGE' | 'LYCEE' | 'LP';

const REPARTITION_CORPS: Array<[Corps, number]> = [
  ['PE', 0.45],
  ['CERTIFIE', 0.28],
  ['AGREGE', 0.06],
  ['PLP', 0.08],
  ['PEPS', 0.05],
  ['CPE', 0.045],
  ['PSYEN', 0.035],
];
const REPARTITION_ETAB: Array<[TypeEtab, number]> = [
  ['ECOLE', 0.6],
  ['COLLEGE', 0.22],
  ['LYCEE', 0.1],
  ['LP', 0.08],
];
const TYPES_DU_CORPS: Record<Corps, Array<[TypeEtab, number]>> = {
  PE: [['ECOLE', 1]],
  CERTIFIE: [
    ['COLLEGE', 0.6],
    ['LYCEE', 0.4],
  ],
  AGREGE: [
    ['LYCEE', 0.8],
    ['COLLEGE', 0.2],
  ],
  PLP: [['LP', 1]],
  PEPS: [
    ['COLLEGE', 0.6],
    ['LYCEE', 0.3],
    ['LP', 0.1],
  ],
  CPE: [
    ['COLLEGE', 0.55],
    ['LYCEE', 0.3],
    ['LP', 0.15],
  ],
  PSYEN: [
    ['ECOLE', 0.5],
    ['COLLEGE', 0.5],
  ],
};
/** Stay-long functions (the row carries the function, the whole stay) and missions beside teaching (two rows). */
const FONCTIONS_DU_CORPS: Record<Corps, { poste: Array<[string, number]>; mission: Array<[string, number]> }> = {
  PE: {
    poste: [
      ['DIRECTEUR_ECOLE', 0.1],
      ['CHARGE_ECOLE', 0.02],
      ['CONSEILLER_PEDAGOGIQUE', 0.025],
      ['MAITRE_FORMATEUR', 0.025],
    ],
    mission: [
      ['REFERENT_HANDICAP', 0.01],
      ['TUTEUR', 0.02],
    ],
  },
  CERTIFIE: {
    poste: [
      ['DIR_ADJ_SEGPA', 0.01],
      ['ENS_SUP_STS', 0.02],
      ['ENS_SUP_UNIVERSITE', 0.005],
    ],
    mission: [
      ['FORMATEUR_ACADEMIQUE', 0.04],
      ['TUTEUR', 0.05],
      ['REFERENT_HANDICAP', 0.01],
    ],
  },
  AGREGE: {
    poste: [
      ['ENS_SUP_CPGE', 0.08],
      ['ENS_SUP_UNIVERSITE', 0.03],
    ],
    mission: [
      ['FORMATEUR_ACADEMIQUE', 0.05],
      ['TUTEUR', 0.03],
    ],
  },
  PLP: {
    poste: [['DDFPT', 0.05]],
    mission: [
      ['TUTEUR', 0.05],
      ['CFC', 0.02],
    ],
  },
  PEPS: {
    poste: [['DIR_UNSS', 0.02]],
    mission: [
      ['DIR_ADJ_UNSS', 0.05],
      ['TUTEUR', 0.03],
    ],
  },
  CPE: { poste: [], mission: [['TUTEUR', 0.04]] },
  PSYEN: { poste: [['DIR_CIO', 0.08]], mission: [['FORMATEUR_ACADEMIQUE', 0.02]] },
};
const DISCIPLINES: Record<Corps, string[]> = {
  PE: ['PREMIER DEGRE'],
  CERTIFIE: ['LETTRES MODERNES', 'MATHEMATIQUES', 'HISTOIRE GEOGRAPHIE', 'ANGLAIS', 'ESPAGNOL', 'ALLEMAND', 'SCIENCES PHYSIQUES', 'SVT', 'TECHNOLOGIE', 'ARTS PLASTIQUES', 'EDUCATION MUSICALE', 'DOCUMENTATION', 'SES', 'PHILOSOPHIE'],
  AGREGE: ['LETTRES CLASSIQUES', 'MATHEMATIQUES', 'HISTOIRE GEOGRAPHIE', 'ANGLAIS', 'SCIENCES PHYSIQUES', 'PHILOSOPHIE', 'SES'],
  PLP: ['GENIE MECANIQUE', 'GENIE ELECTRIQUE', 'LETTRES HISTOIRE', 'MATHS SCIENCES', 'ECO GESTION', 'BIOTECHNOLOGIES'],
  PEPS: ['EPS'],
  CPE: ['EDUCATION'],
  PSYEN: ['EDUCATION DEVELOPPEMENT APPRENTISSAGES', 'EDUCATION DEVELOPPEMENT CONSEIL ORIENTATION'],
};
const NOMS = [
  'MARTIN', 'BERNARD', 'THOMAS', 'PETIT', 'ROBERT', 'RICHARD', 'DURAND', 'DUBOIS', 'MOREAU', 'LAURENT', 'SIMON', 'MICHEL', 'LEFÈVRE', 'LEROY', 'ROUX', 'DAVID',
  'BERTRAND', 'MOREL', 'FOURNIER', 'GIRARD', 'BONNET', 'DUPONT', 'LAMBERT', 'FONTAINE', 'ROUSSEAU', 'VINCENT', 'MÜLLER', 'LEFEBVRE', 'FAURE', 'ANDRÉ', 'MERCIER',
  'BLANC', 'GUÉRIN', 'BOYER', 'GARNIER', 'CHEVALIER', 'FRANÇOIS', 'LEGRAND', 'GAUTHIER', 'GARCIA', 'PERRIN', 'ROBIN', 'CLÉMENT', 'MORIN', 'NICOLAS', 'HENRY',
  'ROUSSEL', 'MATHIEU', 'GAUTIER', 'MASSON', 'MARCHAND', 'DUVAL', 'DENIS', 'DUMONT', 'MARIE', 'LEMAIRE', 'NOËL', 'MEYER', 'DUFOUR', 'MEUNIER', 'BRUN', 'BLANCHARD',
  'GIRAUD', 'JOLY', 'RIVIÈRE', 'LUCAS', 'BRUNET', 'GAILLARD', 'BARBIER', 'ARNAUD', 'MARTINEZ', 'GÉRARD', 'ROCHE', 'RENARD', 'SCHMITT', 'ROY', 'LEROUX', 'COLIN',
  'VIDAL', 'CARON', 'PICARD', 'ROGER', 'FABRE', 'AUBERT', 'LEMOINE', 'RENAUD', 'DUMAS', 'LACROIX', 'OLIVIER', 'PHILIPPE', 'BOURGEOIS', 'PIERRE', 'BENOÎT', 'REY',
  'LECLERC', 'PAYET', 'ROLLAND', 'LECLERCQ', 'GUILLAUME', 'LECOMTE', 'LOPEZ', 'JEAN', 'DUPUY', 'GUILLOT', 'HUBERT', 'BERGER', 'CARPENTIER', 'SANCHEZ', 'DUPUIS',
  'MOULIN', 'LOUIS', 'DESCHAMPS', 'HUET', 'VASSEUR', 'PEREZ', 'BOUCHER', 'FLEURY', 'ROYER', 'KLEIN', 'JACQUET', 'ADAM', 'PARIS', 'POIRIER', 'MARTY', 'AUBRY',
  'GUYOT', 'CARRÉ', 'CHARLES', 'RENAULT', 'CHARPENTIER', 'MÉNARD', 'MAILLARD', 'BARON', 'BERTIN', 'BAILLY', 'HERVÉ', 'SCHNEIDER', 'FERNANDEZ', 'LE GALL', 'COLLET',
  'LÉGER', 'BOUVIER', 'JULIEN', 'PRÉVOST', 'MILLET', 'PERROT', 'DANIEL', 'LE ROUX', 'COUSIN', 'GERMAIN', 'BRETON', 'BESSON', 'LANGLOIS', 'RÉMY', 'LE GOFF',
  'PELLETIER', 'LÉVÊQUE', 'PERRIER', 'LEBLANC', 'BARRÉ', 'LEBRUN', 'MARCHAL', 'WEBER', 'MALLET', 'HAMON', 'BOULANGER', 'JACOB', 'MONNIER', 'MICHAUD', 'RODRIGUEZ',
  'GUICHARD', 'GILLET', 'ÉTIENNE', 'GRONDIN', 'POULAIN', 'TESSIER', 'CHEVALLIER', 'COLLIN', 'CHAUVIN', 'DA SILVA', 'BOUCHET', 'GAY', 'LEMAÎTRE', 'BÉNARD', "N'DIAYE",
  'DIALLO', 'NGUYEN', 'TRAORÉ', 'BENSAÏD', 'HADDAD', "D'ALMEIDA", 'OUVRARD', 'KOWALSKI', 'SCHWARTZ', 'LEBON', 'HOARAU',
];
const PRENOMS_F = ['Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Sandrine', 'Valérie', 'Christine', 'Véronique', 'Céline', 'Stéphanie', 'Sophie', 'Aurélie', 'Émilie', 'Julie', 'Camille', 'Laure', 'Anne', 'Hélène', 'Élodie', 'Chloé', 'Inès', 'Fatima', 'Léa', 'Noémie', 'Agnès', 'Béatrice', 'Florence', 'Muriel', 'Séverine'];
const PRENOMS_H = ['Jean', 'Philippe', 'Michel', 'Alain', 'Patrick', 'Nicolas', 'Christophe', 'Pierre', 'Laurent', 'Frédéric', 'Stéphane', 'Olivier', 'David', 'Éric', 'Sébastien', 'Julien', 'Thomas', 'Mathieu', 'Guillaume', 'Jérôme', 'François', 'Antoine', 'Hervé', 'Karim', 'Mehdi', 'Benoît', 'Cédric', 'Grégory', 'Loïc', 'Yannick'];
const DEPARTEMENTS: Array<[string, string[]]> = [
  ['075', ['Paris']],
  ['077', ['Melun', 'Meaux', 'Chelles', 'Pontault-Combault', 'Savigny-le-Temple', 'Champs-sur-Marne', 'Torcy', 'Provins', 'Fontainebleau']],
  ['078', ['Versailles', 'Sartrouville', 'Mantes-la-Jolie', 'Saint-Germain-en-Laye', 'Poissy', 'Trappes', 'Les Mureaux', 'Rambouillet']],
  ['091', ['Évry-Courcouronnes', 'Corbeil-Essonnes', 'Massy', 'Savigny-sur-Orge', 'Grigny', 'Palaiseau', 'Étampes', 'Athis-Mons']],
  ['092', ['Nanterre', 'Boulogne-Billancourt', 'Colombes', 'Asnières-sur-Seine', 'Gennevilliers', 'Clichy', 'Antony', 'Rueil-Malmaison']],
  ['093', ['Saint-Denis', 'Montreuil', 'Aubervilliers', 'Aulnay-sous-Bois', 'Drancy', 'Bondy', 'Épinay-sur-Seine', 'Sevran', 'Clichy-sous-Bois']],
  ['094', ['Créteil', 'Vitry-sur-Seine', 'Champigny-sur-Marne', 'Saint-Maur-des-Fossés', 'Ivry-sur-Seine', 'Villejuif', 'Maisons-Alfort', 'Choisy-le-Roi']],
  ['095', ['Argenteuil', 'Cergy', 'Sarcelles', 'Garges-lès-Gonesse', 'Pontoise', 'Franconville', 'Goussainville', 'Villiers-le-Bel']],
];
const PERSONNALITES = ['Jules Verne', 'Louise Michel', 'Jean Jaurès', 'Victor Hugo', 'Marie Curie', 'Jean Moulin', 'Paul Langevin', 'Jacques Prévert', 'Simone Veil', 'Condorcet', 'Voltaire', 'Jean de La Fontaine', 'Pablo Picasso', 'Albert Camus', 'Colette', 'George Sand', 'Aimé Césaire', 'Olympe de Gouges', 'Pierre et Marie Curie', 'Paul Éluard', 'Romain Rolland', 'Anatole France', 'Lucie Aubrac', 'Germaine Tillion', 'Joséphine Baker', 'Charles Péguy', 'Gustave Eiffel', 'Jules Ferry', 'Henri Wallon', 'Louis Pasteur', 'Antoine de Saint-Exupéry', 'Frédéric Mistral', 'Émile Zola', 'Danielle Casanova', 'Robert Desnos', 'Claude Monet', 'Françoise Dolto', 'Gisèle Halimi', 'Niki de Saint Phalle', 'Rosa Parks'];
const LIBELLE_TYPE: Record<TypeEtab, string[]> = {
  ECOLE: ['École élémentaire', 'École maternelle', 'École primaire'],
  COLLEGE: ['Collège'],
  LYCEE: ['Lycée', 'Lycée général et technologique'],
  LP: ['Lycée professionnel', 'Lycée des métiers'],
};
const LETTRES_UAI = 'ABCDEFGHJKLMNPRSTUVWXYZ';

// ——— Buffered, back-pressured file writing ———

class Fichier {
  private morceaux: string[] = [];
  private taille = 0;
  lignes = 0;
  octets = 0;
  private readonly flux: fs.WriteStream;
  constructor(chemin: string, entete: string) {
    this.flux = fs.createWriteStream(chemin, { highWaterMark: 1 << 20 });
    this.morceaux.push(`${entete}\n`);
  }
  /** Adds a line; returns a promise only when the buffer was handed to a stream that asks to wait. */
  ecrire(ligne: string): Promise<void> | undefined {
    this.morceaux.push(ligne, '\n');
    this.taille += ligne.length + 1;
    this.lignes++;
    return this.taille >= 1 << 19 ? this.vider() : undefined;
  }
  private vider(): Promise<void> | undefined {
    if (this.morceaux.length === 0) return undefined;
    const texte = this.morceaux.join('');
    this.morceaux = [];
    this.taille = 0;
    const b = Buffer.from(texte, 'utf8');
    this.octets += b.length;
    if (this.flux.write(b)) return undefined;
    return new Promise((ok) => this.flux.once('drain', ok));
  }
  async fermer(): Promise<void> {
    await this.vider();
    await new Promise<void>((ok, ko) => this.flux.end((e?: Error | null) => (e ? ko(e) : ok())));
  }
}

// ——— Generation ———

export type ResumeAcademie = {
  dossier: string;
  agents: number;
  graine: number;
  lignes: Record<string, number>;
  octets: Record<string, number>;
  total: number;
  parCorps: Record<string, number>;
  dureeS: number;
};

type Etab = { uai: string; type: TypeEtab; rep: boolean };

function choisir<T>(alea: () => number, table: ReadonlyArray<readonly [T, number]>): T {
  let x = alea();
  for (const [v, p] of table) {
    if (x < p) return v;
    x -= p;
  }
  return table[table.length - 1]![0];
}
const parmi = <T>(alea: () => number, t: readonly T[]): T => t[Math.floor(alea() * t.length)]!;
const entre = (alea: () => number, min: number, max: number) => min + Math.floor(alea() * (max - min + 1));
const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

/** Writes the six files of the académie into `dossier` (created if needed; existing files are replaced). */
export async function genererAcademie(opts: { dossier: string; agents: number; graine?: number }): Promise<ResumeAcademie> {
  const debut = performance.now();
  const graine = opts.graine ?? 2019;
  const alea = prng(graine);
  fs.mkdirSync(opts.dossier, { recursive: true });
  const f = (nom: string, entete: string) => new Fichier(path.join(opts.dossier, nom), entete);
  const etablissements = f('etablissements.csv', 'uai;nom;commune;type');
  const labels = f('labels_etablissements.csv', 'uai;annee_scolaire;label');
  const agents = f('agents.csv', 'agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps');
  const carriere = f('carriere.csv', 'agent_id;date_effet;grade;echelon');
  const positions = f('positions.csv', 'agent_id;date_debut;date_fin;position');
  const services = f('services.csv', 'agent_id;date_debut;date_fin;uai;fonction;part_service;statut;faisant_fonction');

  // Establishments and their labels: one establishment for 20 agents.
  const nbEtab = Math.max(40, Math.round(opts.agents / 20));
  const parType = new Map<TypeEtab, Etab[]>(REPARTITION_ETAB.map(([t]) => [t, []]));
  const numeros = new Map<string, number>();
  for (let i = 0; i < nbEtab; i++) {
    const type = i < REPARTITION_ETAB.length ? REPARTITION_ETAB[i]![0] : choisir(alea, REPARTITION_ETAB);
    const [dep, communes] = parmi(alea, DEPARTEMENTS);
    const n = (numeros.get(dep) ?? 0) + 1 + entre(alea, 0, 2);
    numeros.set(dep, n);
    const uai = `${dep}${String(n).padStart(4, '0')}${LETTRES_UAI[n % 23]}`;
    const nom = `${parmi(alea, LIBELLE_TYPE[type])} ${parmi(alea, PERSONNALITES)}`;
    await etablissements.ecrire(`${uai};${nom};${parmi(alea, communes)};${type}`);
    // Éducation prioritaire: REP / REP+ from 2015 (most were EP before), lycées EP historique until 2014 then sometimes politique de la ville.
    const x = alea();
    let rep = false;
    const annees: Array<[number, number, string]> = [];
    if (type === 'ECOLE' || type === 'COLLEGE') {
      if (x < 0.16) {
        rep = true;
        const label = x < 0.045 ? 'REP_PLUS' : 'REP';
        const avant = alea() < 0.8 ? entre(alea, PREMIERE_ANNEE_LABELS, 2008) : null;
        if (avant !== null) annees.push([avant, 2014, 'EP_HISTORIQUE']);
        annees.push([2015, DERNIERE_ANNEE_LABELS, label]);
      } else if (x < 0.18) {
        rep = true;
        annees.push([entre(alea, PREMIERE_ANNEE_LABELS, 2005), 2014, 'EP_HISTORIQUE']);
      }
      if (type === 'COLLEGE' && alea() < 0.03) annees.push([entre(alea, 2010, 2020), DERNIERE_ANNEE_LABELS, 'CLA']);
    } else if (x < 0.12) {
      rep = true;
      annees.push([entre(alea, PREMIERE_ANNEE_LABELS, 2004), 2014, 'EP_HISTORIQUE']);
      if (alea() < 0.5) annees.push([2015, DERNIERE_ANNEE_LABELS, 'POLITIQUE_VILLE']);
    } else if (x < 0.125) annees.push([2012, DERNIERE_ANNEE_LABELS, 'PENITENTIAIRE_CEF']);
    for (const [de, a, label] of annees) for (let y = de; y <= a; y++) await labels.ecrire(`${uai};${y}-${y + 1};${label}`);
    parType.get(type)!.push({ uai, type, rep });
  }

  const repParType = new Map([...parType].map(([t, l]) => [t, l.filter((e) => e.rep)]));
  const parCorps: Record<string, number> = {};
  const ecrire = (fichier: Fichier, ligne: string) => fichier.ecrire(ligne);
  for (let i = 1; i <= opts.agents; i++) {
    const id = `A${String(i).padStart(7, '0')}`;
    const corps = choisir(alea, REPARTITION_CORPS);
    parCorps[corps] = (parCorps[corps] ?? 0) + 1;
    const femme = alea() < (corps === 'PE' ? 0.83 : 0.6);
    const nom = parmi(alea, NOMS);
    const prenom = parmi(alea, femme ? PRENOMS_F : PRENOMS_H);
    // Entry in the corps: more in the 2000s; usually at the rentrée, sometimes during the year (détachement, liste d'aptitude).
    const anneeEntree = alea() < 0.7 ? entre(alea, 1985, 2022) : entre(alea, 1995, 2015);
    const entree = alea() < 0.9 ? rentree(anneeEntree) : jour(anneeEntree, entre(alea, 1, 12), entre(alea, 1, 28));
    const naissance = entree - Math.round((22 + alea() * 12) * 365.25);
    const email = alea() < 0.04 ? '' : `${ascii(prenom)}.${ascii(nom)}${i}@ac-bench.invalid`;
    const identifiant = `${ascii(prenom).slice(0, 1)}${ascii(nom)}${i}`;
    const p1 = ecrire(agents, `${id};${identifiant};${femme ? 'Mme' : 'M.'};${nom};${prenom};${iso(naissance)};${email};${corps};${parmi(alea, DISCIPLINES[corps])};${iso(entree)}`);
    if (p1) await p1;

    // Career: CN échelons at the grid's pace (± rendez-vous de carrière), HC after CN 9, CE for a few from 2017.
    const vitesse = 0.85 + alea() * 0.3;
    const DUREES_CN = [1, 1, 2, 2, 2.5, 3, 3, 3.5, 4, 4];
    const hcMax = corps === 'AGREGE' ? 4 : 7;
    let date = entree;
    let grade: 'CN' | 'HC' | 'CE' = 'CN';
    let echelon = alea() < 0.2 ? entre(alea, 2, 4) : 1;
    const dispo = alea() < 0.12 ? { de: rentree(Math.min(2023, Math.max(anneeEntree + 3, entre(alea, 1990, 2022)))), annees: entre(alea, 1, 3) } : null;
    for (;;) {
      if (date > FIN_DONNEES) break;
      const p = ecrire(carriere, `${id};${iso(date)};${grade};${echelon}`);
      if (p) await p;
      let suivante: number;
      if (grade === 'CN') {
        suivante = echelon >= 11 ? Infinity : plusMois(date, DUREES_CN[echelon - 1]! * 12 * vitesse);
        // Hors-classe: from CN 9 with two years in it, at a rentrée, with a yearly chance.
        if (echelon >= 9) {
          const an = new Date(Math.max(plusMois(date, 24), date + 1) * 86_400_000).getUTCFullYear();
          for (let y = an + 1; y <= 2025; y++) {
            if (alea() < 0.45) {
              const promu = rentree(y);
              if (promu < suivante) {
                suivante = -promu;
              }
              break;
            }
          }
        }
        if (suivante < 0) {
          date = -suivante;
          grade = 'HC';
          echelon = Math.max(1, echelon - 8);
          continue;
        }
        if (suivante === Infinity) break;
        date = suivante;
        echelon++;
      } else if (grade === 'HC') {
        if (echelon >= 3 && date >= rentree(2016) && alea() < 0.12) {
          date = rentree(new Date(plusMois(date, 12) * 86_400_000).getUTCFullYear() + (alea() < 0.5 ? 0 : 1));
          grade = 'CE';
          echelon = 1;
          continue;
        }
        if (echelon >= hcMax) break;
        date = plusMois(date, (echelon < 3 ? 24 : 30) * vitesse);
        echelon++;
      } else {
        if (echelon >= 5) break;
        date = plusMois(date, 24 + 12 * alea());
        echelon++;
      }
    }

    // Positions: ACTIVITE from entry for most; some disponibilité, parental leave, détachement, MAD, long leave.
    if (alea() < 0.6) await ecrire(positions, `${id};${iso(entree)};;ACTIVITE`);
    if (dispo) await ecrire(positions, `${id};${iso(dispo.de)};${iso(rentree(new Date(dispo.de * 86_400_000).getUTCFullYear() + dispo.annees) - 1)};DISPONIBILITE`);
    const y = alea();
    if (y < 0.08) {
      const de = Math.max(entree + 365, rentree(entre(alea, 1995, 2024)) + entre(alea, 0, 200));
      if (de < FIN_DONNEES) await ecrire(positions, `${id};${iso(de)};${iso(de + entre(alea, 120, 700))};CONGE_PARENTAL`);
    } else if (y < 0.11) {
      const de = rentree(Math.max(anneeEntree + 2, entre(alea, 2005, 2024)));
      if (de < FIN_DONNEES) await ecrire(positions, `${id};${iso(de)};${alea() < 0.5 ? '' : iso(rentree(new Date(de * 86_400_000).getUTCFullYear() + entre(alea, 1, 4)) - 1)};DETACHEMENT`);
    } else if (y < 0.125) {
      const de = rentree(Math.max(anneeEntree + 2, entre(alea, 2005, 2024)));
      if (de < FIN_DONNEES) await ecrire(positions, `${id};${iso(de)};${iso(rentree(new Date(de * 86_400_000).getUTCFullYear() + entre(alea, 1, 3)) - 1)};MAD`);
    } else if (y < 0.13) {
      const de = rentree(Math.max(anneeEntree + 2, entre(alea, 2005, 2024))) + entre(alea, 0, 200);
      if (de < FIN_DONNEES) await ecrire(positions, `${id};${iso(de)};${iso(de + entre(alea, 180, 1000))};CONGE_LONGUE_DUREE`);
    }

    // Services: a first year as STAGIAIRE, then stays of whole school years (none during a disponibilité).
    const types = TYPES_DU_CORPS[corps];
    const fonctions = FONCTIONS_DU_CORPS[corps];
    const etabAuHasard = () => {
      const liste = parType.get(choisir(alea, types))!;
      return liste.length ? parmi(alea, liste) : parmi(alea, parType.get('ECOLE')!);
    };
    const anneeDebut = new Date(entree * 86_400_000).getUTCFullYear() - (entree < jour(new Date(entree * 86_400_000).getUTCFullYear(), 9, 1) ? 1 : 0);
    const stage = etabAuHasard();
    const finStage = Math.min(FIN_DONNEES, rentree(anneeDebut + 1) - 1);
    await ecrire(services, `${id};${iso(entree)};${finStage >= FIN_DONNEES ? '' : iso(finStage)};${stage.uai};ENSEIGNEMENT;100;STAGIAIRE;0`);
    const dispoDe = dispo ? new Date(dispo.de * 86_400_000).getUTCFullYear() : Infinity;
    const dispoA = dispo ? dispoDe + dispo.annees : -Infinity;
    // Stays are a little longer in REP (teachers stay for the vivier 1 years), and a REP school is chosen more often after one.
    let precedent: Etab | null = null;
    for (let an = anneeDebut + 1; rentree(an) <= FIN_DONNEES; ) {
      if (an >= dispoDe && an < dispoA) {
        an = dispoA;
        continue;
      }
      let duree = entre(alea, 2, 6);
      const etab: Etab = precedent?.rep && alea() < 0.6 ? (alea() < 0.5 ? precedent : parmi(alea, repParType.get(precedent.type)!)) : etabAuHasard();
      if (etab.rep) duree += entre(alea, 0, 3);
      let fin = an + duree;
      if (an < dispoDe && fin > dispoDe) fin = dispoDe;
      const du = rentree(an);
      const au = rentree(fin) - 1;
      const enCours = au >= FIN_DONNEES;
      const auTexte = enCours ? '' : iso(au);
      const part = alea() < 0.1 ? parmi(alea, [50, 80, 90]) : 100;
      const poste = fonctions.poste.length ? choisir(alea, [...fonctions.poste, ['', 1]] as Array<[string, number]>) : '';
      const mission = choisir(alea, [...fonctions.mission, ['', 1]] as Array<[string, number]>);
      const ff = poste && alea() < 0.04 ? 1 : 0;
      if (alea() < 0.08 && !poste) {
        // Split between two establishments, half time each.
        const autre = etabAuHasard();
        await ecrire(services, `${id};${iso(du)};${auTexte};${etab.uai};ENSEIGNEMENT;50;TITULAIRE;0`);
        if (autre.uai !== etab.uai) await ecrire(services, `${id};${iso(du)};${auTexte};${autre.uai};ENSEIGNEMENT;50;TITULAIRE;0`);
      } else if (mission && !poste) {
        await ecrire(services, `${id};${iso(du)};${auTexte};${etab.uai};ENSEIGNEMENT;${Math.min(part, 80)};TITULAIRE;0`);
        await ecrire(services, `${id};${iso(du)};${auTexte};${etab.uai};${mission};20;TITULAIRE;0`);
      } else {
        await ecrire(services, `${id};${iso(du)};${auTexte};${etab.uai};${poste || 'ENSEIGNEMENT'};${part};TITULAIRE;${ff}`);
      }
      precedent = etab;
      an = fin;
    }
  }

  const fichiers = { etablissements, labels_etablissements: labels, agents, carriere, positions, services };
  for (const x of Object.values(fichiers)) await x.fermer();
  const lignes = Object.fromEntries(Object.entries(fichiers).map(([k, v]) => [k, v.lignes]));
  return {
    dossier: path.resolve(opts.dossier),
    agents: opts.agents,
    graine,
    lignes,
    octets: Object.fromEntries(Object.entries(fichiers).map(([k, v]) => [k, v.octets])),
    total: Object.values(lignes).reduce((a, b) => a + b, 0),
    parCorps,
    dureeS: (performance.now() - debut) / 1000,
  };
}

async function principal(): Promise<void> {
  const { values } = parseArgs({ options: { dossier: { type: 'string' }, agents: { type: 'string', default: '200000' }, graine: { type: 'string', default: '2019' } } });
  if (!values.dossier) throw new Error('Usage : node --import tsx bench/generer-academie.ts --dossier DOSSIER [--agents 200000] [--graine 2019]');
  const agents = Number(values.agents);
  if (!Number.isInteger(agents) || agents < 1) throw new Error('--agents : un entier positif');
  const r = await genererAcademie({ dossier: values.dossier, agents, graine: Number(values.graine) });
  const mo = Object.values(r.octets).reduce((a, b) => a + b, 0) / 2 ** 20;
  console.log(`${r.dossier} : ${r.total.toLocaleString('fr-FR')} lignes (${mo.toFixed(0)} Mio) en ${r.dureeS.toFixed(1)} s, RSS max ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} Mio`);
  for (const [k, v] of Object.entries(r.lignes)) console.log(`  ${k.padEnd(24)} ${v.toLocaleString('fr-FR').padStart(12)}`);
  console.log(`  par corps : ${Object.entries(r.parCorps).map(([c, n]) => `${c} ${n}`).join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  principal().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
