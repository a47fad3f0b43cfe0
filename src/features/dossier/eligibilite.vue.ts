import type { VerdictEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { expliquerAnnee } from '../eligibilite/explication.ts';
import { libelleMotif } from '../eligibilite/motifs.ts';
import type { ReglesCampagne } from '../eligibilite/regles.ts';
import { dateFrancaise } from '../eligibilite/jours.ts';

export type VueEligibilite = {
  annee: number;
  dateObservation: string;
  regime: ReglesCampagne['regime'];
  promouvable: boolean;
  titre: string;
  /** Plain-French sentences: what holds, what is missing. */
  constats: string[];
  manques: string[];
  situation: string | null;
  /** Vivier 1, year by year (regimes A and B). */
  annees: Array<{ anneeScolaire: string; qualifiante: boolean; explication: string }>;
  anneesQualifiantes: number | null;
  anneesRequises: number | null;
  candidatureRequise: boolean;
};

const majuscule = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
const pluriel = (n: number, mot: string) => `${n} ${mot}${n > 1 ? 's' : ''}`;

/** Pure mapper from the engine's verdict to what the agent reads on "Mon éligibilité". */
export function vueEligibilite(verdict: VerdictEligibilite, regles: ReglesCampagne): VueEligibilite {
  const constats: string[] = [];
  const manques: string[] = [];
  const g = verdict.grade;
  const situation = g
    ? `Au ${dateFrancaise(verdict.date_observation)} : ${g.grade === 'HC' ? 'hors-classe' : g.grade === 'CE' ? 'classe exceptionnelle' : 'classe normale'}, ${g.echelon}e échelon depuis le ${dateFrancaise(g.date_echelon)}.`
    : null;
  const v1 = regles.vivier1;
  const anneesRequises = v1 ? v1.anneesRequises : null;
  if (regles.regime === 'C') {
    if (verdict.promouvable) constats.push('Vous remplissez les conditions pour être promouvable à la classe exceptionnelle.');
  } else {
    if (verdict.vivier1) {
      const n = verdict.annees_vivier1 ?? 0;
      constats.push(`Vous relevez du premier vivier (fonctions ou missions particulières) : ${pluriel(n, 'année')} retenue${n > 1 ? 's' : ''} sur ${anneesRequises} requises.`);
    }
    if (verdict.vivier2) constats.push('Vous relevez du second vivier (échelon de la hors-classe).');
    if (v1 && !verdict.vivier1 && verdict.annees_vivier1 !== null && anneesRequises !== null && verdict.annees_vivier1 < anneesRequises) {
      const manque = anneesRequises - verdict.annees_vivier1;
      manques.push(
        `Pour le premier vivier, il vous manque ${pluriel(manque, 'année')} de fonctions ou de missions particulières : ${pluriel(verdict.annees_vivier1, 'année')} retenue${verdict.annees_vivier1 > 1 ? 's' : ''} sur ${anneesRequises} requises. Si une année manque parce que votre dossier est incomplet, signalez l’erreur à votre gestionnaire.`,
      );
    }
  }
  for (const m of verdict.motifs) {
    if (verdict.promouvable && (m.startsWith('V1_') || m.startsWith('V2_'))) {
      // Promouvable through the other vivier: not a missing condition, just a fact.
      constats.push(m.startsWith('V2_') ? 'Vous ne relevez pas du second vivier : la condition d’échelon de la hors-classe n’est pas remplie.' : 'Vous ne relevez pas du premier vivier.');
      continue;
    }
    if (m === 'V1_ANNEES_INSUFFISANTES') continue; // said above with the count
    manques.push(libelleMotif(m));
  }
  const partMinimum = v1?.partMinimumEtablissement ?? 0;
  return {
    annee: regles.annee,
    dateObservation: dateFrancaise(verdict.date_observation),
    regime: regles.regime,
    promouvable: verdict.promouvable,
    titre: verdict.promouvable ? 'Vous êtes promouvable' : 'Vous n’êtes pas promouvable',
    constats,
    manques,
    situation,
    // The year is in its own column: the sentence drops its "2012-2013 : " prefix.
    annees: verdict.annees.map((a) => ({ anneeScolaire: a.annee_scolaire, qualifiante: a.qualifiante, explication: majuscule(expliquerAnnee(a, partMinimum).replace(`${a.annee_scolaire} : `, '')) })),
    anneesQualifiantes: verdict.annees_vivier1,
    anneesRequises,
    candidatureRequise: regles.candidatureRequise && verdict.vivier1,
  };
}
