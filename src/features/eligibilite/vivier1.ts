import type { DateIso, LigneService } from '../import/jeu.ts';
import type { Fonction, Label } from '../import/vocabulaire.ts';
import type { IndexLabels } from './dossier.ts';
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

type Ligne = { debut: number; fin: number; uai: string; fonction: Fonction; part: number; compte: boolean; ecart: Ecart | null; pourFonction: boolean };

function quotiteOk(q: QuotiteRequise | undefined, part: number): boolean {
  if (!q) return true;
  return q.comparaison === 'SUPERIEURE' ? part > q.part : part === q.part;
}

function preparer(services: readonly LigneService[], regles: ReglesVivier1): Ligne[] {
  const quotites = new Map(regles.quotitesFonction.map((q) => [q.fonction, q]));
  const eligibles = new Set(regles.fonctionsEligibles);
  return services.map((s) => {
    const compte = s.statut === 'TITULAIRE' && !s.faisant_fonction;
    let ecart: Ecart | null = s.statut !== 'TITULAIRE' ? 'STAGIAIRE' : s.faisant_fonction ? 'FAISANT_FONCTION' : null;
    let pourFonction = compte && eligibles.has(s.fonction);
    if (compte && s.fonction !== 'ENSEIGNEMENT' && !eligibles.has(s.fonction)) ecart = 'FONCTION_NON_RETENUE';
    if (pourFonction && !quotiteOk(quotites.get(s.fonction), s.part_service)) {
      pourFonction = false;
      ecart = 'QUOTITE_INSUFFISANTE';
    }
    return { debut: jourIso(s.date_debut), fin: s.date_fin === null ? JOUR_SANS_FIN : jourIso(s.date_fin), uai: s.uai, fonction: s.fonction, part: s.part_service, compte, ecart, pourFonction };
  });
}

/** Sweep over the year: total part per run of days from +part / −part events. */
function conditionEtablissement(lignes: readonly Ligne[], annee: number, debut: number, fin: number, labels: IndexLabels, qualifiants: ReadonlySet<Label>, seuil: number): AnneeVivier1['etablissement'] {
  const evenements: Array<[number, number]> = [];
  const vus: Label[] = [];
  for (const l of lignes) {
    if (!l.compte || l.fin < debut || l.debut > fin) continue;
    const retenus = (labels.get(l.uai)?.get(annee) ?? []).filter((x) => qualifiants.has(x));
    if (retenus.length === 0) continue;
    for (const x of retenus) if (!vus.includes(x)) vus.push(x);
    evenements.push([Math.max(l.debut, debut), l.part], [Math.min(l.fin, fin) + 1, -l.part]);
  }
  evenements.sort((a, b) => a[0] - b[0]);
  const parts: PeriodePart[] = [];
  let somme = 0;
  let i = 0;
  for (let jour = debut; jour <= fin; ) {
    while (i < evenements.length && evenements[i]![0] <= jour) somme += evenements[i++]![1];
    const suivant = Math.min(i < evenements.length ? evenements[i]![0] : fin + 1, fin + 1);
    const run = { du: isoJour(jour), au: isoJour(suivant - 1), part: somme };
    const precedent = parts[parts.length - 1];
    // Events of equal effect on the same day boundary leave the sum unchanged: keep one run.
    if (precedent && precedent.part === somme) precedent.au = run.au;
    else parts.push(run);
    jour = suivant;
  }
  const insuffisance = parts.find((p) => p.part < seuil) ?? null;
  return { remplie: insuffisance === null, labels: vus, parts, insuffisance };
}

/** For each eligible code, do its rows alone cover every day? Reports the best code and its first gap. */
function conditionFonction(lignes: readonly Ligne[], debut: number, fin: number): AnneeVivier1['fonction'] {
  const parCode = new Map<Fonction, Array<[number, number]>>();
  for (const l of lignes) {
    if (!l.pourFonction || l.fin < debut || l.debut > fin) continue;
    const liste = parCode.get(l.fonction);
    const iv: [number, number] = [Math.max(l.debut, debut), Math.min(l.fin, fin)];
    if (liste) liste.push(iv);
    else parCode.set(l.fonction, [iv]);
  }
  let meilleur: { code: Fonction; couverts: number; manque: [number, number] | null } | null = null;
  for (const [code, intervalles] of parCode) {
    intervalles.sort((a, b) => a[0] - b[0]);
    let curseur = debut;
    let couverts = 0;
    let manque: [number, number] | null = null;
    for (const [d, f] of intervalles) {
      if (d > curseur) manque ??= [curseur, d - 1];
      if (f >= curseur) {
        couverts += f - Math.max(d, curseur) + 1;
        curseur = f + 1;
      }
    }
    if (curseur <= fin) manque ??= [curseur, fin];
    if (manque === null) return { remplie: true, code, manque: null };
    if (meilleur === null || couverts > meilleur.couverts) meilleur = { code, couverts, manque };
  }
  if (meilleur === null) return { remplie: false, code: null, manque: { du: isoJour(debut), au: isoJour(fin) } };
  return { remplie: false, code: meilleur.code, manque: { du: isoJour(meilleur.manque![0]), au: isoJour(meilleur.manque![1]) } };
}

/**
 * The school years counted for vivier 1, from the first one on record to the last one ending on or
 * before D. Only TITULAIRE, not faisant-fonction rows count, for both conditions.
 */
export function anneesVivier1(services: readonly LigneService[], labels: IndexLabels, regles: ReglesVivier1, debutAnnee: { mois: number; jour: number }, dateObservation: DateIso): AnneeVivier1[] {
  if (services.length === 0) return [];
  const lignes = preparer(services, regles);
  const qualifiants = new Set(regles.labelsQualifiants);
  const debutDe = (y: number): number => jourCivil(y, debutAnnee.mois, debutAnnee.jour);
  const d = jourIso(dateObservation);
  let derniere = Number(dateObservation.slice(0, 4));
  while (debutDe(derniere + 1) - 1 > d) derniere--;
  let premiere = Infinity;
  for (const s of services) {
    const y = Number(s.date_debut.slice(0, 4));
    premiere = Math.min(premiere, jourIso(s.date_debut) >= debutDe(y) ? y : y - 1);
  }
  const annees: AnneeVivier1[] = [];
  for (let y = premiere; y <= derniere; y++) {
    const debut = debutDe(y);
    const fin = debutDe(y + 1) - 1;
    const etablissement = conditionEtablissement(lignes, y, debut, fin, labels, qualifiants, regles.partMinimumEtablissement);
    const fonction = conditionFonction(lignes, debut, fin);
    const ecarts: Ecart[] = [];
    for (const l of lignes) if (l.ecart && !ecarts.includes(l.ecart) && l.debut <= fin && l.fin >= debut) ecarts.push(l.ecart);
    annees.push({
      annee_scolaire: `${y}-${y + 1}`,
      du: isoJour(debut),
      au: isoJour(fin),
      qualifiante: etablissement.remplie || fonction.remplie,
      condition: etablissement.remplie ? 'ETABLISSEMENT' : fonction.remplie ? 'FONCTION' : null,
      etablissement,
      fonction,
      ecarts,
    });
  }
  return annees;
}
