import type { InstructionJournal, StatRequete } from './chrono-pg.ts';
import type { ResumeCpu } from './cpu.ts';
import type { ProfilAccueil } from './profil.ts';

/** Messages between the bench (parent) and the app server it runs in a child process. */
export type Backend = 'pglite' | 'postgres';

export type VersServeur =
  | { type: 'profil'; jeton: string }
  | { type: 'cpu-demarrer' }
  | { type: 'cpu-arreter'; nom: string }
  | { type: 'usage' }
  | { type: 'arret' }
  /** One GET through the app with its SQL statements counted (timed one by one). */
  | { type: 'compter'; url: string; cookie: string }
  /** Times every SQL statement of the server between the two messages (cumulative per kind). */
  | { type: 'chrono-demarrer' }
  | { type: 'chrono-arreter' }
  /** Records every SQL statement of the server (text and parameters, in order) between the two messages. */
  | { type: 'journal-demarrer' }
  | { type: 'journal-arreter' };

export type DuServeur =
  | { type: 'pret'; urlApp: string; urlBase: string; compteId: string }
  | { type: 'profil'; profil: ProfilAccueil }
  | { type: 'cpu-demarre' }
  | { type: 'cpu'; resume: ResumeCpu }
  | { type: 'usage'; cpuMicros: number; maxRssKio: number }
  | { type: 'arrete' }
  | { type: 'compte'; statut: number; octets: number; ms: number; requetes: StatRequete[] }
  | { type: 'chrono-demarre' }
  | { type: 'chrono'; requetes: StatRequete[] }
  | { type: 'journal-demarre' }
  | { type: 'journal'; instructions: InstructionJournal[] }
  | { type: 'erreur'; message: string };
