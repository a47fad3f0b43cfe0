/** The goals the bench reports against (ratios to the baselines of the same run). */
export const OBJECTIFS = { ratioConnexionArgon2: 0.8, ratioAccueilReference: 0.5, p99AccueilMs: 50 } as const;

/** Goals of the national sections (bench/national.ts). */
export const OBJECTIFS_NATIONAUX = {
  ratioImportCopie: 0.5,
  exportEligibiliteMs: 10_000,
  tableauNationalMs: 5_000,
  p99PageTableauMs: 100,
  publicationMs: 60_000,
  rssExportKio: 1024 * 1024,
  p99DossierMs: 50,
  ratioRushPgbench: 0.5,
  p99RushMs: 250,
  ratioAccusesNu: 0.8,
  dixMilleAccusesS: 180,
} as const;
