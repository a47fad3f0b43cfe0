/**
 * Pièces justificatives: what is accepted is decided by the bytes themselves, never by the name or the declared type.
 * Pure rules shared by every upload (error reports, candidature periods, contestations); the reading of the
 * multipart body is `depot.ts`, beside this file.
 */

export const TYPES_PIECES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type TypePiece = (typeof TYPES_PIECES)[number];

export const TAILLE_MAX_PIECE = 10 * 1024 * 1024;

/**
 * A size as people read it, in binary units (the limits are powers of 1024: 10 × 1024² bytes is 10 Mio, about
 * 10.5 Mo — saying "10 Mo" would refuse a file of 10.2 Mo the message allows).
 */
export function tailleLisible(octets: number): string {
  if (octets >= 1024 ** 3) return `${arrondi(octets / 1024 ** 3)} Gio`;
  if (octets >= 1024 ** 2) return `${arrondi(octets / 1024 ** 2)} Mio`;
  if (octets >= 1024) return `${arrondi(octets / 1024)} Kio`;
  return `${octets} octets`;
}
const arrondi = (x: number) => String(Math.round(x * 10) / 10).replace('.', ',');
export const NOMBRE_MAX_PIECES = 5;

const SIGNATURES: ReadonlyArray<{ type: TypePiece; octets: readonly number[] }> = [
  { type: 'application/pdf', octets: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', octets: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', octets: [0xff, 0xd8, 0xff] },
];

/** The type read from the first bytes (magic number), or null for anything else. */
export function detecterType(contenu: Uint8Array): TypePiece | null {
  for (const s of SIGNATURES) {
    if (contenu.length >= s.octets.length && s.octets.every((o, i) => contenu[i] === o)) return s.type;
  }
  return null;
}

export const EXTENSION: Record<TypePiece, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** A file as received: `nom` is the name the browser sent ('' when the part had none). */
export type FichierRecu = { nom: string; contenu: Buffer; tronque: boolean };
export type VerdictPiece = { ok: true; type: TypePiece; nom: string } | { ok: false; message: string };
/** A pièce justificative already checked by content (type read from its bytes, size within the limit). */
export type PieceVerifiee = { nom: string; type: TypePiece; contenu: Buffer };

/** Checks one uploaded file; `tronque` means the upload went past the size limit and was cut. */
export function verifierPiece(f: FichierRecu): VerdictPiece {
  // A browser names every file it sends; a part without a name was not chosen in a file input.
  if (f.nom.trim() === '') return { ok: false, message: 'Un des fichiers envoyés n’a pas de nom : choisissez-le à nouveau dans le formulaire.' };
  const nom = nomDeFichier(f.nom);
  if (f.tronque || f.contenu.length > TAILLE_MAX_PIECE) return { ok: false, message: `Le fichier « ${nom} » dépasse la taille maximale de ${tailleLisible(TAILLE_MAX_PIECE)}.` };
  if (f.contenu.length === 0) return { ok: false, message: `Le fichier « ${nom} » est vide.` };
  const type = detecterType(f.contenu);
  if (!type) return { ok: false, message: `Le fichier « ${nom} » n’est ni un PDF, ni une image JPEG ou PNG : seuls ces formats sont acceptés.` };
  return { ok: true, type, nom };
}

/**
 * Checks the pièces of a form; the first refusal goes to `erreurs.pieces` (in the order received). Files beyond
 * NOMBRE_MAX_PIECES are refused as a whole.
 */
export function verifierPieces(recus: readonly FichierRecu[], erreurs: Record<string, string>): PieceVerifiee[] {
  const pieces: PieceVerifiee[] = [];
  if (recus.length > NOMBRE_MAX_PIECES) erreurs.pieces = `${NOMBRE_MAX_PIECES} pièces justificatives au plus.`;
  for (const fichier of recus) {
    const v = verifierPiece(fichier);
    if (!v.ok) erreurs.pieces ??= v.message;
    else pieces.push({ nom: v.nom, type: v.type, contenu: fichier.contenu });
  }
  return pieces;
}

/**
 * Characters a name shows differently from what it is: controls (C0, DEL, C1), format characters (bidirectional
 * overrides and isolates such as U+202E, zero-width spaces and joiners, soft hyphen, BOM) and line/paragraph
 * separators. "facture\u202Efdp.exe" reads "factureexe.pdf" in a page or a download dialog.
 */
const INVISIBLES = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** A displayable file name: no path, no control or invisible characters, no quote, at most 150 characters. */
export function nomDeFichier(brut: string): string {
  const base = brut.split(/[\\/]/).pop() ?? '';
  const propre = base.replace(INVISIBLES, '').replace(/"/g, '').trim().slice(0, 150);
  return propre || 'document';
}

/** The attachment name sent back: the stored name with the extension of the detected type. */
export function nomDeTelechargement(nom: string, type: TypePiece): string {
  const ext = EXTENSION[type];
  const sansExt = nom.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${sansExt || 'document'}.${ext}`;
}

/** Content-Disposition for an attachment, with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function dispositionPiece(nom: string): string {
  const ascii = nom.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\;]/g, '_') || 'document';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(nom)}`;
}
