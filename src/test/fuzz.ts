import type { InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * The pieces of the route fuzz test (src/routes.fuzz.int.test.ts): a seeded random generator, the hostile values of
 * issue 10, the bodies that carry them, and the check of one response. Pure: no app, no database.
 */

/** mulberry32: a small generator whose sequence depends on its seed only (same seed, same requests). */
export function generateur(graine: number) {
  let a = graine >>> 0;
  const suivant = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    suivant,
    entier: (n: number) => Math.floor(suivant() * n),
    parmi<T>(liste: readonly T[]): T {
      return liste[Math.floor(suivant() * liste.length)]!;
    },
  };
}
export type Generateur = ReturnType<typeof generateur>;

/** Hostile values of a URL parameter, already percent-encoded for the path (issue 10: "nom", ids out of range…). */
export const PARAMETRES_HOSTILES: readonly string[] = [
  'nom',
  '-1',
  '0',
  '99999999999999999999',
  '1e3',
  '%00',
  '%C3%28',
  '%FF',
  '%E2%80%AE1', // U+202E, right-to-left override
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(90),
  '9'.repeat(300),
];

/** Hostile query strings (percent-encoded). */
export const REQUETES_HOSTILES: readonly string[] = [
  'q=%00',
  'q=%C3%28',
  'q=%FF',
  'q=%E2%80%AEevil%E2%80%AC',
  `q=${'a'.repeat(20_000)}`,
  'q=a&q=b&q[]=c',
  'page=-1&page=99999999999999999999',
  'retour=%2F%2Fexemple.invalid&id=%00',
  'q[a][b]=1&__proto__=1',
];

/** Hostile text values for form fields (decoded: the bodies encode them). */
export const VALEURS_HOSTILES: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202eevil\u202c',
  'x'.repeat(10_000),
  '-1',
  '99999999999999999999',
  '2026-13-45T25:61',
  '<script>alert(1)</script>',
  ' ',
  '',
];

/** `transport`: malformed at the HTTP level (parsed before the access check); the others reach a handler's form parsing. */
export type Corps = { nom: string; options: Pick<InjectOptions, 'payload' | 'headers'>; transport?: true };

/**
 * encodeURIComponent, except that half of a UTF-16 pair (which it refuses) is sent as the bytes a careless encoder
 * would write for it (ED A0 80: invalid UTF-8).
 */
export function encoder(v: string): string {
  return v
    .split(/((?:[\ud800-\udbff](?![\udc00-\udfff]))|(?:(?<![\ud800-\udbff])[\udc00-\udfff]))/)
    .map((morceau, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(morceau)))
    .join('');
}
const urlencode = (champs: ReadonlyArray<readonly [string, string]>) => champs.map(([k, v]) => `${encoder(k)}=${encoder(v)}`).join('&');
const FORMULAIRE = { 'content-type': 'application/x-www-form-urlencoded' };

