import type { DossierEligibilite, IndexLabels } from '../eligibilite/dossier.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { libelleMotif, type Motif } from '../eligibilite/motifs.ts';
import type { ReglesCampagne } from '../eligibilite/regles.ts';
import type { LigneService } from '../../carriere/enregistrements.ts';
import type { Fonction, Label } from '../../carriere/vocabulaire.ts';
import { libelleFonction } from '../eligibilite/explication.ts';

/**
 * Recevabilité of a regime A candidature (DOMAIN.md §6), pure. The gestionnaire accepts or rejects each period the
 * agent declared, with a motif of a closed list; the periods the dossier proves are accepted by the engine. The
 * candidature is then recevable when the eligibility engine, run on the accepted periods only, finds the agent in the
 * first vivier: the same rules and rule set as « Mon éligibilité », never a second count.
 */

export const MOTIFS_REJET = [
  'PIECE_MANQUANTE',
  'PIECE_ILLISIBLE',
  'PIECE_NON_PROBANTE',
  'DATES_NON_JUSTIFIEES',
  'FONCTION_NON_RETENUE',
  'ETABLISSEMENT_NON_CLASSE',
  'QUOTITE_INSUFFISANTE',
  'STATUT_NON_TITULAIRE',
  'AUTRE',
] as const;
export type MotifRejet = (typeof MOTIFS_REJET)[number];

export const LIBELLE_MOTIF_REJET: Record<MotifRejet, string> = {
  PIECE_MANQUANTE: 'Pièce justificative manquante',
  PIECE_ILLISIBLE: 'Pièce justificative illisible ou incomplète',
  PIECE_NON_PROBANTE: 'La pièce fournie ne justifie pas la période déclarée',
  DATES_NON_JUSTIFIEES: 'Dates de la période non justifiées',
  FONCTION_NON_RETENUE: 'Fonction non retenue pour le premier vivier',
  ETABLISSEMENT_NON_CLASSE: 'Établissement non classé en éducation prioritaire sur la période',
  QUOTITE_INSUFFISANTE: 'Quotité de service insuffisante pour cette fonction',
  STATUT_NON_TITULAIRE: 'Fonction exercée sans être titulaire, ou en faisant fonction',
  AUTRE: 'Autre motif (précisé)',
};

/** A motif that needs the free text to be understood by the agent. */
export const MOTIF_A_PRECISER: readonly MotifRejet[] = ['AUTRE'];

export type DecisionPeriode = 'ACCEPTEE' | 'REJETEE';

export type PeriodeExaminee = {
  id: string;
  du: string;
  au: string;
  nature: 'FONCTION' | 'EDUCATION_PRIORITAIRE';
  fonction: string | null;
  etablissement: string;
  source: 'DOSSIER' | 'AGENT';
  decision: DecisionPeriode | null;
  motif: string | null;
  motif_texte: string | null;
};

/** A period counts when the dossier proves it or the gestionnaire accepted it. */
export function periodeAcceptee(p: Pick<PeriodeExaminee, 'source' | 'decision'>): boolean {
  return p.source === 'DOSSIER' || p.decision === 'ACCEPTEE';
}

/** What remains to examine on a candidature: the declared periods without a decision. */
export function periodesADecider(periodes: readonly Pick<PeriodeExaminee, 'source' | 'decision'>[]): number {
  return periodes.filter((p) => p.source === 'AGENT' && p.decision === null).length;
}

/** The first calendar year of the school year holding `iso` (2015 for 2016-03-01, school year 2015-2016). */
function anneeScolaire(iso: string, debut: { mois: number; jour: number }): number {
  const [a, m, j] = iso.split('-').map(Number) as [number, number, number];
  return m > debut.mois || (m === debut.mois && j >= debut.jour) ? a : a - 1;
}

/**
 * The accepted periods as the engine's input: one service row each (TITULAIRE, full time — the gestionnaire's
 * acceptance certifies the function as declared), an éducation prioritaire period in an establishment of its own
 * that holds a qualifying label of the rule set for every school year it touches.
 */
