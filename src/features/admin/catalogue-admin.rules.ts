/** Pure rules of the catalogue: which addresses an application entry may point to. */

export const MAX_URL = 500;

/**
 * An application's address is either an https:// URL or a path of this site ("/iprof").
 * Refused: other schemes (javascript:, http:…), protocol-relative "//host", backslashes, spaces, credentials.
 * Returns a French message, or null when the address is acceptable.
 */
export function problemeUrlApplication(url: string): string | null {
  if (url === '') return 'L’adresse est obligatoire.';
  if (url.length > MAX_URL) return `L’adresse ne doit pas dépasser ${MAX_URL} caractères.`;
  if (/[\s\\\u0000-\u001f\u007f]/.test(url)) return 'L’adresse ne doit contenir ni espace ni caractère spécial (\\).';
  if (url.startsWith('/')) {
    if (url.startsWith('//')) return 'Un chemin interne commence par un seul « / » (exemple : /iprof).';
    return null;
  }
  if (!url.toLowerCase().startsWith('https://')) return 'L’adresse doit commencer par https:// ou être un chemin interne commençant par « / ».';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'L’adresse n’est pas une URL valide.';
  }
  if (u.protocol !== 'https:' || u.hostname === '') return 'L’adresse n’est pas une URL valide.';
  if (u.username !== '' || u.password !== '') return 'L’adresse ne doit pas contenir d’identifiant ni de mot de passe.';
  return null;
}
