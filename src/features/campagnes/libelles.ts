import type { Corps } from '../../carriere/vocabulaire.ts';

/** French names of the corps, as campaigns and documents show them. */
export const LIBELLE_CORPS: Record<Corps, string> = {
  PE: 'professeurs des écoles',
  CERTIFIE: 'professeurs certifiés',
  AGREGE: 'professeurs agrégés',
  PLP: 'professeurs de lycée professionnel',
  PEPS: 'professeurs d’éducation physique et sportive',
  CPE: 'conseillers principaux d’éducation',
  PSYEN: 'psychologues de l’éducation nationale',
};
