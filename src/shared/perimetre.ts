/**
 * The scope of a staff account (DOMAIN.md §1): the corps, départements and établissements whose agents it reads and
 * handles. A list left out (or empty) does not restrict. The rule that applies it is `estDansPerimetre`
 * (src/features/dossier/perimetre.rules.ts) and its SQL twin `dansLePerimetre`; docs/SECURITE.md, "Périmètres".
 */
export type Perimetre = { corps?: string[]; departements?: string[]; etablissements?: string[] };
