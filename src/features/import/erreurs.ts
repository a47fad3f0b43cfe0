/** Import errors: stable codes, and where (file, line, column) for the gestionnaire to fix the file. */

export const CODES_ERREUR_IMPORT = [
  'FICHIER_OBLIGATOIRE_ABSENT',
  'FICHIER_INCONNU',
  'FICHIER_ILLISIBLE',
  'UTF8_INVALIDE',
  'CARACTERE_INTERDIT',
  'LIGNE_TROP_LONGUE',
  'TROP_DE_CHAMPS',
  'ENTETE_ABSENTE',
  'COLONNE_ABSENTE',
  'COLONNE_EN_DOUBLE',
  'SYNTAXE_CSV',
  'NOMBRE_DE_CHAMPS',
  'VALEUR_OBLIGATOIRE',
  'VALEUR_TROP_LONGUE',
  'CODE_INCONNU',
  'DATE_INVALIDE',
  'DATE_FIN_AVANT_DEBUT',
  'NOMBRE_INVALIDE',
  'ANNEE_SCOLAIRE_INVALIDE',
  'DOUBLON',
  'CARRIERE_MEME_DATE',
  'AGENT_INCONNU',
  'UAI_INCONNU',
] as const;
export type CodeErreurImport = (typeof CODES_ERREUR_IMPORT)[number];

/** `ligne` is the physical line of the file (1 = header); null for an error about the whole file. */
export type ErreurImport = {
  fichier: string;
  ligne: number | null;
  colonne: string | null;
  code: CodeErreurImport;
  message: string;
};

/** "agents.csv, ligne 12, colonne corps : Code inconnu…" — one line per error for lists and logs. */
export function formaterErreurImport(e: ErreurImport): string {
  const ou = [e.fichier, e.ligne === null ? null : `ligne ${e.ligne}`, e.colonne === null ? null : `colonne ${e.colonne}`].filter((x) => x !== null);
  return `${ou.join(', ')} : ${e.message}`;
}
