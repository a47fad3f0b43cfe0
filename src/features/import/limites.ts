/**
 * Every bound of the HR import, as data: the longest value of each column of each file (DOMAIN.md §8), and how long
 * and how wide a record may be. Documented for the gestionnaires in docs/IMPORT.md (a test keeps both equal); the
 * free-text columns of `agent` and `etablissement` carry the same bounds as CHECK constraints (migration
 * 2026-12-01T1000_longueurs_rh, compared to this table by a test).
 *
 * Lengths are in characters (Unicode code points, as PostgreSQL's char_length counts them), measured on the value
 * without its surrounding spaces, which is what is stored.
 */

/** UAI (RNE): 7 characters and a check letter. */
const UAI = 8;
/** Agent number of the HR system (a NUMEN has 13 characters). */
const AGENT_ID = 20;
/**
 * A typed value (date, code of a closed vocabulary, number, 0/1 flag, school year): its own check bounds it (a date
 * has 10 characters, the longest code today 22), with a message more useful than a length (« Date invalide »,
 * « Code inconnu … valeurs admises »). This bound only keeps absurd values out of the checks and the messages.
 */
const TYPEE = 30;

export const LONGUEURS_MAX = {
  'etablissements.csv': { uai: UAI, nom: 150, commune: 100, type: 50 },
  'labels_etablissements.csv': { uai: UAI, annee_scolaire: TYPEE, label: TYPEE },
  'agents.csv': {
    agent_id: AGENT_ID,
    // The portal login (the login form takes up to 100 characters; an administrator's, up to 50).
    identifiant: 50,
    civilite: 10,
    nom: 100,
    prenom: 100,
    date_naissance: TYPEE,
    // RFC 5321: an address path holds at most 254 characters.
    email: 254,
    corps: TYPEE,
    discipline: 100,
    date_entree_corps: TYPEE,
  },
  'carriere.csv': { agent_id: AGENT_ID, date_effet: TYPEE, grade: TYPEE, echelon: TYPEE },
  'positions.csv': { agent_id: AGENT_ID, date_debut: TYPEE, date_fin: TYPEE, position: TYPEE },
  'services.csv': { agent_id: AGENT_ID, date_debut: TYPEE, date_fin: TYPEE, uai: UAI, fonction: TYPEE, part_service: TYPEE, statut: TYPEE, faisant_fonction: TYPEE },
  'appreciations.csv': { agent_id: AGENT_ID, vivier: TYPEE, appreciation: TYPEE },
  'avis.csv': { agent_id: AGENT_ID, avis_1: TYPEE, avis_2: TYPEE },
} as const satisfies Record<string, Record<string, number>>;

export type FichierImport = keyof typeof LONGUEURS_MAX;

/**
 * Bounds of one record (a line, or several when a quoted field holds line breaks), checked by the CSV reader before
 * any column is looked at: the reader never holds more than one chunk of the file and one record in memory, whatever
 * the file. Far above any valid record (an agents.csv line holds at most ~700 characters), so that a file with extra
 * columns, which are ignored, still passes.
 */
export const LIMITES_ENREGISTREMENT = { caracteresMax: 65_536, champsMax: 256 } as const;

export type LimitesEnregistrement = { caracteresMax: number; champsMax: number };

/** Number of characters (code points) of `texte`; the loop runs only for a text longer than `max` code units. */
export function depasse(texte: string, max: number): number | null {
  if (texte.length <= max) return null;
  let n = 0;
  for (let i = 0; i < texte.length; i++) {
    // A low surrogate is the second half of a character already counted.
    const c = texte.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n > max ? n : null;
}
