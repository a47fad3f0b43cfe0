/** Pure rules of the outbox: retry schedule, status of a row, attachment name, error text kept. */

export type PolitiqueEnvoi = {
  /** Attempts before giving up; the row then stays in the outbox, visible as a failure. */
  tentativesMax: number;
  /** Delay after the first failure, doubled after each further one, up to `delaiMaxMs`. */
  delaiInitialMs: number;
  delaiMaxMs: number;
  /** A claimed row is reserved this long: a sender that dies mid-batch leaves it to the next sweep after it. */
  bailMs: number;
  /** Rows claimed per round trip, and per sweep (the rest goes to a follow-up sweep). */
  lot: number;
  parBalayage: number;
  /** The SMTP server unreachable: the next sweep comes after this delay (no attempt of a row is spent on it). */
  reessaiServeurMs: number;
};

/** 8 attempts spread over about two hours: 1, 2, 4 … 64 minutes apart. */
export const POLITIQUE_ENVOI: PolitiqueEnvoi = {
  tentativesMax: 8,
  delaiInitialMs: 60_000,
  delaiMaxMs: 6 * 3600_000,
  bailMs: 15 * 60_000,
  lot: 20,
  parBalayage: 200,
  reessaiServeurMs: 15_000,
};

/**
 * The SMTP server cannot be reached at all (connection refused or cut, no greeting, unknown host): no message is at
 * fault, every one would fail the same way. Not an SMTP answer (those carry `responseCode`).
 */
export function serveurInjoignable(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown } | null;
  if (!e || typeof e.responseCode === 'number') return false;
  return typeof e.code === 'string' && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH'].includes(e.code);
}

/**
 * An SMTP refusal with a permanent code (5xx: unknown mailbox, rejected message…) will fail the same way
 * again: the row is given up at once. Temporary codes (4xx) and network failures are retried.
 */
export function refusDefinitif(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Wait before the next attempt, once `echecs` attempts have failed (echecs ≥ 1). */
export function delaiAvantNouvelEssai(echecs: number, p: Pick<PolitiqueEnvoi, 'delaiInitialMs' | 'delaiMaxMs'>): number {
  const n = Math.max(1, Math.floor(echecs));
  return Math.min(p.delaiMaxMs, p.delaiInitialMs * 2 ** Math.min(n - 1, 30));
}

export type EtatCourriel =
  | { etat: 'ENVOYE'; le: Date }
  | { etat: 'EN_ATTENTE'; echecs: number; erreur: string | null; prochainEssai: Date | null }
  | { etat: 'ECHEC'; tentatives: number; erreur: string | null };

export function etatCourriel(
  c: { envoye_le: Date | null; tentatives: number; derniere_erreur: string | null; prochain_essai_le: Date | null },
  tentativesMax: number,
): EtatCourriel {
  if (c.envoye_le) return { etat: 'ENVOYE', le: c.envoye_le };
  if (c.tentatives >= tentativesMax) return { etat: 'ECHEC', tentatives: c.tentatives, erreur: c.derniere_erreur };
  return { etat: 'EN_ATTENTE', echecs: c.tentatives, erreur: c.derniere_erreur, prochainEssai: c.tentatives > 0 ? c.prochain_essai_le : null };
}

/** Only the accusé de réception is attached today; its file name carries the candidature's reference. */
export const TYPES_PIECE_JOINTE = ['ACCUSE_RECEPTION'] as const;
export type TypePieceJointe = (typeof TYPES_PIECE_JOINTE)[number];

export function estTypePieceJointe(t: string | null): t is TypePieceJointe {
  return (TYPES_PIECE_JOINTE as readonly (string | null)[]).includes(t);
}

/** "accuse-reception-CE2027-000042.pdf"; anything but letters, digits, dash and underscore becomes a dash. */
export function nomPieceJointe(reference: string): string {
  return `accuse-reception-${reference.replace(/[^A-Za-z0-9_-]+/g, '-')}.pdf`;
}

const LONGUEUR_ERREUR = 500;

/**
 * The error as stored in `derniere_erreur` and shown to administrators: message, SMTP code and reply,
 * with every secret (the SMTP password, the user:password of a URL) masked, and bounded in length.
 */
export function erreurLisible(err: unknown, secrets: readonly string[] = []): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { message?: unknown; code?: unknown; responseCode?: unknown };
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  const code = typeof e.code === 'string' && !message.includes(e.code) ? ` [${e.code}]` : '';
  let texte = `${message}${code}`.replace(/\s+/g, ' ').trim();
  texte = texte.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
  for (const s of secrets) if (s.length >= 3) texte = texte.split(s).join('***');
  return texte.length > LONGUEUR_ERREUR ? `${texte.slice(0, LONGUEUR_ERREUR - 1)}…` : texte;
}
