/**
 * The scope of a staff account (DOMAIN.md §1): the corps, disciplines, départements and établissements whose agents it
 * reads and handles. A list left out (or empty) does not restrict; `disciplines` narrows an évaluateur of the second
 * degree (an IA-IPR) to the agents of their discipline. The rule that applies it is `estDansPerimetre`
 * (src/features/dossier/perimetre.rules.ts) and its SQL twin `dansLePerimetre`; docs/SECURITE.md, "Périmètres".
 * Both are set by the administrator on the account page.
 */
export type Perimetre = { corps?: string[]; departements?: string[]; etablissements?: string[]; disciplines?: string[] };

/** Which évaluateur an account is, when it holds the role: it decides which avis or appreciation it gives. */
export type QualiteEvaluateur = 'CHEF_ETABLISSEMENT' | 'INSPECTEUR';
