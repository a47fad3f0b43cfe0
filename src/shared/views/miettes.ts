import { urls } from '../urls.ts';
import type { Miette } from './kit.tsx';

/** The breadcrumb's first steps of every I-Prof page: one name for I-Prof, the title of its hub page. */
export const NOM_IPROF = 'I-Prof Enseignant';
export const MIETTES_IPROF: readonly Miette[] = [
  { libelle: 'Accueil', href: urls.portail() },
  { libelle: NOM_IPROF, href: urls.iprof() },
];
