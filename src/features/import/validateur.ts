import { creerAnalyseurCsv, type ElementCsv } from './csv.ts';
import type { ErreurImport } from './erreurs.ts';
import type { DefinitionFichier } from './fichiers.ts';
import { creerLectureLigne, type LectureLigne } from './ligne.ts';
import { depasse, LONGUEURS_MAX } from './limites.ts';
import { creerDecodeurUtf8 } from './utf8.ts';

/** A typed record with the line it came from (for reference errors and for the gestionnaire). */
export type Lu<T> = { ligne: number; valeur: T };

/**
 * Validates one file element by element (header first), so that a large file can be streamed:
 * valid records are returned one by one, errors pile up in `erreurs`.
 */
export type ValidateurFichier<T> = {
  traiter(element: ElementCsv): Lu<T> | null;
  /** Call once after the last element (reports an empty file). */
  terminer(): void;
  /** Values of `colonne` seen on every line, valid or not, within the column's maximum length (to avoid cascades of "unknown reference"). */
  valeursVues(colonne: string): ReadonlySet<string>;
  readonly erreurs: ErreurImport[];
  /** Takes the errors found so far (a streamed import hands them over batch by batch: memory stays bounded). */
  retirerErreurs(): ErreurImport[];
  /** False when the header is unusable: the file's records are then unknown. */
  enteteValide(): boolean;
};

const SEUIL_GROUPE = 64;

export function creerValidateurFichier<T>(def: DefinitionFichier<T>, suivre: readonly string[] = []): ValidateurFichier<T> {
  const erreurs: ErreurImport[] = [];
  const erreur = (ligne: number | null, colonne: string | null, code: ErreurImport['code'], message: string): void => {
    erreurs.push({ fichier: def.fichier, ligne, colonne, code, message });
  };
  let entete: string[] | null = null;
  let valide = false;
  let lecture: LectureLigne | null = null;
  const index = new Map<string, number>();
  const longueursMax: Readonly<Record<string, number>> = LONGUEURS_MAX[def.fichier];
  // Only values within their column's bound are remembered: a longer one is an error wherever it appears.
  const vues = new Map(suivre.map((c) => [c, { ensemble: new Set<string>(), max: longueursMax[c] ?? 0 }]));
  const dejaVu = new Map<string, number>();
  const dejaVuParGroupe = new Map<string, number[] | Map<number, number>>();

  /** The first line of `cle`, or undefined (and `ligne` recorded) when it is new. */
  function noter(cle: string, ligne: number): number | undefined {
    const premiere = dejaVu.get(cle);
    if (premiere === undefined) dejaVu.set(cle, ligne);
    return premiere;
  }

  /**
   * Same within a group (the agent of a career row). A group's keys are few: pairs [key, line] in a small array
   * scanned linearly (1.9 M career rows of a national folder fit in ~40 Mio instead of ~230 Mio of string keys),
   * turned into a Map beyond SEUIL_GROUPE keys so that a huge group stays linear.
   */
  function noterDansGroupe(groupe: string, cle: number, ligne: number): number | undefined {
    const vus = dejaVuParGroupe.get(groupe);
    if (vus === undefined) {
      dejaVuParGroupe.set(groupe, [cle, ligne]);
      return undefined;
    }
    if (vus instanceof Map) {
      const premiere = vus.get(cle);
      if (premiere === undefined) vus.set(cle, ligne);
      return premiere;
    }
    for (let i = 0; i < vus.length; i += 2) if (vus[i] === cle) return vus[i + 1];
    if (vus.length < 2 * SEUIL_GROUPE) vus.push(cle, ligne);
    else {
      const m = new Map<number, number>();
      for (let i = 0; i < vus.length; i += 2) m.set(vus[i]!, vus[i + 1]!);
      m.set(cle, ligne);
      dejaVuParGroupe.set(groupe, m);
    }
    return undefined;
  }

  function lireEntete(ligne: number, champs: string[]): void {
    entete = champs.map((c) => c.trim());
    entete.forEach((nom, i) => {
      // Only a repeated column that is read is ambiguous; extra columns are ignored anyway.
      if (index.has(nom) && def.colonnes.includes(nom)) erreur(ligne, nom, 'COLONNE_EN_DOUBLE', `La colonne ${nom} figure deux fois dans l'en-tête.`);
      else if (!index.has(nom)) index.set(nom, i);
    });
    const manquantes = def.colonnes.filter((c) => !index.has(c));
    for (const c of manquantes) erreur(ligne, c, 'COLONNE_ABSENTE', `Colonne obligatoire absente de l'en-tête : ${c} (colonnes attendues : ${def.colonnes.join(', ')}).`);
    valide = manquantes.length === 0 && erreurs.length === 0;
    lecture = creerLectureLigne(def.fichier, index, longueursMax, erreurs);
  }

  /** Remembers the followed columns of a line, valid or not (an id on a line in error is no unknown reference). */
  function voir(champs: readonly string[]): void {
    for (const [colonne, { ensemble, max }] of vues) {
      const v = (champs[index.get(colonne)!] ?? '').trim();
      if (depasse(v, max) === null) ensemble.add(v);
    }
  }

  /** The column of a field the reader found at fault, named only if it is one the file must have. */
  function colonneDuChamp(champ: number | null): string | null {
    const nom = champ === null || entete === null ? undefined : entete[champ];
    return nom !== undefined && def.colonnes.includes(nom) ? nom : null;
  }

  return {
    erreurs,
    retirerErreurs: () => erreurs.splice(0),
    enteteValide: () => valide,
    valeursVues: (colonne) => vues.get(colonne)?.ensemble ?? new Set(),
    traiter(element) {
      if (element.type === 'erreur') {
        erreur(element.ligne, colonneDuChamp(element.champ), element.code, element.message);
        // An unreadable header line leaves the columns unknown: the following lines are not read as a header.
        if (entete === null) entete = [];
        else if (valide && element.champs) voir(element.champs);
        return null;
      }
      const { ligne, champs } = element;
      if (entete === null) {
        lireEntete(ligne, champs);
        return null;
      }
      if (!valide || !lecture) return null;
      voir(champs);
      if (champs.length !== entete.length) {
        erreur(ligne, null, 'NOMBRE_DE_CHAMPS', `La ligne compte ${champs.length} champ(s) au lieu de ${entete.length} (en-tête).`);
        return null;
      }
      lecture.charger(ligne, champs);
      const valeur = def.lire(lecture);
      if (valeur === null) return null;
      const u = def.unicite;
      if (u) {
        const premiere = u.groupe ? noterDansGroupe(u.groupe(valeur), u.cle(valeur), ligne) : noter(u.cle(valeur), ligne);
        if (premiere !== undefined) {
          erreur(ligne, u.colonne, u.code, u.message(valeur, premiere));
          return null;
        }
      }
      return { ligne, valeur };
    },
    terminer() {
      if (entete === null) erreur(1, null, 'ENTETE_ABSENTE', `Le fichier est vide : la ligne d'en-tête (${def.colonnes.join(';')}) est absente.`);
    },
  };
}