/** The bodies every POST route gets (the token is the session's: without it, only the CSRF refusal is tested). */
export function corpsHostiles(csrf: string, champs: readonly string[]): Corps[] {
  const nom = champs[0] ?? 'q';
  const tous = (v: string) => urlencode([['_csrf', csrf], ...champs.map((c) => [c, v] as const)]);
  const frontiere = '----vivierfuzz';
  const debutFichier = (nomFichier: string | null) =>
    `--${frontiere}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
    `--${frontiere}\r\nContent-Disposition: form-data; name="pieces"${nomFichier === null ? '' : `; filename="${nomFichier}"`}\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return [
    { nom: 'formulaire avec le seul jeton', options: { payload: urlencode([['_csrf', csrf]]), headers: FORMULAIRE } },
    ...VALEURS_HOSTILES.map((v, i) => ({ nom: `formulaire, tous les champs = valeur hostile n° ${i}`, options: { payload: tous(v), headers: FORMULAIRE } })),
    { nom: 'octets UTF-8 invalides dans le formulaire', options: { payload: `_csrf=${csrf}&${nom}=%C3%28&${nom}2=%FF%FE`, headers: FORMULAIRE } },
    { nom: 'caractère nul encodé dans un nom de champ', options: { payload: `_csrf=${csrf}&a%00b=1&${nom}=%00`, headers: FORMULAIRE } },
    { nom: 'champ répété', options: { payload: urlencode([['_csrf', csrf], ...champs.flatMap((c) => [[c, '1'] as const, [c, '2'] as const])]), headers: FORMULAIRE } },
    { nom: 'jeton répété', options: { payload: urlencode([['_csrf', csrf], ['_csrf', csrf]]), headers: FORMULAIRE } },
    {
      nom: 'JSON au lieu du formulaire',
      options: { payload: JSON.stringify({ _csrf: csrf, ...Object.fromEntries(champs.map((c) => [c, { a: [1, null] }])) }), headers: { 'content-type': 'application/json' } },
    },
    { nom: 'JSON mal formé', transport: true, options: { payload: '{"_csrf":', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf } } },
    { nom: 'formulaire de plus de 1 Mio', transport: true, options: { payload: `_csrf=${csrf}&${nom}=${'x'.repeat(1024 * 1024)}`, headers: FORMULAIRE } },
    { nom: 'corps vide', options: { payload: '', headers: FORMULAIRE } },
    { nom: 'corps vide sans type', transport: true, options: { headers: { 'x-csrf-token': csrf } } },
    { nom: 'type de contenu inconnu', transport: true, options: { payload: 'x', headers: { 'content-type': 'text/x-inconnu', 'x-csrf-token': csrf } } },
    { nom: 'multipart sans frontière', transport: true, options: { payload: 'x', headers: { 'content-type': 'multipart/form-data', 'x-csrf-token': csrf } } },
    {
      nom: 'multipart tronqué (fichier sans frontière de fin)',
      transport: true,
      options: { payload: `${debutFichier('piece.pdf')}%PDF-1.4 début`, headers: { 'content-type': `multipart/form-data; boundary=${frontiere}` } },
    },
    {
      nom: 'multipart, partie fichier sans nom de fichier',
      transport: true,
      options: { payload: `${debutFichier(null)}%PDF-1.4\r\n--${frontiere}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${frontiere}` } },
    },
    {
      nom: 'multipart, nom de fichier avec forçage de direction et caractère nul',
      transport: true,
      options: { payload: `${debutFichier('fdp.\u202efdp.exe\u0000.pdf')}%PDF-1.4\r\n--${frontiere}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${frontiere}` } },
    },
    {
      nom: 'multipart, CSV de l’import RH contenant un octet nul',
      options: {
        payload:
          `--${frontiere}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
          `--${frontiere}\r\nContent-Disposition: form-data; name="fichiers"; filename="agents.csv"\r\nContent-Type: text/csv\r\n\r\n` +
          `agent_id;identifiant;civilite;nom;prenom;date_naissance;email;corps;discipline;date_entree_corps\r\nF1;f1;M.;NU\u0000L;Jean;1968-03-14;f1@ac-demo.invalid;PE;PREMIER DEGRE;1992-09-01\r\n--${frontiere}--\r\n`,
        headers: { 'content-type': `multipart/form-data; boundary=${frontiere}` },
      },
    },
    {
      nom: 'tableaux à la place des chaînes (JSON)',
      options: { payload: JSON.stringify({ _csrf: csrf, ...Object.fromEntries(champs.map((c) => [c, ['a', 'b']])) }), headers: { 'content-type': 'application/json' } },
    },
    { nom: 'tableaux à la place des chaînes (champ[]=)', options: { payload: urlencode([['_csrf', csrf], ...champs.flatMap((c) => [[`${c}[]`, 'a'] as const, [`${c}[]`, 'b'] as const])]), headers: FORMULAIRE } },
    {
      nom: 'multipart sans jeton en première partie',
      transport: true,
      options: { payload: `--${frontiere}\r\nContent-Disposition: form-data; name="${nom}"\r\n\r\n1\r\n--${frontiere}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${frontiere}` } },
    },
  ];
}

/** A multipart body of parts (text fields and files), each value written as is: raw bytes allowed. */
function multipart(frontiere: string, parties: ReadonlyArray<{ nom: string | Buffer; valeur: string | Buffer; fichier?: string }>): Buffer {
  const morceaux: Buffer[] = [];
  for (const p of parties) {
    morceaux.push(Buffer.from(`--${frontiere}\r\nContent-Disposition: form-data; name="`), Buffer.from(p.nom), Buffer.from('"'));
    if (p.fichier !== undefined) morceaux.push(Buffer.from(`; filename="${p.fichier}"\r\nContent-Type: application/pdf`));
    morceaux.push(Buffer.from('\r\n\r\n'), Buffer.from(p.valeur), Buffer.from('\r\n'));
  }
  morceaux.push(Buffer.from(`--${frontiere}--\r\n`));
  return Buffer.concat(morceaux);
}

/** A small valid PDF, the file of the multipart bodies (the upload forms take PDF pièces). */
export const PDF_FUZZ = Buffer.from('%PDF-1.4\n% pièce du fuzz\n%%EOF\n');

/**
 * Multipart bodies that pass the token (first part) and reach the form: every field given each hostile value, the
 * same as raw invalid UTF-8 bytes, repeated fields (arrays), a file where a text is expected and a text where the
 * file is, an empty named file, and a NUL byte in a field name. Sent to each upload route with its form's fields
 * (harvested from the page that shows the form), so that the parts limit does not stop them before the form's checks.
 */
