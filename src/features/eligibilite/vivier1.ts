import type { DateIso, LigneService } from '../../carriere/enregistrements.ts';
import type { Fonction, Label } from '../../carriere/vocabulaire.ts';
import type { IndexLabels, LigneDuDossier } from './dossier.ts';
import { JOUR_SANS_FIN, isoJour, jourCivil, jourIso } from './jours.ts';
import type { QuotiteRequise, ReglesVivier1 } from './regles.ts';

/** Why rows overlapping a school year were left out of a condition. */
export const ECARTS = ['STAGIAIRE', 'FAISANT_FONCTION', 'QUOTITE_INSUFFISANTE', 'FONCTION_NON_RETENUE'] as const;
export type Ecart = (typeof ECARTS)[number];

export type PeriodePart = { du: DateIso; au: DateIso; part: number };
export type Periode = { du: DateIso; au: DateIso };

/** One school year of the vivier 1 count, with the facts that explain it. */
export type AnneeVivier1 = {
  /** `2012-2013`. */
  annee_scolaire: string;
  du: DateIso;
  au: DateIso;
  qualifiante: boolean;
  /** The condition that makes it qualify (the establishment one when both hold). */
  condition: 'ETABLISSEMENT' | 'FONCTION' | null;
  etablissement: {
    remplie: boolean;
    /** Labels of the establishments whose rows were added up. */
    labels: Label[];
    /** Total part_service in labelled establishments, by run of days, over the whole year. */
    parts: PeriodePart[];
    /** First run of days below the threshold. */
    insuffisance: PeriodePart | null;
  };
  fonction: {
    remplie: boolean;
    /** The code covering the year, or the one covering it best; null if no eligible row. */
    code: Fonction | null;
    /** First uncovered run of days of that code. */
    manque: Periode | null;
  };
  ecarts: Ecart[];
};

export type ResultatVivier1 = { qualifiantes: number; annees: AnneeVivier1[] };

/** A service row on day numbers, sorted by start; `etab`: counts for the establishment condition, `fonction`: for the function one. */
type Ligne = { debut: number; fin: number; uai: string; code: Fonction; part: number; etab: boolean; fonction: boolean; ecart: Ecart | null };

function quotiteOk(q: QuotiteRequise | undefined, part: number): boolean {
  if (!q) return true;
  return q.comparaison === 'SUPERIEURE' ? part > q.part : part === q.part;
}

function preparer(services: readonly LigneDuDossier<LigneService>[], regles: ReglesVivier1): Ligne[] {
  const lignes: Ligne[] = [];
  for (const s of services) {
    const compte = s.statut === 'TITULAIRE' && !s.faisant_fonction;
    let ecart: Ecart | null = s.statut !== 'TITULAIRE' ? 'STAGIAIRE' : s.faisant_fonction ? 'FAISANT_FONCTION' : null;
    const eligible = regles.fonctionsEligibles.includes(s.fonction);
    let fonction = compte && eligible;
    if (compte && s.fonction !== 'ENSEIGNEMENT' && !eligible) ecart = 'FONCTION_NON_RETENUE';
    if (fonction && !quotiteOk(regles.quotitesFonction.find((q) => q.fonction === s.fonction), s.part_service)) {
      fonction = false;
      ecart = 'QUOTITE_INSUFFISANTE';
    }
    const fin = s.date_fin === null ? JOUR_SANS_FIN : jourIso(s.date_fin);
    lignes.push({ debut: jourIso(s.date_debut), fin, uai: s.uai, code: s.fonction, part: s.part_service, etab: compte, fonction, ecart });
  }
  return lignes.sort((a, b) => a.debut - b.debut);
}

// Sweep events packed in one number (day × PAS + part + DECALAGE): sorting numbers needs no allocation per event.
const PAS = 512;
const DECALAGE = 256;

/**
 * Establishment condition of one year: total part_service of the counted rows whose establishment has
 * a qualifying label for that school year, checked against the threshold on every run of days.
 * `parts` receives the runs when the detail is wanted.
 */
function etablissementRempli(lignes: readonly Ligne[], annee: number, debut: number, fin: number, labels: IndexLabels, qualifiants: readonly Label[], seuil: number, evenements: number[], parts: Array<[number, number, number]> | null, vus: Label[] | null): boolean {
  evenements.length = 0;
  for (const l of lignes) {
    if (l.debut > fin) break;
    if (!l.etab || l.fin < debut) continue;
    const deLAnnee = labels.get(l.uai)?.get(annee);
    if (!deLAnnee) continue;
    let qualifie = false;
    for (const x of deLAnnee) {
      if (!qualifiants.includes(x)) continue;
      qualifie = true;
      if (vus && !vus.includes(x)) vus.push(x);
    }
    if (!qualifie) continue;
    evenements.push(Math.max(l.debut, debut) * PAS + l.part + DECALAGE, (Math.min(l.fin, fin) + 1) * PAS - l.part + DECALAGE);
  }
  evenements.sort((a, b) => a - b);
  let rempli = true;
  let somme = 0;
  let i = 0;
  for (let jour = debut; jour <= fin; ) {
    for (; i < evenements.length && Math.floor(evenements[i]! / PAS) <= jour; i++) somme += (evenements[i]! % PAS + PAS) % PAS - DECALAGE;
    const suivant = i < evenements.length ? Math.min(Math.floor(evenements[i]! / PAS), fin + 1) : fin + 1;
    if (somme < seuil) rempli = false;
    if (parts) {
      const precedent = parts[parts.length - 1];
      if (precedent && precedent[2] === somme) precedent[1] = suivant - 1;
      else parts.push([jour, suivant - 1, somme]);
    } else if (!rempli) return false;
    jour = suivant;
  }
  return rempli;
}

