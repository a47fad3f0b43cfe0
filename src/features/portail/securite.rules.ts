/** Pure rules of the security pages: what the home page says of failed attempts, how a session's browser is named. */

/** "2 tentatives de connexion ont échoué depuis votre dernière connexion" (singular for one), null for none. */
export function phraseEchecs(n: number): string | null {
  if (!Number.isInteger(n) || n <= 0) return null;
  return n === 1
    ? '1 tentative de connexion a échoué depuis votre dernière connexion.'
    : `${n.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ')} tentatives de connexion ont échoué depuis votre dernière connexion.`;
}

const NAVIGATEURS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bFxiOS\/(\d+)/, 'Firefox'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bHeadlessChrome\/(\d+)/, 'Chrome sans interface'],
  [/\bChrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const SYSTEMES: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * A session's browser in words, from its User-Agent: "Firefox 133 sur Linux". Only names and a major version are
 * taken from the header (it is sent by the browser, anything can be in it); unknown: "Navigateur inconnu".
 */
export function decrireNavigateur(agentUtilisateur: string | null): string {
  const ua = agentUtilisateur ?? '';
  let navigateur: string | null = null;
  for (const [motif, nom] of NAVIGATEURS) {
    const m = motif.exec(ua);
    if (m) {
      navigateur = `${nom} ${m[1]}`;
      break;
    }
  }
  const systeme = SYSTEMES.find(([motif]) => motif.test(ua))?.[1] ?? null;
  if (!navigateur && !systeme) return 'Navigateur inconnu';
  if (!navigateur) return `Navigateur inconnu sur ${systeme}`;
  return systeme ? `${navigateur} sur ${systeme}` : navigateur;
}

/** A passkey's name: trimmed, 1 to 60 characters, no control character. */
export const NOM_CLE_MAX = 60;

export function verifierNomCle(saisi: string): { ok: true; nom: string } | { ok: false; message: string } {
  const nom = saisi.replace(/\s+/g, ' ').trim();
  if (nom === '') return { ok: false, message: 'Donnez un nom à cette clé d’accès (par exemple « Téléphone » ou « Ordinateur du bureau »).' };
  if ([...nom].length > NOM_CLE_MAX) return { ok: false, message: `Le nom de la clé d’accès ne doit pas dépasser ${NOM_CLE_MAX} caractères.` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(nom)) return { ok: false, message: 'Le nom de la clé d’accès contient un caractère non imprimable.' };
  return { ok: true, nom };
}

/** How long a WebAuthn challenge can be answered, and a pending second factor completed. */
export const DUREE_DEFI_MS = 5 * 60_000;
