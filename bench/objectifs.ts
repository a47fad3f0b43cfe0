/** The goals the bench reports against (ratios to the baselines of the same run). */
export const OBJECTIFS = { ratioConnexionArgon2: 0.8, ratioAccueilReference: 0.5, p99AccueilMs: 50 } as const;
