import { lireAnneeScolaire, lireDate } from '../../carriere/dates.ts';
import type { CodeErreurImport, ErreurImport } from './erreurs.ts';
import type { DateIso } from '../../carriere/enregistrements.ts';
import { depasse } from './limites.ts';

/**
 * Typed access to the fields of one CSV line. Each reader returns `undefined` when the field is wrong
 * (the error is recorded) and `null` for an allowed empty value; `valide()` then yields the record
 * only if no field failed. Every value is first held to its column's maximum length (limites.ts), so that
 * no longer value is checked further, quoted in a message or stored.
 */
export type LectureLigne = {
  /** Points the reader at the next line (one reader is reused for a whole file). */
  charger(ligne: number, champs: readonly string[]): void;
  ligne(): number;
  texte(colonne: string): string | undefined;
  texteFacultatif(colonne: string): string | undefined;
  code<T extends string>(colonne: string, valeurs: readonly T[]): T | undefined;
  codeFacultatif<T extends string>(colonne: string, valeurs: readonly T[]): T | null | undefined;
  date(colonne: string): DateIso | undefined;
  dateFacultative(colonne: string): DateIso | null | undefined;
  entier(colonne: string, min: number, max: number): number | undefined;
  anneeScolaire(colonne: string): string | undefined;
  /** Records an error not tied to a single field reader (e.g. date_fin before date_debut). */
  signaler(colonne: string | null, code: CodeErreurImport, message: string): void;
  valide<T extends Record<string, unknown>>(v: T): { [K in keyof T]: Exclude<T[K], undefined> } | null;
};

/**
 * `index`: the field number of each column in the header; `longueursMax`: the maximum length of each column read
 * (a column read without one is a programming error, reported at once).
 */
export function creerLectureLigne(fichier: string, index: ReadonlyMap<string, number>, longueursMax: Readonly<Record<string, number>>, erreurs: ErreurImport[]): LectureLigne {
  let enErreur = false;
  let ligne = 0;
  let champs: readonly string[] = [];
  const signaler = (colonne: string | null, code: CodeErreurImport, message: string): void => {
    enErreur = true;
    erreurs.push({ fichier, ligne, colonne, code, message });
  };
  /** Where each column is and how long it may be, looked up once per field. */
  const places = new Map<string, { i: number; max: number }>();
  for (const [colonne, max] of Object.entries(longueursMax)) places.set(colonne, { i: index.get(colonne) ?? -1, max });
  const brut = (colonne: string): string | undefined => {
    const p = places.get(colonne);
    if (p === undefined) throw new Error(`Colonne ${colonne} de ${fichier} sans longueur maximale (limites.ts).`);
    const v = (champs[p.i] ?? '').trim();
    const n = depasse(v, p.max);
    if (n === null) return v;
    signaler(colonne, 'VALEUR_TROP_LONGUE', `La valeur de la colonne ${colonne} compte ${n.toLocaleString('fr-FR')} caractères : ${p.max} au plus.`);
    return undefined;
  };
  const obligatoire = (colonne: string): string | undefined => {
    const v = brut(colonne);
    if (v === '') signaler(colonne, 'VALEUR_OBLIGATOIRE', `La colonne ${colonne} est obligatoire et vide.`);
    return v === '' ? undefined : v;
  };
  const code = <T extends string>(colonne: string, valeurs: readonly T[], v: string): T | undefined => {
    if ((valeurs as readonly string[]).includes(v)) return v as T;
    signaler(colonne, 'CODE_INCONNU', `Code inconnu « ${v} » pour ${colonne} (valeurs admises : ${valeurs.join(', ')}).`);
    return undefined;
  };
  const date = (colonne: string, v: string): DateIso | undefined => {
    const d = lireDate(v);
    if (d === null) signaler(colonne, 'DATE_INVALIDE', `Date invalide « ${v} » : attendu une date réelle au format AAAA-MM-JJ ou JJ/MM/AAAA.`);
    return d ?? undefined;
  };
  return {
    charger(l, c) {
      ligne = l;
      champs = c;
      enErreur = false;
    },
    ligne: () => ligne,
    texte: obligatoire,
    texteFacultatif: brut,
    code(colonne, valeurs) {
      const v = obligatoire(colonne);
      return v === undefined ? undefined : code(colonne, valeurs, v);
    },
    codeFacultatif(colonne, valeurs) {
      const v = brut(colonne);
      return v === undefined ? undefined : v === '' ? null : code(colonne, valeurs, v);
    },
    date(colonne) {
      const v = obligatoire(colonne);
      return v === undefined ? undefined : date(colonne, v);
    },
    dateFacultative(colonne) {
      const v = brut(colonne);
      return v === undefined ? undefined : v === '' ? null : date(colonne, v);
    },
    entier(colonne, min, max) {
      const v = obligatoire(colonne);
      if (v === undefined) return undefined;
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      if (n >= min && n <= max) return n;
      signaler(colonne, 'NOMBRE_INVALIDE', `Nombre entier de ${min} à ${max} attendu pour ${colonne}, reçu « ${v} ».`);
      return undefined;
    },
    anneeScolaire(colonne) {
      const v = obligatoire(colonne);
      if (v === undefined) return undefined;
      if (lireAnneeScolaire(v) !== null) return v;
      signaler(colonne, 'ANNEE_SCOLAIRE_INVALIDE', `Année scolaire invalide « ${v} » : attendu la forme 2015-2016 (deux années consécutives).`);
      return undefined;
    },
    signaler,
    valide<T extends Record<string, unknown>>(v: T) {
      return enErreur ? null : (v as { [K in keyof T]: Exclude<T[K], undefined> });
    },
  };
}
