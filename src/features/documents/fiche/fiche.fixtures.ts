import type { CampagneDocument, DonneesFiche, IdentiteDocument, PeriodeDocument } from '../contrats.ts';

/** Test data of the campaign documents: French text with every accent and typographic sign the PDFs must keep. */

export const CAMPAGNE: CampagneDocument = {
  intitule: 'Accès à la classe exceptionnelle — professeurs des écoles — campagne 2019',
  corps: 'Professeurs des écoles',
  annee: 2019,
  // 12:00 in Paris (summer time).
  fermeture: new Date('2019-04-12T10:00:00Z'),
};

export const IDENTITE: IdentiteDocument = {
  agentId: 'A0012345',
  civilite: 'Mme',
  nom: 'LEFÈVRE-CŒUR',
  prenom: 'Hélène',
  dateNaissance: '1970-04-12',
  corps: 'Professeurs des écoles',
  discipline: 'Premier degré',
  situation: 'Hors-classe, 3e échelon depuis le 01/03/2018',
};

export const SHA_RAPPORT = '3f2a9c1b77de40aa91c4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f70';
export const SHA_ARRETE = 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789';

export const PERIODES: PeriodeDocument[] = [
  {
    du: '2010-09-01',
    au: '2014-08-31',
    nature: 'Fonction : directrice d’école',
    etablissement: 'École élémentaire Jules Verne, Amiens (0801234A)',
    source: 'Dossier administratif',
    commentaire: null,
    pieces: [],
  },
  {
    du: '2014-09-01',
    au: '2018-08-31',
    nature: 'Éducation prioritaire',
    etablissement: 'École primaire Louise Michel, Amiens (0801500K) — « REP+ »',
    source: 'Déclarée par l’agent',
    commentaire: 'Coordination du réseau, œuvre collective avec l’équipe ; ça compte à 100 % là où j’étais affectée.',
    pieces: [
      { nom: 'arrêté-d’affectation-2014.pdf', sha256: SHA_ARRETE },
      { nom: 'rapport_activité_REP+.pdf', sha256: SHA_RAPPORT },
    ],
  },
];

export function ficheExemple(): DonneesFiche {
  return {
    campagne: CAMPAGNE,
    identite: IDENTITE,
    eligibilite: {
      resume: ['Vous relevez du premier vivier : fonctions particulières et éducation prioritaire.', 'Huit années sont requises ; huit sont retenues.'],
      anneesRetenues: 8,
      anneesRequises: 8,
      annees: ['2010-2011', '2011-2012', '2012-2013', '2013-2014', '2014-2015', '2015-2016', '2016-2017', '2017-2018'].map((anneeScolaire, i) => ({
        anneeScolaire,
        qualifiante: true,
        explication: i < 4 ? 'Directrice d’école à 100 % toute l’année.' : 'Affectée en « éducation prioritaire » (REP+) toute l’année.',
      })),
    },
    periodes: PERIODES,
    statut: 'Enregistrée (validée)',
    // 18:32 in Paris.
    etablieLe: new Date('2019-04-10T16:32:00Z'),
  };
}

const LONG =
  'Année retenue au titre des fonctions de direction d’école à titre définitif ; la quotité de service était de 100 % et l’établissement était classé « REP+ » toute l’année, ce qui a été vérifié par le service de gestion à partir de l’arrêté d’affectation et du relevé de carrière. ';

/** Twenty years with long explanations and many periods: several pages, rows that wrap, one row taller than a page. */
export function ficheLongue(): DonneesFiche {
  const f = ficheExemple();
  const annees = Array.from({ length: 20 }, (_, i) => ({
    anneeScolaire: `${1999 + i}-${2000 + i}`,
    qualifiante: i % 3 !== 0,
    explication: i % 3 === 0 ? 'Non qualifiante : disponibilité pour convenances personnelles (mi-temps non compté).' : LONG.repeat(1 + (i % 4)),
  }));
  annees[7] = { anneeScolaire: '2006-2007', qualifiante: true, explication: `Ligne-très-longue-sans-espace-${'x'.repeat(120)} ${LONG.repeat(40)}Fin de l’explication de 2006-2007.` };
  const periodes = Array.from({ length: 12 }, (_, i): PeriodeDocument => ({
    ...PERIODES[1]!,
    du: `${2000 + i}-09-01`,
    au: `${2001 + i}-08-31`,
    commentaire: `Période n° ${i + 1} : ${LONG}`,
  }));
  return { ...f, eligibilite: { ...f.eligibilite, annees, anneesRetenues: 13, anneesRequises: 8 }, periodes };
}
