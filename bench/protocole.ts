import type { ResumeCpu } from './cpu.ts';
import type { ProfilAccueil } from './profil.ts';

/** Messages between the bench (parent) and the app server it runs in a child process. */
export type Backend = 'pglite' | 'postgres';

export type VersServeur = { type: 'profil'; jeton: string } | { type: 'cpu-demarrer' } | { type: 'cpu-arreter'; nom: string } | { type: 'usage' } | { type: 'arret' };

export type DuServeur =
  | { type: 'pret'; urlApp: string; urlBase: string; compteId: string }
  | { type: 'profil'; profil: ProfilAccueil }
  | { type: 'cpu-demarre' }
  | { type: 'cpu'; resume: ResumeCpu }
  | { type: 'usage'; cpuMicros: number; maxRssKio: number }
  | { type: 'arrete' }
  | { type: 'erreur'; message: string };