function erreurUtf8(fichier: string, ligne: number, octet: number, colonne: string | null): ErreurImport {
  return { fichier, ligne, colonne, code: 'UTF8_INVALIDE', message: `Le fichier n'est pas encodé en UTF-8 valide (octet n° ${octet + 1}, ligne ${ligne}) : enregistrez-le en UTF-8.` };
}

/** Best effort: the header name of the field holding the invalid byte (quotes are not interpreted here), if the file must have it. */
function colonneDeLOctet(octets: Uint8Array, octet: number, colonnes: readonly string[]): string | null {
  const lenient = new TextDecoder('utf-8');
  const finEntete = octets.indexOf(0x0a);
  const entete = lenient.decode(octets.subarray(0, finEntete < 0 ? octets.length : finEntete)).replace(/\r$/, '');
  const sep = entete.includes(';') ? ';' : ',';
  const debut = octets.lastIndexOf(0x0a, octet) + 1;
  if (debut === 0) return null;
  const avant = lenient.decode(octets.subarray(debut, octet));
  const rang = avant.split(sep).length - 1;
  const nom = entete.split(sep)[rang]?.trim();
  return nom !== undefined && colonnes.includes(nom) ? nom : null;
}

/** Reads a whole file (bytes or text) through the CSV reader and the file's validator. */
export function validerFichier<T>(def: DefinitionFichier<T>, contenu: string | Uint8Array, suivre: readonly string[] = []): { lus: Lu<T>[]; validateur: ValidateurFichier<T> } {
  const validateur = creerValidateurFichier(def, suivre);
  const lus: Lu<T>[] = [];
  let texte: string;
  if (typeof contenu === 'string') texte = contenu;
  else {
    const d = creerDecodeurUtf8().decoder(contenu, true);
    if (!d.ok) {
      validateur.erreurs.push(erreurUtf8(def.fichier, d.ligne, d.octet, colonneDeLOctet(contenu, d.octet, def.colonnes)));
      return { lus, validateur };
    }
    texte = d.texte;
  }
  const analyseur = creerAnalyseurCsv();
  for (const element of [...analyseur.pousser(texte), ...analyseur.terminer()]) {
    const lu = validateur.traiter(element);
    if (lu) lus.push(lu);
  }
  validateur.terminer();
  return { lus, validateur };
}

/**
 * Streams a file given as byte chunks: yields the valid records of each chunk together, as soon as their lines are
 * complete (one await per chunk of the file, not per line); errors are in `validateur.erreurs`.
 */
export async function* lireFichierParLots<T>(def: DefinitionFichier<T>, morceaux: AsyncIterable<Uint8Array>, validateur: ValidateurFichier<T> = creerValidateurFichier(def)): AsyncGenerator<Lu<T>[]> {
  const decodeur = creerDecodeurUtf8();
  const analyseur = creerAnalyseurCsv();
  const traiter = (elements: ElementCsv[]): Lu<T>[] => {
    const lus: Lu<T>[] = [];
    for (const e of elements) {
      const lu = validateur.traiter(e);
      if (lu) lus.push(lu);
    }
    return lus;
  };
  for await (const morceau of morceaux) {
    const d = decodeur.decoder(morceau);
    if (!d.ok) {
      validateur.erreurs.push(erreurUtf8(def.fichier, d.ligne, d.octet, null));
      return;
    }
    yield traiter(analyseur.pousser(d.texte));
  }
  const d = decodeur.decoder(new Uint8Array(0), true);
  if (!d.ok) {
    validateur.erreurs.push(erreurUtf8(def.fichier, d.ligne, d.octet, null));
    return;
  }
  yield traiter([...analyseur.pousser(d.texte), ...analyseur.terminer()]);
  validateur.terminer();
}

/** The same, record by record. */
export async function* lireFichierEnFlux<T>(def: DefinitionFichier<T>, morceaux: AsyncIterable<Uint8Array>, validateur: ValidateurFichier<T> = creerValidateurFichier(def)): AsyncGenerator<Lu<T>> {
  for await (const lus of lireFichierParLots(def, morceaux, validateur)) yield* lus;
}