export function multipartsHostiles(csrf: string, champs: readonly string[]): Corps[] {
  const frontiere = '----vivierfuzzmp';
  const type = { 'content-type': `multipart/form-data; boundary=${frontiere}` };
  const jeton = { nom: '_csrf', valeur: csrf };
  const FICHIERS = ['pieces', 'fichiers', 'fichier'];
  const champFichier = champs.find((c) => FICHIERS.includes(c)) ?? 'pieces';
  const piece = { nom: champFichier, valeur: PDF_FUZZ, fichier: 'piece.pdf' };
  const corps = (nom: string, parties: Parameters<typeof multipart>[1]): Corps => ({ nom: `multipart, ${nom}`, options: { payload: multipart(frontiere, [jeton, ...parties]), headers: type } });
  const textes = champs.filter((c) => !FICHIERS.includes(c));
  return [
    ...VALEURS_HOSTILES.filter((v) => v !== '\ud800').map((v, i) => corps(`tous les champs = valeur hostile n° ${i}, une pièce`, [...textes.map((c) => ({ nom: c, valeur: v })), piece])),
    corps('octets UTF-8 invalides dans chaque champ', [...textes.map((c) => ({ nom: c, valeur: Buffer.from([0x61, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xff]) })), piece]),
    corps('champs répétés (tableaux)', [...textes.flatMap((c) => [{ nom: c, valeur: '1' }, { nom: c, valeur: '2' }]), piece, piece]),
    corps('un fichier à la place de chaque champ texte', textes.map((c) => ({ nom: c, valeur: PDF_FUZZ, fichier: 'texte.pdf' }))),
    corps('un texte à la place de la pièce', [...textes.map((c) => ({ nom: c, valeur: 'x' })), { nom: champFichier, valeur: 'pas un fichier' }]),
    corps('pièce vide avec un nom', [...textes.map((c) => ({ nom: c, valeur: 'x' })), { nom: champFichier, valeur: Buffer.alloc(0), fichier: 'vide.pdf' }]),
    corps('octet nul et octets invalides dans un nom de champ', [{ nom: Buffer.from([0x61, 0x00, 0x62, 0xff]), valeur: 'x' }, piece]),
  ];
}

/** A random form body of the harvested field names (bounded: at most 6 fields, values of the hostile list or random). */
export function corpsAleatoire(g: Generateur, csrf: string, champs: readonly string[]): Corps {
  const n = 1 + g.entier(6);
  const paires: Array<readonly [string, string]> = [['_csrf', csrf]];
  for (let i = 0; i < n; i++) {
    const champ = champs.length > 0 && g.suivant() < 0.8 ? g.parmi(champs) : `c${g.entier(100)}`;
    const valeur = g.suivant() < 0.5 ? g.parmi(VALEURS_HOSTILES) : texteAleatoire(g);
    paires.push([champ, valeur]);
  }
  const json = g.suivant() < 0.15;
  return json
    ? { nom: 'JSON aléatoire', options: { payload: JSON.stringify(Object.fromEntries(paires)), headers: { 'content-type': 'application/json' } } }
    : { nom: 'formulaire aléatoire', options: { payload: urlencode(paires), headers: FORMULAIRE } };
}

/** A random URL parameter: digits of any length, signs, a hostile value, or random text (percent-encoded). */
export function parametreAleatoire(g: Generateur): string {
  const r = g.suivant();
  if (r < 0.3) return String(g.entier(10 ** (1 + g.entier(6))));
  if (r < 0.5) return g.parmi(PARAMETRES_HOSTILES);
  return encoder(texteAleatoire(g)).slice(0, 80) || 'x';
}

export function requeteAleatoire(g: Generateur): string {
  return g.suivant() < 0.5 ? g.parmi(REQUETES_HOSTILES) : `${g.parmi(['q', 'page', 'retour', 'ok', 'statut', 'tri'])}=${encoder(texteAleatoire(g))}`;
}

const ALPHABET = ['a', 'É', '0', '9', '-', ' ', '/', '%', '"', "'", '<', '\u0000', '\u202e', '\ud83d\ude00', '\ud800', '\n', ';', '&', '='];
function texteAleatoire(g: Generateur): string {
  const n = g.suivant() < 0.05 ? 5000 + g.entier(50_000) : g.entier(40);
  let s = '';
  for (let i = 0; i < n; i++) s += g.parmi(ALPHABET);
  return s;
}

/**
 * What is wrong with a response, or null: any 5xx; an error (4xx) that is not a French page (HTML in French or a
 * problem+json with a French detail); a redirect without its target.
 */
export function defautDeReponse(methode: string, r: LightMyRequestResponse): string | null {
  if (r.statusCode >= 500) return `statut ${r.statusCode}`;
  if (r.statusCode >= 300 && r.statusCode < 400) return r.headers.location ? null : `redirection ${r.statusCode} sans Location`;
  if (r.statusCode < 400 || methode === 'HEAD') return null;
  const type = String(r.headers['content-type'] ?? '');
  if (type.startsWith('text/html')) {
    if (!/<html lang="fr"/.test(r.body)) return `erreur ${r.statusCode} : page HTML qui n’est pas en français`;
    if (/Bad Request|Internal Server Error|Unsupported Media Type|FST_|ERR_|\bat \S+\.(?:ts|js):\d+/.test(r.body)) return `erreur ${r.statusCode} : page avec un message technique`;
    return null;
  }
  if (type.startsWith('application/problem+json')) {
    const detail = (JSON.parse(r.body) as { detail?: unknown }).detail;
    return typeof detail === 'string' && /[éèàù’]| la | le | les /.test(detail) ? null : `erreur ${r.statusCode} : problème JSON sans détail en français`;
  }
  return `erreur ${r.statusCode} de type « ${type} »`;
}