/**
 * Function condition of one year: for one single eligible code, do its rows cover every day?
 * Rows are sorted by start, so one pass per code finds the gaps. Returns the covering code, or the
 * best-covering one with its first gap.
 */
function fonctionRemplie(lignes: readonly Ligne[], codes: readonly Fonction[], debut: number, fin: number): { code: Fonction | null; manque: [number, number] | null } {
  let meilleur: { code: Fonction | null; couverts: number; manque: [number, number] | null } = { code: null, couverts: -1, manque: [debut, fin] };
  for (const code of codes) {
    let curseur = debut;
    let couverts = 0;
    let premierTrou: [number, number] | null = null;
    let vu = false;
    for (const l of lignes) {
      if (l.debut > fin) break;
      if (l.code !== code || !l.fonction || l.fin < debut) continue;
      vu = true;
      if (l.debut > curseur) premierTrou ??= [curseur, l.debut - 1];
      if (l.fin >= curseur) {
        couverts += Math.min(l.fin, fin) - Math.max(l.debut, curseur) + 1;
        curseur = l.fin + 1;
        if (curseur > fin) break;
      }
    }
    if (!vu) continue;
    if (curseur <= fin) premierTrou ??= [curseur, fin];
    if (premierTrou === null) return { code, manque: null };
    if (couverts > meilleur.couverts) meilleur = { code, couverts, manque: premierTrou };
  }
  return { code: meilleur.code, manque: meilleur.manque };
}

/**
 * The school years counted for vivier 1, from the first one on record to the last one ending on or
 * before D. Only TITULAIRE, not faisant-fonction rows count, for both conditions. Without `detail`,
 * only the count is computed (the batch path: no per-year objects).
 */
export function anneesVivier1(services: readonly LigneDuDossier<LigneService>[], labels: IndexLabels, regles: ReglesVivier1, debutAnnee: { mois: number; jour: number }, dateObservation: DateIso, detail = true): ResultatVivier1 {
  const resultat: ResultatVivier1 = { qualifiantes: 0, annees: [] };
  if (services.length === 0) return resultat;
  const lignes = preparer(services, regles);
  const codes: Fonction[] = [];
  for (const l of lignes) if (l.fonction && !codes.includes(l.code)) codes.push(l.code);
  const debutDe = (y: number): number => jourCivil(y, debutAnnee.mois, debutAnnee.jour);
  const d = jourIso(dateObservation);
  let derniere = Number(dateObservation.slice(0, 4));
  while (debutDe(derniere + 1) - 1 > d) derniere--;
  const premierJour = lignes[0]!.debut;
  let premiere = Number(isoJour(premierJour).slice(0, 4));
  if (premierJour < debutDe(premiere)) premiere--;
  const evenements: number[] = [];
  for (let y = premiere; y <= derniere; y++) {
    const debut = debutDe(y);
    const fin = debutDe(y + 1) - 1;
    if (!detail) {
      const etab = etablissementRempli(lignes, y, debut, fin, labels, regles.labelsQualifiants, regles.partMinimumEtablissement, evenements, null, null);
      if (etab || (codes.length > 0 && fonctionRemplie(lignes, codes, debut, fin).manque === null)) resultat.qualifiantes++;
      continue;
    }
    const runs: Array<[number, number, number]> = [];
    const vus: Label[] = [];
    const etab = etablissementRempli(lignes, y, debut, fin, labels, regles.labelsQualifiants, regles.partMinimumEtablissement, evenements, runs, vus);
    const fct = fonctionRemplie(lignes, codes, debut, fin);
    const parts = runs.map(([du, au, part]) => ({ du: isoJour(du), au: isoJour(au), part }));
    const ecarts: Ecart[] = [];
    for (const l of lignes) if (l.ecart && !ecarts.includes(l.ecart) && l.debut <= fin && l.fin >= debut) ecarts.push(l.ecart);
    const qualifiante = etab || fct.manque === null;
    if (qualifiante) resultat.qualifiantes++;
    resultat.annees.push({
      annee_scolaire: `${y}-${y + 1}`,
      du: isoJour(debut),
      au: isoJour(fin),
      qualifiante,
      condition: etab ? 'ETABLISSEMENT' : fct.manque === null ? 'FONCTION' : null,
      etablissement: { remplie: etab, labels: vus, parts, insuffisance: parts.find((p) => p.part < regles.partMinimumEtablissement) ?? null },
      fonction: { remplie: fct.manque === null, code: fct.code, manque: fct.manque && { du: isoJour(fct.manque[0]), au: isoJour(fct.manque[1]) } },
      ecarts,
    });
  }
  return resultat;
}