export function dossierDesPeriodesAcceptees(
  dossier: Pick<DossierEligibilite, 'agent' | 'carriere' | 'positions'>,
  periodes: readonly PeriodeExaminee[],
  regles: ReglesCampagne,
): DossierEligibilite {
  const labelEp: Label | undefined = regles.vivier1?.labelsQualifiants[0];
  const labels = new Map<string, Map<number, Label[]>>();
  const services: LigneService[] = [];
  for (const p of periodes.filter(periodeAcceptee)) {
    const uai = `PERIODE-${p.id}`;
    const ep = p.nature === 'EDUCATION_PRIORITAIRE';
    services.push({ agent_id: dossier.agent.agent_id, date_debut: p.du, date_fin: p.au, uai, fonction: ep ? 'ENSEIGNEMENT' : (p.fonction as Fonction), part_service: 100, statut: 'TITULAIRE', faisant_fonction: false });
    if (ep && labelEp) {
      const parAnnee = new Map<number, Label[]>();
      for (let y = anneeScolaire(p.du, regles.debutAnneeScolaire); y <= anneeScolaire(p.au, regles.debutAnneeScolaire); y++) parAnnee.set(y, [labelEp]);
      labels.set(uai, parAnnee);
    }
  }
  return { agent: dossier.agent, carriere: dossier.carriere, positions: dossier.positions, services, labels: labels as IndexLabels };
}

export type VerdictRecevabilite = {
  recevable: boolean;
  /** Qualifying school years found on the accepted periods, and the number the rule set requires. */
  anneesRetenues: number;
  anneesRequises: number;
  /** The engine's reasons why the agent is not in the first vivier (empty when recevable). */
  motifs: Motif[];
};

/** The engine's verdict on the accepted periods only: recevable exactly when it puts the agent in the first vivier. */
export function jugerRecevabilite(dossier: Pick<DossierEligibilite, 'agent' | 'carriere' | 'positions'>, periodes: readonly PeriodeExaminee[], regles: ReglesCampagne): VerdictRecevabilite {
  const v = evaluerEligibilite(dossierDesPeriodesAcceptees(dossier, periodes, regles), regles, { detail: false });
  const motifs = v.motifs.filter((m) => m !== 'V2_CONDITION_NON_REMPLIE');
  return { recevable: v.vivier1, anneesRetenues: v.annees_vivier1 ?? 0, anneesRequises: regles.vivier1?.anneesRequises ?? 0, motifs: v.vivier1 ? [] : motifs };
}

const dateFr = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** "Directeur d’école du 01/09/2012 au 31/08/2016 (École Jules Ferry)". */
export function libellePeriode(p: Pick<PeriodeExaminee, 'du' | 'au' | 'nature' | 'fonction' | 'etablissement'>): string {
  const quoi = p.nature === 'FONCTION' ? libelleFonction(p.fonction) : 'Éducation prioritaire';
  return `${quoi} du ${dateFr(p.du)} au ${dateFr(p.au)} (${p.etablissement})`;
}

/** The motif of a rejected period as the agent reads it: the label of the list, then the gestionnaire's text. */
export function motifLisible(p: Pick<PeriodeExaminee, 'motif' | 'motif_texte'>): string {
  const libelle = LIBELLE_MOTIF_REJET[p.motif as MotifRejet] ?? p.motif ?? '';
  return p.motif_texte ? `${libelle} : ${p.motif_texte}` : libelle;
}

/** The agent's notice of the decision (I-Prof message and e-mail): the outcome, then each rejected period with its motif. */
export function avisRecevabilite(intitule: string, verdict: VerdictRecevabilite, periodes: readonly PeriodeExaminee[]): { sujet: string; corps: string } {
  const rejetees = periodes.filter((p) => p.decision === 'REJETEE');
  const lignes: string[] = [];
  if (verdict.recevable) {
    lignes.push(`Votre candidature est recevable au titre du premier vivier : ${verdict.anneesRetenues} année(s) de fonctions ou de missions particulières retenue(s), pour ${verdict.anneesRequises} requise(s).`);
  } else {
    lignes.push('Votre candidature au titre du premier vivier est irrecevable.');
    for (const m of verdict.motifs) lignes.push(m === 'V1_ANNEES_INSUFFISANTES' ? `${libelleMotif(m)} (${verdict.anneesRetenues} retenue(s), ${verdict.anneesRequises} requise(s)).` : libelleMotif(m));
    lignes.push('Si vous remplissez les conditions du second vivier, votre dossier y est examiné sans démarche de votre part.');
  }
  if (rejetees.length > 0) {
    lignes.push('', 'Période(s) déclarée(s) non retenue(s) :');
    for (const p of rejetees) lignes.push(`- ${libellePeriode(p)} — motif : ${motifLisible(p)}`);
  }
  lignes.push('', 'Le détail figure dans I-Prof, rubrique « Candidater ».');
  return { sujet: `${verdict.recevable ? 'Candidature recevable' : 'Candidature irrecevable'} : ${intitule}`, corps: lignes.join('\n') };
}
